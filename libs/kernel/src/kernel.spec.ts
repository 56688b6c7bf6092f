import { defineEvent, defineTopic } from '@urp/contracts';
import fc from 'fast-check';
import { z } from 'zod';
import { emit, type UseCaseContext } from './context';
import { toCsv } from './csv';
import { DomainError, RevisionConflict } from './errors';
import { parseInput, stripNulls } from './input';
import { definePolicy, rule, type Actor } from './policy';
import { InMemoryAggregateStore, type Aggregate } from './store';
import { applyEvent, execute, STALE_EDIT, type Decide } from './use-case';

interface Counter extends Aggregate {
  officeId: string;
  value: number;
  note?: string;
}
const topic = defineTopic({ service: 'contacts', aggregate: 'counter', partitions: 1, description: 'test' });
const Incremented = defineEvent(topic, {
  name: 'CounterIncremented',
  version: 1,
  summary: 'test',
  subject: 'counter id',
  schema: z.object({
    counterId: z.string(),
    value: z.number(),
    comment: z.string().optional().meta({ urpFreeText: true }),
  }),
});
const operator: Actor = { sub: 'op-1', roles: ['operator'] };
const ctx = (over: Partial<UseCaseContext> = {}): UseCaseContext => ({
  actor: operator,
  now: new Date('2026-12-01T10:00:00Z'),
  source: '/urp/test',
  ...over,
});
const increment: Decide<Counter, { by: number }> = (state, cmd, c) => {
  if (cmd.by <= 0) throw DomainError.invalid('input.by', 'deve essere positivo');
  const next = {
    ...(state ?? { id: 'c1', revision: 0, officeId: 'tributi', value: 0 }),
    value: (state?.value ?? 0) + cmd.by,
  };
  return { state: next, events: [emit(c, Incremented, next.id, { counterId: next.id, value: next.value })] };
};

describe('execute (use-case runner on the in-memory store)', () => {
  it('creates, then changes, bumping the revision and keeping the events in order', async () => {
    const store = new InMemoryAggregateStore<Counter>();
    await execute(store, 'c1', increment, { by: 2 }, ctx());
    const s = await execute(store, 'c1', increment, { by: 3 }, ctx());
    expect(s).toMatchObject({ value: 5, revision: 2 });
    expect(store.events.map((e) => (e.data as { value: number }).value)).toEqual([2, 5]);
  });

  it('refuses a stale edit with CONFLICT and changes nothing', async () => {
    const store = new InMemoryAggregateStore<Counter>();
    await execute(store, 'c1', increment, { by: 1 }, ctx());
    await execute(store, 'c1', increment, { by: 1 }, ctx());
    await expect(
      execute(store, 'c1', increment, { by: 1 }, ctx(), { expectedRevision: 1 }),
    ).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: STALE_EDIT,
    });
    expect((await store.get('c1'))!.value).toBe(2);
  });

  it('decides again on fresh state when another writer came first', async () => {
    const store = new InMemoryAggregateStore<Counter>();
    await execute(store, 'c1', increment, { by: 1 }, ctx());
    let raced = false;
    const racing: Decide<Counter, { by: number }> = (state, cmd, c) => {
      if (!raced) {
        raced = true;
        void store.commit({ previous: state, next: { ...state!, value: 100 }, events: [] });
      }
      return increment(state, cmd, c);
    };
    const s = await execute(store, 'c1', racing, { by: 1 }, ctx());
    expect(s.value).toBe(101);
  });

  it('a domain error refuses the command and writes nothing', async () => {
    const store = new InMemoryAggregateStore<Counter>();
    await expect(execute(store, 'c1', increment, { by: 0 }, ctx())).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.by': 'deve essere positivo' } },
    });
    expect(await store.get('c1')).toBeNull();
    expect(store.events).toHaveLength(0);
  });

  it('NOT_FOUND when a change names an aggregate that does not exist', async () => {
    const store = new InMemoryAggregateStore<Counter>();
    await expect(
      execute(store, 'nope', increment, { by: 1 }, ctx(), { notFound: 'il contatore nope' }),
    ).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('applies an event exactly once however often it is delivered (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }),
        async (deliveries) => {
          const store = new InMemoryAggregateStore<Counter>();
          for (const n of deliveries)
            await applyEvent(store, 'c1', `event-${n}`, (s) => increment(s, { by: 1 }, ctx()));
          expect((await store.get('c1'))!.value).toBe(new Set(deliveries).size);
        },
      ),
    );
  });

  it('the store refuses a write made on an old revision', async () => {
    const store = new InMemoryAggregateStore<Counter>();
    const first = await execute(store, 'c1', increment, { by: 1 }, ctx());
    await execute(store, 'c1', increment, { by: 1 }, ctx());
    await expect(
      store.commit({ previous: first, next: { ...first, value: 0 }, events: [] }),
    ).rejects.toBeInstanceOf(RevisionConflict);
  });
});

describe('event builder', () => {
  it('scrubs the fields the contract marks as free text and stamps the cause', () => {
    const e = emit(
      ctx({
        scrub: (t) => t.replace(/Mario Rossi/g, '[nome]'),
        correlationId: 'corr-1',
        causationId: 'cause-1',
      }),
      Incremented,
      'c1',
      { counterId: 'c1', value: 1, comment: 'chiamato da Mario Rossi' },
    );
    expect(e.data.comment).toBe('chiamato da [nome]');
    expect(e).toMatchObject({ correlationid: 'corr-1', causationid: 'cause-1', source: '/urp/test' });
  });

  it("hands the person's known names to the scrubber, so a bare surname is removed too", () => {
    const byKnownNames = (t: string, known?: { names: readonly string[] }): string =>
      (known?.names ?? []).flatMap((n) => n.split(' ')).reduce((out, w) => out.split(w).join('[nome]'), t);
    const e = emit(
      ctx({ scrub: byKnownNames, knownPerson: { names: ['Giulia Ferrari'], literals: [], phones: [] } }),
      Incremented,
      'c1',
      {
        counterId: 'c1',
        value: 1,
        comment: 'Ferrari ha chiamato per la madre',
      },
    );
    expect(e.data.comment).toBe('[nome] ha chiamato per la madre');
  });

  it('refuses to emit free text when no scrubber is configured', () => {
    expect(() => emit(ctx(), Incremented, 'c1', { counterId: 'c1', value: 1, comment: 'testo' })).toThrow(
      /scrubber/,
    );
  });

  it('drops fields the contract does not declare', () => {
    const e = emit(ctx(), Incremented, 'c1', { counterId: 'c1', value: 1, phone: '3331234567' } as never);
    expect(e.data).not.toHaveProperty('phone');
  });
});

describe('policy', () => {
  const policy = definePolicy({
    'counter.read': rule<Counter>({
      roles: ['operator', 'referent', 'manager'],
      officeScoped: ['referent'],
      officesOf: (c) => c.officeId,
    }),
    'counter.reset': rule<Counter>({ roles: ['manager'] }),
    'page.view': rule<Counter>({ roles: 'public' }),
  });
  const counters: Counter[] = [
    { id: 'a', revision: 1, officeId: 'tributi', value: 1 },
    { id: 'b', revision: 1, officeId: 'istruzione', value: 1 },
  ];
  const referent: Actor = { sub: 'r', roles: ['referent'], offices: ['tributi'] };

  it('office-scoped roles see and act only within their offices', () => {
    expect(policy.visible('counter.read', referent, counters).map((c) => c.id)).toEqual(['a']);
    expect(() => policy.authorize('counter.read', referent, counters[1])).toThrow(DomainError);
    expect(policy.visible('counter.read', operator, counters)).toHaveLength(2);
  });

  it('roles not in the rule are refused; admin may do everything; anonymous only public actions', () => {
    expect(policy.allows('counter.reset', operator)).toBe(false);
    expect(policy.allows('counter.reset', { sub: 'x', roles: ['admin'] })).toBe(true);
    expect(policy.allows('counter.read', { sub: 'anonymous', roles: [], anonymous: true })).toBe(false);
    expect(policy.allows('page.view', { sub: 'anonymous', roles: [], anonymous: true })).toBe(true);
  });

  it('an action missing from the table is refused', () => {
    expect(policy.allows('counter.delete' as never, { sub: 'x', roles: ['admin'] })).toBe(false);
  });
});

describe('input and CSV', () => {
  it('strips nulls and reports every bad field under its argument', () => {
    expect(stripNulls({ a: null, b: { c: null, d: 1 }, e: [null, 2] })).toEqual({
      b: { d: 1 },
      e: [null, 2],
    }); // list items stay: only absent fields are dropped
    try {
      parseInput(z.object({ subject: z.string().min(3), days: z.number().int() }), {
        subject: 'x',
        days: 1.5,
      });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect(Object.keys((e as DomainError).fields!)).toEqual(['input.subject', 'input.days']);
    }
  });

  it('writes RFC 4180 CSV and neutralises formulas', () => {
    const csv = toCsv(
      [
        { header: 'oggetto', value: (r: { s: string; n: number }) => r.s },
        { header: 'n', value: (r) => r.n },
      ],
      [
        { s: '=HYPERLINK("x")', n: -3 },
        { s: 'a, "b"', n: 2 },
      ],
    );
    expect(csv).toBe('oggetto,n\n"\'=HYPERLINK(""x"")",-3\n"a, ""b""",2\n');
  });
});
