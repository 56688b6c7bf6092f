import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Headers } from 'node-fetch';

/** Connections to the subgraphs, kept alive and pooled. */
export const subgraphAgents = {
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
};

/** What `RemoteGraphQLDataSource` gives its fetcher (`@apollo/utils.fetcher`'s `FetcherRequestInit`). */
export interface SubgraphRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** An answer read whole: what `RemoteGraphQLDataSource` reads of it (`@apollo/utils.fetcher`'s `FetcherResponse`). */
export class SubgraphResponse {
  bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: SubgraphHeaders,
    private readonly body: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  /** As node-fetch: a body that is not JSON is an `invalid-json` FetchError naming the URL (errors.ts strips it). */
  async json(): Promise<unknown> {
    const text = await this.text();
    try {
      return JSON.parse(text);
    } catch (e) {
      throw Object.assign(
        new Error(`invalid json response body at ${this.url} reason: ${(e as Error).message}`),
        {
          name: 'FetchError',
          type: 'invalid-json',
        },
      );
    }
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return new Uint8Array(this.body).buffer;
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(
      this.url,
      this.status,
      this.statusText,
      new SubgraphHeaders([...this.headers].flat()),
      this.body,
    );
  }
}

/**
 * The answer's headers as node-fetch's `Headers` show them, built only when something asks for more than
 * `get`/`has`: the data source reads two of them per answer (`content-type`, `cache-control`), and building
 * node-fetch's `Headers` validated and looked up every header of every answer (issue 17). `get` is node-fetch's:
 * the values of every header of that name (any case), in order, joined by `, `; `null` when there is none.
 */
export class SubgraphHeaders implements Iterable<[string, string]> {
  private full?: Headers;

  constructor(private readonly raw: readonly string[]) {}

  private headers(): Headers {
    if (!this.full) {
      const headers = new Headers();
      for (let i = 0; i < this.raw.length; i += 2) headers.append(this.raw[i], this.raw[i + 1]);
      this.full = headers;
    }
    return this.full;
  }

  get(name: string): string | null {
    if (this.full) return this.full.get(name);
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i < this.raw.length; i += 2)
      if (this.raw[i].length === wanted.length && this.raw[i].toLowerCase() === wanted)
        value = value === null ? this.raw[i + 1] : `${value}, ${this.raw[i + 1]}`;
    return value;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  append(name: string, value: string): void {
    this.headers().append(name, value);
  }

  set(name: string, value: string): void {
    this.headers().set(name, value);
  }

  delete(name: string): void {
    this.headers().delete(name);
  }

  entries(): IterableIterator<[string, string]> {
    return this.headers().entries() as IterableIterator<[string, string]>;
  }

  keys(): IterableIterator<string> {
    return this.headers().keys() as IterableIterator<string>;
  }

  values(): IterableIterator<string> {
    return this.headers().values() as IterableIterator<string>;
  }

  forEach(callback: (value: string, name: string) => void): void {
    this.headers().forEach(callback);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** Each subgraph's URL parsed once (there are five): not a `new URL` per fetch. */
const targets = new Map<string, URL>();
const targetOf = (url: string): URL => {
  let target = targets.get(url);
  if (!target) {
    target = new URL(url);
    if (targets.size < 100) targets.set(url, target);
  }
  return target;
};

/**
 * Issue 17: the subgraph fetch on Node's `http` module without node-fetch's request and response streams (the
 * request is one JSON body, the answer is read whole: what the data source does with it anyway). Keep-alive
 * agents as before; `signal` (the request scope's: deadline, client gone) destroys the request and its socket.
 * A refused connection or an abort rejects, as node-fetch did: the data source turns it into UNAVAILABLE.
 */
export function subgraphFetch(
  url: string,
  init: SubgraphRequestInit,
  signal: AbortSignal | undefined,
): Promise<SubgraphResponse> {
  return new Promise((resolve, reject) => {
    const target = targetOf(url);
    const https = target.protocol === 'https:';
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers: Record<string, string | number> = { accept: 'application/json', ...init.headers };
    if (body) headers['content-length'] = body.length;
    const req = (https ? httpsRequest : httpRequest)(target, {
      method: init.method ?? 'POST',
      headers,
      agent: https ? subgraphAgents.https : subgraphAgents.http,
      signal,
    });
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('aborted', () => reject(new Error('the subgraph closed the connection during its answer')));
      res.once('end', () =>
        resolve(
          new SubgraphResponse(
            url,
            res.statusCode ?? 0,
            res.statusMessage ?? '',
            new SubgraphHeaders(res.rawHeaders),
            chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
          ),
        ),
      );
    });
    req.end(body);
  });
}
