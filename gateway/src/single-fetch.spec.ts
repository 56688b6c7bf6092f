import { parse } from 'graphql';
import { DirectFetch, directFetchOf, responseShapeKey, type FetchNode } from './single-fetch';

const fetchNode = (operation: string, extra: Partial<FetchNode> = {}): FetchNode =>
  ({
    kind: 'Fetch',
    serviceName: 'knowledge',
    operation,
    operationName: undefined,
    operationKind: 'query',
    variableUsages: [],
    ...extra,
  }) as FetchNode;
const plan = (node: unknown) => ({ kind: 'QueryPlan', node }) as Parameters<typeof directFetchOf>[0];

describe('responseShapeKey', () => {
  it('ignores the operation name, the order of variables and where fragments are written', () => {
    const a = parse(`fragment F on X { b } query Q($b: Int, $a: String = "x") { x(a: $a, b: $b) { ...F } }`);
    const b = parse(
      `query Other($a: String = "x", $b: Int) { x(a: $a, b: $b) { ...F } } fragment F on X { b }`,
    );
    expect(responseShapeKey(a, 'Q')).toBe(responseShapeKey(b));
  });

  it('tells apart aliases, directives, field order, defaults and arguments', () => {
    const base = responseShapeKey(parse(`query($n: Int = 2) { x(first: $n) { a b } }`));
    for (const other of [
      `query($n: Int = 2) { y: x(first: $n) { a b } }`,
      `query($n: Int = 2) { x(first: $n) { b a } }`,
      `query($n: Int = 3) { x(first: $n) { a b } }`,
      `query($n: Int = 2) { x(first: $n) { a b @include(if: true) } }`,
      `query($n: Int = 2) { x(first: $n) { a b __typename } }`,
      `query($n: Int = 2) { x(first: 2) { a b } }`,
    ])
      expect(responseShapeKey(parse(other))).not.toBe(base);
  });

  it('needs the operation to be named when the document holds several', () => {
    const doc = parse(`query A { a } query B { b }`);
    expect(responseShapeKey(doc)).toBeUndefined();
    expect(responseShapeKey(doc, 'B')).toBe(responseShapeKey(parse(`{ b }`)));
    expect(responseShapeKey(doc, 'C')).toBeUndefined();
  });
});

describe('directFetchOf', () => {
  const client = parse(`query Search($q: String!) { searchSheets(input: { query: $q }) { total } }`);
  const planned = `query Search__knowledge__0($q:String!){searchSheets(input:{query:$q}){total}}`;

  it('takes a plan of one fetch asking the subgraph for what the client asked', () => {
    const node = fetchNode(planned, { variableUsages: ['q'] });
    expect(directFetchOf(plan(node), client, 'Search')).toBe(node);
  });

  it('leaves entity fetches, rewrites, several fetches and changed selections to the executor', () => {
    const cases: unknown[] = [
      fetchNode(planned, { requires: [{ kind: 'InlineFragment' }] as never }),
      fetchNode(planned, { outputRewrites: [{ kind: 'KeyRenamer', path: [], renameKeyTo: 'x' }] as never }),
      fetchNode(planned, { inputRewrites: [{ kind: 'ValueSetter', path: [], setValueTo: 'x' }] as never }),
      fetchNode(planned, { operationKind: 'subscription' as never }),
      { kind: 'Parallel', nodes: [fetchNode(planned), fetchNode(planned)] },
      { kind: 'Sequence', nodes: [fetchNode(planned)] },
      fetchNode(`query($q:String!){searchSheets(input:{query:$q}){total __typename}}`),
      fetchNode(`query($q:String!){searchSheets(input:{query:$q}){__typename}}`),
      fetchNode('not graphql {'),
    ];
    for (const node of cases) expect(directFetchOf(plan(node), client, 'Search')).toBeUndefined();
    expect(directFetchOf(plan(undefined), client, 'Search')).toBeUndefined();
  });
});

describe('DirectFetch', () => {
  const document = parse(`query($q: String!) { searchSheets(input: { query: $q }) { total } }`);
  const node = fetchNode(`query($q:String!){searchSheets(input:{query:$q}){total}}`, {
    variableUsages: ['q'],
  });
  const requestContext = (contextValue: object, variables: Record<string, unknown>) =>
    ({ document, request: { variables }, contextValue }) as never;
  const responder = (direct: DirectFetch) => {
    const listener = direct.plugin().requestDidStart!({} as never) as Promise<{
      responseForOperation: (rc: unknown) => Promise<unknown>;
    }>;
    return async (rc: unknown) => (await listener).responseForOperation(rc);
  };

  it('answers from the subgraph once the plan is known, sending only the variables its operation uses', async () => {
    const direct = new DirectFetch(true);
    const sent: unknown[] = [];
    direct.register('knowledge', {
      process: async (options) => {
        sent.push((options as { request: unknown }).request);
        return { data: { searchSheets: { total: 3 } } };
      },
    });
    const respond = responder(direct);
    const context = { identity: { sub: 'x', roles: [] } };
    expect(await respond(requestContext(context, { q: 'carta', unused: 1 }))).toBeNull(); // plan not known yet
    direct.didResolveQueryPlan({
      queryPlan: plan(node),
      requestContext: { document, request: {} },
    } as never);
    const answer = (await respond(requestContext(context, { q: 'carta', unused: 1 }))) as {
      body: { singleResult: unknown };
    };
    expect(answer.body.singleResult).toEqual({ data: { searchSheets: { total: 3 } } });
    expect(sent).toEqual([{ query: node.operation, variables: { q: 'carta' }, operationName: undefined }]);
  });

  it('hands an answer with errors, or a failure, to the executor once, without a second request', async () => {
    const direct = new DirectFetch(true);
    const outcomes: (() => Promise<unknown>)[] = [
      async () => ({ data: { searchSheets: null }, errors: [{ message: 'no' }] }),
      async () => {
        throw new Error('down');
      },
    ];
    let calls = 0;
    direct.register('knowledge', { process: () => outcomes[calls++]() as never });
    direct.didResolveQueryPlan({ queryPlan: plan(node), requestContext: { document, request: {} } } as never);
    const respond = responder(direct);
    const incoming = (context: object) =>
      ({ kind: 'incoming operation', context, request: { query: node.operation } }) as never;

    const first = { identity: {} };
    expect(await respond(requestContext(first, { q: 'a' }))).toBeNull();
    expect(await direct.replay('knowledge', incoming(first))).toEqual({
      data: { searchSheets: null },
      errors: [{ message: 'no' }],
    });
    expect(direct.replay('knowledge', incoming(first))).toBeUndefined(); // once

    const second = { identity: {} };
    expect(await respond(requestContext(second, { q: 'a' }))).toBeNull();
    expect(direct.replay('contacts', incoming(second))).toBeUndefined(); // another subgraph's fetch
    await expect(direct.replay('knowledge', incoming(second))).rejects.toThrow('down');
    expect(calls).toBe(2);
  });

  it('does nothing when turned off', async () => {
    const direct = new DirectFetch(false);
    direct.register('knowledge', { process: async () => ({ data: {} }) });
    direct.didResolveQueryPlan({ queryPlan: plan(node), requestContext: { document, request: {} } } as never);
    expect(direct.decisionFor(document)).toBeUndefined();
    expect(await responder(direct)(requestContext({}, { q: 'a' }))).toBeNull();
  });
});
