import {
  getNullableType,
  getVariableValues,
  isListType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** The arguments that say how many items a list field returns. */
const SIZE_ARGUMENTS = ['first', 'last', 'limit'] as const;

/**
 * Each field costs 1 plus its selection, multiplied by the number of items it may return: its `first` /
 * `limit` argument (default values included: `publicSheets` returns 100 unless told otherwise), or
 * `defaultListSize` for a list without one. So `publicSheets(first: 100) { id title }` costs 1 + 100 × 2.
 * A page (an object, not a list, sized by `first`: `sheetList(first: 50) { items { … } totalCount }`) is one
 * object whose lists hold as many items as its `first` (`pageItems`), not `first` pages of `defaultListSize` items.
 */
export function listSizeEstimator(
  defaultListSize: number,
  pageItems: ReadonlyMap<FieldNode, number> = new Map(),
): ComplexityEstimator {
  return ({ field, node, args, childComplexity }) => {
    const listed = isListType(getNullableType(field.type));
    const size = SIZE_ARGUMENTS.map((a) => args[a]).find((v): v is number => typeof v === 'number');
    const inPage = pageItems.get(node);
    let multiplier = 1;
    if (listed) multiplier = size ?? inPage ?? defaultListSize;
    else if (size !== undefined && !pageHasList(field.type)) multiplier = size; // a page's size is its lists'
    multiplier = Math.max(multiplier, 1);
    return 1 + childComplexity * multiplier;
  };
}

/** Whether an object type has a list field (a page's `items`): only then is its `first` the lists' size. */
function pageHasList(type: GraphQLOutputType): boolean {
  const t = getNullableType(type);
  return isObjectType(t) && Object.values(t.getFields()).some((f) => isListType(getNullableType(f.type)));
}

/**
 * The list fields selected directly under a page field, with the page's size (its `first`/`limit`, from the
 * argument, the variable, or the argument's default). A fragment shared by pages of different sizes takes the
 * largest.
 */
function pageItemSizes(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  defaultListSize: number,
): Map<FieldNode, number> {
  const declared = declaredDefaults(document);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const sizes = new Map<FieldNode, number>();
  const children = (set: SelectionSetNode | undefined, out: FieldNode[], seen = new Set<string>()) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) out.push(sel);
      else if (sel.kind === Kind.INLINE_FRAGMENT) children(sel.selectionSet, out, seen);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        children(fragments.get(sel.name.value)?.selectionSet, out, seen);
      }
    }
    return out;
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (!def || !node.selectionSet || isListType(getNullableType(def.type)) || !pageHasList(def.type))
          return;
        let size: number | undefined;
        for (const name of SIZE_ARGUMENTS) {
          const arg = def.args.find((a) => a.name === name);
          if (!arg) continue;
          const given = node.arguments?.find((a) => a.name.value === name)?.value;
          const value =
            given?.kind === Kind.INT
              ? Number(given.value)
              : given?.kind === Kind.VARIABLE
                ? Object.hasOwn(variables, given.name.value)
                  ? variables[given.name.value]
                  : declared.has(given.name.value)
                    ? declared.get(given.name.value)
                    : arg.defaultValue
                : given
                  ? undefined
                  : arg.defaultValue;
          if (typeof value === 'number') size = value;
          if (size !== undefined) break;
        }
        // a page of unknown size counts as a list without one: a fragment shared with it never costs less
        size ??= defaultListSize;
        for (const child of children(node.selectionSet, []))
          sizes.set(child, Math.max(size, sizes.get(child) ?? 0));
      },
    }),
  );
  return sizes;
}

/** The defaults the query itself declares for its variables (`query($n: Int = 1000)`), as numbers when they are. */
function declaredDefaults(document: DocumentNode): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION)
      for (const v of d.variableDefinitions ?? [])
        if (v.defaultValue?.kind === Kind.INT) out.set(v.variable.name.value, Number(v.defaultValue.value));
        else if (v.defaultValue) out.set(v.variable.name.value, undefined);
  return out;
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
    estimators: [
      listSizeEstimator(defaultListSize, pageItemSizes(schema, query, variables, defaultListSize)),
    ],
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
    // the coerced values: a size given by a variable's default declared in the query counts as sent
    const cost = queryCost(
      schema,
      document,
      { ...variables, ...values },
      operationName,
      this.defaultListSize,
    );
    this.computed++;
    if (entry.costs.size >= MAX_COSTS_PER_DOCUMENT) entry.costs.clear();
    entry.costs.set(key, cost);
    return cost;
  }
}
