import { Injectable } from '@nestjs/common';
import {
  ContactRegisteredV1,
  createEvent,
  FaqProposedV1,
  ProcedureRequestedV1,
  type CloudEvent,
} from '@urp/contracts';
import { conflict, invalidInput, notFound } from '@urp/platform';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { CaseSettingsService } from '../case/case-settings.service';
import { caseOpened, caseRouted, citizenNotification, contactClosed, SOURCE } from '../case/case.events';
import type { CaseRecord } from '../case/case.model';
import {
  caseIdOf,
  computeDueAt,
  computeReminderAt,
  nextTimerAt,
  OPEN_STATUSES,
  policyFor,
} from '../case/case.rules';
import { rankDuplicates, type DuplicateScore } from '../case/duplicate.rules';
import { formatProtocolNumber, protocolYear } from '../case/protocol.rules';
import { DirectoryRepository } from '../directory/directory.repository';
import { RequesterRepository } from '../requester/requester.repository';
import { scrubPersonalData } from '../shared/scrub.rules';
import { ContactRepository } from './contact.repository';
import {
  closeContact,
  needsCase,
  needsProtocol,
  newContact,
  RegisterContactInput,
  type Contact,
  type RegisterContactData,
} from './contact.rules';

const issue = (path: string, message: string) =>
  new z.ZodError([{ code: 'custom', path: [path], message, input: undefined }]);

/** Use cases of the front office on contacts. Each returns the new state; its events ride along in the write. */
@Injectable()
export class ContactService {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly requesters: RequesterRepository,
    private readonly directory: DirectoryRepository,
    private readonly settings: CaseSettingsService,
  ) {}

  /**
   * Registers a contact: one document write (contact, its case if any, its events). Reads: the requester by
   * id (staff flag, preferred channel) and the cached directory/policy; a protocol number costs one `$inc`.
   */
  async register(input: unknown, operatorId: string, opts: { mayImport?: boolean } = {}): Promise<Contact> {
    const raw = (input ?? {}) as Record<string, unknown>;
    let formData: unknown = raw.formData;
    if (typeof formData === 'string') {
      try {
        formData = JSON.parse(formData);
      } catch {
        throw invalidInput(issue('formData', 'not a JSON object'), 'cannot register the contact');
      }
    }
    const parsed = RegisterContactInput.safeParse({ ...raw, formData });
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot register the contact');
    const data = parsed.data;
    if (data.registeredAt && !opts.mayImport)
      throw invalidInput(
        issue('registeredAt', 'only an administrator may import historical contacts'),
        'cannot register the contact',
      );
    const now = data.registeredAt ? new Date(data.registeredAt) : new Date();
    if (now.getTime() > Date.now() + 60_000)
      throw invalidInput(issue('registeredAt', 'in the future'), 'cannot register the contact');
    const [requester, office] = await Promise.all([
      data.requesterId ? this.requesters.summary(data.requesterId) : undefined,
      this.resolveOffice(data),
    ]);
    if (data.requesterId && requester?.anonymisedAt)
      throw invalidInput(
        issue('requesterId', 'this requester was anonymised'),
        'cannot register the contact',
      );
    const withCase = needsCase(data);
    const protocolNumber = needsProtocol(withCase, data.type)
      ? formatProtocolNumber(protocolYear(now), await this.contacts.nextProtocolSeq(protocolYear(now)))
      : undefined;

    const contact: Contact = {
      ...newContact({ ...data, officeId: office?.officeId }, operatorId, uuidv7(), now),
      ...(requester?.isStaff ? { requesterIsStaff: true } : {}),
      ...(protocolNumber ? { protocolNumber } : {}),
    };
    if (withCase) contact.case = await this.newCase(contact, data, office, operatorId, now);
    if (data.resolvedAtFirstContact) Object.assign(contact, closeContact(contact, true, now));

    const events: CloudEvent[] = [
      createEvent(
        ContactRegisteredV1,
        contact.id,
        {
          contactId: contact.id,
          channel: contact.channel,
          contactType: contact.type,
          requesterId: contact.requesterId,
          operatorId,
          registeredAt: now.toISOString(),
          ...(contact.category ? { category: contact.category } : {}),
          ...(contact.sheetIds.length ? { sheetIds: contact.sheetIds } : {}),
          ...(data.resolvedAtFirstContact !== undefined
            ? { resolvedAtFirstContact: data.resolvedAtFirstContact }
            : {}),
          ...(protocolNumber ? { protocolNumber } : {}),
          ...(contact.officeId ? { officeId: contact.officeId } : {}),
          direction: contact.direction,
          ...(contact.place?.area ? { area: contact.place.area } : {}),
          ...(contact.requesterIsStaff ? { requesterIsStaff: true } : {}),
          ...(contact.case ? { caseId: contact.case.id } : {}),
        },
        { source: SOURCE, time: now },
      ),
    ];
    if (contact.status === 'closed') events.push(contactClosed(contact, operatorId));
    if (contact.case) {
      const c = contact as Contact & { case: CaseRecord };
      events.push(caseOpened(c));
      if (c.case.officeId) events.push(caseRouted(c, operatorId, now));
      if (requester?.preferredChannel && !requester.isStaff && !data.registeredAt)
        events.push(citizenNotification(c, requester.id, requester.preferredChannel, 'received', now));
    }
    if (data.type === 'procedure_start') {
      events.push(
        createEvent(
          ProcedureRequestedV1,
          contact.id,
          {
            contactId: contact.id,
            ...(contact.requesterId ? { requesterId: contact.requesterId } : {}),
            procedureTypeCode: data.procedureTypeCode!,
            subject: contact.subject,
            receivedAt: now.toISOString(),
            protocolNumber: protocolNumber!,
            channel: contact.channel,
            operatorId,
            ...(data.formId ? { formId: data.formId } : {}),
            ...(data.formVersion ? { formVersion: data.formVersion } : {}),
            ...(data.formData ? { formData: data.formData } : {}),
          },
          { source: SOURCE, time: now },
        ),
      );
    }
    await this.contacts.insert(contact, events);
    return contact;
  }

  private async resolveOffice(
    data: RegisterContactData,
  ): Promise<{ officeId: string; name?: string } | undefined> {
    if (!data.officeId) return undefined;
    return this.officeOf(data.officeId, 'officeId');
  }

  /**
   * An office by id or code. While the local directory is empty (knowledge base not running yet) any id is
   * taken as given; once it knows offices, only an active known one is accepted.
   */
  async officeOf(idOrCode: string, field: string): Promise<{ officeId: string; name?: string }> {
    const offices = await this.directory.offices();
    if (!offices.length) return { officeId: idOrCode };
    const o = offices.find((x) => x.id === idOrCode || x.code === idOrCode);
    if (!o || !o.active)
      throw invalidInput(issue(field, `unknown or inactive office: ${idOrCode}`), 'cannot route');
    return { officeId: o.id, name: o.name };
  }

  private async newCase(
    contact: Contact,
    data: RegisterContactData,
    office: { officeId: string } | undefined,
    operatorId: string,
    now: Date,
  ): Promise<CaseRecord> {
    const policy = policyFor(await this.settings.policy(), contact.type, contact.category);
    const clock = {
      openedAt: now,
      termDays: policy.days,
      reminderAfterDays: policy.reminderAfterDays,
      maxSuspensionDays: policy.maxSuspensionDays,
      suspensions: [],
    };
    const dueAt = computeDueAt(clock);
    const reminderAt = computeReminderAt(clock);
    const status = office ? 'assigned' : 'received';
    const rec: CaseRecord = {
      id: caseIdOf(contact.id),
      status,
      priority: data.priority,
      ...(office ? { officeId: office.officeId } : {}),
      ...(office && data.referentId ? { referentId: data.referentId } : {}),
      openedAt: now,
      dueAt,
      ...(reminderAt ? { reminderAt } : {}),
      termDays: policy.days,
      ...(policy.reminderAfterDays !== undefined ? { reminderAfterDays: policy.reminderAfterDays } : {}),
      ...(policy.maxSuspensions !== undefined ? { maxSuspensions: policy.maxSuspensions } : {}),
      ...(policy.maxSuspensionDays !== undefined ? { maxSuspensionDays: policy.maxSuspensionDays } : {}),
      suspensions: [],
      duplicates: [],
      history: [
        {
          at: now,
          by: operatorId,
          action: 'opened',
          status: 'received',
          detail: `term ${policy.days} days${policy.reminderAfterDays ? `, reminder after ${policy.reminderAfterDays}` : ''}`,
          dueAt,
        },
        ...(office
          ? [
              {
                at: now,
                by: operatorId,
                action: 'routed',
                status: 'assigned' as const,
                detail: `office ${office.officeId}${data.referentId ? `, referent ${data.referentId}` : ''}`,
              },
            ]
          : []),
      ],
      notes: [],
      messages: [],
      mentioned: [],
    };
    const next = nextTimerAt(rec);
    if (next) rec.nextTimerAt = next;
    return rec;
  }

  async close(id: string, resolvedAtFirstContact: boolean, operatorId: string): Promise<Contact> {
    const contact = await this.contacts.findById(id);
    if (!contact) throw notFound(`contact ${id}`);
    if (contact.status === 'closed') throw conflict(`contact ${id} is already closed`);
    const patch = closeContact(contact, resolvedAtFirstContact, new Date());
    const next = { ...contact, ...patch };
    if (
      !(await this.contacts.updateIf(id, { status: 'open' }, { $set: patch }, [
        contactClosed(next, operatorId),
      ]))
    )
      throw conflict(`contact ${id} is already closed`);
    return next;
  }

  get(id: string): Promise<Contact | null> {
    return this.contacts.findById(id);
  }

  latest(first: number): Promise<Contact[]> {
    return this.contacts.latest(Math.min(Math.max(first, 1), 100));
  }

  /** Open cases that may be the same problem: same category (or place) recently, or similar text. */
  async duplicateSuggestions(probe: {
    subject: string;
    text?: string;
    category?: { level1: string; level2?: string };
    place?: { lat?: number; lon?: number };
    excludeId?: string;
  }): Promise<(DuplicateScore & { contact: Contact })[]> {
    const since = new Date(Date.now() - 60 * 86_400_000);
    const filter: Record<string, unknown> = {
      'case.status': { $in: OPEN_STATUSES },
      registeredAt: { $gte: since },
      ...(probe.category ? { 'category.level1': probe.category.level1 } : {}),
    };
    const candidates = (await this.contacts.find(filter, { registeredAt: -1 }, 300)).filter(
      (c) => c.id !== probe.excludeId,
    );
    const byCase = new Map(candidates.map((c) => [c.case!.id, c]));
    const ranked = rankDuplicates(
      {
        categoryLevel1: probe.category?.level1,
        categoryLevel2: probe.category?.level2,
        lat: probe.place?.lat,
        lon: probe.place?.lon,
        at: new Date(),
        text: `${probe.subject} ${probe.text ?? ''}`,
      },
      candidates.map((c) => ({
        caseId: c.case!.id,
        categoryLevel1: c.category?.level1,
        categoryLevel2: c.category?.level2,
        lat: c.place?.lat,
        lon: c.place?.lon,
        openedAt: c.case!.openedAt,
        text: `${c.subject} ${c.text ?? ''}`,
      })),
    );
    return ranked.map((r) => ({ ...r, contact: byCase.get(r.caseId)! }));
  }

  /** "Propose as FAQ": the answered question, personal data removed, goes to the knowledge base as a draft. */
  async proposeFaq(input: { contactId: string; question: string; answer: string }, who: string) {
    const parsed = z
      .object({
        contactId: z.string().min(1),
        question: z.string().trim().min(10, 'at least 10 characters').max(2000),
        answer: z.string().trim().min(10, 'at least 10 characters').max(10_000),
      })
      .safeParse(input);
    if (!parsed.success) throw invalidInput(parsed.error, 'cannot propose the FAQ');
    const contact = await this.contacts.findById(parsed.data.contactId);
    if (!contact) throw notFound(`contact ${parsed.data.contactId}`);
    const answered =
      contact.status === 'closed' || contact.case?.status === 'answered' || !!contact.case?.firstResponseAt;
    if (!answered) throw conflict(`contact ${contact.id} has not been answered yet`);
    const requester = contact.requesterId ? await this.requesters.findById(contact.requesterId) : null;
    const names = requester?.name ? [requester.name] : [];
    const question = scrubPersonalData(parsed.data.question, names);
    const answer = scrubPersonalData(parsed.data.answer, names);
    const proposalId = uuidv7();
    const now = new Date();
    const event = createEvent(
      FaqProposedV1,
      contact.id,
      {
        proposalId,
        contactId: contact.id,
        question,
        answer,
        ...(contact.category ? { category: contact.category } : {}),
        ...(contact.sheetIds.length ? { sheetIds: contact.sheetIds } : {}),
        proposedBy: who,
        proposedAt: now.toISOString(),
      },
      { source: SOURCE },
    );
    await this.contacts.insertFaqProposal(
      { _id: proposalId, contactId: contact.id, question, answer, proposedBy: who, proposedAt: now },
      [event],
    );
    return { proposalId, contactId: contact.id, question, answer };
  }
}
