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
import {
  CaseAnsweredV1,
  CaseClosedV1,
  CaseOpenedV1,
  CaseReopenedV1,
  CaseResumedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  ClarityFeedbackReceivedV1,
  ContactClosedV1,
  ContactRegisteredV1,
  ContractViolation,
  DeadlineMissedV1,
  ProcedureDecidedV1,
  ProcedureSubmittedV1,
  ReminderDueV1,
  ReviewRequestedV1,
  SheetArchivedV1,
  SheetExpiredV1,
  SheetPublishedV1,
  SheetUpdatedV1,
  SurveyAnsweredV1,
  SurveyExpiredV1,
  SurveyInvitationIssuedV1,
  type CloudEvent,
  type EventDefinition,
  type EventPayload,
} from '@urp/contracts';
import { romeDay, romeMonth } from './rome-time';

const HOUR = 3_600_000;
/** How many recent event ids the projection remembers (a republished event comes within a few hundred). */
const RECENT_WINDOW = 5000;

/** One event the projection reads: its contract and what it does with the (parsed, typed) payload. */
interface EventHandler {
  readonly def: EventDefinition;
  readonly apply: (data: unknown) => void;
}

/** Pairs a contract with its effect; the payload is parsed by the contract's schema, so the effect is typed. */
function on<D extends EventDefinition>(def: D, effect: (d: EventPayload<D>) => void): EventHandler {
  return {
    def,
    apply: (data) => {
      const parsed = def.schema.safeParse(data);
      if (!parsed.success)
        throw new ContractViolation(
          `invalid ${def.type} payload`,
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        );
      effect(parsed.data as EventPayload<D>);
    },
  };
}

/** The events the indicators are built from, in the order of their topics (contacts, cases, procedures, …). */
export const INDICATOR_EVENTS = [
  ContactRegisteredV1,
  ContactClosedV1,
  CaseOpenedV1,
  CaseRoutedV1,
  CaseSuspendedV1,
  CaseResumedV1,
  CaseAnsweredV1,
  CaseClosedV1,
  CaseReopenedV1,
  ReminderDueV1,
  ProcedureSubmittedV1,
  ProcedureDecidedV1,
  ReviewRequestedV1,
  DeadlineMissedV1,
  SheetPublishedV1,
  SheetUpdatedV1,
  SheetExpiredV1,
  SheetArchivedV1,
  ClarityFeedbackReceivedV1,
  SurveyInvitationIssuedV1,
  SurveyAnsweredV1,
  SurveyExpiredV1,
] as const;

/** The topics the projection reads (everything it needs, nothing else): those of its events. */
export const INDICATOR_TOPICS: readonly string[] = [...new Set(INDICATOR_EVENTS.map((e) => e.topic.name))];

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
/** The histogram bucket of each number of stars. */
const STAR_BUCKETS: Readonly<Record<number, SvMeasure>> = { 1: 's1', 2: 's2', 3: 's3', 4: 's4', 5: 's5' };
/** What a satisfaction figure is broken down by (every survey event carries it). */
type SurveyDimensions = Pick<
  EventPayload<typeof SurveyInvitationIssuedV1>,
  'trigger' | 'serviceCode' | 'officeId' | 'channel'
>;
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

  /**
   * Applies one event; returns false when it is ignored (not an indicator event, or already applied).
   * The payload is parsed by its contract first: a payload that breaks it throws ContractViolation.
   */
  apply(event: CloudEvent): boolean {
    const handler = this.handlers[event.type];
    if (!handler) return false;
    if (this.recent.has(event.id)) return false;
    this.remember(event.id);
    handler.apply(event.data);
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

  /** What each event does to the state, by its CloudEvents type (from the contracts, never a literal). */
  private readonly handlers: Readonly<Record<string, EventHandler>> = Object.fromEntries(
    [
      on(ContactRegisteredV1, (d) => {
        const month = romeMonth(d.registeredAt);
        this.inc(`ct|${month}|${dim(d.channel)}|${dim(d.contactType)}`);
        if (d.contactType === 'complaint') this.inc(`cc|${month}|${dim(d.category?.level1)}`);
        for (const sheetId of new Set(d.sheetIds ?? [])) this.inc(`su|${dim(sheetId)}`);
      }),
      on(ContactClosedV1, (d) => {
        const base = `fcr|${romeMonth(d.closedAt)}|${dim(d.channel)}`;
        this.inc(`${base}|closed`);
        if (d.resolvedAtFirstContact) this.inc(`${base}|first`);
      }),
      on(CaseOpenedV1, (d) => {
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
      }),
      on(CaseRoutedV1, (d) => {
        const c = this.openCases.get(d.caseId);
        if (c) {
          c.officeId = dim(d.officeId);
          c.referentId = dim(d.referentId);
        }
      }),
      on(CaseSuspendedV1, (d) => {
        const c = this.openCases.get(d.caseId);
        if (c) c.suspended = true;
      }),
      on(CaseResumedV1, (d) => {
        const c = this.openCases.get(d.caseId);
        if (c) {
          c.suspended = false;
          c.suspendedDays = d.suspendedDays;
          c.dueAt = d.dueAt;
        }
      }),
      on(CaseAnsweredV1, (d) => {
        const c = this.openCases.get(d.caseId);
        if (!c || !d.firstResponse || c.answered) return;
        c.answered = true;
        // net of the suspensions so far (L. 241/1990 art. 2 c.7: the term does not run while suspended)
        const hours = hoursBetween(c.openedAt, d.answeredAt, c.suspendedDays);
        this.observe(`fr|${romeMonth(d.answeredAt)}|${dim(d.officeId ?? c.officeId)}`, hours);
        this.inc(`frn|${romeMonth(d.answeredAt)}|${dim(d.officeId ?? c.officeId)}`);
      }),
      on(CaseClosedV1, (d) => {
        const month = romeMonth(d.closedAt);
        const key = `cl|${month}|${dim(d.officeId)}|${dim(d.contactType)}`;
        this.inc(`${key}|n`);
        if (d.withinTerm) this.inc(`${key}|within`);
        this.observe(key, hoursBetween(d.openedAt, d.closedAt, d.suspendedDays));
        this.inc(`clo|${month}|${dim(d.outcome)}`);
        this.openCases.delete(d.caseId);
      }),
      on(CaseReopenedV1, (d) => {
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
      }),
      on(ReminderDueV1, (d) => {
        this.inc(`rem|${romeMonth(d.firedAt)}|${dim(d.officeId)}|${dim(d.kind)}`);
      }),
      on(ProcedureSubmittedV1, (d) => {
        this.inc(`ps|${romeMonth(d.submittedAt)}|${dim(d.kind)}`);
      }),
      on(ProcedureDecidedV1, (d) => {
        const month = romeMonth(d.decidedAt);
        const key = `pd|${month}|${dim(d.kind)}|${dim(d.procedureTypeCode)}|${dim(d.officeId)}`;
        this.inc(`${key}|n`);
        if (d.withinTerm) this.inc(`${key}|within`);
        this.observe(key, hoursBetween(d.submittedAt, d.decidedAt, d.suspendedDays));
        this.inc(`pdo|${month}|${dim(d.kind)}|${dim(d.outcome)}`);
      }),
      on(ReviewRequestedV1, (d) => {
        this.inc(`pr|${romeMonth(d.requestedAt)}|${dim(d.kind)}`);
      }),
      on(DeadlineMissedV1, (d) => {
        this.inc(`pm|${romeMonth(d.missedAt)}|${dim(d.kind)}`);
      }),
      on(SheetPublishedV1, (d) => this.setSheet(d)),
      on(SheetUpdatedV1, (d) => this.setSheet(d)),
      on(SheetExpiredV1, (d) => this.deactivateSheet(d.sheetId)),
      on(SheetArchivedV1, (d) => this.deactivateSheet(d.sheetId)),
      on(ClarityFeedbackReceivedV1, (d) => {
        this.inc(`sf|${dim(d.sheetId)}|${d.clear ? 'clear' : 'unclear'}`);
        if (d.reason) this.inc(`sfr|${dim(d.sheetId)}|${dim(d.reason)}`);
      }),
      on(SurveyInvitationIssuedV1, (d) => {
        this.sv(d, d.issuedAt)[SV.issued]++;
      }),
      on(SurveyExpiredV1, (d) => {
        // counted in the month the invitation was issued: the response rate compares like with like
        this.sv(d, d.issuedAt)[SV.expired]++;
      }),
      on(SurveyAnsweredV1, (d) => this.surveyAnswered(d)),
    ].map((h) => [h.def.type, h]),
  );

  private surveyAnswered(d: EventPayload<typeof SurveyAnsweredV1>): void {
    this.sv(d, d.issuedAt)[SV.answered]++;
    // the judgement belongs to the month it was given
    const v = this.sv(d, d.answeredAt);
    v[SV.judged]++;
    if (d.emoticon) v[SV[`e_${d.emoticon}`]]++;
    for (const r of d.reasons ?? []) v[SV[`r_${r}`]]++;
    if (d.stars !== undefined) {
      v[SV.stars_n]++;
      v[SV.stars_sum] += d.stars;
      const bucket = STAR_BUCKETS[d.stars];
      if (bucket !== undefined) v[SV[bucket]]++;
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
  }

  /** The satisfaction vector of the invitation's dimensions in the month of `at`. */
  private sv(d: SurveyDimensions, at: string): number[] {
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

  private setSheet(d: EventPayload<typeof SheetPublishedV1>): void {
    this.sheets.set(d.sheetId, {
      slug: d.slug,
      title: d.title,
      officeIds: d.officeIds,
      reviewDueAt: d.reviewDueAt,
      active: true,
    });
  }

  private deactivateSheet(sheetId: string): void {
    const s = this.sheets.get(sheetId);
    if (s) s.active = false;
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
