// The chaos suite (issue 18): faults against the whole stack while clients register contacts through the
// gateway; afterwards it counts what each client was told and what landed (the event on the topic, read back
// with kcat, and its effect, the knowledge base's usage counter of the registration's own sheet reference).
// It fails on a loss or a double effect, never on a timing: timings are printed.
import { signDevToken } from '@urp/auth';
import { ContactRegisteredV1, ContactTopic, deadLetterTopic } from '@urp/contracts';
import { REPO_ROOT, startStack, testInfra, waitFor, type Stack } from '@urp/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Clients, Reader, fetchWithTimeout, p95, type Attempt } from './load';
import { committedOffsets, endOffsets, produceRaw, readTopic } from './topic';

export interface Profile {
  name: 'short' | 'full';
  clients: number;
  pauseMs: number;
  /** How long the reference (no fault) and the idle windows last. */
  idleMs: number;
  kafkaOutageMs: number;
  dbOutageMs: number;
  /** Published sheets behind `publicSheets` (what the alias attack multiplies). */
  sheets: number;
  aliases: number;
  attackTimeoutMs: number;
  /** Bound on each wait for recovery. */
  recoverTimeoutMs: number;
  /** The final count gives up when nothing new has landed for this long. */
  stallMs: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  short: {
    name: 'short',
    clients: 2,
    pauseMs: 250,
    idleMs: 5_000,
    kafkaOutageMs: 10_000,
    dbOutageMs: 8_000,
    sheets: 8,
    aliases: 1000,
    attackTimeoutMs: 30_000,
    recoverTimeoutMs: 180_000,
    stallMs: 60_000,
  },
  full: {
    name: 'full',
    clients: 4,
    pauseMs: 200,
    idleMs: 15_000,
    kafkaOutageMs: 34_000,
    dbOutageMs: 20_000,
    sheets: 72,
    aliases: 1000,
    attackTimeoutMs: 150_000,
    recoverTimeoutMs: 300_000,
    stallMs: 120_000,
  },
};

export interface Row {
  fault: string;
  requests: number;
  succeeded: number;
  lost: number;
  appliedTwice: number;
  recoverMs?: number;
  note: string;
}

export interface ChaosResult {
  rows: Row[];
  failures: string[];
  table: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChaos(
  profile: Profile,
  log: (s: string) => void = console.log,
): Promise<ChaosResult> {
  await infra('start', 'ferretdb');
  await infra('start', 'kafka');
  const t0 = Date.now();
  const stack = await startStack({
    prefix: 'chaos',
    mailbox: true,
    startTimeoutMs: 120_000,
    log: (s) => log(`chaos: ${s}`),
  });
  log(`chaos: stack ${stack.name} up in ${Date.now() - t0} ms`);
  const mongo = await new MongoClient(testInfra.mongoUrl, { serverSelectionTimeoutMS: 60_000 }).connect();
  const notes = new Map<string, string[]>();
  const recover = new Map<string, number | undefined>();
  const note = (fault: string, s: string) => notes.set(fault, [...(notes.get(fault) ?? []), s]);
  const extraFailures: string[] = [];
  let clients: Clients | undefined;
  try {
    // published sheets for the public slice (the alias attack multiplies them), loaded as the demo loads them
    log(`chaos: ${(await publishSheets(stack, profile.sheets)).trim().replace(/\n/g, '\nchaos: ')}`);

    const contactTopicStart = await endOffsets(ContactTopic.name);
    const bearer = await signDevToken({ sub: 'op-chaos', roles: ['operator', 'admin'] }, stack.auth);
    clients = new Clients(stack.gatewayUrl, bearer, stack.name.replace(/_/g, ''), {
      clients: profile.clients,
      pauseMs: profile.pauseMs,
      timeoutMs: 15_000,
    });
    const usage = usageCounts(mongo, stack);
    const applied = async (ref: string) => (await usage([ref])).get(ref) ?? 0;

    /** From `since`: a fresh registration succeeds and its effect is applied. */
    const probe = async (fault: string, since: number) => {
      try {
        const a = await waitFor(
          async () => {
            const r = await clients!.register(fault);
            return r.contactId ? r : undefined;
          },
          {
            timeoutMs: profile.recoverTimeoutMs,
            intervalMs: 250,
            what: `${fault}: a registration to succeed`,
          },
        );
        await waitFor(async () => (await applied(a!.ref)) > 0, {
          timeoutMs: profile.recoverTimeoutMs,
          intervalMs: 250,
          what: `${fault}: its effect`,
        });
        recover.set(fault, Date.now() - since);
        log(
          `chaos: ${fault}: recovered in ${Date.now() - since} ms (a new registration accepted and applied)`,
        );
      } catch (e) {
        note(fault, `not recovered: ${(e as Error).message.slice(0, 120)}`);
      }
    };
    const phase = async (fault: string, body: () => Promise<void>) => {
      log(`chaos: --- ${fault}`);
      clients!.fault = fault;
      await body();
      await sleep(2_000); // keep the load a moment after recovery (what follows the fault also counts)
    };

    clients.fault = 'none (reference)';
    clients.start();
    await phase('none (reference)', async () => {
      await sleep(profile.idleMs);
    });

    await phase('broker stop (kafka)', async () => {
      await sleep(1_000);
      await infra('stop', 'kafka');
      const stopped = Date.now();
      await sleep(profile.kafkaOutageMs);
      await infra('start', 'kafka');
      note('broker stop (kafka)', `broker down ${Math.round((Date.now() - stopped) / 1000)} s`);
      await probe('broker stop (kafka)', Date.now());
    });

    await phase('SIGKILL contacts (producer)', async () => {
      await sleep(1_000);
      await stack.kill('contacts', 'SIGKILL');
      const killed = Date.now();
      await stack.start('contacts');
      note('SIGKILL contacts (producer)', `restarted at once; healthy after ${Date.now() - killed} ms`);
      await probe('SIGKILL contacts (producer)', killed);
    });

    await phase('SIGKILL knowledge (consumer)', async () => {
      await sleep(1_000);
      await stack.kill('knowledge', 'SIGKILL');
      const killed = Date.now();
      await stack.start('knowledge');
      note('SIGKILL knowledge (consumer)', `restarted at once; healthy after ${Date.now() - killed} ms`);
      await probe('SIGKILL knowledge (consumer)', killed);
    });

    await phase('database stop (ferretdb)', async () => {
      await sleep(1_000);
      await infra('stop', 'ferretdb');
      const stopped = Date.now();
      await sleep(profile.dbOutageMs);
      await infra('start', 'ferretdb');
      note('database stop (ferretdb)', `database down ${Math.round((Date.now() - stopped) / 1000)} s`);
      await probe('database stop (ferretdb)', Date.now());
    });

    await phase('poison message', async () => {
      const fault = 'poison message';
      const topic = ContactTopic.name;
      const dlq = deadLetterTopic(topic);
      const key = `chaos-poison-${stack.name}`;
      const before = await endOffsets(topic);
      const dlqBefore = await endOffsets(dlq);
      const sent = Date.now();
      await produceRaw(
        topic,
        0,
        key,
        {
          ce_id: randomUUID(),
          ce_type: ContactRegisteredV1.type,
          ce_specversion: '1.0',
          ce_source: '/chaos',
          ce_subject: key,
          ce_time: new Date().toISOString(),
          'content-type': 'application/json',
        },
        '{"contactId": "chaos", "broken": ',
      );
      const poison = (await readTopic(topic, new Map([[0, before.get(0) ?? 0]]))).find((r) => r.key === key);
      if (!poison) throw new Error('the poison message is not on the topic');
      try {
        // the knowledge base reaches the poison when it has worked through what came before it (on a loaded
        // machine that can take minutes): wait while its committed offset on partition 0 keeps moving
        let committed = -1;
        let movedAt = Date.now();
        for (;;) {
          const now = (await committedOffsets(stack.groups.knowledge, topic)).get(0) ?? -1;
          if (now > poison.offset) break;
          if (now > committed) [committed, movedAt] = [now, Date.now()];
          if (Date.now() - movedAt > profile.stallMs)
            throw new Error(
              `the knowledge base's group stays at offset ${committed} before the poison (${poison.offset})`,
            );
          await sleep(1_000);
        }
        const dead = await waitFor(
          async () =>
            (await readTopic(dlq, dlqBefore)).find(
              (r) => r.key === key && r.headers.urp_dlq_group === stack.groups.knowledge,
            ),
          { timeoutMs: 60_000, intervalMs: 1_000, what: 'the poison message in the DLQ' },
        );
        recover.set(fault, Date.now() - sent);
        note(
          fault,
          `in ${dlq} (group ${stack.groups.knowledge}, error "${(dead!.headers.urp_dlq_error ?? '').slice(0, 60)}"); the group's partition 0 moved past offset ${poison.offset}`,
        );
      } catch (e) {
        extraFailures.push(`poison message: ${(e as Error).message}`);
        note(fault, `NOT handled: ${(e as Error).message.slice(0, 120)}`);
      }
    });

    // the cost attacks last: if the gateway does not refuse them, their work may go on after the client gives up
    const reader = new Reader(stack.gatewayUrl, undefined, '{ publicSheets(first: 5) { id title } }', 250);
    reader.start();
    const idleFrom = Date.now();
    clients.fault = 'idle (reader only)';
    await sleep(profile.idleMs);
    const idleTo = Date.now();
    const attack = async (fault: string, query: string) => {
      log(`chaos: --- ${fault}`);
      clients!.fault = fault;
      const from = Date.now();
      let told: string;
      try {
        const r = await fetchWithTimeout(stack.gatewayUrl, profile.attackTimeoutMs, { query });
        const err = r.body?.errors?.[0]?.message as string | undefined;
        told = err
          ? `refused in ${r.ms} ms (HTTP ${r.status}: ${err.slice(0, 70)})`
          : `NOT refused: answered in ${r.ms} ms (HTTP ${r.status}, ${JSON.stringify(r.body).length} bytes)`;
      } catch (e) {
        told = `NOT refused: no answer within ${profile.attackTimeoutMs} ms (${(e as Error).name})`;
      }
      await sleep(2_000);
      const to = Date.now();
      const ms = (xs: { ms: number }[]) => p95(xs.map((x) => x.ms));
      const regs = (f: (a: Attempt) => boolean) => clients!.attempts.filter(f);
      const idleReg = regs((a) => a.sentAt >= idleFrom && a.sentAt < idleTo);
      const duringReg = regs((a) => a.fault === fault);
      const idleRead = reader.between(idleFrom, idleTo);
      const duringRead = reader.between(from, to);
      note(fault, told);
      note(
        fault,
        `others' p95: publicSheets ${fmt(ms(idleRead))} idle → ${fmt(ms(duringRead))} during (${duringRead.filter((s) => !s.ok).length} failed); ` +
          `registerContact ${fmt(ms(idleReg))} idle → ${fmt(ms(duringReg))} during`,
      );
      log(`chaos: ${fault}: ${notes.get(fault)!.join('; ')}`);
    };
    const fields = '{ id title content { howTo whatYouNeed offices { name } } }';
    await attack(
      `alias attack (${profile.aliases} × publicSheets(first:100))`,
      `{ ${Array.from({ length: profile.aliases }, (_, i) => `a${i}: publicSheets(first: 100) ${fields}`).join(' ')} }`,
    );
    // a real cycle of the schema (office → referents → office …), not introspection: it reaches the depth limit
    const cycles = 20;
    await attack(
      `deeply nested query (office ↔ referents × ${cycles})`,
      `{ publicSheets(first: 100) { content { offices { ${'referents { office { '.repeat(cycles)}name${' } }'.repeat(cycles)} } } } }`,
    );
    await reader.stop();
    await clients.stop();

    // what landed: every event of the run on the topic (kcat), every effect (the usage counters)
    log('chaos: --- counting what landed');
    const countFrom = Date.now();
    const attempts = clients.attempts;
    const byRef = new Map<string, { ceIds: Set<string>; copies: number }>();
    const readEvents = async () => {
      byRef.clear();
      for (const r of await readTopic(ContactTopic.name, contactTopicStart)) {
        if (r.headers.ce_type !== ContactRegisteredV1.type || !r.payload) continue;
        let sheetIds: string[] = [];
        try {
          sheetIds = (JSON.parse(r.payload) as { sheetIds?: string[] }).sheetIds ?? [];
        } catch {
          continue; // the poison message
        }
        for (const ref of sheetIds) {
          const e = byRef.get(ref) ?? { ceIds: new Set<string>(), copies: 0 };
          e.ceIds.add(r.headers.ce_id);
          e.copies++;
          byRef.set(ref, e);
        }
      }
    };
    // acknowledged writes reach the topic and their effects arrive asynchronously (on a loaded machine the
    // knowledge base may be minutes behind): poll as long as something new keeps landing; give up only when
    // nothing has moved for `stallMs` (what is still missing then counts as lost)
    let counters = new Map<string, number>();
    const readCounters = async () => {
      counters = await usage(attempts.map((a) => a.ref));
    };
    let progress = -1;
    let movedAt = Date.now();
    for (;;) {
      await readEvents();
      await readCounters();
      const done = attempts.every(
        (a) => (!a.contactId || byRef.has(a.ref)) && (!byRef.has(a.ref) || (counters.get(a.ref) ?? 0) > 0),
      );
      if (done) break;
      const now = byRef.size + [...counters.values()].reduce((x, y) => x + y, 0);
      if (now > progress) [progress, movedAt] = [now, Date.now()];
      if (Date.now() - movedAt > profile.stallMs) {
        log(`chaos: nothing new landed for ${profile.stallMs} ms: counting what is missing as lost`);
        break;
      }
      await sleep(2_000);
    }
    log(`chaos: counted in ${Date.now() - countFrom} ms`);

    const faults = [...new Set(attempts.map((a) => a.fault))];
    const rows: Row[] = faults.map((fault) => {
      const mine = attempts.filter((a) => a.fault === fault);
      const told = mine.filter((a) => a.contactId);
      let lost = 0;
      let twice = 0;
      let landedTold = 0;
      let redelivered = 0;
      let noEvent = 0;
      let noEffect = 0;
      for (const a of mine) {
        const ev = byRef.get(a.ref);
        const effect = counters.get(a.ref) ?? 0;
        if (a.contactId && !ev) noEvent++;
        if (ev && effect === 0) noEffect++;
        if (a.contactId && (!ev || effect === 0)) lost++;
        if (!a.contactId && ev && effect === 0) lost++;
        if (!a.contactId && ev) landedTold++;
        if ((ev && ev.ceIds.size > 1) || effect > 1) twice++;
        if (ev && ev.copies > ev.ceIds.size) redelivered++;
      }
      const failed = mine.length - told.length;
      const reasons = [...new Set(mine.filter((a) => a.error).map((a) => a.error!.slice(0, 50)))].slice(0, 2);
      const extra = [
        noEvent ? `${noEvent} acknowledged without their event on the topic` : '',
        noEffect ? `${noEffect} events never applied by the knowledge base (usage counter 0)` : '',
        failed ? `${failed} told failed${reasons.length ? ` (${reasons.join(' | ')})` : ''}` : '',
        landedTold ? `${landedTold} told failed but landed once` : '',
        redelivered ? `${redelivered} published twice with the same ce_id (at-least-once; applied once)` : '',
        `registerContact p95 ${fmt(p95(told.map((a) => a.ms)))}`,
      ].filter(Boolean);
      return {
        fault,
        requests: mine.length,
        succeeded: told.length,
        lost,
        appliedTwice: twice,
        recoverMs: recover.get(fault),
        note: [...(notes.get(fault) ?? []), ...extra].join('; '),
      };
    });
    const failures = [
      ...rows.filter((r) => r.lost > 0).map((r) => `${r.fault}: ${r.lost} lost`),
      ...rows.filter((r) => r.appliedTwice > 0).map((r) => `${r.fault}: ${r.appliedTwice} applied twice`),
      ...extraFailures,
    ];
    if (!rows.some((r) => r.succeeded > 0)) failures.push('no registration succeeded at all');
    if (failures.length) log(`chaos: the processes' output is in ${stack.logDir}`);
    return { rows, failures, table: table(rows) };
  } finally {
    await clients?.stop().catch(() => undefined);
    await stack.stop();
    await mongo.close();
    // leave the infrastructure running, as found
    await infra('start', 'ferretdb');
    await infra('start', 'kafka');
  }
}

const fmt = (ms: number | undefined) => (ms === undefined ? '–' : `${Math.round(ms)} ms`);

/** The demo's offices, forms, templates and first `count` sheets (tools/scripts/seed/publish-sheets.ts). */
function publishSheets(stack: Stack, count: number): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/scripts/seed/publish-sheets.ts', String(count)],
      {
        cwd: REPO_ROOT,
        timeout: 600_000,
        env: {
          ...process.env,
          URP_GATEWAY_URL: stack.gatewayUrl,
          AUTH_ISSUER: stack.auth.issuer,
          AUTH_AUDIENCE: stack.auth.audience,
          AUTH_JWT_SECRET: stack.auth.secret,
        },
      },
      (err, stdout, stderr) =>
        err ? reject(new Error(`publish-sheets: ${stderr || err.message}`)) : resolve(stdout),
    ),
  );
}

/**
 * deploy/local/infra.sh, without blocking the event loop (the clients keep sending while the broker or the
 * database stops, which takes seconds).
 */
function infra(action: 'start' | 'stop', component: 'kafka' | 'ferretdb'): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'bash',
      [join(REPO_ROOT, 'deploy/local/infra.sh'), action, component],
      { timeout: 180_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`infra.sh ${action} ${component}: ${stderr}`)) : resolve(stdout),
    ),
  );
}

/**
 * The knowledge base's usage counts per sheet reference (its feedback store): the small shards each count lands in
 * (`sheet_usage`, by `sheetId`) plus what one document per sheet counted before them (`sheet_stats.contacts`).
 */
function usageCounts(mongo: MongoClient, stack: Stack): (refs: string[]) => Promise<Map<string, number>> {
  const db = mongo.db(stack.databases.knowledge);
  const before = db.collection<{ _id: string; contacts?: number }>('sheet_stats');
  const shards = db.collection<{ _id: string; sheetId: string; contacts?: number }>('sheet_usage');
  return async (refs) => {
    const out = new Map<string, number>();
    const add = (ref: string, n: number | undefined) => out.set(ref, (out.get(ref) ?? 0) + (n ?? 0));
    const [old, now] = await Promise.all([
      before.find({ _id: { $in: refs } }).toArray(),
      shards.find({ sheetId: { $in: refs } }).toArray(),
    ]);
    for (const d of old) add(d._id, d.contacts);
    for (const d of now) add(d.sheetId, d.contacts);
    return out;
  };
}

export function table(rows: Row[]): string {
  const head = ['fault', 'requests', 'succeeded', 'lost', 'applied twice', 'time to recover', 'note'];
  const lines = rows.map((r) => [
    r.fault,
    String(r.requests),
    String(r.succeeded),
    String(r.lost),
    String(r.appliedTwice),
    r.recoverMs === undefined ? '–' : `${(r.recoverMs / 1000).toFixed(1)} s`,
    r.note,
  ]);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...lines.map((l) => `| ${l.map(esc).join(' | ')} |`),
  ].join('\n');
}
