/**
 * What sending one notification e-mail costs the sender's CPU (issue 14): the campaigns service's `SmtpAdapter`
 * against plain `sendMail` (the notifications bench's baseline), the same text, the same pool (4 connections) and
 * parallelism (8), into the local mailbox (its own process, counting mode). Rounds alternate (A B A B …) so both
 * meet the same load; the figure is `process.cpuUsage()` per message of this process, which a loaded machine blurs
 * far less than messages/s.
 *
 *   node -r @swc-node/register tools/bench/src/notifications-smtp.ts
 *
 * Env: BENCH_SMTP_MESSAGES (3000 per round), BENCH_SMTP_ROUNDS (3), BENCH_PORT_BASE (4470: the mailbox's HTTP and
 * SMTP take it and the next), BENCH_SMTP_COMPARE (the path of another version's `adapters.ts`, e.g. a `git archive`
 * of an older commit: its `SmtpAdapter` runs as a third contender, in the same rotation).
 */
/* eslint-disable @nx/enforce-module-boundaries -- the benchmark measures the service's own adapter in process */
import { SmtpAdapter } from '../../../services/campaigns/src/delivery/adapters';
import { createTransport } from 'nodemailer';
import { load, num, startMailbox } from './notifications-harness';

const N = num('BENCH_SMTP_MESSAGES', 3000);
const ROUNDS = num('BENCH_SMTP_ROUNDS', 3);
const base = num('BENCH_PORT_BASE', 4470);
const FROM = 'URP <urp@comune.example>';
const SUBJECT = "La sua richiesta all'URP n. 2026/000123 ha ricevuto una risposta";
const TEXT = `Gentile cittadina, gentile cittadino,\n\nla sua richiesta all'Ufficio per le Relazioni con il Pubblico (protocollo n. 2026/000123) ha ricevuto una risposta.\n\nIl termine per la conclusione è il 30 dicembre 2026.\n\nPer leggere i dettagli si rivolga all’URP indicando il numero di protocollo, allo sportello o ai recapiti del Comune.\n\nQuesto messaggio è generato automaticamente: non risponda a questo indirizzo.`;

/** CPU ms per message of `send` for `count` messages, 8 in flight. */
async function cpuPerMessage(send: (i: number) => Promise<unknown>, count: number): Promise<number> {
  const c0 = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) await send(next++);
    }),
  );
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / count;
}

async function main() {
  const mailbox = await startMailbox({ http: base, smtp: base + 1 });
  const adapter = new SmtpAdapter(`smtp://127.0.0.1:${base + 1}`, FROM, 4);
  const transport = createTransport({
    pool: true,
    maxConnections: 4,
    maxMessages: Infinity,
    host: '127.0.0.1',
    port: base + 1,
    ignoreTLS: true,
  });
  const run = Date.now().toString(36);
  let round = 0;
  const viaAdapter = (i: number) =>
    adapter.send({
      deliveryId: `a${i}`,
      to: `a${round}.${i}@bench.example`,
      subject: SUBJECT,
      text: TEXT,
      feedbackUrl: '',
      messageId: `<a${i}.${run}@comune.example>`,
    });
  const comparePath = process.env.BENCH_SMTP_COMPARE;
  const other = comparePath
    ? new (require(comparePath) as { SmtpAdapter: typeof SmtpAdapter }).SmtpAdapter(
        `smtp://127.0.0.1:${base + 1}`,
        FROM,
        4,
      )
    : undefined;
  const viaOther = (i: number) =>
    (other as SmtpAdapter).send({
      deliveryId: `c${i}`,
      to: `c${round}.${i}@bench.example`,
      subject: SUBJECT,
      text: TEXT,
      feedbackUrl: '',
      messageId: `<c${i}.${run}@comune.example>`,
    });
  const viaSendMail = (i: number) =>
    transport.sendMail({
      from: FROM,
      to: `b${round}.${i}@bench.example`,
      subject: SUBJECT,
      text: TEXT,
      messageId: `<b${i}.${run}@comune.example>`,
    });
  try {
    console.log(`notifications-smtp: ${ROUNDS} rounds of ${N} messages each way; load ${load()}`);
    const contenders: [string, (i: number) => Promise<unknown>][] = [
      ['SmtpAdapter', viaAdapter],
      ['sendMail', viaSendMail],
      ...(other ? [[`SmtpAdapter of ${comparePath}`, viaOther] as [string, typeof viaOther]] : []),
    ];
    for (const [, send] of contenders) await cpuPerMessage(send, 1000); // warm each
    for (let r = 1; r <= ROUNDS; r++) {
      round = r;
      // rotated, so that each meets every position (and the load of each moment) in turn
      const order = contenders.map((_, k) => contenders[(k + r - 1) % contenders.length]);
      const figures = new Map<string, number>();
      for (const [name, send] of order) figures.set(name, await cpuPerMessage(send, N));
      console.log(
        `round ${r}: ${contenders.map(([name]) => `${name} ${(figures.get(name) ?? NaN).toFixed(3)} ms`).join(', ')} of CPU per message (load ${load()})`,
      );
    }
    const sent = contenders.length * (1000 + ROUNDS * N);
    const stats = await mailbox.stats();
    console.log(`the mailbox received ${stats.received} of ${sent}; duplicates ${stats.duplicates}`);
    if (stats.received !== sent || stats.duplicates) process.exitCode = 1;
  } finally {
    transport.close();
    await adapter.close();
    await other?.close();
    mailbox.child.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
