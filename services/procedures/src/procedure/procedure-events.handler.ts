import { createHash } from 'node:crypto';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  causedBy,
  FormPublishedV1,
  ProcedureRequestedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { NonRetryableError, type UrpEventContext } from '@urp/messaging';
import { FormVersionRepository } from '../repositories';
import { RuleViolation } from './procedure.rules';
import { ProcedureService } from './procedure.service';

/** Events this service consumes: requests from contacts, form versions from the knowledge base. */
@Controller()
export class ProcedureEventsHandler {
  private readonly logger = new Logger(ProcedureEventsHandler.name);
  constructor(
    private readonly service: ProcedureService,
    private readonly forms: FormVersionRepository,
  ) {}

  /** A contact asked to start a procedure: one procedure per event (id derived from the event id). */
  @EventPattern(ProcedureRequestedV1.type)
  async onProcedureRequested(
    @Payload() event: CloudEvent<EventPayload<typeof ProcedureRequestedV1>>,
    @Ctx() _ctx: UrpEventContext,
  ) {
    const d = event.data;
    const id = `prc_${createHash('sha256').update(event.id).digest('hex').slice(0, 32)}`;
    try {
      await this.service.submit(
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
        d.operatorId,
        causedBy(event, '/urp/procedures'),
        id,
      );
    } catch (e) {
      // an unknown type or a malformed request cannot be fixed by retrying: to the dead-letter topic, named
      if (e instanceof RuleViolation)
        throw new NonRetryableError(`ProcedureRequested ${event.id}: ${e.message}`);
      throw e;
    }
  }

  @EventPattern(FormPublishedV1.type)
  async onFormPublished(@Payload() event: CloudEvent<EventPayload<typeof FormPublishedV1>>) {
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
