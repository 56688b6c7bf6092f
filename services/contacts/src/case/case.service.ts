import { Injectable } from '@nestjs/common';
import { CaseOutcome, type CloudEvent } from '@urp/contracts';
import { conflict, invalidInput, notFound } from '@urp/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { ContactRepository } from '../contact/contact.repository';
import type { Contact } from '../contact/contact.rules';
import { ContactService } from '../contact/contact.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { RequesterRepository } from '../requester/requester.repository';
import {
  caseAnswered,
  caseClosed,
  caseReopened,
  caseResumed,
  caseRouted,
  caseSuspended,
  citizenNotification,
  contactClosed,
  duplicateMarked,
} from './case.events';
import type { CaseHistoryEntry, CaseRecord } from './case.model';
import {
  assertTransition,
  CASE_STATUSES,
  CaseRuleViolation,
  checkOutcome,
  CITIZEN_RELEVANT,
  computeDueAt,
  contactIdOfCase,
  nextTimerAt,
  OPEN_STATUSES,
  parseMentions,
  resume,
  suspend,
  suspendedDays,
  withinTerm,
  type CaseStatus,
} from './case.rules';
import { fillTemplate, italianDate } from './reply.rules';

export type CaseContact = Contact & { case: CaseRecord };

const issue = (path: string, message: string) =>
  new z.ZodError([{ code: 'custom', path: [path], message, input: undefined }]);
const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

/** What a case mutation decides: the new case, extra top-level fields, events, and who to tell. */
interface Change {
  case: CaseRecord;
  set?: Record<string, unknown>;
  events: CloudEvent[];
  notify?: CaseStatus;
}

/** Back-office use cases on cases. Each is one guarded write of the contact document with its events. */
@Injectable()
export class CaseService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly requesters: RequesterRepository,
    private readonly directory: DirectoryRepository,
    private readonly contactService: ContactService,
  ) {}

  async get(caseId: string): Promise<CaseContact | null> {
    const contactId = contactIdOfCase(caseId);
    if (!contactId) return null;
    const c = await this.contacts.findById(contactId);
    return c?.case ? (c as CaseContact) : null;
  }

  private async load(caseId: string): Promise<CaseContact> {
    const c = await this.get(caseId);
    if (!c) throw notFound(`case ${caseId}`);
    return c;
  }

  /**
   * Runs a decision on the current state and writes it only if nobody changed the case meanwhile
   * (`case.rev` guard); a rule violation becomes a field-level input error and nothing is written.
   */
  private async mutate(
    caseId: string,
    who: string,
    decide: (c: CaseContact, now: Date) => Change | Promise<Change>,
    now = new Date(),
  ): Promise<CaseContact> {
    const c = await this.load(caseId);
    let change: Change;
    try {
      change = await decide(c, now);
    } catch (e) {
      if (e instanceof CaseRuleViolation) throw conflict(e.message);
      throw e;
    }
    const rev = ((c.case as CaseRecord & { rev?: number }).rev ?? 0) as number;
    const next: CaseRecord & { rev?: number } = { ...change.case, rev: rev + 1 };
    const timer = nextTimerAt(next);
    if (timer) next.nextTimerAt = timer;
    else delete next.nextTimerAt;
    const updated = { ...c, ...change.set, case: next } as CaseContact;
    const events = [...change.events];
    if (change.notify && CITIZEN_RELEVANT.includes(change.notify) && c.requesterId && !c.requesterIsStaff) {
      const r = await this.requesters.findById(c.requesterId);
      if (r?.preferredChannel && !r.anonymisedAt)
        events.push(citizenNotification(updated, r.id, r.preferredChannel, change.notify, now));
    }
    const guard = rev ? { 'case.rev': rev } : { 'case.rev': { $exists: false } };
    const ok = await this.contacts.updateIf(c.id, guard, { $set: { ...change.set, case: next } }, events);
    if (!ok) throw conflict(`case ${caseId} was changed meanwhile: reload and retry`);
    return updated;
  }

  private static log(c: CaseRecord, entry: CaseHistoryEntry): CaseHistoryEntry[] {
    return [...c.history, entry];
  }

  private static moveTo(
    c: CaseRecord,
    to: CaseStatus,
    by: string,
    at: Date,
    action: string,
    detail?: string,
  ): CaseRecord {
    assertTransition(c.status, to);
    return {
      ...c,
      status: to,
      history: CaseService.log(c, { at, by, action, status: to, ...(detail ? { detail } : {}) }),
    };
  }

  async route(input: { caseId: string; officeId: string; referentId?: string }, who: string) {
    const parsed = z
      .object({ caseId: z.string(), officeId: text(100), referentId: text(100).optional() })
      .safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot route the case');
    const office = await this.contactService.officeOf(parsed.data.officeId, 'officeId');
    if (parsed.data.referentId) {
      const referents = await this.directory.referents();
      const r = referents.find((x) => x.id === parsed.data.referentId);
      if (referents.length && (!r || !r.active))
        throw invalidInput(
          issue('referentId', `unknown or inactive referent: ${parsed.data.referentId}`),
          'cannot route the case',
        );
    }
    return this.mutate(parsed.data.caseId, who, (c, now) => {
      const moved = CaseService.moveTo(
        c.case,
        'assigned',
        who,
        now,
        'routed',
        `office ${office.officeId}${parsed.data.referentId ? `, referent ${parsed.data.referentId}` : ''}`,
      );
      const rec: CaseRecord = { ...moved, officeId: office.officeId };
      if (parsed.data.referentId) rec.referentId = parsed.data.referentId;
      else delete rec.referentId;
      const next = { ...c, case: rec };
      return {
        case: rec,
        set: { officeId: office.officeId },
        events: [caseRouted(next, who, now)],
        notify: c.case.status === 'assigned' ? undefined : 'assigned',
      };
    });
  }

  async suspend(input: { caseId: string; reason: string }, who: string) {
    const parsed = z.object({ caseId: z.string(), reason: text(500) }).safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot suspend the case');
    return this.mutate(parsed.data.caseId, who, (c, now) => {
      const suspensions = suspend(c.case, parsed.data.reason, now, c.case.maxSuspensions);
      const moved = CaseService.moveTo(
        c.case,
        'waiting_citizen',
        who,
        now,
        'suspended',
        `clock paused: ${parsed.data.reason}`,
      );
      const rec = { ...moved, suspensions };
      return {
        case: rec,
        events: [caseSuspended({ ...c, case: rec }, parsed.data.reason, now)],
        notify: 'waiting_citizen',
      };
    });
  }

  async resume(input: { caseId: string }, who: string) {
    return this.mutate(input.caseId, who, (c, now) => {
      const r = resume(c.case, now);
      const before = c.case.dueAt;
      const moved = CaseService.moveTo(c.case, 'in_progress', who, now, 'resumed');
      const last = r.suspensions[r.suspensions.length - 1];
      const lastDays = suspendedDays({ ...c.case, suspensions: [last] });
      const rec: CaseRecord = {
        ...moved,
        suspensions: r.suspensions,
        dueAt: r.dueAt,
        ...(c.case.reminderAfterDays !== undefined
          ? {
              reminderAt: new Date(
                c.case.openedAt.getTime() + (c.case.reminderAfterDays + r.suspendedDays) * 86_400_000,
              ),
            }
          : {}),
      };
      rec.history[rec.history.length - 1] = {
        ...rec.history[rec.history.length - 1],
        detail: `clock restarted after ${lastDays} day(s) of suspension (“${last.reason}”): due date ${italianDate(before)} → ${italianDate(r.dueAt)}`,
        dueAt: r.dueAt,
      };
      return { case: rec, events: [caseResumed({ ...c, case: rec }, now, r.suspendedDays)] };
    });
  }

  async changeStatus(input: { caseId: string; status: string }, who: string) {
    const parsed = z
      .object({ caseId: z.string(), status: z.enum(['triaged', 'in_progress', 'waiting_referent']) })
      .safeParse(input);
    if (!parsed.success)
      throw invalidInput(
        parsed.success === false && parsed.error.issues.some((i) => i.path[0] === 'status')
          ? issue(
              'status',
              'use the dedicated mutation for this phase (route, suspend, answer, close, reopen, merge)',
            )
          : parsed.error,
        'cannot change the status',
      );
    return this.mutate(parsed.data.caseId, who, (c, now) => ({
      case: CaseService.moveTo(c.case, parsed.data.status, who, now, 'status'),
      events: [],
    }));
  }

  async addNote(input: { caseId: string; text: string }, who: string) {
    const parsed = z.object({ caseId: z.string(), text: text(5000) }).safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot add the note');
    const target = await this.followMerge(parsed.data.caseId);
    return this.mutate(target.id, who, (c, now) => {
      const mentions = parseMentions(parsed.data.text);
      const via = target.via ? ` (via duplicate ${target.via})` : '';
      const rec: CaseRecord = {
        ...c.case,
        notes: [...c.case.notes, { id: uuidv7(), at: now, by: who, text: parsed.data.text, mentions }],
        mentioned: [...new Set([...c.case.mentioned, ...mentions])],
        history: CaseService.log(c.case, {
          at: now,
          by: who,
          action: 'note',
          detail: `internal note${mentions.length ? `, mentions ${mentions.join(', ')}` : ''}${via}`,
        }),
      };
      return { case: rec, events: [] };
    });
  }

  /** Duplicates forward their updates to the original (one thread for the office). */
  private async followMerge(caseId: string): Promise<{ id: string; via?: string }> {
    const c = await this.load(caseId);
    return c.case.status === 'merged' && c.case.duplicateOf
      ? { id: c.case.duplicateOf, via: caseId }
      : { id: caseId };
  }

  async sendMessage(
    input: { caseId: string; text?: string; answer?: boolean; templateId?: string },
    who: string,
  ) {
    const parsed = z
      .object({
        caseId: z.string(),
        text: z.string().trim().max(10_000).optional(),
        answer: z.boolean().optional(),
        templateId: z.string().optional(),
      })
      .refine((m) => m.text || m.templateId, { path: ['text'], message: 'required (or a templateId)' })
      .safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot send the message');
    let body = parsed.data.text;
    if (parsed.data.templateId) {
      const replies = await this.cannedReplies(parsed.data.caseId, false);
      const t = replies.find((r) => r.templateId === parsed.data.templateId);
      if (!t) throw invalidInput(issue('templateId', 'unknown reply template'), 'cannot send the message');
      if (t.missingPlaceholders.length && !body)
        throw invalidInput(
          issue('templateId', `placeholders without a value: ${t.missingPlaceholders.join(', ')}`),
          'cannot send the message',
        );
      body = body ?? t.text;
    }
    const target = await this.followMerge(parsed.data.caseId);
    return this.mutate(target.id, who, (c, now) => {
      const first = !c.case.firstResponseAt;
      let rec: CaseRecord = {
        ...c.case,
        messages: [...c.case.messages, { id: uuidv7(), at: now, by: who, text: body! }],
      };
      const events: CloudEvent[] = [];
      if (parsed.data.answer) {
        rec = CaseService.moveTo(rec, 'answered', who, now, 'answered');
        if (first) rec.firstResponseAt = now;
        events.push(caseAnswered({ ...c, case: rec }, now, first));
      } else {
        rec.history = CaseService.log(rec, {
          at: now,
          by: who,
          action: 'message',
          detail: 'public message to the citizen',
        });
      }
      return { case: rec, events, notify: parsed.data.answer ? 'answered' : undefined };
    });
  }

  async close(
    input: { caseId: string; outcome: string; forwardedTo?: string; closedAt?: string },
    who: string,
    mayImport = false,
    resolvedAtFirstContact = false,
  ) {
    const parsed = z
      .object({
        caseId: z.string(),
        outcome: CaseOutcome,
        forwardedTo: text(200).optional(),
        closedAt: z.iso.datetime({ offset: true }).optional(),
      })
      .safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot close the case');
    if (parsed.data.closedAt && !mayImport)
      throw invalidInput(
        issue('closedAt', 'only an administrator may import historical closings'),
        'cannot close the case',
      );
    try {
      checkOutcome(parsed.data.outcome, parsed.data.forwardedTo);
    } catch (e) {
      throw invalidInput(issue('forwardedTo', (e as Error).message), 'cannot close the case');
    }
    const at = parsed.data.closedAt ? new Date(parsed.data.closedAt) : new Date();
    const closed = await this.mutate(
      parsed.data.caseId,
      who,
      (c, now) => {
        const closedAt = now < c.case.openedAt ? c.case.openedAt : now;
        // a suspension still open ends with the case: the due date counts it (the history keeps it)
        const suspensions = c.case.suspensions.map((x) => (x.to ? x : { ...x, to: closedAt }));
        const dueAt = computeDueAt({ ...c.case, suspensions });
        const rec: CaseRecord = {
          ...CaseService.moveTo(
            c.case,
            'closed',
            who,
            closedAt,
            'closed',
            `outcome ${parsed.data.outcome}${parsed.data.forwardedTo ? ` → ${parsed.data.forwardedTo}` : ''}`,
          ),
          closedAt,
          closedBy: who,
          suspensions,
          dueAt,
          outcome: parsed.data.outcome,
          withinTerm: withinTerm(dueAt, closedAt),
          ...(parsed.data.forwardedTo ? { forwardedTo: parsed.data.forwardedTo } : {}),
          ...(c.case.firstResponseAt ? {} : { firstResponseAt: closedAt }),
        };
        const set = c.status === 'open' ? { status: 'closed', closedAt, resolvedAtFirstContact } : {};
        const next = { ...c, ...set, case: rec } as CaseContact;
        const events = [caseClosed(next, who, suspendedDays(rec))];
        if (c.status === 'open') events.push(contactClosed(next, who)); // satisfaction surveys follow
        return {
          case: rec,
          set,
          events,
          notify: mayImport && parsed.data.closedAt ? undefined : 'closed',
        };
      },
      at,
    );
    return closed;
  }

  async reopen(input: { caseId: string; reason: string }, who: string) {
    const parsed = z.object({ caseId: z.string(), reason: text(500) }).safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot reopen the case');
    return this.mutate(parsed.data.caseId, who, (c, now) => {
      const rec: CaseRecord = CaseService.moveTo(
        c.case,
        'reopened',
        who,
        now,
        'reopened',
        parsed.data.reason,
      );
      delete rec.closedAt;
      delete rec.outcome;
      delete rec.withinTerm;
      delete rec.forwardedTo;
      return {
        case: rec,
        set: { status: 'open' },
        events: [caseReopened({ ...c, case: rec }, parsed.data.reason, now)],
        notify: 'reopened',
      };
    });
  }

  /** Marks a duplicate: the duplicate is merged into the original, both linked; later updates go to the original. */
  async markDuplicate(input: { caseId: string; originalCaseId: string }, who: string) {
    const parsed = z
      .object({ caseId: z.string().min(1), originalCaseId: z.string().min(1) })
      .safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot mark the duplicate');
    if (parsed.data.caseId === parsed.data.originalCaseId)
      throw invalidInput(
        issue('originalCaseId', 'a case cannot duplicate itself'),
        'cannot mark the duplicate',
      );
    const original = await this.get(parsed.data.originalCaseId);
    if (!original) throw invalidInput(issue('originalCaseId', 'no such case'), 'cannot mark the duplicate');
    if (!OPEN_STATUSES.includes(original.case.status))
      throw invalidInput(
        issue('originalCaseId', `the original is ${original.case.status}`),
        'cannot mark the duplicate',
      );
    if (original.case.duplicateOf)
      throw invalidInput(
        issue('originalCaseId', 'the original is itself a duplicate'),
        'cannot mark the duplicate',
      );
    const dup = await this.mutate(parsed.data.caseId, who, (c, now) => {
      const rec: CaseRecord = {
        ...CaseService.moveTo(
          c.case,
          'merged',
          who,
          now,
          'merged',
          `duplicate of ${original.case.id} (${original.protocolNumber})`,
        ),
        duplicateOf: original.case.id,
      };
      return {
        case: rec,
        events: [duplicateMarked(c.case.id, original.case.id, who, now)],
        notify: 'merged',
      };
    });
    await this.mutate(original.case.id, who, (c, now) => ({
      case: {
        ...c.case,
        duplicates: [...new Set([...c.case.duplicates, dup.case.id])],
        history: CaseService.log(c.case, {
          at: now,
          by: who,
          action: 'duplicate_linked',
          detail: `${dup.case.id} (${dup.protocolNumber}) merged into this case`,
        }),
      },
      events: [],
    }));
    return dup;
  }

  /** Canned replies for a case: placeholders filled from the case (due date, responsible person, office…). */
  async cannedReplies(caseId: string, forStatus: boolean) {
    const c = await this.load(caseId);
    const [templates, offices, referents] = await Promise.all([
      this.directory.templates(),
      this.directory.offices(),
      this.directory.referents(),
    ]);
    const office = offices.find((o) => o.id === c.case.officeId);
    const referent = referents.find((r) => r.id === (c.case.referentId ?? office?.headReferentId));
    const values = {
      due_date: italianDate(c.case.dueAt),
      protocol_number: c.protocolNumber,
      procedure_term: `${c.case.termDays} giorni`,
      ...(office ? { office: office.name } : {}),
      ...(referent ? { responsible_person: referent.name } : {}),
    };
    return templates
      .filter((t) => t.audience === 'public')
      .filter((t) => !t.category || t.category === c.category?.level1)
      .filter((t) => !forStatus || !t.caseStatus || t.caseStatus === c.case.status)
      .map((t) => {
        const filled = fillTemplate(t.body, values);
        return {
          templateId: t.id,
          code: t.code,
          title: t.title,
          text: filled.text,
          missingPlaceholders: filled.missing,
        };
      });
  }

  /** The queue: open cases by due date (earliest first), filtered, with an opaque cursor (dueAt + id). */
  async queue(
    filter: {
      mine?: boolean;
      overdue?: boolean;
      officeId?: string;
      referentId?: string;
      status?: string[];
      type?: string;
      categoryLevel1?: string;
      priority?: string;
      includeClosed?: boolean;
    },
    first: number,
    after: string | undefined,
    who: string,
  ) {
    const limit = Math.min(Math.max(first, 1), 100);
    const q: Record<string, unknown> = { case: { $exists: true } };
    const statuses = filter.status?.length
      ? filter.status
      : filter.includeClosed
        ? [...CASE_STATUSES]
        : [...OPEN_STATUSES];
    q['case.status'] = { $in: statuses };
    if (filter.overdue) q['case.dueAt'] = { $lt: new Date() };
    if (filter.officeId) q['case.officeId'] = filter.officeId;
    if (filter.referentId) q['case.referentId'] = filter.referentId;
    if (filter.type) q.type = filter.type;
    if (filter.categoryLevel1) q['category.level1'] = filter.categoryLevel1;
    if (filter.priority) q['case.priority'] = filter.priority;
    if (filter.mine) {
      const referents = await this.directory.referents();
      const ids = [who, ...referents.filter((r) => r.staffId === who).map((r) => r.id)];
      q.$or = [{ 'case.referentId': { $in: ids } }, { 'case.mentioned': { $in: ids } }, { operatorId: who }];
    }
    const total = await this.contacts.count(q);
    if (after) {
      const cur = decodeCursor(after);
      if (!cur) throw invalidInput(issue('after', 'not a cursor of this queue'), 'cannot read the queue');
      const page = {
        $or: [{ 'case.dueAt': { $gt: cur.dueAt } }, { 'case.dueAt': cur.dueAt, _id: { $gt: cur.id } }],
      };
      const base = { ...q };
      if (base.$or) {
        const { $or, ...rest } = base;
        Object.assign(q, { ...rest, $and: [{ $or }, page] });
        delete q.$or;
      } else Object.assign(q, page);
    }
    const rows = await this.contacts.find(q, { 'case.dueAt': 1, _id: 1 }, limit + 1);
    const nodes = rows.slice(0, limit) as CaseContact[];
    return {
      totalCount: total,
      edges: nodes.map((n) => ({ cursor: encodeCursor(n.case.dueAt, n.id), node: n })),
      pageInfo: {
        hasNextPage: rows.length > limit,
        endCursor: nodes.length
          ? encodeCursor(nodes[nodes.length - 1].case.dueAt, nodes[nodes.length - 1].id)
          : null,
      },
    };
  }
}

const encodeCursor = (dueAt: Date, id: string) =>
  Buffer.from(JSON.stringify([dueAt.toISOString(), id])).toString('base64url');
function decodeCursor(s: string): { dueAt: Date; id: string } | undefined {
  try {
    const [d, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as [string, string];
    const dueAt = new Date(d);
    return Number.isNaN(dueAt.getTime()) || typeof id !== 'string' ? undefined : { dueAt, id };
  } catch {
    return undefined;
  }
}
