import { readFileSync } from 'node:fs';
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
