import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  OfficeChangedV1,
  ProcedureTypeChangedV1,
  SheetPublishedV1,
  SheetUpdatedV1,
  ReferentChangedV1,
  ReplyTemplatePublishedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { DirectoryStore } from './directory.store';

/** Keeps the local directory current from the knowledge base's events (idempotent: last change wins). */
@Controller()
export class KnowledgeHandlers {
  constructor(private readonly directory: DirectoryStore) {}

  @EventPattern(OfficeChangedV1.type)
  async onOffice(@Payload() e: CloudEvent<EventPayload<typeof OfficeChangedV1>>) {
    await this.directory.applyOfficeChanged(e.data);
  }

  @EventPattern(ReferentChangedV1.type)
  async onReferent(@Payload() e: CloudEvent<EventPayload<typeof ReferentChangedV1>>) {
    await this.directory.applyReferentChanged(e.data);
  }

  /** Procedures' catalogue: a procedure start names a known, active type (checked at the desk). */
  @EventPattern(ProcedureTypeChangedV1.type)
  async onProcedureType(@Payload() e: CloudEvent<EventPayload<typeof ProcedureTypeChangedV1>>) {
    const d = e.data;
    await this.directory.put(
      'procedureType',
      {
        id: d.procedureTypeId,
        code: d.code,
        active: d.active !== false,
        ...(d.officeId ? { officeId: d.officeId } : {}),
      },
      new Date(d.changedAt),
    );
  }

  /** The sheets a contact may cite (`sheetIds`), by id or slug. */
  @EventPattern(SheetPublishedV1.type)
  async onSheetPublished(@Payload() e: CloudEvent<EventPayload<typeof SheetPublishedV1>>) {
    await this.putSheet(e.data);
  }

  @EventPattern(SheetUpdatedV1.type)
  async onSheetUpdated(@Payload() e: CloudEvent<EventPayload<typeof SheetUpdatedV1>>) {
    await this.putSheet(e.data);
  }

  private putSheet(d: EventPayload<typeof SheetPublishedV1>) {
    return this.directory.put(
      'sheet',
      { id: d.sheetId, slug: d.slug, category: d.category },
      new Date(d.publishedAt),
    );
  }

  @EventPattern(ReplyTemplatePublishedV1.type)
  async onTemplate(@Payload() e: CloudEvent<EventPayload<typeof ReplyTemplatePublishedV1>>) {
    const d = e.data;
    if (d.kind === 'faq') return;
    await this.directory.put(
      'template',
      {
        id: d.templateId,
        revision: d.revision,
        code: d.code,
        title: d.title,
        body: d.body,
        audience: d.audience,
        ...(d.caseStatus ? { caseStatus: d.caseStatus } : {}),
        ...(d.category ? { category: d.category } : {}),
      },
      new Date(d.publishedAt),
    );
  }
}
