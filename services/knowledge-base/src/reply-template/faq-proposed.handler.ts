import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { FaqProposedV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { ReplyTemplateService } from './reply-template.service';

/** From answered case to article: a FAQ proposed by the front office arrives as a draft for the back office. */
@Controller()
export class FaqProposedHandler {
  constructor(private readonly templates: ReplyTemplateService) {}

  @EventPattern(FaqProposedV1.type)
  async on(@Payload() event: CloudEvent<EventPayload<typeof FaqProposedV1>>) {
    await this.templates.draftFromProposal(event.data);
  }
}
