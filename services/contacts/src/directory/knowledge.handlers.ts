import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  OfficeChangedV1,
  ReferentChangedV1,
  ReplyTemplatePublishedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { DirectoryRepository } from './directory.repository';

/** Keeps the local directory current from the knowledge base's events (idempotent: last change wins). */
@Controller()
export class KnowledgeHandlers {
  constructor(private readonly directory: DirectoryRepository) {}

  @EventPattern(OfficeChangedV1.type)
  async onOffice(@Payload() e: CloudEvent<EventPayload<typeof OfficeChangedV1>>) {
    const d = e.data;
    await this.directory.put('office', d.officeId, new Date(d.changedAt), {
      code: d.code,
      name: d.name,
      active: d.active,
      ...(d.headReferentId ? { headReferentId: d.headReferentId } : {}),
    });
  }

  @EventPattern(ReferentChangedV1.type)
  async onReferent(@Payload() e: CloudEvent<EventPayload<typeof ReferentChangedV1>>) {
    const d = e.data;
    await this.directory.put('referent', d.referentId, new Date(d.changedAt), {
      name: d.name,
      officeId: d.officeId,
      active: d.active,
      ...(d.staffId ? { staffId: d.staffId } : {}),
    });
  }

  @EventPattern(ReplyTemplatePublishedV1.type)
  async onTemplate(@Payload() e: CloudEvent<EventPayload<typeof ReplyTemplatePublishedV1>>) {
    const d = e.data;
    if (d.kind === 'faq') return;
    await this.directory.put('template', d.templateId, new Date(d.publishedAt), {
      revision: d.revision,
      code: d.code,
      title: d.title,
      body: d.body,
      audience: d.audience,
      ...(d.caseStatus ? { caseStatus: d.caseStatus } : {}),
      ...(d.category ? { category: d.category } : {}),
    });
  }
}
