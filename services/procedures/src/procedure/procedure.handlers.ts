import { createHash } from 'node:crypto';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormPublishedV1, ProcedureRequestedV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { isDomainError, type Actor } from '@urp/kernel';
import { NonRetryableError, type UrpEventContext } from '@urp/messaging';
import { FormVersionsReadModel } from './form-versions.read-model';
import { ProcedureContexts } from './procedure.context';
import { ProcedureUseCases } from './procedure.use-cases';

/** Events this service consumes: requests from contacts, form versions from the knowledge base. */
@Controller()
export class ProcedureHandlers {
  private readonly logger = new Logger(ProcedureHandlers.name);

  constructor(
    private readonly procedures: ProcedureUseCases,
    private readonly contexts: ProcedureContexts,
    private readonly forms: FormVersionsReadModel,
  ) {}

  /**
   * A contact asked to start a procedure: one procedure per event (its id derived from the event id, so a
   * redelivery finds it and creates nothing). The request was received: the term runs even when its form data
   * is invalid (`formCheck: invalid`, for the office to request integration).
   */
  @EventPattern(ProcedureRequestedV1.type)
  async onProcedureRequested(
    @Payload() event: CloudEvent<EventPayload<typeof ProcedureRequestedV1>>,
    @Ctx() _ctx: UrpEventContext,
  ): Promise<void> {
    const d = event.data;
    const id = `prc_${createHash('sha256').update(event.id).digest('hex').slice(0, 32)}`;
    const operator: Actor = { sub: d.operatorId, roles: ['operator'] };
    try {
      await this.procedures.submit(
        {
          procedureTypeCode: d.procedureTypeCode,
          subject: d.subject,
          protocolNumber: d.protocolNumber,
          receivedAt: d.receivedAt,
          requesterId: d.requesterId,
          contactId: d.contactId,
          channel: d.channel,
          formId: d.formId,
          formVersion: d.formVersion,
          formData: d.formData,
        },
        this.contexts.reaction(event, operator),
        id,
      );
    } catch (e) {
      // an unknown type or a malformed request cannot be fixed by retrying: to the dead-letter topic, named
      if (isDomainError(e)) throw new NonRetryableError(`ProcedureRequested ${event.id}: ${e.message}`);
      throw e;
    }
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
