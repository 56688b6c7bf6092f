import { signDevToken } from '@urp/auth';
import {
  CaseClosedV1,
  catalog,
  createEvent,
  SurveyAnsweredV2,
  toKafkaRecord,
  type CloudEvent,
} from '@urp/contracts';
import { createRawKafka, kafkaPartitioners } from '@urp/messaging';
import {
  gql,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { INDICATOR_TOPICS } from '../src/indicators/projection';
import { romeMonth } from '../src/indicators/rome-time';

const K = 10;
const HOUR = 3_600_000;

/**
 * The small-group attacks, tried as an analyst would, through the real gateway on real data (events on real
 * Kafka, the projection of the real service): a small office (4 answers, all one star; 3 cases, all late)
 * beside a big one. Whatever filter, grouping or difference is tried, no figure about 1..9 people can be
 * computed. The projection reads topics of its own (INDICATORS_TOPIC_PREFIX), so only these events count.
 */
describe('small groups cannot be computed from the indicators (through the gateway, real Kafka + FerretDB)', () => {
  const prefix = `${uniqueName('disclosure')}.`;
  const small = 'ufficio_piccolo';
  const big = 'ufficio_grande';
  const kafka = createRawKafka({ clientId: 'disclosure-test', brokers: testInfra.kafkaBrokers });
  const producer = kafka.producer({
    createPartitioner: kafkaPartitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  let svc: RunningProcess;
  let gateway: RunningProcess;
  let token: string;
  const now = new Date(Date.now() - HOUR).toISOString();

  const answer = (
    i: number,
    officeId: string,
    trigger: 'case_closed' | 'procedure_decided' | 'online_service',
    judgement: { emoticon?: 'satisfied' | 'dissatisfied'; stars?: number },
  ) =>
    createEvent(
      SurveyAnsweredV2,
      `ans-${officeId}-${i}`,
      {
        answerId: `ans-${officeId}-${i}`,
        surveyId: judgement.stars ? 'agid-stelle' : 'mettiamoci-la-faccia',
        surveyKind: judgement.stars ? 'stars' : 'emoticons',
        trigger,
        officeId,
        serviceCode: 'anagrafe_certificati',
        channel: trigger === 'case_closed' ? 'web_form' : 'desk',
        issuedMonth: romeMonth(now),
        answeredAt: now,
        ...judgement,
      },
      { source: '/urp/satisfaction' },
    );
  const closed = (i: number, officeId: string, withinTerm: boolean) =>
    createEvent(
      CaseClosedV1,
      `case-${officeId}-${i}`,
      {
        caseId: `case-${officeId}-${i}`,
        contactId: `contact-${officeId}-${i}`,
        contactType: 'report',
        channel: 'web_form',
        operatorId: 'op-1',
        officeId,
        outcome: 'accepted',
        openedAt: new Date(Date.now() - (withinTerm ? 50 : 900) * HOUR).toISOString(),
        closedAt: now,
        dueAt: new Date(Date.now() - (withinTerm ? -100 : 100) * HOUR).toISOString(),
        suspendedDays: 0,
        withinTerm,
      },
      { source: '/urp/contacts' },
    );

  const send = (topic: string, events: CloudEvent[]) =>
    producer.send({ topic: `${prefix}${topic}`, acks: -1, messages: events.map(toKafkaRecord) });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: INDICATOR_TOPICS.map((t) => ({
        topic: `${prefix}${t}`,
        numPartitions: catalog.topics.find((x) => x.name === t)?.partitions ?? 3,
      })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    await producer.connect();
    // the small office: 4 one-star answers (procedures decided), 3 cases closed late
    await send(SurveyAnsweredV2.topic.name, [
      ...[0, 1, 2, 3].map((i) => answer(i, small, 'procedure_decided', { stars: 1 })),
      // the big office: 24 emoticons after cases, 12 stars after procedures, 3 stars after online services
      ...Array.from({ length: 24 }, (_, i) => answer(i, big, 'case_closed', { emoticon: 'satisfied' })),
      ...Array.from({ length: 12 }, (_, i) => answer(100 + i, big, 'procedure_decided', { stars: 5 })),
      ...[0, 1, 2].map((i) => answer(200 + i, big, 'online_service', { stars: 4 })),
    ]);
    await send(CaseClosedV1.topic.name, [
      ...[0, 1, 2].map((i) => closed(i, small, false)),
      ...Array.from({ length: 25 }, (_, i) => closed(i, big, true)),
    ]);
    const dbName = uniqueName('satisfaction_disclosure').replace(/-/g, '_');
    svc = await spawnService(
      'services/satisfaction/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        KAFKA_GROUP_ID: uniqueName('sat-disclosure'),
        INDICATORS_GROUP_ID: uniqueName('sat-disclosure-ind'),
        INDICATORS_TOPIC_PREFIX: prefix,
        INDICATORS_MIN_SAMPLE: String(K),
        INDICATORS_CHECKPOINT_MS: '500',
      },
      4376,
    );
    gateway = await spawnGateway({ satisfaction: svc.url }, 4377);
    token = await signDevToken({ sub: 'analyst-1', roles: ['analyst'] }, TEST_AUTH);
    // every event applied (43 answers + 28 cases)
    await waitFor(
      async () => {
        const r = await ask(`{ indicatorsStatus { eventsApplied } }`);
        return r.body.data?.indicatorsStatus?.eventsApplied >= 71 ? true : undefined;
      },
      { what: 'the projection to apply the events' },
    );
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await gateway?.stop();
    await svc?.stop();
  });

  const ask = (query: string, variables: Record<string, unknown> = {}) =>
    gql(`${gateway.url}/graphql`, query, variables, { authorization: `Bearer ${token}` });

  /** One published cell: its constraints (filter + grouping value) and what it shows. */
  interface Published {
    cell: Record<string, string>;
    n: number | null;
    row: Record<string, unknown>;
  }

  const DIMS = { OFFICE: 'officeId', TRIGGER: 'trigger', CHANNEL: 'channel', MONTH: 'month' } as const;

  async function satisfactionCells(filter: Record<string, string>, groupBy: string): Promise<Published[]> {
    const r = await ask(
      `query($f: IndicatorFilter, $g: SatisfactionGroupBy) {
        satisfactionIndicators(filter: $f, groupBy: $g) {
          key invited answered expired responseRate sampleSize belowMinimumSample
          satisfiedShare dissatisfiedShare meanStars starsDistribution reasons { key count }
        }
      }`,
      { f: filter, g: groupBy },
    );
    expect(r.body.errors).toBeUndefined();
    const dim = DIMS[groupBy as keyof typeof DIMS];
    return (r.body.data.satisfactionIndicators as Record<string, unknown>[]).map((row) => ({
      cell: { ...filter, ...(dim ? { [dim]: row.key as string } : {}) },
      n: row.sampleSize as number | null,
      row,
    }));
  }

  async function caseCells(filter: Record<string, string>, groupBy: string): Promise<Published[]> {
    const r = await ask(
      `query($f: IndicatorFilter, $g: IndicatorTimesGroupBy) {
        caseTimes(filter: $f, groupBy: $g) {
          key closed withinTerm withinTermShare closureMedianDays closureP90Days sampleSize belowMinimumSample
        }
      }`,
      { f: filter, g: groupBy },
    );
    expect(r.body.errors).toBeUndefined();
    const dim = DIMS[groupBy as keyof typeof DIMS];
    return (r.body.data.caseTimes as Record<string, unknown>[]).map((row) => ({
      cell: { ...filter, ...(dim ? { [dim]: row.key as string } : {}) },
      n: row.closed as number | null,
      row,
    }));
  }

  /** A cell is inside another when it has every constraint of the other (and maybe more). */
  const within = (inner: Record<string, string>, outer: Record<string, string>) =>
    Object.entries(outer).every(([k, v]) => inner[k]?.toLowerCase() === v.toLowerCase());
  const key = (cell: Record<string, string>) =>
    JSON.stringify(
      Object.entries(cell)
        .map(([k, v]) => [k, v.toLowerCase()])
        .sort(),
    );

  /**
   * Everything an attacker can read, and every difference: no published count is 1..9, no withheld row shows a
   * count or a figure, and for every published figure minus any set of published disjoint figures inside it
   * (the cells of one grouping), what is left is 0 or at least K people.
   */
  function assertNothingSmall(all: Published[], figures: string[]) {
    const published = new Map<string, Published>();
    for (const p of all) {
      if (p.n === null) {
        for (const f of figures) expect({ [f]: p.row[f] }).toEqual({ [f]: null });
        expect(p.row.belowMinimumSample).toBe(true);
      } else {
        expect(p.n).toBeGreaterThanOrEqual(K);
        // the same cell asked two ways (a filter, or a row of a grouping) shows the same
        expect(published.get(key(p.cell))?.n ?? p.n).toBe(p.n);
        published.set(key(p.cell), p);
      }
    }
    const cells = [...published.values()];
    for (const outer of cells) {
      const inner = cells.filter((c) => c !== outer && within(c.cell, outer.cell));
      // the cells of one grouping inside `outer` are disjoint: group them by the extra dimension
      const byDim = new Map<string, Published[]>();
      for (const c of inner) {
        const extra = Object.keys(c.cell).filter((k) => !(k in outer.cell));
        if (extra.length !== 1) continue;
        const list = byDim.get(extra[0]) ?? [];
        list.push(c);
        byDim.set(extra[0], list);
      }
      for (const [, list] of byDim) {
        // every subset's difference: with a few cells, all subsets
        const n = list.length;
        for (let mask = 1; mask < 1 << n; mask++) {
          let sum = 0;
          for (let i = 0; i < n; i++) if (mask & (1 << i)) sum += list[i].n ?? 0;
          const rest = (outer.n ?? 0) - sum;
          if (rest > 0 && rest < K)
            throw new Error(
              `${key(outer.cell)} (${outer.n}) minus ${list
                .filter((_, i) => mask & (1 << i))
                .map((c) => `${key(c.cell)} (${c.n})`)
                .join(', ')} = ${rest} people`,
            );
        }
      }
    }
  }

  it('satisfaction: no filter, grouping or difference reveals the small office or the small trigger', async () => {
    const filters: Record<string, string>[] = [{}];
    for (const officeId of [small, big]) filters.push({ officeId });
    for (const trigger of ['CASE_CLOSED', 'PROCEDURE_DECIDED', 'ONLINE_SERVICE']) {
      filters.push({ trigger });
      for (const officeId of [small, big]) filters.push({ trigger, officeId });
    }
    filters.push({ channel: 'desk' }, { channel: 'web_form' });
    const all: Published[] = [];
    for (const f of filters)
      for (const g of ['NONE', 'OFFICE', 'TRIGGER', 'CHANNEL', 'MONTH'])
        all.push(...(await satisfactionCells(f, g)));

    // the attacks of the issue, one by one
    const one = (f: Record<string, string>) => all.find((p) => key(p.cell) === key(f));
    expect(one({ officeId: small })?.row).toMatchObject({
      sampleSize: null,
      meanStars: null,
      answered: null,
    });
    expect(one({ trigger: 'ONLINE_SERVICE' })?.row).toMatchObject({ sampleSize: null, meanStars: null });
    // the big office alone would give the small one by difference from the total: withheld too
    expect(one({ officeId: big })?.row).toMatchObject({ sampleSize: null, belowMinimumSample: true });
    expect(one({})?.row).toMatchObject({ sampleSize: 43, belowMinimumSample: false });
    // the big office's 12 procedure answers are the complement of its 3 online-service answers (and of the
    // small office's 4 procedure answers): withheld too (secondary suppression)
    expect(one({ trigger: 'PROCEDURE_DECIDED', officeId: big })?.row.meanStars ?? null).toBeNull();

    assertNothingSmall(all, ['sampleSize', 'answered', 'invited', 'satisfiedShare', 'meanStars', 'reasons']);
  });

  it('case times: a one-office filter, the grouping by office and the difference from the total reveal nothing', async () => {
    const all: Published[] = [];
    for (const f of [{}, { officeId: small }, { officeId: big }] as Record<string, string>[])
      for (const g of ['NONE', 'OFFICE', 'MONTH']) all.push(...(await caseCells(f, g)));
    const one = (f: Record<string, string>) => all.find((p) => key(p.cell) === key(f));
    expect(one({ officeId: small })?.row).toMatchObject({
      closed: null,
      withinTermShare: null,
      sampleSize: null,
    });
    expect(one({ officeId: big })?.row).toMatchObject({ closed: null, belowMinimumSample: true });
    expect(one({})?.row).toMatchObject({ closed: 28, belowMinimumSample: false });
    assertNothingSmall(all, ['closed', 'withinTerm', 'withinTermShare', 'closureMedianDays']);

    // the CSV export is the same figures
    const csv = await ask(`{ indicatorCsv(name: CASE_TIMES, groupBy: "office") }`);
    const lines = (csv.body.data.indicatorCsv as string).trim().split('\r\n');
    for (const line of lines.slice(1)) expect(line).toMatch(/^ufficio_(grande|piccolo),,,,,,,,,,true$/);
  });
});
