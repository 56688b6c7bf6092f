// The clients of the chaos suite: front-office operators registering contacts through the gateway during each
// fault, each registration tagged with a sheet reference of its own (`chaos-<run>-<n>`) so that its event on
// the topic and its effect (the knowledge base's usage counter of that sheet) can be found one by one.
export interface Attempt {
  fault: string;
  ref: string;
  sentAt: number;
  ms: number;
  /** What the client was told: the registration's id, or the failure. */
  contactId?: string;
  error?: string;
}

const REGISTER = `mutation($input: RegisterContactInput!) { registerContact(input: $input) { id } }`;

export class Clients {
  readonly attempts: Attempt[] = [];
  private seq = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  fault = 'none';

  constructor(
    private readonly gatewayUrl: string,
    private readonly bearer: string,
    private readonly run: string,
    private readonly opts: { clients: number; pauseMs: number; timeoutMs: number },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.opts.clients }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** One registration, as a client would send it; never throws. */
  async register(fault = this.fault): Promise<Attempt> {
    const ref = `chaos-${this.run}-${++this.seq}`;
    const a: Attempt = { fault, ref, sentAt: Date.now(), ms: 0 };
    try {
      const res = await fetchWithTimeout(this.gatewayUrl, this.opts.timeoutMs, {
        query: REGISTER,
        variables: {
          input: {
            channel: 'DESK',
            type: 'INFORMATION',
            subject: `Orari dello sportello anagrafe (${ref})`,
            category: { level1: 'anagrafe_stato_civile' },
            sheetIds: [ref],
            resolvedAtFirstContact: true,
            // an import (admin) may cite a sheet reference contacts has not seen published: each registration
            // carries its own, which is how the suite counts every effect exactly (live registrations are checked)
            registeredAt: new Date(Date.now() - 1000).toISOString(),
          },
        },
        bearer: this.bearer,
      });
      const id = res.body?.data?.registerContact?.id as string | undefined;
      if (id) a.contactId = id;
      else a.error = `HTTP ${res.status}: ${res.body?.errors?.[0]?.message ?? 'no data'}`.slice(0, 200);
    } catch (e) {
      a.error = (e as Error).name === 'TimeoutError' ? 'timeout' : (e as Error).message.slice(0, 200);
    }
    a.ms = Date.now() - a.sentAt;
    this.attempts.push(a);
    return a;
  }

  private async loop() {
    while (this.running) {
      await this.register();
      await new Promise((r) => setTimeout(r, this.opts.pauseMs));
    }
  }
}

export async function fetchWithTimeout(
  url: string,
  timeoutMs: number,
  { query, variables = {}, bearer }: { query: string; variables?: Record<string, unknown>; bearer?: string },
): Promise<{ status: number; body: any; ms: number }> {
  const t0 = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text.slice(0, 200) }] };
  }
  return { status: res.status, body, ms: Date.now() - t0 };
}

/** A reader: times one query in a loop (the "other clients" of the cost attacks). */
export class Reader {
  readonly samples: { at: number; ms: number; ok: boolean }[] = [];
  private running = false;
  private done?: Promise<void>;

  constructor(
    private readonly gatewayUrl: string,
    private readonly bearer: string | undefined,
    private readonly query: string,
    private readonly pauseMs = 100,
  ) {}

  start() {
    this.running = true;
    this.done = (async () => {
      while (this.running) {
        const at = Date.now();
        try {
          const r = await fetchWithTimeout(this.gatewayUrl, 30_000, {
            query: this.query,
            bearer: this.bearer,
          });
          this.samples.push({ at, ms: r.ms, ok: r.status === 200 && !r.body?.errors });
        } catch {
          this.samples.push({ at, ms: Date.now() - at, ok: false });
        }
        await new Promise((r) => setTimeout(r, this.pauseMs));
      }
    })();
  }

  async stop() {
    this.running = false;
    await this.done;
  }

  between(from: number, to: number) {
    return this.samples.filter((s) => s.at >= from && s.at < to);
  }
}

export function p95(ms: number[]): number | undefined {
  if (!ms.length) return undefined;
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}
