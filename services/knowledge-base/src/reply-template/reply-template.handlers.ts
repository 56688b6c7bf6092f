import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { FaqProposedV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { ReplyTemplateUseCases } from './reply-template.use-cases';

/** From answered case to article: a FAQ proposed by the front office arrives as a draft for the back office. */
@Controller()
export class ReplyTemplateHandlers {
  constructor(private readonly templates: ReplyTemplateUseCases) {}

  @EventPattern(FaqProposedV1.type)
  async onFaqProposed(@Payload() event: CloudEvent<EventPayload<typeof FaqProposedV1>>) {
    await this.templates.onFaqProposed(event.data, event);
  }
}
