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
import { indicatorHandlers, type EventHandler } from './projection.handlers';
import {
  dim,
  SV_MEASURES,
  type OpenCase,
  type SheetInfo,
  type SurveyDimensions,
} from './projection.measures';
import { romeMonth } from './rome-time';

export { INDICATOR_EVENTS, INDICATOR_TOPICS } from './projection.handlers';
export {
  ACCESS_KINDS,
  dim,
  SV,
  SV_MEASURES,
  type OpenCase,
  type SheetInfo,
  type SvMeasure,
} from './projection.measures';

/** How many recent event ids the projection remembers (a republished event comes within a few hundred). */
const RECENT_WINDOW = 5000;

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

  /** Counts one duration (whole hours) in the histogram `key`. */
  observe(key: string, value: number): void {
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
    handler.apply(event.data); // parses first: a payload that breaks its contract changes nothing
    this.remember(event.id);
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

  /** Marks a satisfaction scope (`office|id`…) as changed on `day` (the alerts re-evaluate it). */
  touchScope(scopeKey: string, day: string): void {
    const prev = this.touched.get(scopeKey);
    if (!prev || day > prev) this.touched.set(scopeKey, day);
  }

  /** The satisfaction vector of an invitation's dimensions in the month of `at` (created empty). */
  satisfactionVector(d: SurveyDimensions, at: string): number[] {
    return this.satisfactionVectorIn(d, romeMonth(at));
  }

  /** The satisfaction vector of an invitation's dimensions in `month` (`YYYY-MM`, created empty). */
  satisfactionVectorIn(d: SurveyDimensions, month: string): number[] {
    const key = `${month}|${dim(d.trigger)}|${dim(d.serviceCode)}|${dim(d.officeId)}|${dim(d.channel)}`;
    let v = this.satisfactionVectors.get(key);
    if (!v) this.satisfactionVectors.set(key, (v = new Array<number>(SV_MEASURES.length).fill(0)));
    return v;
  }

  /** What each event does to the state, by its CloudEvents type (projection.handlers.ts). */
  private readonly handlers: Readonly<Record<string, EventHandler>> = indicatorHandlers(this);

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
