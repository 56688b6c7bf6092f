import { createEvent, type CloudEvent, type EventDefinition } from '@urp/contracts';
import type { KnownPerson } from '@urp/privacy';
import type { z } from 'zod';
import type { Actor } from './policy';

/** The one clock of a service: use cases read time from their context, never from `new Date()`. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
/** A clock that stands still (tests), or moves only when told. */
export class FixedClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date): void {
    this.at = at;
  }
}

/** Free text that may leave the service only scrubbed of personal data (issue: privacy). */
export type TextScrubber = (text: string, person?: KnownPerson) => string;

/** What marks a payload field as free text in a contract (`freeText(z.string())` in @urp/contracts). */
export const FREE_TEXT_META = 'urpFreeText';

/**
 * Everything a use case or a handler knows about the moment it runs: who acts, when, and what caused it
 * (correlation, causation, trace), so that every event it emits carries them.
 */
export interface UseCaseContext {
  readonly actor: Actor;
  readonly now: Date;
  readonly source: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly scrub?: TextScrubber;
  /**
   * The person the events are about, as the service holding the requester record knows them: the scrubber also
   * removes their own names (without a cue word), exact values and phones. Set it for the events of one person:
   * `{ ...ctx, knownPerson }`.
   */
  readonly knownPerson?: KnownPerson;
}

function freeTextFields(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) return [];
  return Object.entries(shape)
    .filter(([, field]) => {
      const meta = (field as unknown as { meta?: () => Record<string, unknown> | undefined }).meta?.();
      return meta?.[FREE_TEXT_META] === true;
    })
    .map(([name]) => name);
}

/**
 * The event builder: the only way a service emits. It validates the payload against the contract (fields the
 * contract does not declare are dropped), runs the scrubber on every field the contract marks as free text,
 * and stamps source, time, correlation, causation and trace from the context.
 */
export function emit<D extends EventDefinition>(
  ctx: UseCaseContext,
  def: D,
  subject: string,
  data: z.input<D['schema']>,
): CloudEvent<z.infer<D['schema']>> {
  let payload = data as Record<string, unknown>;
  const free = freeTextFields(def.schema).filter((f) => typeof payload[f] === 'string');
  if (free.length) {
    if (!ctx.scrub)
      throw new Error(`${def.type}: free-text fields ${free.join(', ')} need a scrubber in the context`);
    payload = { ...payload };
    for (const f of free) payload[f] = ctx.scrub(payload[f] as string, ctx.knownPerson);
  }
  return createEvent(def, subject, payload as z.input<D['schema']>, {
    source: ctx.source,
    time: ctx.now,
    ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
    ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
    ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
  });
}

/** The context of a handler reacting to `event`: same correlation and trace, caused by it. */
export function reactionContext(
  base: Omit<UseCaseContext, 'correlationId' | 'causationId' | 'traceparent'>,
  event: CloudEvent,
): UseCaseContext {
  return {
    ...base,
    correlationId: event.correlationid,
    causationId: event.id,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
  };
}
