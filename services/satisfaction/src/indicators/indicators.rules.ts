/** The record of a rebuild of the indicators, and the filters of their queries (pure). */
import { DomainError, type Aggregate, type Decide } from '@urp/kernel';
import { z } from 'zod';
import { indicatorsRebuilt } from './indicators.events';

/** One rebuild of the indicators by replay (`indicator_rebuilds`). */
export interface IndicatorRebuild extends Aggregate {
  events: number;
  checksum: string;
  startedAt: Date;
  finishedAt: Date;
}

export interface RecordRebuild {
  rebuildId: string;
  topics: readonly string[];
  events: number;
  startedAt: Date;
  finishedAt: Date;
  checksum: string;
}

/** Records a finished rebuild and announces it (IndicatorsRebuilt, with the checksum of the rebuilt state). */
export const recordRebuild: Decide<IndicatorRebuild, RecordRebuild> = (existing, cmd, ctx) => {
  if (existing) throw DomainError.conflict(`La ricostruzione ${cmd.rebuildId} è già registrata`);
  const state: IndicatorRebuild = {
    id: cmd.rebuildId,
    revision: 0,
    events: cmd.events,
    checksum: cmd.checksum,
    startedAt: cmd.startedAt,
    finishedAt: cmd.finishedAt,
  };
  return { state, events: [indicatorsRebuilt(ctx, state, cmd.topics)] };
};

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'un mese nella forma AAAA-MM');
const Code = z.string().min(1).max(64);

/** The filters of every indicator: months `YYYY-MM` (Europe/Rome, inclusive) and dimension codes. */
export const IndicatorFilterSchema = z
  .object({
    from: Month.optional(),
    to: Month.optional(),
    officeId: Code.optional(),
    serviceCode: Code.optional(),
    channel: Code.optional(),
    trigger: Code.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'non può essere successivo a `to`',
    path: ['from'],
  });

/** How CSV exports may be grouped, per indicator (the others take no grouping). */
export const CSV_GROUPS: Readonly<Record<string, readonly string[]>> = {
  satisfaction: ['none', 'month', 'service', 'office', 'channel', 'trigger'],
  case_times: ['none', 'month', 'office'],
};

/** The grouping of a CSV export, checked against its indicator (`groupBy` is free text in the schema). */
export function csvGroup(name: string, groupBy: string | undefined): string | undefined {
  if (!groupBy) return undefined;
  const group = groupBy.toLowerCase();
  const allowed = CSV_GROUPS[name] ?? [];
  if (!allowed.includes(group))
    throw DomainError.invalid(
      'groupBy',
      allowed.length ? `uno tra ${allowed.join(', ')}` : `non usato dall'indicatore ${name}`,
    );
  return group;
}
