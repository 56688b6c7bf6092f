import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProcedureTypeChangedV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { SheetUseCases } from './sheet.use-cases';

/** Consistency with the law: a changed legal term flags the linked sheets that state another response time. */
@Controller()
export class SheetHandlers {
  private readonly logger = new Logger(SheetHandlers.name);
  constructor(private readonly sheets: SheetUseCases) {}

  @EventPattern(ProcedureTypeChangedV1.type)
  async onProcedureTypeChanged(@Payload() event: CloudEvent<EventPayload<typeof ProcedureTypeChangedV1>>) {
    const flagged = await this.sheets.onProcedureTypeChanged(event.data, event);
    if (flagged)
      this.logger.log(`${flagged} sheet(s) flagged: ${event.data.code} now ${event.data.legalTermDays} days`);
  }
}
