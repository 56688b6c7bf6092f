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
    const d = e.data;
    const r = await this.directory.put(
      'office',
      { id: d.officeId, code: d.code, name: d.name, active: d.active },
      new Date(d.changedAt),
    );
    this.logger.debug(`office ${d.officeId}: ${r}`);
  }

  @EventPattern(ReferentChangedV1.type)
  async onReferent(@Payload() e: CloudEvent<EventPayload<typeof ReferentChangedV1>>): Promise<void> {
    const d = e.data;
    const r = await this.directory.put(
      'referent',
      {
        id: d.referentId,
        name: d.name,
        officeId: d.officeId,
        active: d.active,
        ...(d.staffId ? { staffId: d.staffId } : {}),
      },
      new Date(d.changedAt),
    );
    this.logger.debug(`referent ${d.referentId}: ${r}`);
  }
}
