import {
  type Experimental_DidResolveQueryPlanCallback,
  type GraphQLDataSourceProcessOptions,
  type RemoteGraphQLDataSource,
} from '@apollo/gateway';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { metricsRegistry } from '@urp/observability';
import {
  Kind,
  parse,
  print,
  stripIgnoredCharacters,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { Counter } from 'prom-client';
import type { GatewayContext } from './edge/client-identity';

type IncomingOperation = Extract<
  GraphQLDataSourceProcessOptions<GatewayContext>,
  { incomingRequestContext: unknown }
>;
/** `INCOMING_OPERATION` (the enum is not exported by @apollo/gateway at run time). */
const INCOMING_OPERATION = 'incoming operation' as unknown as IncomingOperation['kind'];
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];
type PlanNode = NonNullable<QueryPlan['node']>;
/** The query plan's fetch node (`@apollo/query-planner`'s `FetchNode`). */
export type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>;

/** What forwards a fetch to a subgraph: the gateway's own data source (`SubgraphDataSource`). */
export interface SubgraphProcess {
  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse>;
}

/**
 * The operation's text with what cannot change the answer's shape left out: the operation's name, the order
 * of its variable definitions and where its fragments are written. Two operations with the same text here
 * ask for the same response keys in the same order, with the same arguments, directives and defaults.
 */
export function responseShapeKey(document: DocumentNode, operationName?: string | null): string | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return undefined;
  const fragments = document.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .sort((a, b) => a.name.value.localeCompare(b.name.value));
  const others = document.definitions.filter(
    (d: DefinitionNode) => d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION,
  );
  if (others.length) return undefined;
  const normalised: OperationDefinitionNode = {
    ...operation,
    name: undefined,
    variableDefinitions: [...(operation.variableDefinitions ?? [])].sort((a, b) =>
      a.variable.name.value.localeCompare(b.variable.name.value),
    ),
  };
  return stripIgnoredCharacters(print({ kind: Kind.DOCUMENT, definitions: [normalised, ...fragments] }));
}

/**
 * The plan's one fetch when the gateway would answer exactly what that subgraph answers, else undefined:
 * the plan is a single fetch to one subgraph (no entity resolution: no `requires`, no data rewrites), and the
 * subgraph operation asks for the client's response keys in the client's order and nothing else (Apollo
 * Gateway adds `__typename` for abstract types, renames clashing aliases, splits fields among subgraphs,
 * answers `__typename` of the root and introspection itself: each of these makes the texts differ).
 */
export function directFetchOf(
  plan: QueryPlan,
  document: DocumentNode,
  operationName?: string | null,
): FetchNode | undefined {
  const node = plan.node;
  if (node?.kind !== 'Fetch') return undefined;
  if (node.requires?.length || node.inputRewrites?.length || node.outputRewrites?.length) return undefined;
  if (node.contextRewrites?.length || node.hasDefers) return undefined;
  if (node.operationKind !== 'query' && node.operationKind !== 'mutation') return undefined;
  const client = responseShapeKey(document, operationName);
  if (!client) return undefined;
  let planned: string | undefined;
  try {
    planned = responseShapeKey(node.operationDocumentNode ?? parse(node.operation));
  } catch {
    return undefined;
  }
  return planned === client ? node : undefined;
}

/** What the first try of a fetch gave, for the gateway's own execution to use instead of fetching again. */
interface Recorded {
  service: string;
  operation: string;
  outcome: { response: GatewayGraphQLResponse } | { error: unknown };
}

const directAnswers = new Counter({
  name: 'urp_gateway_direct_fetch_total',
  help: 'GraphQL operations whose plan is one fetch to one subgraph: answered with its response as is (direct), or by the query-plan executor from the same response (replayed: errors, partial data, failures)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/**
 * Issue 17: the gateway's own cost on the cheapest queries. An operation whose query plan is a single fetch to
 * one subgraph is sent, after every check of the request (identity, rate limit, document limits, variables,
 * public slice, cost: all before `responseForOperation`), through the same data source the plan's executor
 * would use (the same signed identity, deadline and abort), with the same subgraph operation and variables;
 * when the subgraph answers data without errors, that data is the answer, without the executor's per-request
 * work (the operation rebuilt against the supergraph and the result shaped again field by field). When the
 * subgraph answers errors, or fails, nothing is decided here: the executor runs as always, and its fetch is
 * given this outcome instead of a second request (`replay`), so errors, partial data and outages are what
 * Apollo Gateway makes of them, and no mutation is ever sent twice.
 *
 * The decision per document comes from Apollo Gateway's own plan (`experimental_didResolveQueryPlan`): the
 * first request of a document always takes the executor's path.
 */
export class DirectFetch {
  private readonly decisions = new WeakMap<DocumentNode, Map<string, FetchNode | null>>();
  private readonly services = new Map<string, SubgraphProcess>();
  private readonly recorded = new WeakMap<object, Recorded>();

  constructor(readonly enabled: boolean) {}

  /** Each subgraph's data source, as the gateway builds it. */
  register(name: string, service: SubgraphProcess): void {
    this.services.set(name, service);
  }

  /** Apollo Gateway's hook after planning, before executing: remembers the decision for the document. */
  readonly didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback = ({
    queryPlan,
    requestContext,
  }) => {
    const { document, request } = requestContext;
    if (!this.enabled || !document) return;
    let byName = this.decisions.get(document);
    if (!byName) this.decisions.set(document, (byName = new Map()));
    const key = request.operationName ?? '';
    if (!byName.has(key)) byName.set(key, directFetchOf(queryPlan, document, request.operationName) ?? null);
  };

  /** The decision known for a document (for tests). */
  decisionFor(document: DocumentNode, operationName?: string | null): FetchNode | null | undefined {
    return this.decisions.get(document)?.get(operationName ?? '');
  }

  /**
   * For the data source: the outcome already obtained for this fetch of this request, handed over once; the
   * executor's fetch then asks the subgraph nothing.
   */
  replay(
    service: string,
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> | undefined {
    if (options.kind !== INCOMING_OPERATION) return undefined;
    const context = options.context as object | undefined;
    if (!context) return undefined;
    const recorded = this.recorded.get(context);
    if (!recorded || recorded.service !== service || recorded.operation !== options.request.query)
      return undefined;
    this.recorded.delete(context);
    return 'response' in recorded.outcome
      ? Promise.resolve(recorded.outcome.response)
      : Promise.reject(recorded.outcome.error);
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        responseForOperation: (requestContext) => this.respond(requestContext),
      }),
    };
  }

  private async respond(requestContext: GraphQLRequestContext<GatewayContext>) {
    if (!this.enabled) return null;
    const { document, request, contextValue } = requestContext;
    if (!document) return null;
    const fetch = this.decisions.get(document)?.get(request.operationName ?? '');
    const service = fetch ? this.services.get(fetch.serviceName) : undefined;
    if (!fetch || !service) return null;
    // the variables the executor would send: those the subgraph operation uses, when given
    const given = request.variables ?? {};
    const variables: Record<string, unknown> = Object.create(null);
    for (const name of fetch.variableUsages ?? [])
      if (Object.hasOwn(given, name) && given[name] !== undefined) variables[name] = given[name];
    let outcome: Recorded['outcome'];
    try {
      const response = await service.process({
        kind: INCOMING_OPERATION,
        request: { query: fetch.operation, variables, operationName: fetch.operationName },
        // the same request context the executor passes (the cache policy, the caller's context)
        incomingRequestContext: requestContext as never,
        context: contextValue,
        document: fetch.operationDocumentNode,
        pathInIncomingRequest: [],
      });
      if (response.errors === undefined && isObject(response.data)) {
        directAnswers.inc({ outcome: 'direct' });
        return {
          http: { status: undefined, headers: new HeaderMap() },
          body: { kind: 'single' as const, singleResult: { data: response.data } },
        };
      }
      outcome = { response };
    } catch (error) {
      outcome = { error };
    }
    this.recorded.set(contextValue, { service: fetch.serviceName, operation: fetch.operation, outcome });
    directAnswers.inc({ outcome: 'replayed' });
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
