/** The measures and dimensions the indicator projection keeps (pure). */
import type { EventPayload, SurveyInvitationIssuedV1 } from '@urp/contracts';

const HOUR = 3_600_000;

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
export const STAR_BUCKETS: Readonly<Record<number, SvMeasure>> = {
  1: 's1',
  2: 's2',
  3: 's3',
  4: 's4',
  5: 's5',
};
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

/** A dimension value safe inside a composite key; a missing one is `-`. */
export const dim = (v: unknown): string =>
  v === undefined || v === null || v === '' ? '-' : String(v).replace(/\|/g, '/');

/** Whole hours, rounded up (a case closed in 10 minutes took one started hour), never negative. */
export const hoursBetween = (from: string, to: string, minusDays = 0): number =>
  Math.max(0, Math.ceil((Date.parse(to) - Date.parse(from)) / HOUR) - minusDays * 24);

/** What a satisfaction figure is broken down by (every survey event carries it). */
export type SurveyDimensions = Pick<
  EventPayload<typeof SurveyInvitationIssuedV1>,
  'trigger' | 'serviceCode' | 'officeId' | 'channel'
>;
