import { createHash } from 'node:crypto';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ContactRegisteredV1,
  FormPublishedV1,
  NotificationDeliveredV1,
  NotificationFailedV1,
  ProcedureRequestedV1,
  RequesterAnonymisedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { IDENTITY_SECRET } from '@urp/auth';
import { MONGO_DB, type Actor, type UseCaseContext } from '@urp/kernel';
import { isInfrastructureError, isNonRetryable, type UrpEventContext } from '@urp/messaging';
import type { Db } from 'mongodb';
import { AnonymisedRequesters } from './anonymised-requesters';
import { PROCEDURES_CONFIG, type ProceduresConfig } from '../config';
import { ContactFormsClient, type ContactForm } from './contact-forms.client';
import { FormVersionsReadModel } from './form-versions.read-model';
import { ProcedureContexts } from './procedure.context';
import { ProcedureStore } from './procedure.store';
import { ProcedureUseCases } from './procedure.use-cases';
import { StaffContacts } from './staff-contacts.store';
import { StartRefusals, type StartRefusalCode } from './start-refusal';

/** The case that asked, when the request names it (contacts may add `caseId`; the contract today names the contact). */
const caseIdOf = (data: unknown): string | undefined => {
  const v = (data as { caseId?: unknown } | null)?.caseId;
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** The requester is staff, when contacts says so on the request itself (the contract may gain the field). */
const staffFlagOf = (data: unknown): boolean =>
  (data as { requesterIsStaff?: unknown } | null)?.requesterIsStaff === true;

/** The procedure a notification is about (campaigns' `procedureId`, read tolerantly: older events lack it). */
const procedureIdOf = (data: unknown): string | undefined => {
  const v = (data as { procedureId?: unknown } | null)?.procedureId;
  return typeof v === 'string' && v.startsWith('prc_') ? v : undefined;
};

/** Who erases a requester's form data (contacts' `RequesterAnonymised`), in the procedure's history of writes. */
const ANONYMISATION_ACTOR: Actor = { sub: 'system:anonymisation', roles: ['admin'] };

/**
 * Events this service consumes: requests from contacts (their application form fetched from contacts, never
 * carried by the event), requesters' anonymisation from contacts, form versions from the knowledge base,
 * delivery reports of the applicant's notices from campaigns.
 */
@Controller()
export class ProcedureHandlers {
  private readonly logger = new Logger(ProcedureHandlers.name);
  private readonly contactForms: ContactFormsClient;
  private readonly anonymised: AnonymisedRequesters;

  constructor(
    private readonly procedures: ProcedureUseCases,
    private readonly contexts: ProcedureContexts,
    private readonly forms: FormVersionsReadModel,
    private readonly refusals: StartRefusals,
    private readonly staffContacts: StaffContacts,
    private readonly store: ProcedureStore,
    @Inject(MONGO_DB) db: Db,
    @Inject(IDENTITY_SECRET) identitySecret: string,
    @Inject(PROCEDURES_CONFIG) config: Pick<ProceduresConfig, 'CONTACTS_INTERNAL_URL'>,
  ) {
    this.contactForms = new ContactFormsClient(config.CONTACTS_INTERNAL_URL, identitySecret);
    this.anonymised = new AnonymisedRequesters(db);
  }

  /**
   * A contact whose requester is staff (contacts' `requesterIsStaff`): remembered by its id, so that a procedure it
   * asks for (`ProcedureRequested`, written after it in the same write, same key: it arrives later) says so when
   * decided and no survey goes to an employee. Only staff contacts are kept: a small set.
   */
  @EventPattern(ContactRegisteredV1.type)
  async onContactRegistered(
    @Payload() event: CloudEvent<EventPayload<typeof ContactRegisteredV1>>,
  ): Promise<void> {
    if (event.data.requesterIsStaff) await this.staffContacts.mark(event.data.contactId);
  }

  /**
   * A contact asked to start a procedure: one procedure per event (its id derived from the event id, so a
   * redelivery finds it and creates nothing). The request was received: the term runs even when its form data
   * is invalid (`formCheck: invalid`, for the office to request integration). A request the rules refuse
   * (unknown or inactive type, malformed) is answered with `ProcedureStartRefused` to the case (issue 13).
   * The application form (`hasFormData`) is fetched from contacts now, unless the procedure exists already (a
   * redelivery); erased there (the requester was anonymised): refused, `form_data_erased`; contacts unreachable:
   * the error goes to the consumer, which retries the event without bound. Contacts failing (5xx, timeout) past
   * the consumer's last attempt, or answering what retrying cannot change (404, 409): refused,
   * `form_unavailable`, so the case is told instead of the request ending in the dead-letter topic.
   * Old records still carry `formData` itself.
   */
  @EventPattern(ProcedureRequestedV1.type)
  async onProcedureRequested(
    @Payload() event: CloudEvent<EventPayload<typeof ProcedureRequestedV1>>,
    @Ctx() consumer: UrpEventContext,
  ): Promise<void> {
    const d = event.data;
    const id = `prc_${createHash('sha256').update(event.id).digest('hex').slice(0, 32)}`;
    const operator: Actor = { sub: d.operatorId, roles: ['operator'] };
    const ctx = this.contexts.reaction(event, operator);
    let formData = d.formData;
    if (d.hasFormData && !formData && !(await this.store.get(id))) {
      let form: ContactForm;
      try {
        form = await this.contactForms.formOf(d.contactId, `avvio del procedimento ${id}`);
      } catch (e) {
        // contacts down: retried until it is back (nothing lost); failing: retried, then the case is told
        if (isInfrastructureError(e) || !(isNonRetryable(e) || consumer.lastAttempt)) throw e;
        this.logger.warn(`ProcedureRequested ${event.id}: form not handed over: ${(e as Error).message}`);
        return this.refuseStart(event, ctx, {
          code: 'form_unavailable',
          reason:
            'Il modulo di domanda non è stato ottenuto dal servizio contatti: il procedimento non è stato avviato e va richiesto di nuovo.',
        });
      }
      if (form.status === 'erased') {
        return this.refuseStart(event, ctx, {
          code: 'form_data_erased',
          reason:
            'I dati del modulo di domanda sono stati cancellati (anonimizzazione del richiedente) prima dell’avvio: il procedimento non è stato avviato.',
        });
      }
      formData = form.formData;
    }
    const r = await this.procedures.startRequested(
      {
        procedureTypeCode: d.procedureTypeCode,
        subject: d.subject,
        protocolNumber: d.protocolNumber,
        receivedAt: d.receivedAt,
        requesterId: d.requesterId,
        requesterIsStaff: staffFlagOf(d) || (await this.staffContacts.isStaff(d.contactId)),
        contactId: d.contactId,
        channel: d.channel,
        formId: d.formId,
        formVersion: d.formVersion,
        formData,
      },
      ctx,
      id,
    );
    if (r.ok) {
      // the requester was anonymised while this request was on its way: its form goes at once
      if (formData && d.requesterId && (await this.anonymised.has(d.requesterId)))
        await this.procedures.eraseFormDataOf(d.requesterId, [r.procedure.id], ctx);
      return;
    }
    // refused by the rules: the case is told (ProcedureStartRefused, kept with the refusal), never only a dead letter
    await this.refuseStart(event, ctx, r);
  }

  /** The start is refused: kept with its `ProcedureStartRefused` (the case is told), logged without content. */
  private async refuseStart(
    event: CloudEvent<EventPayload<typeof ProcedureRequestedV1>>,
    ctx: UseCaseContext,
    refusal: { code: StartRefusalCode; reason: string },
  ): Promise<void> {
    const d = event.data;
    const status = await this.refusals.refuse(
      {
        eventId: event.id,
        caseId: caseIdOf(d) ?? d.contactId,
        contactId: d.contactId,
        procedureTypeCode: d.procedureTypeCode,
      },
      refusal,
      ctx,
    );
    this.logger.warn(`ProcedureRequested ${event.id} refused (${refusal.code}): ${status}`);
  }

  /**
   * Contacts anonymised a requester (GDPR art. 17 or retention): the application form of each of their procedures
   * keeps its keys and loses its values (`eraseFormData`); the rest of the file holds no personal data (the
   * subject came scrubbed, the requester is a pseudonymous id). Idempotent: a redelivery writes nothing.
   */
  @EventPattern(RequesterAnonymisedV1.type)
  async onRequesterAnonymised(
    @Payload() event: CloudEvent<EventPayload<typeof RequesterAnonymisedV1>>,
  ): Promise<void> {
    const requesterId = event.data.requesterId;
    // the mark first, then the scan: a procedure written meanwhile is caught by one or the other
    await this.anonymised.mark(requesterId, event.data.anonymisedAt);
    const ids = await this.store.idsOfRequester(requesterId);
    const ctx = this.contexts.reaction(event, ANONYMISATION_ACTOR);
    const erased = await this.procedures.eraseFormDataOf(requesterId, ids, ctx);
    if (erased)
      this.logger.log(`RequesterAnonymised ${event.id}: form data erased on ${erased} procedure(s)`);
  }

  /** Campaigns delivered a notification about a procedure (agreement 4): shown on the procedure. */
  @EventPattern(NotificationDeliveredV1.type)
  async onNotificationDelivered(
    @Payload() event: CloudEvent<EventPayload<typeof NotificationDeliveredV1>>,
  ): Promise<void> {
    const d = event.data;
    const procedureId = procedureIdOf(d);
    if (!procedureId) return;
    const r = await this.procedures.recordDelivery(procedureId, {
      notificationId: d.notificationId,
      template: d.template,
      channel: d.channel,
      status: d.status,
      at: d.at,
      eventId: event.id,
    });
    this.logger.debug(`NotificationDelivered ${event.id} on ${procedureId}: ${r}`);
  }

  /** Campaigns could not deliver a notification about a procedure: the failure stays on the procedure. */
  @EventPattern(NotificationFailedV1.type)
  async onNotificationFailed(
    @Payload() event: CloudEvent<EventPayload<typeof NotificationFailedV1>>,
  ): Promise<void> {
    const d = event.data;
    const procedureId = procedureIdOf(d);
    if (!procedureId) return;
    const r = await this.procedures.recordDelivery(procedureId, {
      notificationId: d.notificationId,
      template: d.template,
      channel: d.channel,
      status: 'failed',
      code: d.code,
      outcome: d.outcome,
      at: d.failedAt,
      eventId: event.id,
    });
    this.logger.debug(`NotificationFailed ${event.id} on ${procedureId}: ${r}`);
  }

  @EventPattern(FormPublishedV1.type)
  async onFormPublished(@Payload() event: CloudEvent<EventPayload<typeof FormPublishedV1>>): Promise<void> {
    const d = event.data;
    const r = await this.forms.put({
      formId: d.formId,
      code: d.code,
      version: d.version,
      title: d.title,
      fields: d.fields,
      publishedAt: d.publishedAt,
    });
    this.logger.debug(`form ${d.formId}@${d.version}: ${r}`);
  }
}
