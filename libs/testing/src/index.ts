import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** Where the integration tests find the real infrastructure started by deploy/local/infra.sh. */
export const testInfra = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.URP_KAFKA_PORT ?? 19092}`).split(','),
  mongoUrl: process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`,
};

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** A name no other test run uses (topics, groups, databases). */
export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** Runs deploy/local/infra.sh (used by the tests that stop and restart the broker). */
export function infra(action: 'start' | 'stop' | 'kill', component: 'kafka' | 'ferretdb'): string {
  return execFileSync('bash', [join(REPO_ROOT, 'deploy/local/infra.sh'), action, component], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Polls until `probe` returns a truthy value (or stops throwing), or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  { timeoutMs = 20000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
