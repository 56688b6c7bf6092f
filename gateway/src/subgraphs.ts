import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { ANONYMOUS, IDENTITY_HEADER, signIdentity, type Identity } from '@urp/auth';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './edge/client-identity';
import { DEADLINE_HEADER, requestScope } from './edge/request-scope';
import { TokenCache } from '@urp/auth';
import type { DirectFetch } from './single-fetch';
import { subgraphFetch, type SubgraphRequestInit } from './subgraph-fetch';

/** How an operator reads the subgraphs' names in an error. */
export const SUBGRAPH_LABELS: Record<string, string> = {
  contacts: 'contatti e pratiche',
  satisfaction: 'soddisfazione',
  knowledge: 'base di conoscenza',
  procedures: 'procedimenti',
  campaigns: 'campagne',
};

/** Subgraph answers that mean "not now" rather than "this request is wrong". */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * The subgraph fetch: Node's http module with keep-alive agents (subgraph-fetch.ts), without node-fetch's
 * streams (issue 17: node-fetch cost 0.3 ms less CPU per request than Node's global fetch, this less again).
 * The request's signal (deadline, client gone) travels with it: on abort the socket is destroyed.
 */
const scopedFetch: RemoteGraphQLDataSource['fetcher'] = (url: string, init: SubgraphRequestInit = {}) =>
  subgraphFetch(url, init, requestScope.getStore()?.signal);

/**
 * The signed identity of one caller, reused for a few seconds: one HMAC signature per caller every 3 s
 * instead of one per subgraph fetch. The token is valid 15 s, so a reused one still has 11 s or more when it
 * leaves, longer than the request's deadline.
 */
const signedIdentities = new TokenCache<string>({ maxAgeMs: 3000, maxEntries: 10_000 });
const identityKey = (i: Identity) =>
  JSON.stringify([i.sub, i.roles, i.offices ?? [], i.name ?? null, i.anonymous ?? false]);
export const signedIdentity = (identity: Identity, secret: string): Promise<string> =>
  signedIdentities.get(`${secret.length}:${secret}\u0000${identityKey(identity)}`, () =>
    signIdentity(identity, secret),
  );

/**
 * One subgraph, as the gateway calls it: forwards the verified identity, signed, on every request; aborts
 * with the client request; and turns an outage or a timeout into a typed UNAVAILABLE error with a retry
 * hint, never with the subgraph's internal address.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly secret: string,
    private readonly retryAfterSeconds: number,
    private readonly direct?: DirectFetch,
  ) {
    super({ url, fetcher: scopedFetch });
    direct?.register(name, this);
  }

  /** The plan executor's fetch: what the direct path already obtained for this request, else a real fetch. */
  override process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    return this.direct?.replay(this.name, options) ?? super.process(options);
  }

  override async willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const identity = 'identity' in context && context.identity ? context.identity : ANONYMOUS;
    request.http?.headers.set(IDENTITY_HEADER, await signedIdentity(identity, this.secret));
    // a subgraph may bound its own work with it (e.g. MongoDB maxTimeMS): nobody waits past it
    const scope = requestScope.getStore();
    if (scope) request.http?.headers.set(DEADLINE_HEADER, String(scope.deadline));
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    if (response && !UNAVAILABLE_STATUSES.has(response.status)) throw error;
    const scope = requestScope.getStore();
    const label = SUBGRAPH_LABELS[this.name] ?? this.name;
    const retry = this.retryAfterSeconds;
    const message =
      scope?.reason === 'deadline'
        ? `il servizio «${label}» non ha risposto entro ${Math.round(scope.timeoutMs / 1000)} secondi: riprova tra ${retry} secondi`
        : `il servizio «${label}» non è disponibile in questo momento: riprova tra ${retry} secondi`;
    throw new GraphQLError(message, {
      extensions: { code: 'UNAVAILABLE', service: this.name, retryAfterSeconds: retry },
    });
  }
}

type SendRequest = (
  this: SubgraphDataSource,
  request: GatewayGraphQLRequest,
  context: GatewayContext,
) => Promise<GatewayGraphQLResponse>;

/**
 * `RemoteGraphQLDataSource.sendRequest` (@apollo/gateway 2.14) without the node-fetch `Request` it builds for
 * nothing but to hand to `parseBody` and `didEncounterError`, which read nothing of it here (1.4 % of the
 * gateway's CPU on the paths bench's probe, issue 17). The same body, headers, fetcher, parsing and errors.
 * The method is private in Apollo's types, so it is set on the prototype; `subgraphs.spec.ts` fails if Apollo's
 * `process` stops calling it.
 */
const sendRequest: SendRequest = async function (this: SubgraphDataSource, request, context) {
  if (!request.http) throw new Error("Internal error: Only 'http' requests are supported.");
  const { http, ...requestWithoutHttp } = request;
  const init = {
    method: http.method,
    headers: Object.fromEntries(http.headers),
    body: JSON.stringify(requestWithoutHttp),
  };
  let response: FetcherResponse | undefined;
  try {
    response = await this.fetcher(http.url, init);
    if (!response.ok) throw await this.errorFromResponse(response);
    const body = await this.parseBody(response, undefined, context);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new Error(`Expected JSON response body, but received: ${String(body)}`);
    return { ...body, http: response } as GatewayGraphQLResponse;
  } catch (error) {
    this.didEncounterError(error as Error, undefined, response);
    throw error;
  }
};
Object.defineProperty(SubgraphDataSource.prototype, 'sendRequest', {
  value: sendRequest,
  writable: true,
  configurable: true,
});

export type SubgraphState = { status: 'up' } | { status: 'down'; reason: string };

/** Each subgraph's own readiness, for the gateway's readiness body (informative: it does not gate it). */
export async function subgraphStates(urls: Record<string, string>): Promise<Record<string, SubgraphState>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]): Promise<[string, SubgraphState]> => {
      try {
        const res = await fetch(new URL('/health/ready', url), { signal: AbortSignal.timeout(1000) });
        return [name, res.ok ? { status: 'up' } : { status: 'down', reason: `HTTP ${res.status}` }];
      } catch (e) {
        const timeout = (e as Error).name === 'TimeoutError';
        return [name, { status: 'down', reason: timeout ? 'no answer within 1 s' : 'unreachable' }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
