import { buildSchema, parse } from 'graphql';
import { queryCost } from './query-cost';

const schema = buildSchema(`
  type Sheet { id: ID!, title: String, offices: [Office!]! }
  type Office { id: ID!, name: String }
  type Query { publicSheets(first: Int = 100): [Sheet!]!, sheet(id: ID!): Sheet, items(limit: Int): [Sheet!]! }
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

  it('adds up aliases: 1,000 aliases of publicSheets(first: 100) cost 101,000', () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: publicSheets(first: 100) { id }`).join(' ')} }`;
    expect(cost(query)).toBe(1000 * 101);
  });
});
