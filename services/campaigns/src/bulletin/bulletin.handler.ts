import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CaseClosedV1,
  CaseOpenedV1,
  CaseRoutedV1,
  OfficeChangedV1,
  ReferentChangedV1,
  SheetArchivedV1,
  SheetExpiredV1,
  SheetPublishedV1,
  SheetReviewDueV1,
  SheetUpdatedV1,
  type CloudEvent,
  type EventPayload,
} from '@urp/contracts';
import { BulletinService } from './bulletin.service';

/** Small projections for the digests; each write sets state by id, so a redelivery changes nothing. */
@Controller()
export class BulletinProjectionHandler {
  constructor(private readonly bulletins: BulletinService) {}

  @EventPattern(SheetPublishedV1.type)
  onPublished(@Payload() e: CloudEvent<EventPayload<typeof SheetPublishedV1>>) {
    return this.sheet(e.data, e.time);
  }

  @EventPattern(SheetUpdatedV1.type)
  onUpdated(@Payload() e: CloudEvent<EventPayload<typeof SheetUpdatedV1>>) {
    return this.sheet(e.data, e.time);
  }

  private async sheet(d: EventPayload<typeof SheetPublishedV1>, time: string) {
    await this.bulletins.sheets().updateOne(
      { _id: d.sheetId },
      {
        $set: {
          title: d.title,
          slug: d.slug,
          officeIds: d.officeIds,
          ...(d.ownerReferentId ? { ownerReferentId: d.ownerReferentId } : {}),
          changedAt: new Date(d.publishedAt ?? time),
          reviewDueAt: new Date(d.reviewDueAt),
          retired: false,
        },
      },
      { upsert: true },
    );
  }

  @EventPattern(SheetReviewDueV1.type)
  async onReviewDue(@Payload() e: CloudEvent<EventPayload<typeof SheetReviewDueV1>>) {
    await this.bulletins.sheets().updateOne(
      { _id: e.data.sheetId },
      {
        $set: {
          reviewDueAt: new Date(e.data.reviewDueAt),
          officeIds: e.data.officeIds,
          ...(e.data.ownerReferentId ? { ownerReferentId: e.data.ownerReferentId } : {}),
          ...(e.data.title ? { title: e.data.title } : {}),
        },
        $setOnInsert: e.data.title ? {} : { title: e.data.sheetId },
      },
      { upsert: true },
    );
  }

  @EventPattern(SheetExpiredV1.type)
  async onExpired(@Payload() e: CloudEvent<{ sheetId: string }>) {
    await this.bulletins.sheets().updateOne({ _id: e.data.sheetId }, { $set: { retired: true } });
  }

  @EventPattern(SheetArchivedV1.type)
  async onArchived(@Payload() e: CloudEvent<{ sheetId: string }>) {
    await this.bulletins.sheets().updateOne({ _id: e.data.sheetId }, { $set: { retired: true } });
  }

  @EventPattern(OfficeChangedV1.type)
  async onOffice(@Payload() e: CloudEvent<EventPayload<typeof OfficeChangedV1>>) {
    const d = e.data;
    await this.bulletins
      .offices()
      .updateOne(
        { _id: d.officeId },
        { $set: { name: d.name, code: d.code, email: d.email, active: d.active } },
        { upsert: true },
      );
  }

  @EventPattern(ReferentChangedV1.type)
  async onReferent(@Payload() e: CloudEvent<EventPayload<typeof ReferentChangedV1>>) {
    const d = e.data;
    await this.bulletins
      .referents()
      .updateOne(
        { _id: d.referentId },
        { $set: { name: d.name, email: d.email, officeId: d.officeId, active: d.active } },
        { upsert: true },
      );
  }

  @EventPattern(CaseOpenedV1.type)
  async onCaseOpened(@Payload() e: CloudEvent<EventPayload<typeof CaseOpenedV1>>) {
    const d = e.data;
    await this.bulletins.cases().updateOne(
      { _id: d.caseId },
      {
        $set: { officeId: d.officeId, referentId: d.referentId, dueAt: new Date(d.dueAt) },
        $setOnInsert: { open: true },
      },
      { upsert: true },
    );
  }

  @EventPattern(CaseRoutedV1.type)
  async onCaseRouted(@Payload() e: CloudEvent<EventPayload<typeof CaseRoutedV1>>) {
    await this.bulletins.cases().updateOne(
      { _id: e.data.caseId },
      {
        $set: {
          officeId: e.data.officeId,
          ...(e.data.referentId ? { referentId: e.data.referentId } : {}),
        },
      },
      { upsert: true },
    );
  }

  @EventPattern(CaseClosedV1.type)
  async onCaseClosed(@Payload() e: CloudEvent<EventPayload<typeof CaseClosedV1>>) {
    await this.bulletins
      .cases()
      .updateOne({ _id: e.data.caseId }, { $set: { open: false } }, { upsert: true });
  }
}
