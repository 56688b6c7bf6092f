import {
  getNullableType,
  getVariableValues,
  isListType,
  Kind,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
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

/** The variables a document's cost can depend on: sizes (`first: $n`) and `@skip`/`@include` conditions. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (args: readonly ArgumentNode[] | undefined, which: (name: string) => boolean) => {
    for (const a of args ?? [])
      if (a.value.kind === Kind.VARIABLE && which(a.name.value)) names.add(a.value.name.value);
  };
  visit(document, {
    Field: (field) => collect(field.arguments, (a) => (SIZE_ARGUMENTS as readonly string[]).includes(a)),
    Directive: (directive) => {
      if (directive.name.value === 'skip' || directive.name.value === 'include')
        collect(directive.arguments, (a) => a === 'if');
    },
  });
  return [...names].sort();
}

interface DocumentCosts {
  variables: string[];
  /** Cost by operation name and the values of `variables`. */
  costs: Map<string, number>;
}

/** Costs kept per document and size values, at most this many per document (then forgotten and recomputed). */
const MAX_COSTS_PER_DOCUMENT = 256;

/**
 * The cost of each request, computed once per document and per value of the variables it depends on (issue 17:
 * the cost walk ran on every request). The parsed document is the one Apollo Server keeps in its document store,
 * the same object for every request of the same query, so the cache lives as long as the document does.
 * The variables are still checked against their declared types on every request (graphql-js's own coercion):
 * a request whose variables do not fit is refused exactly as the full computation would refuse it.
 */
export class QueryCosts {
  private readonly documents = new WeakMap<DocumentNode, DocumentCosts>();
  /** How many times the full cost walk ran (for tests). */
  computed = 0;

  constructor(private readonly defaultListSize: number) {}

  of(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined | null,
    variables: Record<string, unknown>,
    operationName: string | undefined,
  ): number {
    let values: Record<string, unknown> = {};
    if (operation?.variableDefinitions?.length) {
      const coerced = getVariableValues(schema, operation.variableDefinitions, variables);
      if (coerced.errors) throw coerced.errors[coerced.errors.length - 1]; // as graphql-query-complexity does
      values = coerced.coerced;
    }
    let entry = this.documents.get(document);
    if (!entry)
      this.documents.set(document, (entry = { variables: costVariables(document), costs: new Map() }));
    // a variable left out (the argument's default applies) and one sent as null cost differently
    const key = JSON.stringify([
      operationName ?? null,
      ...entry.variables.map((v) => (Object.hasOwn(values, v) ? [values[v]] : 0)),
    ]);
    const known = entry.costs.get(key);
    if (known !== undefined) return known;
    const cost = queryCost(schema, document, variables, operationName, this.defaultListSize);
    this.computed++;
    if (entry.costs.size >= MAX_COSTS_PER_DOCUMENT) entry.costs.clear();
    entry.costs.set(key, cost);
    return cost;
  }
}
