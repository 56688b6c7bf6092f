import {
  CaseClosedV1,
  CitizenNotificationRequestedV1,
  createEvent,
  DeadlineApproachingV1,
  DeadlineMissedV1,
  OfficeChangedV1,
  ReferentChangedV1,
  toKafkaRecord,
  type CloudEvent,
  type EventDefinition,
} from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
import { spawnService, TEST_AUTH, testInfra, uniqueName, waitFor, type RunningProcess } from '@urp/testing';
import { MongoClient } from 'mongodb';
import { v7 as uuidv7 } from 'uuid';
import { freePorts, inboxOf, startContactsStub, startMailbox } from './fixtures';

const run = uniqueName('dd').replace(/-/g, '');
const mail = (n: string) => `${n}.${run}@example.org`;
const STATUS_PAGE = 'https://urp.example.org/stato-pratica';

/**
 * What a person receives (issue 14, "a promise is kept only when it reaches the person"), on real Kafka, FerretDB
 * and the local mailbox, read back from the mailbox's HTTP interface: a referent gets ONE digest of deadline
 * warnings listing every procedure by protocol number (not one e-mail per warning, not the type's code), and the
 * citizen's closing e-mail says the outcome and where to follow the case.
 */
describe('what a person receives: the deadline digest and the closing e-mail', () => {
  const dbName = uniqueName('campaigns_dd').replace(/-/g, '_');
  const producer = createProducer(
    createKafka({ clientId: 'deadline-digest-test', brokers: testInfra.kafkaBrokers }),
  );
  const requesterId = `req_${run}c`;
  const book = new Map([[requesterId, { email: mail('cittadino') }]]);
  let [PORT, SMTP, MAILBOX_HTTP, CONTACTS] = [0, 0, 0, 0];
  let svc: RunningProcess;
  let mailbox: RunningProcess;
  let contacts: Awaited<ReturnType<typeof startContactsStub>>;
  const mongo = new MongoClient(testInfra.mongoUrl);

  beforeAll(async () => {
    [PORT, SMTP, MAILBOX_HTTP, CONTACTS] = await freePorts(4);
    [mailbox, contacts] = await Promise.all([
      startMailbox(SMTP, MAILBOX_HTTP),
      startContactsStub(TEST_AUTH.identitySecret, CONTACTS, book),
      producer.connect(),
      mongo.connect(),
    ]);
    svc = await spawnService(
      'services/campaigns/src/main.ts',
      {
        MONGO_URL: testInfra.mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
        KAFKA_GROUP_ID: uniqueName('campaigns'),
        IDENTITY_SECRET: TEST_AUTH.identitySecret,
        SMTP_URL: `smtp://127.0.0.1:${SMTP}`,
        CONTACTS_INTERNAL_URL: `http://127.0.0.1:${CONTACTS}`,
        PUBLIC_BASE_URL: `http://127.0.0.1:${PORT}`,
        STATUS_PAGE_URL: STATUS_PAGE,
        NOTIFICATION_TICK_MS: '200',
        NOTIFICATION_RETRY_BASE_MS: '100',
        BULLETIN_SCHEDULE: 'off',
        // a digest goes out once the warnings have been quiet for 3 s (10 minutes in production)
        DEADLINE_DIGEST_QUIET_MS: '3000',
        DEADLINE_DIGEST_TICK_MS: '500',
      },
      PORT,
    );
  });

  afterAll(async () => {
    await Promise.all([svc?.stop(), mailbox?.stop()]);
    await Promise.all([producer.disconnect(), contacts?.stop(), mongo.close()]);
  });

  const publish = async (events: CloudEvent[]) => {
    for (const e of events)
      await producer.send({ topic: topicOf(e), acks: -1, messages: [toKafkaRecord(e)] });
  };
  const topicOf = (e: CloudEvent) =>
    [
      DeadlineApproachingV1,
      DeadlineMissedV1,
      ReferentChangedV1,
      OfficeChangedV1,
      CaseClosedV1,
      CitizenNotificationRequestedV1,
    ].find((d) => d.type === e.type)!.topic.name;
  const event = <D extends EventDefinition>(
    def: D,
    subject: string,
    data: Parameters<typeof createEvent<D>>[2],
    source: string,
  ) => createEvent(def, subject, data, { source });
  const inbox = (to: string) =>
    inboxOf<{ subject: string; text: string; headers: Record<string, string> }>(MAILBOX_HTTP, to);
  const mailsAfter = async (to: string, n: number) => {
    await waitFor(async () => (await inbox(to)).length >= n, {
      timeoutMs: 60000,
      what: `${n} e-mail to ${to}`,
    });
    return inbox(to);
  };
  /** This run's digests and waiting warnings (a topic may still hold an earlier run's events: replayed here). */
  const digestsOfRun = async () =>
    (await mongo.db(dbName).collection('deadline_digests').find({}).toArray()).filter((d) =>
      String(d._id).includes(run),
    );

  it('a referent gets ONE e-mail listing every warned procedure by protocol number, however often they fire', async () => {
    const officeId = `edilizia_${run}`;
    const referentId = `ref_${run}`;
    await publish([
      event(
        ReferentChangedV1,
        referentId,
        {
          referentId,
          name: 'Referente Edilizia',
          email: mail('referente'),
          officeId,
          active: true,
          changedAt: new Date().toISOString(),
        },
        '/urp/knowledge-base',
      ),
      event(
        OfficeChangedV1,
        officeId,
        {
          officeId,
          code: officeId,
          name: 'Edilizia privata',
          email: mail('ufficio'),
          active: true,
          changedAt: new Date().toISOString(),
        },
        '/urp/knowledge-base',
      ),
    ]);
    await new Promise((r) => setTimeout(r, 1500)); // the directory projection first
    const due = (day: number) => `2026-12-${String(day).padStart(2, '0')}T23:59:59.999+01:00`;
    const near = (i: number, day: number, daysBefore = 7) =>
      event(
        DeadlineApproachingV1,
        `prc_${run}_${i}`,
        {
          procedureId: `prc_${run}_${i}`,
          procedureTypeCode: 'permesso_costruire',
          procedureTypeName: 'Permesso di costruire',
          protocolNumber: `2026/000${i}${i}${i}${i}`,
          kind: 'generic',
          dueAt: due(day),
          daysBefore,
          firedAt: new Date().toISOString(),
          responsibleId: referentId,
          officeId,
        },
        '/urp/procedures',
      );
    const missed = (i: number, day: number) =>
      event(
        DeadlineMissedV1,
        `prc_${run}_${i}`,
        {
          procedureId: `prc_${run}_${i}`,
          procedureTypeCode: 'accesso_atti',
          procedureTypeName: 'Accesso agli atti',
          protocolNumber: `2026/000${i}${i}${i}${i}`,
          kind: 'generic',
          dueAt: due(day),
          missedAt: new Date().toISOString(),
          officeId,
        },
        '/urp/procedures',
      );
    const first = near(1, 20);
    // four procedures, one warning published three times (the outbox's at-least-once), one warned twice
    await publish([first, near(2, 11), first, near(3, 15), near(3, 15, 2), first, near(4, 8)]);
    // two missed deadlines without a responsible person: to the office, in their own digest
    await publish([missed(5, 3), missed(6, 1)]);

    const [digest] = await mailsAfter(mail('referente'), 1);
    expect(digest.subject).toBe('Promemoria: 4 procedimenti in scadenza');
    const lines = digest.text.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toEqual([
      expect.stringMatching(/^- prot\. n\. 2026\/0004444, Permesso di costruire: scade l'8 dicembre 2026/),
      expect.stringMatching(/^- prot\. n\. 2026\/0002222, Permesso di costruire: scade l'11 dicembre 2026/),
      expect.stringMatching(/^- prot\. n\. 2026\/0003333, Permesso di costruire: scade il 15 dicembre 2026/),
      expect.stringMatching(/^- prot\. n\. 2026\/0001111, Permesso di costruire: scade il 20 dicembre 2026/),
    ]);
    expect(digest.text).not.toMatch(/prc_|permesso_costruire/);
    // the digest's deterministic id is its Message-ID: a second send of it would be the same message
    expect(digest.headers['message-id']).toMatch(/^<ntf_dld_approaching_referent_ref_/);

    const [office] = await mailsAfter(mail('ufficio'), 1);
    expect(office.subject).toBe('Procedimenti con termine scaduto: 2');
    expect(office.text).toMatch(
      /- prot\. n\. 2026\/0006666, Accesso agli atti: termine scaduto l'1 dicembre 2026\n- prot\. n\. 2026\/0005555, Accesso agli atti: termine scaduto il 3 dicembre 2026/,
    );

    // a warning after today's digest, and the same warnings again: no second e-mail today (they wait for tomorrow)
    await publish([near(7, 22), first]);
    const digests = (await digestsOfRun()).length;
    expect(digests).toBe(2);
    await new Promise((r) => setTimeout(r, 6000)); // two quiet periods, a dozen ticks of the digest task
    expect(await inbox(mail('referente'))).toHaveLength(1);
    expect(await inbox(mail('ufficio'))).toHaveLength(1);
    expect(await digestsOfRun()).toHaveLength(digests);
    const waiting = await mongo
      .db(dbName)
      .collection('deadline_warnings')
      .find({ reportedIn: { $exists: false } })
      .toArray();
    expect(waiting.map((w) => String(w.procedureId)).filter((id) => id.includes(run))).toEqual([
      `prc_${run}_7`,
    ]);
  });

  it("the citizen's closing e-mail says the outcome and where to follow the case, never the receipt's code", async () => {
    const caseId = `case_${run}`;
    await publish([
      event(
        CaseClosedV1,
        caseId,
        {
          caseId,
          contactId: `con_${run}`,
          contactType: 'complaint',
          channel: 'email',
          requesterId,
          operatorId: 'op-1',
          outcome: 'rejected',
          openedAt: '2026-11-20T09:00:00Z',
          closedAt: new Date().toISOString(),
          dueAt: '2026-12-20T09:00:00Z',
          suspendedDays: 0,
          withinTerm: true,
        },
        '/urp/contacts',
      ),
      // as contacts publishes them: in one partition (the case id is the key), CaseClosed first
      event(
        CitizenNotificationRequestedV1,
        caseId,
        {
          notificationId: uuidv7(),
          requesterId,
          caseId,
          contactId: `con_${run}`,
          channel: 'email',
          template: 'case_closed',
          status: 'closed',
          dueAt: '2026-12-20T09:00:00Z',
          requestedAt: new Date().toISOString(),
          protocolNumber: '2026/0000777',
        },
        '/urp/contacts',
      ),
    ]);
    const [m] = await mailsAfter(mail('cittadino'), 1);
    expect(m.subject).toBe("La sua richiesta all'URP n. 2026/0000777 è stata chiusa");
    expect(m.text).toContain('Esito: la sua richiesta non è stata accolta.');
    // the receipt's code (shown once to the operator, only its hash kept by contacts) is never in a message
    expect(m.text).not.toMatch(/\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b/);
    expect(m.text).toContain(
      `Può seguire lo stato della pratica, senza registrarsi, alla pagina ${STATUS_PAGE} con il numero di protocollo e il codice riportati sulla ricevuta.`,
    );
  });
});
