/**
 * Deadline warnings of procedures (`DeadlineApproaching`, `DeadlineMissed`) as a daily digest: the recipient (the
 * procedure's responsible referent, else the office) gets at most ONE e-mail per office, kind and day (Rome),
 * listing each procedure once by protocol number, type name and due date, the earliest due first. Before, each
 * warning was its own e-mail, and an office got 1,843 of them after a burst of timers.
 *
 * A warning is kept once (`id` per procedure, kind, due day and warning day: a re-published event collides) until a
 * digest reports it. A digest of a group goes out when the group has been quiet for `quietMs` (the clock's burst
 * has settled) or its oldest warning waited `maxWaitMs`; its id is deterministic (group + day), claimed before it
 * is queued, and the notification's id follows it, so the same digest is never queued twice. Pure rules.
 */
import type { Aggregate } from '@urp/kernel';
import { romeDay } from '../shared/italian-dates';

export type DeadlineKind = 'DeadlineApproaching' | 'DeadlineMissed';

/** One procedure as a digest lists it: codes and dates only. */
export interface DeadlineDigestItem {
  procedureId: string;
  protocolNumber?: string;
  typeName?: string;
  typeCode: string;
  /** The due date (an instant: the end of the due day in Rome). */
  dueAt: string;
}

/** A warning waiting for (or already in) a digest. */
export interface DeadlineWarning extends Aggregate, DeadlineDigestItem {
  kind: DeadlineKind;
  recipientType: 'referent' | 'office';
  recipientId: string;
  officeId?: string;
  receivedAt: Date;
  /** The digest that reported it (absent while it waits). */
  reportedIn?: string;
  reportedAt?: Date;
}

/** A digest claimed for a group and a day: what it lists, written before its notification is queued. */
export interface DeadlineDigest extends Aggregate {
  kind: DeadlineKind;
  recipientType: 'referent' | 'office';
  recipientId: string;
  officeId?: string;
  day: string;
  warningIds: string[];
  items: DeadlineDigestItem[];
  claimedAt: Date;
}

export interface DeadlineEventData {
  procedureId: string;
  procedureTypeCode: string;
  procedureTypeName?: string;
  protocolNumber?: string;
  dueAt: string;
  daysBefore?: number;
  responsibleId?: string;
  officeId?: string;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '-');

/**
 * A warning's id: the same warning published twice (the outbox's at-least-once, two timers) is one; a missed
 * deadline once per due day, an approaching one once per due day and warning day (7 and 2 days before are two).
 */
export const warningIdFor = (kind: DeadlineKind, d: DeadlineEventData): string =>
  `dlw_${kind === 'DeadlineMissed' ? 'missed' : `approaching_${d.daysBefore ?? 0}`}_${d.procedureId}_${romeDay(new Date(d.dueAt))}`;

/** The warning an event asks for: to the responsible referent, else to the office. */
export function warningFrom(kind: DeadlineKind, d: DeadlineEventData, receivedAt: Date): DeadlineWarning {
  return {
    id: warningIdFor(kind, d),
    revision: 0,
    kind,
    ...(d.responsibleId
      ? { recipientType: 'referent' as const, recipientId: d.responsibleId }
      : { recipientType: 'office' as const, recipientId: d.officeId ?? 'none' }),
    ...(d.officeId ? { officeId: d.officeId } : {}),
    procedureId: d.procedureId,
    ...(d.protocolNumber ? { protocolNumber: d.protocolNumber } : {}),
    ...(d.procedureTypeName ? { typeName: d.procedureTypeName } : {}),
    typeCode: d.procedureTypeCode,
    dueAt: d.dueAt,
    receivedAt,
  };
}

/** Who gets one digest a day: the recipient, the office and the kind. */
export const groupKey = (w: Pick<DeadlineWarning, 'kind' | 'recipientType' | 'recipientId' | 'officeId'>) =>
  `${w.kind}|${w.recipientType}|${w.recipientId}|${w.officeId ?? ''}`;

/** The digest of a group on a day (Rome): at most one. */
export const digestIdFor = (
  w: Pick<DeadlineWarning, 'kind' | 'recipientType' | 'recipientId' | 'officeId'>,
  day: string,
): string =>
  `dld_${w.kind === 'DeadlineMissed' ? 'missed' : 'approaching'}_${w.recipientType}_${safe(w.recipientId)}_${safe(w.officeId ?? '-')}_${day}`;

/** The waiting warnings by group (insertion order of their first warning). */
export function groupWarnings(warnings: readonly DeadlineWarning[]): DeadlineWarning[][] {
  const groups = new Map<string, DeadlineWarning[]>();
  for (const w of warnings) {
    if (w.reportedIn) continue;
    const k = groupKey(w);
    const g = groups.get(k);
    if (g) g.push(w);
    else groups.set(k, [w]);
  }
  return [...groups.values()];
}

/** A group's digest is due when the group has been quiet for `quietMs`, or its oldest warning waited `maxWaitMs`. */
export function digestDue(
  group: readonly Pick<DeadlineWarning, 'receivedAt'>[],
  now: Date,
  o: { quietMs: number; maxWaitMs: number },
): boolean {
  if (!group.length) return false;
  const times = group.map((w) => w.receivedAt.getTime());
  return now.getTime() - Math.max(...times) >= o.quietMs || now.getTime() - Math.min(...times) >= o.maxWaitMs;
}

const byDueThenNumber = (a: DeadlineDigestItem, b: DeadlineDigestItem) =>
  Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
  (a.protocolNumber ?? '').localeCompare(b.protocolNumber ?? '') ||
  a.procedureId.localeCompare(b.procedureId);

/**
 * What a digest lists: each procedure once (its latest warning: a re-dated deadline replaces the former one),
 * the earliest due date first, then by protocol number.
 */
export function digestItems(group: readonly DeadlineWarning[]): DeadlineDigestItem[] {
  const latest = new Map<string, DeadlineWarning>();
  for (const w of group) {
    const held = latest.get(w.procedureId);
    if (!held || w.receivedAt.getTime() >= held.receivedAt.getTime()) latest.set(w.procedureId, w);
  }
  return [...latest.values()]
    .map((w) => ({
      procedureId: w.procedureId,
      ...(w.protocolNumber ? { protocolNumber: w.protocolNumber } : {}),
      ...(w.typeName ? { typeName: w.typeName } : {}),
      typeCode: w.typeCode,
      dueAt: w.dueAt,
    }))
    .sort(byDueThenNumber);
}

/** The digest claimed for a group on a day (its warnings and what it lists). */
export function claimDigest(group: readonly DeadlineWarning[], day: string, now: Date): DeadlineDigest {
  const [first] = group;
  return {
    id: digestIdFor(first, day),
    revision: 0,
    kind: first.kind,
    recipientType: first.recipientType,
    recipientId: first.recipientId,
    ...(first.officeId ? { officeId: first.officeId } : {}),
    day,
    warningIds: group.map((w) => w.id),
    items: digestItems(group),
    claimedAt: now,
  };
}
