import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { SUPERGRAPH_PATH } from '../../scripts/compose-supergraph';
import { outsidePublicSlice, PUBLIC_ROOT_FIELDS } from './public-slice';

const outside = (query: string, introspection = false) => {
  const document = parse(query);
  return outsidePublicSlice(document.definitions[0] as OperationDefinitionNode, document, introspection);
};

describe('the public slice (root fields an anonymous caller may use)', () => {
  it('names only fields the supergraph has', () => {
    const api = buildSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'), { assumeValidSDL: true });
    const query = Object.keys(api.getQueryType()!.getFields());
    const mutation = Object.keys(api.getMutationType()!.getFields());
    expect(query).toEqual(expect.arrayContaining([...PUBLIC_ROOT_FIELDS.query]));
    expect(mutation).toEqual(expect.arrayContaining([...PUBLIC_ROOT_FIELDS.mutation]));
  });

  it('is exactly the root resolvers the subgraphs mark @Public() (a new public operation must be listed here)', () => {
    const services = join(__dirname, '..', '..', '..', 'services');
    const resolvers = readdirSync(services, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.resolver.ts'))
      .map((f) => readFileSync(join(services, f), 'utf8'));
    const found = { query: new Set<string>(), mutation: new Set<string>() };
    // each run of decorators before a method: the @Public() ones that declare a root field
    for (const source of resolvers)
      for (const [decorators] of source.matchAll(/(?:@\w+\([^()]*(?:\([^()]*\)[^()]*)*\)\s*)+/g)) {
        if (!decorators.includes('@Public()')) continue;
        const root = /@(Query|Mutation)\('(\w+)'\)/.exec(decorators);
        if (root) found[root[1] === 'Query' ? 'query' : 'mutation'].add(root[2]);
      }
    expect([...found.query].sort()).toEqual([...PUBLIC_ROOT_FIELDS.query].sort());
    expect([...found.mutation].sort()).toEqual([...PUBLIC_ROOT_FIELDS.mutation].sort());
  });

  it('lets public queries through and names the fields that need a staff account', () => {
    expect(outside('{ publicSheets(first: 5) { slug } offices { name } __typename }')).toEqual([]);
    expect(outside('{ publicSheets { slug } contacts { id } }')).toEqual(['contacts']);
    expect(outside('query { ...Q } fragment Q on Query { caseQueue { totalCount } }')).toEqual(['caseQueue']);
    expect(outside('mutation { registerContact(input: {}) { id } }')).toEqual(['registerContact']);
    expect(outside('mutation { submitClarityFeedback(input: {}) { accepted } }')).toEqual([]);
  });

  it('allows introspection to anonymous callers only when introspection is on', () => {
    expect(outside('{ __schema { queryType { name } } }')).toEqual(['__schema']);
    expect(outside('{ __schema { queryType { name } } }', true)).toEqual([]);
  });
});
