import { buildSchema, getOperationAST, parse, print, type DocumentNode } from 'graphql';
import { QueryCosts, queryCost } from './query-cost';

const schema = buildSchema(`
  type Sheet { id: ID!, title: String, offices: [Office!]! }
  type Office { id: ID!, name: String }
  type SheetPage { items: [Sheet!]!, totalCount: Int!, endCursor: String }
  type Query {
    publicSheets(first: Int = 100): [Sheet!]!, sheet(id: ID!): Sheet, items(limit: Int): [Sheet!]!
    sheetList(first: Int = 50, after: String): SheetPage!
  }
`);
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  queryCost(schema, parse(query), variables, undefined, 10);

describe('query cost: list arguments multiply', () => {
  it('counts each field once for a single object', () => {
    expect(cost('{ sheet(id: "1") { id title } }')).toBe(3);
  });

  it('multiplies a list by its first/limit argument, its default value, or the default list size', () => {
    expect(cost('{ publicSheets(first: 5) { id title } }')).toBe(1 + 5 * 2);
    expect(cost('{ publicSheets { id } }')).toBe(1 + 100 * 1); // the schema's default first: 100
    expect(cost('query($n: Int) { items(limit: $n) { id } }', { n: 50 })).toBe(1 + 50);
    expect(cost('{ sheet(id: "1") { offices { name } } }')).toBe(1 + (1 + 10 * 1)); // no argument: 10
  });

  it('costs a page as one object whose items are as many as its first, however the items are selected', () => {
    const item = 1 + 1 + (1 + 10 * 1); // id, title, offices { name }
    const page = (n: number) => 1 + (1 + n * item) + 1; // the page, its items, totalCount
    expect(cost('{ sheetList(first: 20) { items { id title offices { name } } totalCount } }')).toBe(
      page(20),
    );
    expect(cost('{ sheetList { items { id title offices { name } } totalCount } }')).toBe(page(50)); // default
    expect(
      cost('query($n: Int) { sheetList(first: $n) { items { id title offices { name } } totalCount } }', {
        n: 7,
      }),
    ).toBe(page(7));
    // through a fragment shared by two pages of different sizes: the larger size counts for both
    const shared = 'fragment P on SheetPage { items { id title offices { name } } totalCount }';
    expect(cost(`{ a: sheetList(first: 5) { ...P } b: sheetList(first: 20) { ...P } } ${shared}`)).toBe(
      2 * page(20),
    );
    // 100 sheets of a page cost what 100 sheets of a list cost, not ten times as much
    expect(cost('{ sheetList(first: 100) { items { id title } } }')).toBe(1 + (1 + 100 * 2));
  });

  it('prices a page by the default its query declares for the size, as if it were sent', () => {
    const c = new QueryCosts(10);
    const document = parse('query($n: Int = 1000) { sheetList(first: $n) { items { id title } } }');
    const at = (variables: Record<string, unknown>) =>
      c.of(schema, document, getOperationAST(document)!, variables, undefined);
    expect(at({})).toBe(1 + (1 + 1000 * 2));
    expect(at({ n: 5 })).toBe(1 + (1 + 5 * 2));
  });

  it('a fragment shared with a page of unknown size costs at least the default list size', () => {
    const schemaWithUnsized = buildSchema(`
      type Sheet { id: ID! }
      type SheetPage { items: [Sheet!]! }
      type Query { sized(first: Int): SheetPage!, unsized: SheetPage! }
    `);
    const q = '{ a: sized(first: 2) { ...P } b: unsized { ...P } } fragment P on SheetPage { items { id } }';
    expect(queryCost(schemaWithUnsized, parse(q), {}, undefined, 10)).toBe(2 * (1 + (1 + 10 * 1)));
  });

  it('adds up aliases: 1,000 aliases of publicSheets(first: 100) cost 101,000', () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: publicSheets(first: 100) { id }`).join(' ')} }`;
    expect(cost(query)).toBe(1000 * 101);
  });
});

describe('QueryCosts: computed once per document and size values', () => {
  const costs = () => new QueryCosts(10);
  const operationOf = (document: DocumentNode) => getOperationAST(document)!;
  const ask = (c: QueryCosts, document: DocumentNode, variables: Record<string, unknown>, name?: string) =>
    c.of(schema, document, operationOf(document), variables, name);

  it('reuses the cost of a document whatever its other variables, and agrees with the full walk', () => {
    const c = costs();
    const document = parse('query($id: ID!) { sheet(id: $id) { id title offices { name } } }');
    for (const id of ['1', '2', '3']) expect(ask(c, document, { id })).toBe(cost(print(document), { id }));
    expect(c.computed).toBe(1);
  });

  it('computes again for each value of a size or a skip/include condition, or a left-out size', () => {
    const c = costs();
    const document = parse(
      'query($n: Int, $full: Boolean!) { items(limit: $n) { id offices @include(if: $full) { name } } }',
    );
    expect(ask(c, document, { n: 5, full: false })).toBe(1 + 5 * 1);
    expect(ask(c, document, { n: 5, full: true })).toBe(1 + 5 * (1 + 1 + 10 * 1));
    expect(ask(c, document, { n: 50, full: false })).toBe(1 + 50 * 1);
    expect(ask(c, document, { n: 5, full: false })).toBe(1 + 5 * 1);
    expect(c.computed).toBe(3);
    const defaults = parse('query($n: Int) { publicSheets(first: $n) { id } }');
    expect(ask(c, defaults, {})).toBe(1 + 100); // left out: the argument's default
    expect(ask(c, defaults, { n: null })).toBe(1 + 10); // null: a list without a size
  });

  it('refuses variables that do not fit their types on every request, cached or not', () => {
    const c = costs();
    const document = parse('query($n: Int) { items(limit: $n) { id } }');
    expect(ask(c, document, { n: 5 })).toBe(6);
    expect(() => ask(c, document, { n: 'five' })).toThrow(/Int cannot represent non-integer value/);
    const required = parse('query($id: ID!) { sheet(id: $id) { id } }');
    expect(ask(c, required, { id: '1' })).toBe(2);
    expect(() => ask(c, required, {})).toThrow(/\$id.*was not provided/);
  });
});
