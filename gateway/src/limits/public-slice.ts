import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The root fields a citizen may call without a token: the resolvers marked `@Public()` in the subgraphs
 * (knowledge base: published sheets, search, FAQ, offices, forms and their validation, clarity feedback;
 * procedures: a procedure's status by its reference). Anything else from an anonymous caller is refused at
 * the gateway before execution, so an anonymous request never reaches a subgraph it has no business with.
 * gateway/src/limits/public-slice.spec.ts checks every name against the supergraph.
 */
export const PUBLIC_ROOT_FIELDS = {
  query: [
    'publicSheet',
    'publicSheets',
    'publicSearch',
    'publicFaq',
    'offices',
    'office',
    'form',
    'validateFormSubmission',
    'procedureStatus',
  ],
  mutation: ['submitClarityFeedback'],
} as const;

const INTROSPECTION = new Set(['__schema', '__type']);

function rootFields(set: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) names.push(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) names.push(...rootFields(s.selectionSet, document, seen));
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = document.definitions.find(
        (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION)
        names.push(...rootFields(fragment.selectionSet, document, seen));
    }
  }
  return names;
}

/** The root fields of the operation an anonymous caller may not call (empty: all public). */
export function outsidePublicSlice(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  introspectionAllowed: boolean,
): string[] {
  const allowed: readonly string[] =
    operation.operation === 'query'
      ? PUBLIC_ROOT_FIELDS.query
      : operation.operation === 'mutation'
        ? PUBLIC_ROOT_FIELDS.mutation
        : [];
  return [
    ...new Set(
      rootFields(operation.selectionSet, document).filter(
        (f) => f !== '__typename' && !allowed.includes(f) && !(introspectionAllowed && INTROSPECTION.has(f)),
      ),
    ),
  ];
}
