import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { signDevToken } from '@urp/auth';
import { fiscalCode, gql, startStack, TEST_AUTH, testInfra, waitFor, type Stack } from '@urp/testing';

const run = promisify(execFile);

/**
 * Privacy by construction, checked where analysts read: a requester with distinctive personal data goes through
 * every front-office flow that carries free text (registration with subject and text, a case suspended with a
 * reason, notes, public messages, a FAQ proposal, a forwarded closing, a procedure requested with its subject
 * and its form filled in),
 * then EVERY topic is read from the beginning with Debian's kcat, a client nobody here wrote, and none of those
 * strings may appear in a key, a header or a payload.
 */
describe('no personal data on any topic (kcat reads them all)', () => {
  const person = {
    name: 'Lucia Zanzottera',
    fiscalCode: fiscalCode('ZNZLCU80A41H501'),
    email: 'lucia.zanzottera@example.org',
    phone: '347 555 0199',
    street: 'via Quintino Sella 44',
  };
  /** What must never be read on a topic (the phone also without spaces). */
  const secrets = [
    'Zanzottera',
    person.fiscalCode,
    person.email,
    'zanzottera@',
    person.phone,
    person.phone.replace(/ /g, ''),
    'Quintino Sella 44',
  ];
  let stack: Stack;
  let token: string;
  /** The catalogue's administrator: a type without an office is theirs (a manager saves only their office's). */
  let admin: string;
  const ask = async (query: string, variables: Record<string, unknown> = {}, as = token) => {
    const res = await gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${as}` });
    if (res.body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(res.body.errors)}`);
    return res.body.data;
  };

  beforeAll(async () => {
    stack = await startStack({ prefix: 'scan', services: ['contacts', 'procedures'] });
    token = await signDevToken({ sub: 'op-scan', roles: ['operator', 'backoffice', 'manager'] }, TEST_AUTH);
    admin = await signDevToken({ sub: 'admin-scan', roles: ['admin'] }, TEST_AUTH);
  }, 400_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs the front-office flows with personal data in every free-text field, and no topic carries any of it', async () => {
    const pii = `${person.name}, CF ${person.fiscalCode}, tel. ${person.phone}, ${person.email}, abita in ${person.street}`;
    // a procedure type to request at the desk (procedures' catalogue; contacts learns it from its events)
    const typeCode = `residenza_${stack.name.replace(/[^a-z0-9]/g, '').slice(-10)}`;
    await ask(
      `mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { code } }`,
      {
        i: {
          code: typeCode,
          name: 'Cambio di residenza (prova)',
          legalBasis: 'DPR 223/1989 art. 18',
          legalTermDays: 30,
        },
      },
      admin,
    );
    const { createRequester } = await ask(
      `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`,
      {
        i: {
          kind: 'PERSON',
          name: person.name,
          fiscalCode: person.fiscalCode,
          email: person.email,
          phone: person.phone,
          postalAddress: `${person.street}, Borgo Aurelio`,
          purpose: 'registrazione allo sportello (test)',
        },
      },
    );
    const requesterId = createRequester.id as string;
    const { registerContact } = await ask(
      `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id case { id } } }`,
      {
        i: {
          channel: 'DESK',
          type: 'COMPLAINT',
          subject: `Reclamo di ${person.name} (tel. ${person.phone})`,
          text: `Scrive ${pii}: la strada davanti a casa è piena di buche.`,
          requesterId,
          openCase: true,
        },
      },
    );
    const caseId = registerContact.case.id as string;
    await ask(`mutation($i: SuspendCaseInput!) { suspendCase(input: $i) { id } }`, {
      // the request reaches the citizen in the message, fetched at send time: never on a topic
      i: { caseId, reason: `In attesa dei documenti da ${pii}`, request: `Ci invii i documenti, ${pii}` },
    });
    await ask(`mutation($i: CaseIdInput!) { resumeCase(input: $i) { id } }`, { i: { caseId } });
    await ask(`mutation($i: AddCaseNoteInput!) { addCaseNote(input: $i) { id } }`, {
      i: { caseId, text: `Richiamata ${pii}` },
    });
    await ask(`mutation($i: SendCaseMessageInput!) { sendCaseMessage(input: $i) { id } }`, {
      i: { caseId, text: `Gentile ${person.name}, le scriviamo a ${person.email} per il suo reclamo.` },
    });
    await ask(`mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }`, {
      i: { caseId, outcome: 'FORWARDED', forwardedTo: `ufficio tecnico, all'attenzione di ${person.name}` },
    });
    // a FAQ is proposed from an answered contact
    await ask(`mutation($i: ProposeFaqInput!) { proposeFaq(input: $i) { proposalId } }`, {
      i: {
        contactId: registerContact.id,
        question: `Come segnalo una buca? Lo chiede ${pii}`,
        answer: `Ho risposto a ${person.name} al ${person.phone}: si segnala allo sportello.`,
      },
    });
    // a procedure requested at the desk, its form filled in as the citizen would (once contacts knows the type)
    const { registerContact: start } = await waitFor(
      () =>
        ask(`mutation($i: RegisterContactInput!) { registerContact(input: $i) { id } }`, {
          i: {
            channel: 'DESK',
            type: 'PROCEDURE_START',
            subject: `Cambio di residenza di ${person.name}, ${person.street}`,
            text: `Richiesta presentata da ${pii}`,
            requesterId,
            procedureTypeCode: typeCode,
            formData: JSON.stringify({
              nome: 'Lucia',
              cognome: 'Zanzottera',
              codice_fiscale: person.fiscalCode,
              email: person.email,
              telefono: person.phone,
              indirizzo: person.street,
              componenti: 1,
            }),
          },
        }),
      { timeoutMs: 60_000, intervalMs: 1000, what: 'contacts to know the procedure type' },
    );
    // every write's events are on their topics before the scan (the relay publishes right after each write)
    const topics = await waitFor(
      async () => {
        const { stdout } = await run('/usr/bin/kcat', ['-b', testInfra.kafkaBrokers[0], '-L', '-J'], {
          timeout: 30_000,
          maxBuffer: 16 * 1024 * 1024,
        });
        const names = (JSON.parse(stdout) as { topics: { topic: string }[] }).topics
          .map((t) => t.topic)
          .filter((t) => t.startsWith('urp.'));
        const closed = await readTopic('urp.contacts.case.v1');
        const requested = await readTopic('urp.contacts.contact.v1');
        return closed.includes(caseId) && closed.includes('CaseClosed') && requested.includes(start.id)
          ? names
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: "the case's and the procedure request's events" },
    );
    expect(topics!.length).toBeGreaterThan(10);
    // every event of this case carries the W3C trace context the README promises (also with tracing off)
    const caseEvents = (await readTopic('urp.contacts.case.v1'))
      .split('\n')
      .filter((l) => l.startsWith(`${caseId} `));
    expect(caseEvents.length).toBeGreaterThanOrEqual(3);
    for (const line of caseEvents) expect(line).toMatch(/traceparent=00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]/);
    const leaks: string[] = [];
    for (const topic of topics!) {
      const text = await readTopic(topic);
      for (const s of secrets)
        if (text.toLowerCase().includes(s.toLowerCase())) leaks.push(`${topic}: «${s}»`);
    }
    process.stdout.write(`topic scan: ${topics!.length} topics read with kcat, ${leaks.length} leaks\n`);
    expect(leaks).toEqual([]);
  }, 240_000);

  async function readTopic(topic: string): Promise<string> {
    const { stdout } = await run(
      '/usr/bin/kcat',
      ['-b', testInfra.kafkaBrokers[0], '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k %h %s\n'],
      { timeout: 60_000, maxBuffer: 256 * 1024 * 1024 },
    );
    return stdout;
  }
});
