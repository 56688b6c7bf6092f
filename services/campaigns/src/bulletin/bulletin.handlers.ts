import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CaseClosedV1,
  CaseOpenedV1,
  CaseReopenedV1,
  CaseRoutedV1,
  DuplicateMarkedV1,
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
import { applyEvent, type Aggregate, type AggregateStore } from '@urp/kernel';
import { NotificationUseCases } from '../notification/notification.use-cases';
import { BulletinViews, type CaseView, type SheetView } from './bulletin.store';

/** Sets fields of a projection document (created with `initial` when new), once per event. */
function project<V extends Aggregate>(
  store: AggregateStore<V>,
  id: string,
  event: CloudEvent,
  change: (current: V | null) => V | null,
) {
  return applyEvent(store, id, event.id, (current) => {
    const state = change(current);
    return state ? { state, events: [] } : null;
  });
}

const newSheet = (id: string): SheetView => ({ id, revision: 0, title: id, officeIds: [] });
const newCase = (id: string): CaseView => ({ id, revision: 0, open: true });

/** Small projections for the digests; each is set by id, once per event. */
@Controller()
export class BulletinHandlers {
  constructor(
    private readonly views: BulletinViews,
    private readonly notifications: NotificationUseCases,
  ) {}

  @EventPattern(SheetPublishedV1.type)
  onPublished(@Payload() e: CloudEvent<EventPayload<typeof SheetPublishedV1>>) {
    return this.sheet(e);
  }

  @EventPattern(SheetUpdatedV1.type)
  onUpdated(@Payload() e: CloudEvent<EventPayload<typeof SheetUpdatedV1>>) {
    return this.sheet(e);
  }

  private sheet(e: CloudEvent<EventPayload<typeof SheetPublishedV1>>) {
    const d = e.data;
    return project(this.views.sheets, d.sheetId, e, (s) => ({
      ...(s ?? newSheet(d.sheetId)),
      title: d.title,
      slug: d.slug,
      officeIds: d.officeIds,
      ...(d.ownerReferentId ? { ownerReferentId: d.ownerReferentId } : {}),
      changedAt: new Date(d.publishedAt ?? e.time),
      reviewDueAt: new Date(d.reviewDueAt),
      retired: false,
    }));
  }

  /** Also the review notice to the sheet's owner (one handler per event type: the notification is queued here). */
  @EventPattern(SheetReviewDueV1.type)
  async onReviewDue(@Payload() e: CloudEvent<EventPayload<typeof SheetReviewDueV1>>) {
    const d = e.data;
    await this.notifications.fromSheetReviewDue(e);
    return project(this.views.sheets, d.sheetId, e, (s) => ({
      ...(s ?? newSheet(d.sheetId)),
      reviewDueAt: new Date(d.reviewDueAt),
      officeIds: d.officeIds,
      ...(d.ownerReferentId ? { ownerReferentId: d.ownerReferentId } : {}),
      ...(d.title ? { title: d.title } : {}),
    }));
  }

  @EventPattern(SheetExpiredV1.type)
  onExpired(@Payload() e: CloudEvent<EventPayload<typeof SheetExpiredV1>>) {
    return project(this.views.sheets, e.data.sheetId, e, (s) => s && { ...s, retired: true });
  }

  @EventPattern(SheetArchivedV1.type)
  onArchived(@Payload() e: CloudEvent<EventPayload<typeof SheetArchivedV1>>) {
    return project(this.views.sheets, e.data.sheetId, e, (s) => s && { ...s, retired: true });
  }

  /** Offices and referents: the shared directory projection (last change wins), with their e-mails. */
  @EventPattern(OfficeChangedV1.type)
  async onOffice(@Payload() e: CloudEvent<EventPayload<typeof OfficeChangedV1>>) {
    await this.views.directory.applyOfficeChanged(e.data);
  }

  @EventPattern(ReferentChangedV1.type)
  async onReferent(@Payload() e: CloudEvent<EventPayload<typeof ReferentChangedV1>>) {
    await this.views.directory.applyReferentChanged(e.data);
  }

  @EventPattern(CaseOpenedV1.type)
  async onCaseOpened(@Payload() e: CloudEvent<EventPayload<typeof CaseOpenedV1>>) {
    const d = e.data;
    // also the assignment notice of a case opened for a referent (one handler per event type)
    await this.notifications.fromCaseAssigned(e);
    return project(this.views.cases, d.caseId, e, (c) => ({
      ...(c ?? newCase(d.caseId)),
      protocolNumber: d.protocolNumber,
      officeId: d.officeId,
      referentId: d.referentId,
      dueAt: new Date(d.dueAt),
    }));
  }

  /**
   * Routed to an office, with a referent or none: the former referent no longer holds it (as in contacts). Also the
   * assignment notice to the referent, else the office (one handler per event type).
   */
  @EventPattern(CaseRoutedV1.type)
  async onCaseRouted(@Payload() e: CloudEvent<EventPayload<typeof CaseRoutedV1>>) {
    const d = e.data;
    await this.notifications.fromCaseAssigned(e);
    return project(this.views.cases, d.caseId, e, (c) => {
      const { referentId: _former, ...rest } = c ?? newCase(d.caseId);
      return { ...rest, officeId: d.officeId, ...(d.referentId ? { referentId: d.referentId } : {}) };
    });
  }

  @EventPattern(CaseClosedV1.type)
  onCaseClosed(@Payload() e: CloudEvent<EventPayload<typeof CaseClosedV1>>) {
    return project(this.views.cases, e.data.caseId, e, (c) => ({
      ...(c ?? newCase(e.data.caseId)),
      open: false,
      outcome: e.data.outcome,
      ...(e.data.forwardedTo ? { forwardedTo: e.data.forwardedTo } : {}),
    }));
  }

  /** A closed case reopened waits again (for its office, when the event names one). */
  @EventPattern(CaseReopenedV1.type)
  onCaseReopened(@Payload() e: CloudEvent<EventPayload<typeof CaseReopenedV1>>) {
    const d = e.data;
    return project(this.views.cases, d.caseId, e, (c) => ({
      ...(c ?? newCase(d.caseId)),
      ...(d.officeId ? { officeId: d.officeId } : {}),
      open: true,
    }));
  }

  /** A duplicate merged into its original waits for nobody (contacts closes nothing: its phase is `merged`). */
  @EventPattern(DuplicateMarkedV1.type)
  onDuplicateMarked(@Payload() e: CloudEvent<EventPayload<typeof DuplicateMarkedV1>>) {
    return project(this.views.cases, e.data.caseId, e, (c) => c && { ...c, open: false });
  }
}
