import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { depthLimit } from './depth-limit';

const schema = buildSchema(`
  type Node { id: ID!, child: Node }
  type Query { node: Node }
`);
const check = (query: string, max = 5) =>
  validate(schema, parse(query), [...specifiedRules, depthLimit(max)]).map((e) => e.message);

describe('query depth limit', () => {
  it('accepts queries up to the limit and names the depth of deeper ones', () => {
    expect(check('{ node { child { child { child { id } } } } }')).toEqual([]); // depth 5
    expect(check('{ node { child { child { child { child { id } } } } } }')).toEqual([
      'query depth 6 exceeds the limit of 5',
    ]);
  });

  it('follows fragments and inline fragments', () => {
    const q = `
      query { node { ...A } }
      fragment A on Node { child { ... on Node { child { ...B } } } }
      fragment B on Node { child { child { id } } }`;
    expect(check(q)).toEqual(['query depth 6 exceeds the limit of 5']);
  });

  it('measures each fragment once: 40 fragments each spreading the next twice validate at once', () => {
    // without memoisation this walks 2^40 paths and never returns
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i < 39 ? `fragment F${i} on Node { id ...F${i + 1} ...F${i + 1} }` : `fragment F${i} on Node { id }`,
    ).join('\n');
    expect(check(`query { node { ...F0 } }\n${fragments}`)).toEqual([]);
  });
});
