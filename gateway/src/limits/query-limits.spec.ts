import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimitRules } from './query-limits';

const schema = buildSchema(`
  type Node { id: ID!, name: String, child: Node, children(first: Int = 10): [Node!]! }
  type Query { node: Node, search(text: String, tags: [String!]): [Node!]! }
`);
const limits = { maxAliases: 3, maxDepth: 5, maxDirectives: 2 };
const check = (query: string) =>
  validate(schema, parse(query), [...specifiedRules, ...queryLimitRules(limits)]).map((e) => ({
    message: e.message,
    code: e.extensions.code,
  }));

describe('query limits (graphql-armor rules and control characters, validated before execution)', () => {
  it('accepts an ordinary query', () => {
    expect(check('{ a: node { id } b: node { name } node { child { child { id } } } }')).toEqual([]);
  });

  it('refuses too many aliases, saying how many and the limit', () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: search(text: "x") { id }`).join(' ')} }`;
    expect(check(query)).toEqual([
      { message: 'troppi alias nella richiesta: 1000, il massimo è 3', code: 'QUERY_TOO_MANY_ALIASES' },
    ]);
  });

  it('refuses queries nested deeper than the limit, fragments included', () => {
    expect(check('{ node { child { child { child { id } } } } }')).toEqual([]); // depth 5
    expect(
      check('{ node { child { ...F } } } fragment F on Node { child { child { child { id } } } }'),
    ).toEqual([
      { message: 'richiesta troppo annidata: profondità 6, il massimo è 5', code: 'QUERY_TOO_DEEP' },
    ]);
  });

  it('measures each fragment once: 40 fragments each spreading the next twice validate at once', () => {
    // without memoisation this walks 2^40 paths and never returns
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i < 39 ? `fragment F${i} on Node { id ...F${i + 1} ...F${i + 1} }` : `fragment F${i} on Node { id }`,
    ).join('\n');
    expect(check(`query { node { ...F0 } }\n${fragments}`)).toEqual([]);
  });

  it('refuses too many directives', () => {
    expect(check('{ node @include(if: true) @skip(if: false) @include(if: true) { id } }')).toContainEqual({
      message: 'troppe direttive nella richiesta: 3, il massimo è 2',
      code: 'QUERY_TOO_MANY_DIRECTIVES',
    });
  });

  it('refuses control characters in string literals, naming the argument; tab and new lines pass', () => {
    expect(check('{ search(text: "ok\\tline\\nnext\\r") { id } }')).toEqual([]);
    expect(check('{ search(text: "bell\\u0007") { id } }')).toEqual([
      { message: 'il campo «text» contiene caratteri di controllo non ammessi', code: 'BAD_USER_INPUT' },
    ]);
    expect(check('{ search(tags: ["a", "del\\u007f"]) { id } }')).toEqual([
      { message: 'il campo «tags[1]» contiene caratteri di controllo non ammessi', code: 'BAD_USER_INPUT' },
    ]);
  });
});
