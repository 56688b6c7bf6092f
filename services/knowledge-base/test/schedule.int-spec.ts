import { ANONYMOUS } from '@urp/auth';
import type { CloudEvent } from '@urp/contracts';
import { FixedClock, MongoAggregateStore, ServiceKernel, type Actor, type OutboxPort } from '@urp/kernel';
import { testInfra } from '@urp/testing';
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { KnowledgeStore } from '../src/content/content.store';
import { MemoryKnowledgeStore } from '../src/content/content.store.memory';
import type { Office, Referent } from '../src/organisation/organisation.rules';
import { OrganisationUseCases } from '../src/organisation/organisation.use-cases';
import { SheetSearchService } from '../src/search/search.service';
import type { ReviewClaim, Sheet } from '../src/sheet/sheet.rules';
import { SheetReadModel } from '../src/sheet/sheet.read-model';
import { ProcedureTerms } from '../src/sheet/sheet.store';
import { SheetUseCases } from '../src/sheet/sheet.use-cases';

const alice: Actor = { sub: 'alice', roles: ['backoffice'] };
const bruno: Actor = { sub: 'bruno', roles: ['backoffice'] };

/**
 * Issue 17: the publication schedule finds due sheets in the instance's read model and touches the stored
 * sheets by `_id` only, on the real FerretDB (its filter on the collection read every sheet each round).
 */
describe('the sheets publication schedule, from the read model, on FerretDB', () => {
  let client: MongoClient;
  let db: Db;
  const commands: CommandStartedEvent[] = [];
  const events: CloudEvent[] = [];
  /** Records the events each write commits (the kernel's outbox keeps them with the document). */
  const outbox: OutboxPort = {
    entries: (e) => (events.push(...e), []),
    register: () => undefined,
    written: () => undefined,
  };
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  const kernel = new ServiceKernel({ source: '/urp/knowledge-base' }, clock);
  const organisation = new OrganisationUseCases(
    new MemoryKnowledgeStore<Office>('offices'),
    new MemoryKnowledgeStore<Referent>('referents'),
    kernel,
  );
  /** One instance of the service: its own read model over the shared collection. */
  const instance = () =>
    new SheetUseCases(
      new KnowledgeStore<Sheet>(db, outbox, 'sheets', { unique: ['slug'], versioned: true }),
      new MongoAggregateStore<ReviewClaim>(db, outbox, 'review_claims'),
      new ProcedureTerms(db),
      kernel,
      new SheetReadModel(new SheetSearchService()),
      organisation,
    );

  beforeAll(async () => {
    client = await MongoClient.connect(testInfra.mongoUrl, { monitorCommands: true });
    client.on('commandStarted', (c) => commands.push(c));
    db = client.db(`kb_schedule_${Date.now()}`);
    await organisation.saveOffice(alice, { code: 'anagrafe', name: 'Servizi demografici' });
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  /** The commands on the sheets collection while `run` runs. */
  const sheetCommandsOf = async <T>(run: () => Promise<T>) => {
    const from = commands.length;
    const result = await run();
    const sent = commands.slice(from).filter((c) => c.command[c.commandName] === 'sheets');
    return { result, sent };
  };
  /** The filters of the reads and writes a command carries (find, update, findAndModify). */
  const filtersOf = (c: CommandStartedEvent): Record<string, unknown>[] => {
    const cmd = c.command as Record<string, unknown> & { updates?: { q: Record<string, unknown> }[] };
    if (c.commandName === 'update') return (cmd.updates ?? []).map((u) => u.q);
    return [(cmd.filter ?? cmd.query ?? {}) as Record<string, unknown>];
  };

  it('publishes a sheet approved on another instance when its date comes, reading sheets by _id only', async () => {
    // the editors work on one instance…
    const editors = instance();
    await editors.loadIndex();
    const sheet = await editors.create(alice, {
      slug: 'tari-riduzioni',
      content: {
        title: 'Riduzioni della TARI',
        shortDescription: 'Le riduzioni della tassa sui rifiuti per chi vive da solo o composta.',
        whoIsItFor: 'Chi paga la TARI a Borgo Aurelio.',
        howTo: 'Presentare la domanda allo sportello tributi o via PEC.',
        whatYouGet: 'Una riduzione della tariffa dal mese successivo.',
        category: 'tributi',
        officeIds: ['anagrafe'],
        citizenWords: ['sconto rifiuti'],
      },
    });
    await editors.workflow.submit(alice, sheet.id);
    const publishAt = new Date('2026-03-02T10:00:00Z');
    await editors.workflow.approve(bruno, sheet.id, { publishAt });

    // …the schedule runs on the one holding the lease, started after (its read model from the collection)
    const scheduler = instance();
    await scheduler.loadIndex();
    expect(scheduler.readModel.get(sheet.id)).toMatchObject({ status: 'in_review' });

    const early = await sheetCommandsOf(() => scheduler.runSchedule());
    expect(early.result).toBe(0);
    expect(early.sent).toEqual([]); // nothing due: the sheets are not read at all

    clock.set(publishAt);
    const due = await sheetCommandsOf(() => scheduler.runSchedule());
    expect(due.result).toBe(1);
    expect(due.sent.length).toBeGreaterThan(0);
    for (const c of due.sent)
      for (const filter of filtersOf(c))
        expect(Object.keys(filter).filter((k) => k !== 'revision')).toEqual(['_id']);

    // what the public notices: the sheet is live, with its event, and the scheduler's search finds it
    expect(await new KnowledgeStore<Sheet>(db, outbox, 'sheets').get(sheet.id)).toMatchObject({
      status: 'published',
      live: { revision: 1, approvedBy: 'bruno', publishedAt: publishAt },
    });
    expect(
      events.filter((e) => e.type.endsWith('.SheetPublished.v1') && e.subject === sheet.id),
    ).toHaveLength(1);
    expect(scheduler.publicSheet(ANONYMOUS, 'tari-riduzioni')).toMatchObject({
      id: sheet.id,
    });
    // published once: the next round finds nothing to do
    expect(await scheduler.runSchedule()).toBe(0);
  });
});
