/**
 * The indicators an URP reports, as a projection of the event topics (pure: no framework, no database).
 *
 * State is a set of additive counters and duration histograms keyed by their dimensions
 * (`<indicator>|<month>|<dimension…>`), plus the few entities a join needs (open cases, service sheets).
 * Counters are commutative, per-aggregate events come in order on one partition, and nothing here reads
 * the clock: replaying the same topics into an empty projection gives the same state (and checksum),
 * whatever the interleaving of partitions. What depends on "now" (overdue, sheets past review) is
 * computed at query time.
 */
import { createHash } from 'node:crypto';
import type { CloudEvent } from '@urp/contracts';
import { romeDay, romeMonth } from './rome-time';

const HOUR = 3_600_000;
/** How many recent event ids the projection remembers (a republished event comes within a few hundred). */
const RECENT_WINDOW = 5000;

/** The event types the indicators are built from (CloudEvents `ce_type`). */
export const T = {
  ContactRegistered: 'it.urp.contacts.ContactRegistered.v1',
  ContactClosed: 'it.urp.contacts.ContactClosed.v1',
  CaseOpened: 'it.urp.contacts.CaseOpened.v1',
  CaseRouted: 'it.urp.contacts.CaseRouted.v1',
  CaseSuspended: 'it.urp.contacts.CaseSuspended.v1',
  CaseResumed: 'it.urp.contacts.CaseResumed.v1',
  CaseAnswered: 'it.urp.contacts.CaseAnswered.v1',
  CaseClosed: 'it.urp.contacts.CaseClosed.v1',
  CaseReopened: 'it.urp.contacts.CaseReopened.v1',
  ReminderDue: 'it.urp.contacts.ReminderDue.v1',
  ProcedureSubmitted: 'it.urp.procedures.ProcedureSubmitted.v1',
  ProcedureDecided: 'it.urp.procedures.ProcedureDecided.v1',
  ReviewRequested: 'it.urp.procedures.ReviewRequested.v1',
  DeadlineMissed: 'it.urp.procedures.DeadlineMissed.v1',
  SheetPublished: 'it.urp.knowledge-base.SheetPublished.v1',
  SheetUpdated: 'it.urp.knowledge-base.SheetUpdated.v1',
  SheetExpired: 'it.urp.knowledge-base.SheetExpired.v1',
  SheetArchived: 'it.urp.knowledge-base.SheetArchived.v1',
  ClarityFeedbackReceived: 'it.urp.knowledge-base.ClarityFeedbackReceived.v1',
  SurveyInvitationIssued: 'it.urp.satisfaction.SurveyInvitationIssued.v1',
  SurveyAnswered: 'it.urp.satisfaction.SurveyAnswered.v1',
  SurveyExpired: 'it.urp.satisfaction.SurveyExpired.v1',
} as const;

/** The topics the projection reads (everything it needs, nothing else). */
export const INDICATOR_TOPICS = [
  'urp.contacts.contact.v1',
  'urp.contacts.case.v1',
  'urp.procedures.procedure.v1',
  'urp.knowledge-base.sheet.v1',
  'urp.knowledge-base.feedback.v1',
  'urp.satisfaction.survey.v1',
];

/** Access-register kinds (D.Lgs 33/2013 art. 5 and L. 241/1990 artt. 22-25). */
export const ACCESS_KINDS = new Set([
  'document_access',
  'simple_civic_access',
  'generalised_civic_access',
  'review_request',
]);

/** The satisfaction figures kept per dimension combination, as one vector (one entry per measure). */
export const SV_MEASURES = [
  'issued',
  'answered',
  'expired',
  'judged',
  'e_satisfied',
  'e_neutral',
  'e_dissatisfied',
  'r_waiting_time',
  'r_courtesy',
  'r_clarity',
  'r_outcome',
  'r_need_to_come_back',
  'stars_n',
  'stars_sum',
  's1',
  's2',
  's3',
  's4',
  's5',
  'csat_n',
  'csat_sum',
  'nps_n',
  'nps_prom',
  'nps_det',
] as const;
export type SvMeasure = (typeof SV_MEASURES)[number];
export const SV = Object.fromEntries(SV_MEASURES.map((m, i) => [m, i])) as Record<SvMeasure, number>;

export interface OpenCase {
  openedAt: string;
  dueAt?: string;
  officeId: string;
  referentId: string;
  contactType: string;
  suspended: boolean;
  suspendedDays: number;
  answered: boolean;
}

export interface SheetInfo {
  slug: string;
  title: string;
  officeIds: string[];
  reviewDueAt: string;
  active: boolean;
}

export interface ProjectionSnapshot {
  version: 1;
  counters: [string, number][];
  hists: [string, [number, number][]][];
  /** Satisfaction vectors by `month|trigger|service|office|channel` (measures in SV_MEASURES order). */
  satisfaction?: [string, number[]][];
  openCases: [string, OpenCase][];
  sheets: [string, SheetInfo][];
  offsets: [string, string][];
  recentIds: string[];
  eventsApplied: number;
  lastEventTime?: string;
}

/** A dimension value safe inside a composite key; a missing one is `-`. */
export const dim = (v: unknown): string =>
  v === undefined || v === null || v === '' ? '-' : String(v).replace(/\|/g, '/');

/** Whole hours, rounded up (a case closed in 10 minutes took one started hour), never negative. */
const hoursBetween = (from: string, to: string, minusDays = 0): number =>
  Math.max(0, Math.ceil((Date.parse(to) - Date.parse(from)) / HOUR) - minusDays * 24);

type Data = Record<string, any>;

export class IndicatorProjection {
  /** Counters grouped by indicator prefix (`ct`, `sv`, …): a query reads only its own. */
  readonly counters = new Map<string, Map<string, number>>();
  /** Bumped by every applied event: query results are cached per version. */
  version = 0;
  readonly hists = new Map<string, Map<number, number>>();
  /** Satisfaction per `month|trigger|service|office|channel`: a vector of SV_MEASURES (few keys to scan). */
  readonly satisfactionVectors = new Map<string, number[]>();
  readonly openCases = new Map<string, OpenCase>();
  readonly sheets = new Map<string, SheetInfo>();
  /** `topic|partition` → the next offset to read. */
  readonly offsets = new Map<string, string>();
  /** Ids of recently applied events: a republished event (at-least-once relay) counts once. */
  private readonly recent = new Set<string>();
  /** Ring buffer of the same ids, oldest evicted first. */
  private readonly recentRing: (string | undefined)[] = new Array(RECENT_WINDOW);
  private recentNext = 0;
  /** Split dimension keys, per counter group (queries split each key once, not on every query). */
  private readonly parts = new Map<string, Map<string, string[]>>();
  private checksumCache?: { version: number; value: string };

  eventsApplied = 0;
  lastEventTime?: string;
  /** Satisfaction scopes whose figures changed since the last call of `takeTouchedScopes` (alerts). */
  private touched = new Map<string, string>();

  inc(key: string, by = 1): void {
    const cut = key.indexOf('|');
    const prefix = key.slice(0, cut);
    let group = this.counters.get(prefix);
    if (!group) this.counters.set(prefix, (group = new Map()));
    const rest = key.slice(cut + 1);
    group.set(rest, (group.get(rest) ?? 0) + by);
  }

  count(key: string): number {
    const cut = key.indexOf('|');
    return this.counters.get(key.slice(0, cut))?.get(key.slice(cut + 1)) ?? 0;
  }

  /** The counters of one indicator, keyed by their dimensions (`<month>|<dim>…`). */
  group(prefix: string): Map<string, number> {
    return this.counters.get(prefix) ?? new Map();
  }

  private flatCounters(): [string, number][] {
    const out: [string, number][] = [];
    for (const [prefix, group] of this.counters)
      for (const [rest, v] of group) out.push([`${prefix}|${rest}`, v]);
    return out;
  }

  private observe(key: string, value: number): void {
    let h = this.hists.get(key);
    if (!h) this.hists.set(key, (h = new Map()));
    h.set(value, (h.get(value) ?? 0) + 1);
  }

  /** Records the position after a consumed message (saved with the state: exactly-once effect on restart). */
  markOffset(topic: string, partition: number, offset: string): void {
    this.offsets.set(`${topic}|${partition}`, (BigInt(offset) + 1n).toString());
  }

  /** Whether this projection reads events of this type. */
  handles(type: string): boolean {
    return type in this.handlers;
  }

  /** Applies one event; returns false when it is ignored (not an indicator event, or already applied). */
  apply(event: CloudEvent): boolean {
    const handler = this.handlers[event.type];
    if (!handler) return false;
    if (this.recent.has(event.id)) return false;
    this.remember(event.id);
    handler(event.data as Data);
    this.eventsApplied++;
    this.version++;
    if (!this.lastEventTime || event.time > this.lastEventTime) this.lastEventTime = event.time;
    return true;
  }

  private remember(id: string): void {
    const evicted = this.recentRing[this.recentNext];
    if (evicted !== undefined) this.recent.delete(evicted);
    this.recentRing[this.recentNext] = id;
    this.recent.add(id);
    this.recentNext = (this.recentNext + 1) % RECENT_WINDOW;
  }

  /** The ids in the dedup window, oldest first. */
  private recentIds(): string[] {
    const out: string[] = [];
    for (let i = 0; i < RECENT_WINDOW; i++) {
      const id = this.recentRing[(this.recentNext + i) % RECENT_WINDOW];
      if (id !== undefined) out.push(id);
    }
    return out;
  }

  /** The counters of one indicator as `[dimensions, value]`, the key split once and remembered. */
  *rows(prefix: string): Generator<[string[], number]> {
    const group = this.counters.get(prefix);
    if (!group) return;
    let cache = this.parts.get(prefix);
    if (!cache) this.parts.set(prefix, (cache = new Map()));
    for (const [k, v] of group) {
      let p = cache.get(k);
      if (!p) cache.set(k, (p = k.split('|')));
      yield [p, v];
    }
  }

  /** The duration histograms as `[key parts, histogram]`. */
  *histRows(): Generator<[string[], Map<number, number>]> {
    let cache = this.parts.get('#hists');
    if (!cache) this.parts.set('#hists', (cache = new Map()));
    for (const [k, h] of this.hists) {
      let p = cache.get(k);
      if (!p) cache.set(k, (p = k.split('|')));
      yield [p, h];
    }
  }

  /** Satisfaction scopes (`service|id`, `office|id`, `channel|id`) touched since the last call, with the day. */
  takeTouchedScopes(): Map<string, string> {
    const t = this.touched;
    this.touched = new Map();
    return t;
  }

  private readonly handlers: Record<string, (d: Data) => void> = {
    [T.ContactRegistered]: (d) => {
      const month = romeMonth(d.registeredAt);
      this.inc(`ct|${month}|${dim(d.channel)}|${dim(d.contactType)}`);
      if (d.contactType === 'complaint') this.inc(`cc|${month}|${dim(d.category?.level1)}`);
      for (const sheetId of new Set<string>(d.sheetIds ?? [])) this.inc(`su|${dim(sheetId)}`);
    },
    [T.ContactClosed]: (d) => {
      const base = `fcr|${romeMonth(d.closedAt)}|${dim(d.channel)}`;
      this.inc(`${base}|closed`);
      if (d.resolvedAtFirstContact) this.inc(`${base}|first`);
    },
    [T.CaseOpened]: (d) => {
      this.openCases.set(d.caseId, {
        openedAt: d.openedAt,
        dueAt: d.dueAt,
        officeId: dim(d.officeId),
        referentId: dim(d.referentId),
        contactType: dim(d.contactType),
        suspended: false,
        suspendedDays: 0,
        answered: false,
      });
    },
    [T.CaseRouted]: (d) => {
      const c = this.openCases.get(d.caseId);
      if (c) {
        c.officeId = dim(d.officeId);
        c.referentId = dim(d.referentId);
      }
    },
    [T.CaseSuspended]: (d) => {
      const c = this.openCases.get(d.caseId);
      if (c) c.suspended = true;
    },
    [T.CaseResumed]: (d) => {
      const c = this.openCases.get(d.caseId);
      if (c) {
        c.suspended = false;
        c.suspendedDays = d.suspendedDays;
        c.dueAt = d.dueAt;
      }
    },
    [T.CaseAnswered]: (d) => {
      const c = this.openCases.get(d.caseId);
      if (!c || !d.firstResponse || c.answered) return;
      c.answered = true;
      // net of the suspensions so far (L. 241/1990 art. 2 c.7: the term does not run while suspended)
      const hours = hoursBetween(c.openedAt, d.answeredAt, c.suspendedDays);
      this.observe(`fr|${romeMonth(d.answeredAt)}|${dim(d.officeId ?? c.officeId)}`, hours);
      this.inc(`frn|${romeMonth(d.answeredAt)}|${dim(d.officeId ?? c.officeId)}`);
    },
    [T.CaseClosed]: (d) => {
      const month = romeMonth(d.closedAt);
      const key = `cl|${month}|${dim(d.officeId)}|${dim(d.contactType)}`;
      this.inc(`${key}|n`);
      if (d.withinTerm) this.inc(`${key}|within`);
      this.observe(key, hoursBetween(d.openedAt, d.closedAt, d.suspendedDays));
      this.inc(`clo|${month}|${dim(d.outcome)}`);
      this.openCases.delete(d.caseId);
    },
    [T.CaseReopened]: (d) => {
      this.openCases.set(d.caseId, {
        openedAt: d.reopenedAt,
        officeId: dim(d.officeId),
        referentId: '-',
        contactType: '-',
        suspended: false,
        suspendedDays: 0,
        answered: true,
      });
      this.inc(`reo|${romeMonth(d.reopenedAt)}`);
    },
    [T.ReminderDue]: (d) => {
      this.inc(`rem|${romeMonth(d.firedAt)}|${dim(d.officeId)}|${dim(d.kind)}`);
    },
    [T.ProcedureSubmitted]: (d) => {
      this.inc(`ps|${romeMonth(d.submittedAt)}|${dim(d.kind)}`);
    },
    [T.ProcedureDecided]: (d) => {
      const month = romeMonth(d.decidedAt);
      const key = `pd|${month}|${dim(d.kind)}|${dim(d.procedureTypeCode)}|${dim(d.officeId)}`;
      this.inc(`${key}|n`);
      if (d.withinTerm) this.inc(`${key}|within`);
      this.observe(key, hoursBetween(d.submittedAt, d.decidedAt, d.suspendedDays));
      this.inc(`pdo|${month}|${dim(d.kind)}|${dim(d.outcome)}`);
    },
    [T.ReviewRequested]: (d) => {
      this.inc(`pr|${romeMonth(d.requestedAt)}|${dim(d.kind)}`);
    },
    [T.DeadlineMissed]: (d) => {
      this.inc(`pm|${romeMonth(d.missedAt)}|${dim(d.kind)}`);
    },
    [T.SheetPublished]: (d) => this.setSheet(d, true),
    [T.SheetUpdated]: (d) => this.setSheet(d, true),
    [T.SheetExpired]: (d) => {
      const s = this.sheets.get(d.sheetId);
      if (s) s.active = false;
    },
    [T.SheetArchived]: (d) => {
      const s = this.sheets.get(d.sheetId);
      if (s) s.active = false;
    },
    [T.ClarityFeedbackReceived]: (d) => {
      this.inc(`sf|${dim(d.sheetId)}|${d.clear ? 'clear' : 'unclear'}`);
      if (d.reason) this.inc(`sfr|${dim(d.sheetId)}|${dim(d.reason)}`);
    },
    [T.SurveyInvitationIssued]: (d) => {
      this.sv(d, d.issuedAt)[SV.issued]++;
    },
    [T.SurveyExpired]: (d) => {
      // counted in the month the invitation was issued: the response rate compares like with like
      this.sv(d, d.issuedAt)[SV.expired]++;
    },
    [T.SurveyAnswered]: (d) => {
      this.sv(d, d.issuedAt)[SV.answered]++;
      // the judgement belongs to the month it was given
      const v = this.sv(d, d.answeredAt);
      v[SV.judged]++;
      if (d.emoticon) v[SV[`e_${d.emoticon}` as SvMeasure]]++;
      for (const r of d.reasons ?? []) {
        const i = SV[`r_${r}` as SvMeasure];
        if (i !== undefined) v[i]++;
      }
      if (d.stars !== undefined) {
        v[SV.stars_n]++;
        v[SV.stars_sum] += d.stars;
        v[SV[`s${d.stars}` as SvMeasure]]++;
      }
      if (d.csat !== undefined) {
        v[SV.csat_n]++;
        v[SV.csat_sum] += d.csat;
      }
      if (d.nps !== undefined) {
        v[SV.nps_n]++;
        if (d.nps >= 9) v[SV.nps_prom]++;
        else if (d.nps <= 6) v[SV.nps_det]++;
      }
      // daily figures per scope, for the alert windows
      const day = romeDay(d.answeredAt);
      for (const [scope, id] of [
        ['service', d.serviceCode],
        ['office', d.officeId],
        ['channel', d.channel],
      ] as const) {
        if (!id) continue;
        const k = `sd|${day}|${scope}|${dim(id)}`;
        if (d.emoticon) {
          this.inc(`${k}|e_n`);
          this.inc(`${k}|e_${d.emoticon}`);
        }
        if (d.stars !== undefined) {
          this.inc(`${k}|stars_n`);
          this.inc(`${k}|stars_sum`, d.stars);
        }
        const scopeKey = `${scope}|${dim(id)}`;
        const prev = this.touched.get(scopeKey);
        if (!prev || day > prev) this.touched.set(scopeKey, day);
      }
    },
  };

  private sv(d: Data, at: string): number[] {
    const key = `${romeMonth(at)}|${dim(d.trigger)}|${dim(d.serviceCode)}|${dim(d.officeId)}|${dim(d.channel)}`;
    let v = this.satisfactionVectors.get(key);
    if (!v) this.satisfactionVectors.set(key, (v = new Array<number>(SV_MEASURES.length).fill(0)));
    return v;
  }

  /** The satisfaction vectors as `[month, trigger, service, office, channel]`, vector. */
  *satisfactionRows(): Generator<[string[], number[]]> {
    let cache = this.parts.get('#sv');
    if (!cache) this.parts.set('#sv', (cache = new Map()));
    for (const [k, v] of this.satisfactionVectors) {
      let p = cache.get(k);
      if (!p) cache.set(k, (p = k.split('|')));
      yield [p, v];
    }
  }

  private setSheet(d: Data, active: boolean): void {
    this.sheets.set(d.sheetId, {
      slug: d.slug,
      title: d.title,
      officeIds: d.officeIds ?? [],
      reviewDueAt: d.reviewDueAt,
      active,
    });
  }

  // ------------------------------------------------------------------ persistence

  toSnapshot(): ProjectionSnapshot {
    return {
      version: 1,
      counters: this.flatCounters(),
      hists: [...this.hists].map(([k, h]) => [k, [...h]]),
      satisfaction: [...this.satisfactionVectors].map(([k, v]) => [k, [...v]]),
      openCases: [...this.openCases],
      sheets: [...this.sheets],
      offsets: [...this.offsets],
      recentIds: this.recentIds(),
      eventsApplied: this.eventsApplied,
      lastEventTime: this.lastEventTime,
    };
  }

  static fromSnapshot(s: ProjectionSnapshot): IndicatorProjection {
    const p = new IndicatorProjection();
    for (const [k, v] of s.counters) p.inc(k, v);
    for (const [k, h] of s.hists) p.hists.set(k, new Map(h));
    for (const [k, v] of s.satisfaction ?? []) p.satisfactionVectors.set(k, [...v]);
    for (const [k, v] of s.openCases) p.openCases.set(k, v);
    for (const [k, v] of s.sheets) p.sheets.set(k, v);
    for (const [k, v] of s.offsets) p.offsets.set(k, v);
    for (const id of s.recentIds) p.remember(id);
    p.eventsApplied = s.eventsApplied;
    p.lastEventTime = s.lastEventTime;
    return p;
  }

  /**
   * A digest of the indicator state (not of offsets or the dedup window): equal for two projections that
   * applied the same events, in any interleaving of partitions.
   */
  checksum(): string {
    if (this.checksumCache?.version === this.version) return this.checksumCache.value;
    const value = this.computeChecksum();
    this.checksumCache = { version: this.version, value };
    return value;
  }

  private computeChecksum(): string {
    const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const hash = createHash('sha256');
    for (const [k, v] of sorted(new Map(this.flatCounters()))) hash.update(`c${k}=${v}\n`);
    for (const [k, h] of sorted(this.hists))
      hash.update(`h${k}=${JSON.stringify([...h].sort((a, b) => a[0] - b[0]))}\n`);
    for (const [k, v] of sorted(this.satisfactionVectors)) hash.update(`v${k}=${v.join(',')}\n`);
    for (const [k, c] of sorted(this.openCases)) hash.update(`o${k}=${JSON.stringify(c)}\n`);
    for (const [k, s] of sorted(this.sheets)) hash.update(`s${k}=${JSON.stringify(s)}\n`);
    return hash.digest('hex');
  }
}
