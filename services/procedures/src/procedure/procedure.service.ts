import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent, ProcedureTypeChangedV1, type CloudEvent, type EventOrigin } from '@urp/contracts';
import { validateSubmission } from '@urp/forms';
import { LegalCalendar, REVIEW_DAYS, romeCivilDate } from '@urp/legal-clock';
import { v7 as uuidv7 } from 'uuid';
import {
  applyProcedureType,
  procedureTypeId,
  ProcedureTypeInput,
  type ProcedureType,
} from '../catalogue/procedure-type.rules';
import type { ProceduresConfig } from '../config';
import {
  AccessRegisterRepository,
  ConcurrentChange,
  DeskRepository,
  FormVersionRepository,
  ProcedureRepository,
  ProcedureTypeRepository,
} from '../repositories';
import { registerRow } from '../register/access-register.rules';
import * as rules from './procedure.rules';
import type { ClockContext, Change, Procedure, SubmitFacts } from './procedure.rules';
import { RuleViolation } from './procedure.rules';

export const PROCEDURES_CONFIG = Symbol('PROCEDURES_CONFIG');
const SOURCE = '/urp/procedures';

export interface SubmitCommand {
  procedureTypeCode: string;
  subject: string;
  protocolNumber: string;
  receivedAt?: string;
  requesterId?: string;
  contactId?: string;
  channel?: string;
  responsibleId?: string;
  responsibleName?: string;
  thirdParties?: string[];
  attachments?: rules.Attachment[];
  formId?: string;
  formVersion?: number;
  formData?: Record<string, unknown>;
  reviewOf?: string;
}

/** Use cases of procedure types and procedures: load, apply the pure rules, save with events, project. */
@Injectable()
export class ProcedureService {
  private readonly logger = new Logger(ProcedureService.name);
  readonly calendar: LegalCalendar;

  constructor(
    @Inject(PROCEDURES_CONFIG) readonly config: ProceduresConfig,
    private readonly types: ProcedureTypeRepository,
    private readonly procedures: ProcedureRepository,
    private readonly desks: DeskRepository,
    private readonly register: AccessRegisterRepository,
    private readonly forms: FormVersionRepository,
  ) {
    this.calendar = new LegalCalendar({
      ...(config.PATRON_SAINT_DAY
        ? { patronSaint: { ...config.PATRON_SAINT_DAY, name: config.PATRON_SAINT_NAME } }
        : {}),
      saturdayIsWorkingDay: config.SATURDAY_IS_WORKING_DAY,
    });
  }

  context(now = new Date()): ClockContext {
    return { calendar: this.calendar, now, today: romeCivilDate(now), warningDays: this.config.WARNING_DAYS };
  }

  // ---------------------------------------------------------------- catalogue

  listTypes(activeOnly = false): Promise<ProcedureType[]> {
    return this.types.all().then((l) => (activeOnly ? l.filter((t) => t.active) : l));
  }

  getType(code: string): Promise<ProcedureType | null> {
    return this.types.get(procedureTypeId(code));
  }

  /** Creates or changes a type; ProcedureTypeChanged on any change (with the previous term when it changed). */
  async saveType(input: unknown): Promise<ProcedureType> {
    const parsed = ProcedureTypeInput.safeParse(input);
    if (!parsed.success) throw parsed.error;
    for (let attempt = 0; ; attempt++) {
      const previous = await this.types.get(procedureTypeId(parsed.data.code));
      const now = new Date();
      const { type, changed, termChanged } = rules_applyType(parsed.data, previous, now);
      if (!changed) return type;
      const event = createEvent(
        ProcedureTypeChangedV1,
        type.id,
        {
          procedureTypeId: type.id,
          code: type.code,
          name: type.name,
          kind: type.kind,
          legalTermDays: type.legalTermDays,
          ...(termChanged ? { previousLegalTermDays: previous!.legalTermDays } : {}),
          silenceRule: type.silenceRule,
          officeId: type.officeId,
          formId: type.formId,
          formVersion: type.formVersion,
          changedAt: now.toISOString(),
          legalBasis: type.legalBasis,
          silentAssentExcluded: type.silentAssentExcluded,
          active: type.active,
          revision: type.revision,
        },
        { source: SOURCE, time: now },
      );
      try {
        await this.types.save(type, previous?.revision ?? 0, [event]);
        return type;
      } catch (e) {
        if (!(e instanceof ConcurrentChange) || attempt >= 3) throw e;
      }
    }
  }

  // ---------------------------------------------------------------- procedures

  get(id: string): Promise<Procedure | null> {
    return this.procedures.get(id);
  }

  latest(first: number, typeCode?: string): Promise<Procedure[]> {
    return this.procedures.latest(Math.min(Math.max(first, 1), 500), typeCode);
  }

  /** The public reference: the id and a random token, compared in constant time. */
  async publicStatus(reference: string): Promise<{ phase: string; dueDate: string | null } | null> {
    const [id, token] = reference.split('.');
    if (!id || !token) return null;
    const p = await this.procedures.get(id);
    if (!p) return null;
    const a = Buffer.from(p.publicToken);
    const b = Buffer.from(token);
    const { timingSafeEqual } = await import('node:crypto');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    return {
      phase: rules.publicPhase(p),
      dueDate: p.status === 'decided' ? null : (p.dueDate ?? p.latestDueDate ?? null),
    };
  }

  /**
   * A new procedure, from the desk or from ProcedureRequested. `id` is derived from the source event when there
   * is one, so a redelivered event creates nothing new.
   */
  async submit(
    cmd: SubmitCommand,
    by: string,
    origin: Partial<EventOrigin> = {},
    id?: string,
  ): Promise<Procedure> {
    const type = await this.getType(cmd.procedureTypeCode);
    if (!type) throw new RuleViolation({ procedureTypeCode: `no procedure type ${cmd.procedureTypeCode}` });
    if (!cmd.subject?.trim()) throw new RuleViolation({ subject: 'the subject is required' });
    if (!/^\S{1,64}$/.test(cmd.protocolNumber ?? ''))
      throw new RuleViolation({ protocolNumber: 'the protocol number is required' });
    const form = await this.checkForm(type, cmd);
    const ctx = this.context();
    const facts: SubmitFacts = {
      id: id ?? `prc_${uuidv7().replace(/-/g, '')}`,
      publicToken: randomBytes(18).toString('base64url'),
      subject: cmd.subject.trim(),
      protocolNumber: cmd.protocolNumber,
      receivedAt: cmd.receivedAt ?? ctx.now.toISOString(),
      requesterId: cmd.requesterId,
      contactId: cmd.contactId,
      channel: cmd.channel,
      responsibleId: cmd.responsibleId,
      responsibleName: cmd.responsibleName,
      thirdParties: (cmd.thirdParties ?? []).map((ref) => ({ ref })),
      attachments: cmd.attachments,
      formId: form.formId,
      formVersion: form.formVersion,
      formData: cmd.formData,
      formCheck: form.check,
      formErrors: form.errors,
      reviewOf: cmd.reviewOf,
      by,
    };
    const change = rules.submit(type, facts, ctx);
    const events = this.toEvents(change, origin, ctx);
    const result = await this.procedures.insert(change.procedure, events);
    if (result === 'duplicate') return (await this.procedures.get(facts.id))!;
    const saved = { ...change.procedure, version: 1 };
    await this.project(saved);
    return saved;
  }

  /** Form data is judged by the form version it was made with (kept locally from FormPublished). */
  private async checkForm(
    type: ProcedureType,
    cmd: SubmitCommand,
  ): Promise<{
    formId?: string;
    formVersion?: number;
    check: Procedure['formCheck'];
    errors: Procedure['formErrors'];
  }> {
    const formId = cmd.formId ?? type.formId;
    const formVersion = cmd.formVersion ?? type.formVersion;
    if (!formId || formVersion === undefined) {
      return { check: 'none', errors: [] };
    }
    const form = await this.forms.get(formId, formVersion);
    if (!form) return { formId, formVersion, check: 'unknown_form', errors: [] };
    const r = validateSubmission(form.fields, cmd.formData ?? {});
    return { formId, formVersion, check: r.ok ? 'valid' : 'invalid', errors: r.errors };
  }

  /** Direct submission from the desk: invalid form data is refused (field by field), nothing is stored. */
  async submitFromDesk(cmd: SubmitCommand, by: string): Promise<Procedure> {
    const type = await this.getType(cmd.procedureTypeCode);
    if (type) {
      const form = await this.checkForm(type, cmd);
      if (form.check === 'invalid') {
        throw new RuleViolation(
          Object.fromEntries(form.errors.map((e) => [`formData.${e.field}`, e.message])),
        );
      }
      if (form.check === 'unknown_form') {
        throw new RuleViolation({
          formVersion: `form ${form.formId} version ${form.formVersion} is not known here yet`,
        });
      }
    }
    return this.submit(cmd, by);
  }

  /** Loads, applies a pure change, saves with optimistic concurrency (retried), projects. */
  async mutate(
    id: string,
    change: (p: Procedure, ctx: ClockContext) => Change,
    origin: Partial<EventOrigin> = {},
  ): Promise<Procedure> {
    for (let attempt = 0; ; attempt++) {
      const p = await this.procedures.get(id);
      if (!p) throw new RuleViolation({ id: `no procedure ${id}` });
      const ctx = this.context();
      const c = change(p, ctx);
      try {
        const saved = await this.procedures.save(
          { ...c.procedure, updatedAt: ctx.now.toISOString() },
          this.toEvents(c, origin, ctx),
        );
        await this.project(saved, p.responsibleId);
        return saved;
      } catch (e) {
        if (!(e instanceof ConcurrentChange) || attempt >= 5) throw e;
      }
    }
  }

  assign(id: string, responsibleId: string, responsibleName: string | undefined, by: string) {
    return this.mutate(id, (p, ctx) => rules.assign(p, responsibleId, responsibleName, by, ctx));
  }

  suspend(id: string, input: { kind: string; reason: string; start?: string }, by: string) {
    const suspensionId = `sus_${uuidv7().replace(/-/g, '').slice(-16)}`;
    return this.mutate(id, (p, ctx) => rules.suspend(p, { id: suspensionId, ...input }, by, ctx));
  }

  resume(id: string, suspensionId: string, on: string | undefined, by: string) {
    return this.mutate(id, (p, ctx) => rules.resume(p, suspensionId, on, by, ctx));
  }

  sendRejectionNotice(id: string, reasons: string, on: string | undefined, by: string) {
    const suspensionId = `sus_${uuidv7().replace(/-/g, '').slice(-16)}`;
    return this.mutate(id, (p, ctx) => rules.sendRejectionNotice(p, reasons, suspensionId, on, by, ctx));
  }

  receiveObservations(id: string, on: string | undefined, by: string) {
    return this.mutate(id, (p, ctx) => rules.receiveObservations(p, on, by, ctx));
  }

  decide(
    id: string,
    input: { outcome: rules.Decision['outcome']; reasons: string; on?: string },
    by: string,
  ) {
    return this.mutate(id, (p, ctx) => rules.decide(p, input, by, ctx));
  }

  requestAttestation(id: string, by: string) {
    return this.mutate(id, (p, ctx) => rules.requestAttestation(p, by, ctx));
  }

  issueAttestation(id: string, by: string) {
    return this.mutate(id, (p, ctx) => rules.issueAttestation(p, by, ctx));
  }

  /** Riesame: a new review procedure (type `riesame_accesso`, 20 days), linked both ways. */
  async requestReview(
    id: string,
    protocolNumber: string,
    receivedAt: string | undefined,
    by: string,
  ): Promise<Procedure> {
    const original = await this.procedures.get(id);
    if (!original) throw new RuleViolation({ id: `no procedure ${id}` });
    const problem = rules.reviewAllowed(original, this.context());
    if (problem) throw new RuleViolation({ id: problem });
    const reviewType = await this.getType('riesame_accesso');
    if (!reviewType) throw new RuleViolation({ id: 'the catalogue has no riesame_accesso type' });
    if (reviewType.legalTermDays !== REVIEW_DAYS)
      this.logger.warn(`riesame_accesso has ${reviewType.legalTermDays} days, the law says ${REVIEW_DAYS}`);
    const reviewId = `prc_${createHash('sha256').update(`review:${id}`).digest('hex').slice(0, 32)}`;
    const review = await this.submit(
      {
        procedureTypeCode: 'riesame_accesso',
        subject: `Riesame: ${original.typeName} (${original.protocolNumber})`,
        protocolNumber,
        receivedAt,
        requesterId: original.requesterId,
        contactId: original.contactId,
        reviewOf: id,
      },
      by,
      {},
      reviewId,
    );
    await this.mutate(id, (p, ctx) =>
      p.reviewProcedureId === reviewId
        ? { procedure: p, events: [] }
        : rules.markReviewRequested(p, reviewId, review.dueDate, by, ctx),
    );
    return review;
  }

  // ---------------------------------------------------------------- legal clock

  /**
   * Fires the time-driven events due today, one at a time: claim (unique id, with its events) then apply to
   * the procedure. Two instances may race: one claim wins, the events are published once; both may apply the
   * change, the version check and `fired` make the second a no-op.
   */
  async runClock(id: string, now = new Date()): Promise<number> {
    let fired = 0;
    for (let round = 0; round < 20; round++) {
      const p = await this.procedures.get(id);
      if (!p) return fired;
      const ctx = this.context(now);
      const [next] = rules.dueTimeEvents(p, ctx);
      if (!next) {
        const refreshed = rules.refreshClock(p, ctx);
        if (refreshed.nextClockCheck !== p.nextClockCheck || refreshed.dueDate !== p.dueDate) {
          await this.procedures
            .save(refreshed, [])
            .then((s) => this.project(s, p.responsibleId))
            .catch(ignoreConcurrent);
        }
        return fired;
      }
      const c = next.apply(p, ctx);
      const claimed = await this.procedures.claim(
        next.claimId,
        id,
        this.toEvents(c, { correlationId: undefined }, ctx),
      );
      if (claimed === 'applied') fired++;
      const updated = rules.refreshClock(
        { ...c.procedure, fired: [...p.fired, next.claimId], updatedAt: ctx.now.toISOString() },
        ctx,
      );
      if (c.procedure.status === 'decided') updated.nextClockCheck = null;
      try {
        const saved = await this.procedures.save(updated, []);
        await this.project(saved, p.responsibleId);
      } catch (e) {
        ignoreConcurrent(e);
      }
    }
    return fired;
  }

  /** Procedures whose next clock check is due: from the desks (one document per responsible person). */
  async clockTick(now = new Date()): Promise<number> {
    const today = romeCivilDate(now);
    let fired = 0;
    for await (const items of this.desks.all()) {
      for (const item of items) {
        if (!item.nextClockCheck || item.nextClockCheck > today) continue;
        try {
          fired += await this.runClock(item.id, now);
        } catch (e) {
          // one procedure's problem must not stop the clock of the others
          this.logger.error(`legal clock: procedure ${item.id}: ${(e as Error).message}`);
        }
      }
    }
    return fired;
  }

  // ---------------------------------------------------------------- read models

  private async project(p: Procedure, previousResponsibleId?: string): Promise<void> {
    await this.desks.put(p, previousResponsibleId);
    const row = registerRow(p);
    if (row) await this.register.put(row);
  }

  private toEvents(c: Change, origin: Partial<EventOrigin>, ctx: ClockContext): CloudEvent[] {
    return c.events.map(([def, data]) =>
      // stored documents hold null for absent optional fields; contracts want them absent
      createEvent(def, c.procedure.id, withoutNulls(data) as never, {
        ...origin,
        source: SOURCE,
        time: ctx.now,
      }),
    );
  }
}

const rules_applyType = applyProcedureType;

function withoutNulls(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined));
}

function ignoreConcurrent(e: unknown): void {
  if (!(e instanceof ConcurrentChange)) throw e;
}
