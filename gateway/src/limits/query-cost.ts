import { getNullableType, isListType, type GraphQLSchema } from 'graphql';
import type { DocumentNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** The arguments that say how many items a list field returns. */
const SIZE_ARGUMENTS = ['first', 'last', 'limit'] as const;

/**
 * Each field costs 1 plus its selection, multiplied by the number of items it may return: its `first` /
 * `limit` argument (default values included: `publicSheets` returns 100 unless told otherwise), or
 * `defaultListSize` for a list without one. So `publicSheets(first: 100) { id title }` costs 1 + 100 × 2.
 */
export function listSizeEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const size = SIZE_ARGUMENTS.map((a) => args[a]).find((v): v is number => typeof v === 'number');
    const multiplier =
      size !== undefined ? Math.max(size, 1) : isListType(getNullableType(field.type)) ? defaultListSize : 1;
    return 1 + childComplexity * multiplier;
  };
}

export function queryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  defaultListSize: number,
): number {
  return getComplexity({
    schema,
    query,
    variables,
    operationName,
    estimators: [listSizeEstimator(defaultListSize)],
  });
}
