import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ANONYMOUS } from '@urp/auth';
import { validateSubmission } from '@urp/forms';
import {
  applyEvent,
  decodePageCursor,
  DomainError,
  encodePageCursor,
  execute,
  isDomainError,
  parseInput,
  type Actor,
  type AggregateStore,
} from '@urp/kernel';
import { REVIEW_DAYS, SUSPENSION_RULES } from '@urp/legal-clock';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { procedureTypeId, type ProcedureType } from '../catalogue/procedure-type.rules';
import { ProcedureTypeStore } from '../catalogue/procedure-type.store';
import { SuspensionKindUseCases } from '../catalogue/suspension-kind.use-cases';
import { PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { checkAssignee } from '../directory/directory.rules';
import { DirectoryStore } from '../directory/directory.store';
import { authorizeOn, proceduresPolicy, type ProcedureAction } from '../procedures.policy';
import { forReader } from './procedure.need-to-know';
import { UNASSIGNED_DESK, undeliveredNotices, type DeskItem } from './desk.rules';
import { FormVersionsReadModel } from './form-versions.read-model';
import { ProcedureContexts } from './procedure.context';
import { recordDelivery, rejectionNoticeReceiptOf, type DeliveryReport } from './procedure.deliveries';
import { eraseFormData } from './procedure.erasure';
import { ProcedureProjections } from './procedure.projections';
import { ProcedureReadModel, type ProcedureSummary } from './procedure.read-model';
import { deskKey, type DeskCursor, type DeskListName, type DeskRow } from './procedure.read-model.desk';
import * as rules from './procedure.rules';
import type { Change, ClockContext, Procedure } from './procedure.state';
import { ProcedureStore } from './procedure.store';
import { Instant, instantArg } from './procedure.input';
import * as suspensions from './procedure.suspensions';
import type { StartRefusalCode } from './start-refusal';
import { startNotice, type StartNotice } from './start-notice';
import { publicStatusOf, type PublicProcedureStatus } from '../status/public-status.rules';

const FormData = z.string().transform((text, ctx): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'non è JSON' });
    return z.NEVER;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'atteso un oggetto JSON' });
    return z.NEVER;
  }
  return value as Record<string, unknown>;
});

/** `submitProcedure`'s input as the use case takes it (GraphQL nulls stripped, form data parsed). */
const SubmitInput = z.object({
  procedureTypeCode: z.string().min(1, 'obbligatorio'),
  subject: z.string(),
  protocolNumber: z.string(),
  receivedAt: Instant.optional(),
  requesterId: z
    .string()
    .regex(/^(req_[A-Za-z0-9_-]{6,64})?$/, 'un identificativo pseudonimo del richiedente (req_…)')
    .optional(),
  contactId: z.string().optional(),
  channel: z.string().optional(),
  responsibleId: z.string().optional(),
  responsibleName: z.string().optional(),
  thirdParties: z.array(z.string()).optional(),
  attachments: z
    .array(
      z.object({
        name: z.string(),
        contentType: z.string().optional(),
        size: z.number().int().optional(),
        ref: z.string().optional(),
      }),
    )
    .optional(),
  formId: z.string().optional(),
  formVersion: z.number().int().optional(),
  formData: FormData.optional(),
});

/** A new procedure as the use case receives it: from the desk, from a contact, or a review. */
export interface SubmitCommand {
  procedureTypeCode: string;
  subject: string;
  protocolNumber: string;
  receivedAt?: string;
  requesterId?: string;
  /** The applicant is staff (contacts' flag on the contact that asked): ProcedureDecided says so, no survey. */
  requesterIsStaff?: boolean;
  contactId?: string;
  channel?: string;
  responsibleId?: string;
  responsibleName?: string;
  thirdParties?: string[];
  attachments?: Procedure['attachments'];
  formId?: string;
  formVersion?: number;
  formData?: Record<string, unknown>;
  reviewOf?: string;
}

interface FormResult {
  formId?: string;
  formVersion?: number;
  check: Procedure['formCheck'];
  errors: Procedure['formErrors'];
}

/** What the use cases need of the procedures store: the kernel's store (`_id` reads and writes only). */
export type ProcedureRepository = AggregateStore<Procedure>;
type StartNoticeConfig = Pick<
  ProceduresConfig,
  'ADMINISTRATION_NAME' | 'ADMINISTRATION_PEC' | 'ACTS_VIEWING' | 'INACTION_REMEDIES'
>;

/** Who reports deliveries: campaigns, through its events. */
const DELIVERY_REPORTER: Actor = { sub: 'campaigns', roles: ['service'] };

const newId = (prefix: string) => `${prefix}_${uuidv7().replace(/-/g, '')}`;
const suspensionId = () => `sus_${uuidv7().replace(/-/g, '').slice(-16)}`;

/**
 * The acts that may issue a notice to the applicant (a start on assignment; the preavviso di rigetto; a request for
 * documents and the term's resumption after it; the decision).
 */
const NOTICE_ACTIONS: ReadonlySet<ProcedureAction> = new Set<ProcedureAction>([
  'procedure.assign',
  'procedure.suspend',
  'procedure.resume',
  'procedure.sendRejectionNotice',
  'procedure.decide',
]);

/**
 * The use cases of procedures: parse, authorize, decide with the pure rules, commit the procedure with its
 * events through the kernel (a concurrent write is decided again on fresh state), then project the desk and
 * the access register.
 */
@Injectable()
export class ProcedureUseCases {
  private readonly logger = new Logger(ProcedureUseCases.name);

  // typed by what they do (the fast tier passes in-memory stores and read models), injected by their class
  constructor(
    @Inject(PROCEDURES_CONFIG) private readonly config: StartNoticeConfig,
    @Inject(ProcedureStore) private readonly store: ProcedureRepository,
    @Inject(ProcedureTypeStore) private readonly types: AggregateStore<ProcedureType>,
    @Inject(FormVersionsReadModel) private readonly forms: Pick<FormVersionsReadModel, 'get'>,
    @Inject(ProcedureReadModel)
    private readonly reads: Pick<ProcedureReadModel, 'deskView' | 'deskPage' | 'latest'>,
    @Inject(ProcedureProjections) private readonly projections: Pick<ProcedureProjections, 'project'>,
    readonly contexts: ProcedureContexts,
    @Inject(SuspensionKindUseCases) private readonly kinds: Pick<SuspensionKindUseCases, 'ruleFor'>,
    @Inject(DirectoryStore) private readonly staff: Pick<DirectoryStore, 'directory'>,
  ) {}

  // ---------------------------------------------------------------- reads

  async get(actor: Actor, id: string): Promise<Procedure | null> {
    proceduresPolicy.authorize('procedure.read', actor);
    const p = await this.store.get(id);
    // the office's staff, or the engaged substitute official of another office
    if (p) authorizeOn('procedure.read', actor, p);
    return p && forReader(p, actor);
  }

  /** A federated reference to a procedure (another subgraph's entity points here). */
  async reference(actor: Actor, id: string): Promise<Procedure | null> {
    proceduresPolicy.authorize('procedure.reference', actor);
    const p = await this.store.get(id);
    if (p) proceduresPolicy.authorize('procedure.reference', actor, p);
    return p && forReader(p, actor);
  }

  /**
   * Newest first (a management listing), optionally of one type: the page chosen in the read model (office scope
   * included), then those procedures read by `_id` (the list shows whole procedures).
   */
  async latest(actor: Actor, first = 50, typeCode?: string): Promise<Procedure[]> {
    proceduresPolicy.authorize('procedure.read', actor);
    const page = this.reads.latest(
      (s) => (!typeCode || s.typeCode === typeCode) && this.mayRead(actor, s),
      Math.min(Math.max(first, 1), 500),
    );
    const found = await this.store.getMany(page.map((s) => s.id));
    const list = page.map((s) => found.get(s.id)).filter((p): p is Procedure => p !== undefined);
    return proceduresPolicy.visible('procedure.read', actor, list).map((p) => forReader(p, actor));
  }

  /** Whether the actor may read the procedure a summary stands for (its office; the rule reads only that). */
  private mayRead(actor: Actor, s: ProcedureSummary): boolean {
    return proceduresPolicy.allows('procedure.read', actor, { officeId: s.officeId } as Procedure);
  }

  /** The desk, from the read model's index in the desk's order: nothing is read from the store, nothing sorted. */
  async desk(actor: Actor, responsibleId: string | undefined, first = 50) {
    proceduresPolicy.authorize('procedure.desk', actor);
    const id = responsibleId ?? actor.sub;
    // referents see only their offices' items (counts included), whoever's desk they ask for: the policy decides
    // per office of the desk, as it would per item (the rule reads only the item's office)
    const mayShow = (officeId: string | undefined) =>
      proceduresPolicy.allows('procedure.desk', actor, { officeId } as DeskItem);
    const desk = id === 'unassigned' ? UNASSIGNED_DESK : id;
    return { responsibleId: id, ...this.reads.deskView(desk, mayShow, this.contexts.today(), first) };
  }

  /**
   * One list of the desk, a page after an opaque cursor (`endCursor` of the page before: base64url of the read
   * model's `DeskCursor`, the deadline and the id of the last item shown), with the same authorization and office
   * scope as the desk.
   */
  async deskList(
    actor: Actor,
    responsibleId: string | undefined,
    list: DeskListName,
    first = 50,
    after?: string,
  ): Promise<{ items: DeskRow[]; totalCount: number; endCursor: string | null; hasNextPage: boolean }> {
    proceduresPolicy.authorize('procedure.desk', actor);
    const id = responsibleId ?? actor.sub;
    const mayShow = (officeId: string | undefined) =>
      proceduresPolicy.allows('procedure.desk', actor, { officeId } as DeskItem);
    const desk = id === 'unassigned' ? UNASSIGNED_DESK : id;
    const cursor = after ? decodeDeskCursor(after) : undefined;
    const page = this.reads.deskPage(desk, mayShow, list, this.contexts.today(), first, cursor);
    const last = page.items.at(-1);
    return {
      items: page.items,
      totalCount: page.count,
      endCursor: last ? encodeDeskCursor({ key: deskKey(last), id: last.id }) : null,
      hasNextPage: page.next !== null,
    };
  }

  /**
   * The public status page's answer (`src/status/`): the procedure named by its public reference (the id and a
   * random token, compared in constant time), as `publicStatusOf` shows it. No login; null for any wrong reference.
   */
  async publicStatus(reference: string): Promise<PublicProcedureStatus | null> {
    proceduresPolicy.authorize('procedure.publicStatus', ANONYMOUS);
    const [id, token, ...rest] = reference.split('.');
    if (!id || !token || rest.length) return null;
    const p = await this.store.get(id);
    if (!p) return null;
    const a = Buffer.from(p.publicToken);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    const ctx = this.contexts.of(ANONYMOUS);
    return publicStatusOf(p, ctx.today, ctx.calendar, this.config.INACTION_REMEDIES);
  }

  /** The start notice (art. 8 L. 241/1990), refused naming every element that is missing. */
  async startNotice(actor: Actor, id: string): Promise<StartNotice> {
    proceduresPolicy.authorize('procedure.startNotice', actor);
    const p = await this.store.get(id);
    if (!p) throw DomainError.notFound(`il procedimento ${id}`);
    proceduresPolicy.authorize('procedure.startNotice', actor, p);
    const c = this.config;
    const r = startNotice(p, {
      administrationName: c.ADMINISTRATION_NAME,
      digitalAddress: c.ADMINISTRATION_PEC,
      actsViewing: c.ACTS_VIEWING,
      inactionRemedies: c.INACTION_REMEDIES,
    });
    if (!r.ok)
      throw new DomainError(
        'BAD_USER_INPUT',
        `La comunicazione di avvio non contiene ciò che l'art. 8 L. 241/1990 richiede: ${r.missing.join('; ')}`,
        { id: `manca: ${r.missing.join('; ')}` },
      );
    return r.notice;
  }

  // ---------------------------------------------------------------- submission

  /** Direct submission from the desk: invalid form data is refused field by field, nothing is stored. */
  async submitFromDesk(actor: Actor, input: unknown): Promise<Procedure> {
    // the role first: a refused caller learns nothing from validation or from the catalogue
    proceduresPolicy.authorize('procedure.submit', actor);
    const cmd = parseInput(SubmitInput, input);
    const type = await this.typeOf(cmd.procedureTypeCode);
    proceduresPolicy.authorize('procedure.submit', actor, type);
    const ctx = this.contexts.of(actor);
    if (cmd.receivedAt !== undefined) rules.checkReceiptDay('input.receivedAt', cmd.receivedAt, ctx);
    // a responsible person named at submission is an assignment too: a referent of the type's office (issue 12)
    let named: string | undefined;
    if (cmd.responsibleId)
      named = checkAssignee(
        await this.staff.directory(),
        cmd.responsibleId,
        type,
        'input.responsibleId',
      )?.name;
    if (named && !cmd.responsibleName) cmd.responsibleName = named;
    const form = await this.checkForm(type, cmd);
    if (form.check === 'invalid')
      throw DomainError.invalidFields(
        Object.fromEntries(form.errors.map((e) => [`input.formData.${e.field}`, e.message])),
      );
    if (form.check === 'unknown_form')
      throw DomainError.invalid(
        'input.formVersion',
        `il modulo ${form.formId} versione ${form.formVersion} non è ancora noto a questo servizio`,
      );
    return this.submit(cmd, ctx, newId('prc'), type, form);
  }

  /**
   * A new procedure, from the desk, from `ProcedureRequested` or a review. `id` is derived from the source
   * when there is one, so a redelivery finds the procedure already there and creates nothing.
   */
  async submit(
    cmd: SubmitCommand,
    ctx: ClockContext,
    id: string,
    knownType?: ProcedureType,
    knownForm?: FormResult,
  ): Promise<Procedure> {
    const type = knownType ?? (await this.typeOf(cmd.procedureTypeCode));
    const form = knownForm ?? (await this.checkForm(type, cmd));
    ctx = await this.withDirectory(ctx); // a start issues the start notice
    const facts: rules.SubmitFacts = {
      id,
      publicToken: randomBytes(18).toString('base64url'),
      subject: cmd.subject,
      protocolNumber: cmd.protocolNumber,
      receivedAt: cmd.receivedAt ?? ctx.now.toISOString(),
      requesterId: cmd.requesterId,
      requesterIsStaff: cmd.requesterIsStaff,
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
      by: ctx.actor.sub,
    };
    let created = false;
    const saved = await execute(
      this.store,
      id,
      (existing) => {
        created = !existing;
        return existing ? { state: existing, events: [] } : rules.submit(type, facts, ctx);
      },
      facts,
      ctx,
    );
    if (created) await this.projections.project(saved);
    return saved;
  }

  /**
   * A start asked by a case (`ProcedureRequested`): the procedure, or why it cannot be started (agreement 1: the
   * case is told, with a code and an Italian reason). Only a refusal by the rules is an answer; an outage throws
   * (the consumer retries).
   */
  async startRequested(
    cmd: SubmitCommand,
    ctx: ClockContext,
    id: string,
  ): Promise<{ ok: true; procedure: Procedure } | { ok: false; code: StartRefusalCode; reason: string }> {
    const type = await this.types.get(procedureTypeId(cmd.procedureTypeCode));
    if (!type)
      return {
        ok: false,
        code: 'unknown_procedure_type',
        reason: `Il tipo di procedimento «${cmd.procedureTypeCode}» non esiste nel catalogo dell'ente: il procedimento non è stato avviato.`,
      };
    if (!type.active)
      return {
        ok: false,
        code: 'type_inactive',
        reason: `Il tipo di procedimento «${type.code}» non è attivo: il procedimento non è stato avviato.`,
      };
    try {
      return { ok: true, procedure: await this.submit(cmd, ctx, id, type) };
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const fields = Object.entries(e.fields ?? {}).map(([f, m]) => `${f}: ${m}`);
      return {
        ok: false,
        code: 'invalid_request',
        reason: `La richiesta di avvio non è valida (${fields.length ? fields.join('; ') : e.message}): il procedimento non è stato avviato.`,
      };
    }
  }

  /**
   * The requester was anonymised (contacts' `RequesterAnonymised`): the form data of each of their procedures is
   * replaced by a placeholder, keys kept (`eraseFormData`), through the store (its `ProcedureChanged` tells the
   * other instances); a redelivery writes nothing. `ids`: the requester's procedures (`ProcedureStore.idsOfRequester`);
   * one of someone else is left alone. Returns how many procedures were erased now.
   */
  async eraseFormDataOf(requesterId: string, ids: readonly string[], ctx: ClockContext): Promise<number> {
    let erased = 0;
    for (const id of ids) {
      let before: Procedure | undefined;
      const saved = await execute(
        this.store,
        id,
        (p) => {
          if (!p) throw DomainError.notFound(`il procedimento ${id}`);
          before = p;
          return eraseFormData(p, { requesterId }, ctx);
        },
        undefined,
        ctx,
      );
      if (saved !== before) {
        erased++;
        await this.projections.project(saved);
      }
    }
    return erased;
  }

  private async typeOf(code: string): Promise<ProcedureType> {
    const type = await this.types.get(procedureTypeId(code));
    if (!type) throw DomainError.invalid('input.procedureTypeCode', `nessun tipo di procedimento ${code}`);
    return type;
  }

  /** Form data is judged by the form version it was made with (kept locally from FormPublished). */
  private async checkForm(type: ProcedureType, cmd: SubmitCommand): Promise<FormResult> {
    const formId = cmd.formId ?? type.formId;
    const formVersion = cmd.formVersion ?? type.formVersion;
    if (!formId || formVersion === undefined) return { check: 'none', errors: [] };
    const form = await this.forms.get(formId, formVersion);
    if (!form) return { formId, formVersion, check: 'unknown_form', errors: [] };
    const r = validateSubmission(form.fields, cmd.formData ?? {});
    return { formId, formVersion, check: r.ok ? 'valid' : 'invalid', errors: r.errors };
  }

  // ---------------------------------------------------------------- delivery reports

  /**
   * A delivery report from campaigns on the procedure, once per event (a procedure unknown here: ignored). A failure
   * reaches the desk too (`undeliveredNotices`), where the office sees it among its procedures.
   */
  async recordDelivery(procedureId: string, report: DeliveryReport): Promise<string> {
    let saved: Procedure | undefined;
    const ctx = this.contexts.of(DELIVERY_REPORTER);
    const r = await applyEvent(this.store, procedureId, report.eventId, (p) => {
      if (!p) return null;
      let c = recordDelivery(p, report);
      // the rejection notice delivered: its 10 days for observations run from that day (art. 10-bis)
      const received = c && rejectionNoticeReceiptOf(p, report);
      const moved = c && received ? suspensions.rejectionNoticeReceived(c.state, received, ctx) : null;
      if (c && moved) c = { state: moved.state, events: [...c.events, ...moved.events] };
      saved = c && (moved || undeliveredNotices(c.state) !== undeliveredNotices(p)) ? c.state : undefined;
      return c;
    });
    if (r === 'applied' && saved) await this.projections.project(saved);
    return r;
  }

  // ---------------------------------------------------------------- changes

  /**
   * The context with the directory as procedures projects it, for an act that issues a notice to the applicant (the
   * office and the responsible person named as the directory names them). Unreadable: the notice names what the
   * procedure holds, as before.
   */
  private async withDirectory(ctx: ClockContext): Promise<ClockContext> {
    try {
      return { ...ctx, notices: { ...ctx.notices, directory: await this.staff.directory() } };
    } catch (e) {
      this.logger.warn(
        `directory unreadable, the notice names the procedure's own data: ${(e as Error).message}`,
      );
      return ctx;
    }
  }

  /**
   * Runs one rule on a procedure through the kernel: load, authorize, decide, commit with its events (decided
   * again on fresh state when another writer came first), then project.
   */
  private async change(
    actor: Actor,
    id: string,
    action: ProcedureAction,
    rule: (p: Procedure, ctx: ClockContext) => Change,
    ctx: ClockContext = this.contexts.of(actor),
  ): Promise<Procedure> {
    // the role first (FORBIDDEN before any lookup), then the office on the loaded procedure
    proceduresPolicy.authorize(action, actor);
    if (NOTICE_ACTIONS.has(action)) ctx = await this.withDirectory(ctx);
    const seen: { before?: Procedure } = {};
    const saved = await execute(
      this.store,
      id,
      (p) => {
        if (!p) throw DomainError.invalid('id', `nessun procedimento ${id}`);
        seen.before = p;
        const c = rule(p, ctx);
        if (c.state === p && !c.events.length) return c;
        return { state: { ...c.state, updatedAt: ctx.now.toISOString() }, events: c.events };
      },
      undefined,
      ctx,
      { authorize: (p) => p && authorizeOn(action, actor, p) },
    );
    if (seen.before !== saved) await this.projections.project(saved, seen.before?.responsibleId);
    // an act others may record too (observations, an attestation request): its result as they may read it
    return forReader(saved, actor);
  }

  /**
   * Assigns the procedure (issue 12): the role first, then the office on the loaded procedure (the kernel's hook,
   * FORBIDDEN before anything else is said), then the assignee must be an active referent of the procedure's
   * office by the local projection of the knowledge base's directory (`input.assigneeId`).
   */
  async assign(actor: Actor, id: string, responsibleId: string, responsibleName?: string) {
    proceduresPolicy.authorize('procedure.assign', actor);
    const dir = await this.staff.directory();
    return this.change(actor, id, 'procedure.assign', (p, ctx) => {
      const referent = checkAssignee(dir, responsibleId, p, 'input.assigneeId');
      return rules.assign(p, responsibleId, responsibleName ?? referent?.name, actor.sub, ctx);
    });
  }

  async suspend(actor: Actor, id: string, input: { kind: string; reason: string; start?: string }) {
    // the role, then the office, before the kind's lookup (a refused caller learns nothing about kinds)
    proceduresPolicy.authorize('procedure.suspend', actor);
    const current = await this.store.get(id);
    if (current) authorizeOn('procedure.suspend', actor, current);
    const sid = suspensionId();
    // the kind from the catalogue (the law's, or an administrator's with its limits); never created here
    const { code, rule } = await this.kinds.ruleFor('input.kind', input.kind);
    const local = SUSPENSION_RULES[code] ? {} : { rule };
    return this.change(actor, id, 'procedure.suspend', (p, ctx) =>
      suspensions.suspend(p, { id: sid, ...input, kind: code, ...local }, actor.sub, ctx),
    );
  }

  resume(actor: Actor, id: string, suspension: string, on?: string) {
    return this.change(actor, id, 'procedure.resume', (p, ctx) =>
      suspensions.resume(p, suspension, on, actor.sub, ctx),
    );
  }

  sendRejectionNotice(actor: Actor, id: string, reasons: string, on?: string) {
    const sid = suspensionId();
    return this.change(actor, id, 'procedure.sendRejectionNotice', (p, ctx) =>
      suspensions.sendRejectionNotice(p, reasons, sid, on, actor.sub, ctx),
    );
  }

  receiveObservations(actor: Actor, id: string, on?: string, text?: string) {
    return this.change(actor, id, 'procedure.receiveObservations', (p, ctx) =>
      suspensions.receiveObservations(p, on, actor.sub, ctx, text),
    );
  }

  decide(actor: Actor, id: string, input: rules.DecideCommand) {
    return this.change(actor, id, 'procedure.decide', (p, ctx) => rules.decide(p, input, actor.sub, ctx));
  }

  requestAttestation(actor: Actor, id: string) {
    return this.change(actor, id, 'procedure.requestAttestation', (p, ctx) =>
      rules.requestAttestation(p, actor.sub, ctx),
    );
  }

  issueAttestation(actor: Actor, id: string) {
    return this.change(actor, id, 'procedure.issueAttestation', (p, ctx) =>
      rules.issueAttestation(p, actor.sub, ctx),
    );
  }

  /** Riesame: a new review procedure (type `riesame_accesso`, 20 days), linked both ways. */
  async requestReview(
    actor: Actor,
    id: string,
    protocolNumber: string,
    receivedAt?: string,
  ): Promise<Procedure> {
    proceduresPolicy.authorize('procedure.requestReview', actor);
    if (receivedAt !== undefined) instantArg('receivedAt', receivedAt);
    const original = await this.store.get(id);
    if (!original) throw DomainError.invalid('id', `nessun procedimento ${id}`);
    proceduresPolicy.authorize('procedure.requestReview', actor, original);
    const ctx = this.contexts.of(actor);
    if (receivedAt !== undefined) rules.checkReceiptDay('receivedAt', receivedAt, ctx);
    const problem = rules.reviewAllowed(original, ctx);
    if (problem) throw DomainError.invalid('id', problem);
    const reviewType = await this.types.get(procedureTypeId('riesame_accesso'));
    if (!reviewType) throw DomainError.invalid('id', 'il catalogo non ha il tipo riesame_accesso');
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
        requesterIsStaff: original.requesterIsStaff,
        contactId: original.contactId,
        reviewOf: id,
      },
      ctx,
      reviewId,
      reviewType,
    );
    await this.change(
      actor,
      id,
      'procedure.requestReview',
      (p, c) => rules.markReviewRequested(p, reviewId, review.dueDate, actor.sub, c),
      ctx,
    );
    return review;
  }
}

/** A desk page's cursor as the client holds it: opaque, base64url of the read model's cursor. */
export const encodeDeskCursor = (c: DeskCursor): string => encodePageCursor(c.key, c.id);

export function decodeDeskCursor(text: string): DeskCursor {
  const [key, id] = decodePageCursor(text, 'cursore di pagina non valido');
  return { key, id };
}
