import type { CloudEvent } from '@urp/contracts';
import { DomainError, RevisionConflict } from './errors';
import type { UseCaseContext } from './context';
import type { Aggregate, AggregateStore } from './store';

/** What a decision returns: the new state and the events it causes. Same state and no events: nothing to write. */
export interface Decision<S extends Aggregate> {
  state: S;
  events: CloudEvent[];
}

/** A pure decision: `decide(state, command, context) → { state, events }`; throws DomainError to refuse. */
export type Decide<S extends Aggregate, C> = (
  state: S | null,
  command: C,
  ctx: UseCaseContext,
) => Decision<S>;

export interface ExecuteOptions<S extends Aggregate = Aggregate> {
  /** The revision the user edited (a form): if the aggregate moved on since, CONFLICT, never an overwrite. */
  expectedRevision?: number;
  /** Reload-and-decide-again attempts when another writer came first. */
  maxAttempts?: number;
  /** Called with the state before deciding: the authorization hook (throws FORBIDDEN). */
  authorize?: (state: S | null) => void;
  /** `null` state is refused with NOT_FOUND naming this (e.g. `la pratica 42`); omit for creations. */
  notFound?: string;
}

export const STALE_EDIT =
  'Nel frattempo qualcun altro ha modificato questo elemento: ricarica la pagina e riprova.';

/**
 * Runs a use case on one aggregate: load, authorize, decide (pure), commit with its events, and when another
 * writer came first, load and decide again. Every write of every service goes through here (or through a
 * store's `commit` for handlers that already hold the state).
 */
export async function execute<S extends Aggregate, C>(
  store: AggregateStore<S>,
  id: string,
  decide: Decide<S, C>,
  command: C,
  ctx: UseCaseContext,
  options: ExecuteOptions<S> = {},
): Promise<S> {
  const attempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const previous = await store.get(id);
    if (!previous && options.notFound) throw DomainError.notFound(options.notFound);
    if (options.expectedRevision !== undefined && (previous?.revision ?? 0) !== options.expectedRevision)
      throw DomainError.conflict(STALE_EDIT);
    options.authorize?.(previous);
    const { state, events } = decide(previous, command, ctx);
    if (previous && state === previous && !events.length) return previous;
    try {
      const result = await store.commit({ previous, next: state, events });
      return result.status === 'committed' ? result.state : ((await store.get(id)) as S);
    } catch (e) {
      if (!(e instanceof RevisionConflict)) throw e;
      if (options.expectedRevision !== undefined || attempt >= attempts)
        throw DomainError.conflict(STALE_EDIT);
    }
  }
}

/**
 * A handler's effect on one aggregate, exactly once per event: decide on the current state and commit with
 * the event's id recorded in the same write. A redelivered event returns `duplicate` and changes nothing.
 */
export async function applyEvent<S extends Aggregate>(
  store: AggregateStore<S>,
  id: string,
  eventId: string,
  decide: (state: S | null) => Decision<S> | null,
  maxAttempts = 10,
): Promise<'applied' | 'duplicate' | 'ignored'> {
  for (let attempt = 1; ; attempt++) {
    const previous = await store.get(id);
    const decision = decide(previous);
    if (!decision) return 'ignored';
    try {
      const r = await store.commit({
        previous,
        next: decision.state,
        events: decision.events,
        appliedEventId: eventId,
      });
      return r.status === 'committed' ? 'applied' : 'duplicate';
    } catch (e) {
      if (!(e instanceof RevisionConflict) || attempt >= maxAttempts) throw e;
    }
  }
}
