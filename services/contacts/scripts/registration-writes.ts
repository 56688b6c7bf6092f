/**
 * What one registration's writes cost on the store, part by part (issue 17): `storeWrites` (registration-store.ts:
 * the service's own registration and `ContactStore` on scratch collections, the relay's acknowledgement beside)
 * for each variant: registrations/s at `--concurrency`, the CPU milliseconds per registration of FerretDB (its
 * process, /proc) and of this process, and then the insert alone and the acknowledgement alone.
 *
 *   URP_MONGO_PORT=… URP_INFRA_DIR=… node -r @swc-node/register services/contacts/scripts/registration-writes.ts \
 *     [--seconds=5] [--concurrency=16] [--kind=information|case] [--variants=before,now] [--rounds=1] \
 *     [--prefill=0]   (contacts copied into the scratch collection first: the size of the service's)
 *
 * Variants: `now` (the store's defaults: group commit, no secondary index on FerretDB, no ContactChanged on the
 * insert, protocol numbers taken in blocks, a write's events as one pack), `before` (one insert and one protocol `$inc`
 * per registration, the five secondary indexes, a ContactChanged entry on the insert, each event its own outbox
 * element), `service` (as CONTACTS_* in the environment say), and `now` with one thing put back, joined by `+`:
 * `single` (no group commit), `indexes`, `changed`, `unpacked` (each event its own element); e.g.
 * `--variants=before,single+indexes,single,unpacked,now`.
 */
import { MongoClient } from 'mongodb';
import { CONTACT_INDEXES } from '../src/contact/contact.store';
import { load, storeWrites, type StoreWritesResult } from './registration-store';

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const SECONDS = Number(arg('seconds') ?? 5);
const CONCURRENCY = Number(arg('concurrency') ?? 16);
const ROUNDS = Number(arg('rounds') ?? 1);
const KIND = (arg('kind') ?? 'information') as 'information' | 'case';
const VARIANTS = (arg('variants') ?? 'before,now').split(',');
const PREFILL = Number(arg('prefill') ?? 0);
const MONGO_URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.URP_MONGO_PORT ?? 27117}`;

async function main() {
  const client = await MongoClient.connect(MONGO_URL);
  const db = client.db(process.env.MONGO_DB ?? 'urp_contacts');
  const f = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2));
  try {
    console.log(
      `registration writes (${KIND}), c=${CONCURRENCY}, ${SECONDS} s per variant, ${ROUNDS} round(s), ${PREFILL} contacts in the scratch collection first; load ${load()}; secondary indexes of contacts: ${CONTACT_INDEXES.length}`,
    );
    const results: StoreWritesResult[] = [];
    for (let r = 0; r < ROUNDS; r++)
      for (const v of VARIANTS)
        results.push(
          await storeWrites(db, {
            kind: KIND,
            seconds: SECONDS,
            concurrency: CONCURRENCY,
            variant: v,
            parts: true,
          }),
        );
    console.log('');
    console.log(
      '| variant | registered | reg/s | docs per insert command | FerretDB ms/reg | probe ms/reg | insert: FerretDB / probe ms | ack: FerretDB / probe ms | document BSON bytes with its outbox as stored | load |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of results)
      console.log(
        `| ${r.variant} | ${r.registered} | ${f(r.rps)} | ${r.batches ? f(r.registered / r.batches) : '1'} | ${f(r.ferretPerReg)} | ${f(r.ownPerReg)} | ${f(r.insertFerret)} / ${f(r.insertOwn)} | ${f(r.ackFerret)} / ${f(r.ackOwn)} | ${r.docBytes} | ${r.load} |`,
      );
  } finally {
    await client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
