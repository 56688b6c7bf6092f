import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OfficeChangedV1, ReferentChangedV1, type CloudEvent, type EventPayload } from '@urp/contracts';
import { DirectoryStore } from './directory.store';

/** Keeps the local staff directory current from the knowledge base's events (idempotent: last change wins). */
@Controller()
export class DirectoryHandlers {
  private readonly logger = new Logger(DirectoryHandlers.name);

  constructor(private readonly directory: DirectoryStore) {}

  @EventPattern(OfficeChangedV1.type)
  async onOffice(@Payload() e: CloudEvent<EventPayload<typeof OfficeChangedV1>>): Promise<void> {
    const r = await this.directory.applyOfficeChanged(e.data);
    this.logger.debug(`office ${e.data.officeId}: ${r}`);
  }

  @EventPattern(ReferentChangedV1.type)
  async onReferent(@Payload() e: CloudEvent<EventPayload<typeof ReferentChangedV1>>): Promise<void> {
    const r = await this.directory.applyReferentChanged(e.data);
    this.logger.debug(`referent ${e.data.referentId}: ${r}`);
  }
}
