import { randomInt } from 'node:crypto';
import { signDevToken } from '@urp/auth';
import {
  fiscalCode,
  gql,
  STACK_SERVICES,
  startStack,
  TEST_AUTH,
  testInfra,
  waitFor,
  type Stack,
  type StackService,
} from '@urp/testing';
import { MongoClient } from 'mongodb';

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)];

/**
 * A person of this run only (the search reads every database on the server, earlier runs' included): a
 * surname made of syllables, a fiscal code, an email, a phone and a house number drawn for the run.
 */
function personOfThisRun() {
  const surname = `${pick(['Scapi', 'Bozzo', 'Tarta', 'Gualte', 'Pigna', 'Morta', 'Cuni', 'Befa'])}${pick([
    'glia',
    'nuc',
    'ravel',
    'rott',
    'ssan',
    'dell',
  ])}${pick(['etti', 'oni', 'acci', 'ini', 'uzzi', 'ello'])}`;
  const year = String(randomInt(40, 99));
  const day = String(randomInt(41, 69)); // a woman: day of birth + 40
  const phone = `347 ${randomInt(100, 999)} ${randomInt(1000, 9999)}`;
  const email = `ermenegilda.${surname.toLowerCase()}.${randomInt(100, 999)}@example.org`;
  return {
    name: `Ermenegilda ${surname}`,
    surname,
    fiscalCode: fiscalCode(
      `${surname
        .replace(/[aeiou]/gi, '')
        .toUpperCase()
        .padEnd(3, 'X')
        .slice(0, 3)}RMN${year}A${day}H501`,
    ),
    email,
    phone,
    street: `vicolo dei Sartori ${randomInt(101, 999)}`,
  };
}

/**
 * Databases whose leak is known and owned by another team this session (the lead folds the fixes in): the
 * search still runs there and prints what it finds, but only the others must be clean. Keyed by the
 * service's database suffix; each entry says where the person stays.
 */
const KNOWN_LEAKS: Record<string, string> = {};

/**
 * Issue 12, "anonymisation is proven by a test that searches the whole database afterwards": a requester with
 * distinctive personal data goes through flows that touch every service (a contact and its case, a note, a
 * public reply, the closing, the survey answered with a comment that names them, a FAQ proposal, a procedure
 * started at the desk with its form filled in as the citizen would (name, fiscal code, email, phone, address), a
 * campaign consent, the reply and the survey link delivered to the local mailbox), then
 * is anonymised; then EVERY database on the server, every
 * collection, every document (outbox entries included) is read, and none may hold any of those strings.
 */
describe('anonymisation reaches every database (the whole server is searched)', () => {
  const person = personOfThisRun();
  /** What must be gone (the phone also without spaces, the email's local part alone). */
  const secrets = [
    person.surname,
    person.name,
    person.fiscalCode,
    person.email,
    person.email.split('@')[0],
    person.phone,
    person.phone.replace(/ /g, ''),
    person.street,
  ];
  const mongo = new MongoClient(testInfra.mongoUrl);
  let stack: Stack;
  let token: string;
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${token}` });
    if (res.body.errors) throw new Error(`${query.slice(0, 70)}…: ${JSON.stringify(res.body.errors)}`);
    return res.body.data;
  };

  beforeAll(async () => {
    // campaigns really delivers to the local mailbox (delivery records are searched too), promptly
    stack = await startStack({
      prefix: 'anon',
      mailbox: true,
      env: {
        campaigns: {
          NOTIFICATION_TICK_MS: '200',
          NOTIFICATION_RETRY_BASE_MS: '200',
          BULLETIN_SCHEDULE: 'off',
        },
      },
    });
    token = await signDevToken(
      { sub: 'op-anon', roles: ['operator', 'backoffice', 'manager', 'admin'] },
      TEST_AUTH,
    );
    // five services and the mailbox compiling and joining their groups, two at a time, on a loaded machine
  }, 600_000);
  afterAll(async () => {
    await stack?.stop();
    await mongo.close();
  });

  /** Every document of every collection of every database on the server, by database. */
  async function search(): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    const { databases } = await mongo.db('admin').admin().listDatabases();
    for (const { name } of databases) {
      if (['admin', 'local', 'config'].includes(name)) continue;
      const db = mongo.db(name);
      for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        for (const doc of await db.collection(collection).find({}).toArray()) {
          const text = JSON.stringify(doc).toLowerCase();
          for (const s of secrets)
            if (text.includes(s.toLowerCase()))
              found.set(name, [...(found.get(name) ?? []), `${collection}/${String(doc._id)}: «${s}»`]);
        }
      }
    }
    return found;
  }
  const known = (db: string) => Object.keys(KNOWN_LEAKS).find((suffix) => db === `${stack.name}_${suffix}`);

  it('leaves none of the person’s data in any database after the requester is anonymised', async () => {
    const pii = `${person.name}, CF ${person.fiscalCode}, tel. ${person.phone}, ${person.email}, abita in ${person.street}`;
    // the residence form (the demo's dichiarazione_residenza, its personal fields), published in the knowledge
    // base: approved by a second manager (four eyes), then known to procedures from FormPublished
    const formCode = `dichiarazione_residenza_${stack.name.replace(/[^a-z0-9]/g, '').slice(-10)}`;
    const { createForm } = await ask(`mutation($i: CreateFormInput!) { createForm(input: $i) { id } }`, {
      i: {
        code: formCode,
        content: {
          title: 'Dichiarazione di residenza (prova)',
          fields: [
            { name: 'nome', label: 'Nome', type: 'TEXT', required: true, order: 1, max: 100 },
            { name: 'cognome', label: 'Cognome', type: 'TEXT', required: true, order: 2, max: 100 },
            {
              name: 'codice_fiscale',
              label: 'Codice fiscale',
              type: 'TEXT',
              required: true,
              order: 3,
              pattern:
                '[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]',
            },
            { name: 'email', label: 'Email per le comunicazioni', type: 'TEXT', required: true, order: 4 },
            { name: 'telefono', label: 'Telefono', type: 'TEXT', required: false, order: 5 },
            {
              name: 'indirizzo',
              label: 'Nuovo indirizzo (via e numero civico)',
              type: 'TEXT',
              required: true,
              order: 6,
              max: 200,
            },
            {
              name: 'componenti',
              label: 'Numero di persone che si trasferiscono',
              type: 'NUMBER',
              required: true,
              order: 7,
              min: 1,
              max: 20,
            },
          ],
        },
        note: 'modulo di prova',
      },
    });
    const formId = createForm.id as string;
    await ask(`mutation($i: ContentActionInput!) { submitContent(input: $i) { status } }`, {
      i: { kind: 'FORM', id: formId, note: 'da pubblicare' },
    });
    const approver = await signDevToken({ sub: 'op-anon-approver', roles: ['manager'] }, TEST_AUTH);
    const approved = await gql(
      stack.gatewayUrl,
      `mutation($i: ApproveContentInput!) { approveContent(input: $i) { status } }`,
      { i: { kind: 'FORM', id: formId, note: 'verificato' } },
      { authorization: `Bearer ${approver}` },
    );
    expect(approved.body.errors).toBeUndefined();
    await waitFor(
      async () =>
        (await mongo.db(stack.databases.procedures).collection('form_versions').countDocuments({ formId })) >
        0,
      { timeoutMs: 60_000, what: 'the published form known to procedures' },
    );
    // a procedure type to start (procedures' catalogue; contacts learns it from its events)
    const typeCode = `residenza_${stack.name.replace(/[^a-z0-9]/g, '').slice(-10)}`;
    await ask(`mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { code } }`, {
      i: {
        code: typeCode,
        name: 'Cambio di residenza (prova)',
        legalBasis: 'DPR 223/1989 art. 18',
        legalTermDays: 30,
        formId,
        formVersion: 1,
      },
    });
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
          preferredChannel: 'EMAIL',
          purpose: 'registrazione allo sportello (test)',
        },
      },
    );
    const requesterId = createRequester.id as string;

    // contacts: a complaint with its case, a note, a public reply, the closing
    const { registerContact } = await ask(
      `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id case { id } } }`,
      {
        i: {
          channel: 'EMAIL',
          type: 'COMPLAINT',
          subject: `Reclamo di ${person.name} (tel. ${person.phone})`,
          text: `Scrive ${pii}: la strada davanti a casa è piena di buche.`,
          requesterId,
          openCase: true,
        },
      },
    );
    const caseId = registerContact.case.id as string;
    await ask(`mutation($i: AddCaseNoteInput!) { addCaseNote(input: $i) { id } }`, {
      i: { caseId, text: `Richiamata ${pii}` },
    });
    await ask(`mutation($i: SendCaseMessageInput!) { sendCaseMessage(input: $i) { id } }`, {
      i: { caseId, text: `Gentile ${person.name}, le scriviamo a ${person.email} per il suo reclamo.` },
    });
    await ask(`mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }`, {
      i: { caseId, outcome: 'ACCEPTED' },
    });

    // satisfaction: the closing made a survey due; the citizen answers it naming themselves
    const invitation = await waitFor(
      async () =>
        (await ask(`query($id: ID!) { case(id: $id) { surveyInvitation { id } } }`, { id: caseId })).case
          ?.surveyInvitation,
      { timeoutMs: 60_000, what: 'the survey invitation of the closed case' },
    );
    // campaigns mails the link first (answered before, it would be refused as survey_closed)
    const delivered = (list: { status: string }[]) =>
      list.length > 0 && list.every((n) => n.status === 'DELIVERED');
    await waitFor(
      async () =>
        delivered(
          (
            await ask(`query($i: ID) { notifications(invitationId: $i) { status } }`, {
              i: invitation.id,
            })
          ).notifications,
        ),
      { timeoutMs: 90_000, what: 'the survey link delivered' },
    );
    // the citizen opens the link of the e-mail they received (no staff member, admin included, reads it)
    const mails = JSON.stringify(
      await (
        await fetch(`${stack.url('mailbox')}/api/messages?to=${encodeURIComponent(person.email)}`)
      ).json(),
    );
    const surveyUrl = mails.match(/https?:\/\/[^\s"'<>\\]+\/s\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(surveyUrl).toBeDefined();
    const answered = await fetch(surveyUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        emoticon: 'dissatisfied',
        reasons: 'waiting_time',
        // the last sentence names them without a cue: satisfaction cannot know that name, so no copy may stay
        comment: `Sono ${person.name}, abito in ${person.street}: chiamatemi al ${person.phone} o scrivete a ${person.email} (CF ${person.fiscalCode}). Firmato ${person.surname}.`,
      }).toString(),
    });
    expect(answered.status).toBe(200);

    // knowledge base: a FAQ proposed from the contact
    await ask(`mutation($i: ProposeFaqInput!) { proposeFaq(input: $i) { proposalId } }`, {
      i: {
        contactId: registerContact.id,
        question: `Come segnalo una buca? Lo chiede ${pii}`,
        answer: `Ho risposto a ${person.name} al ${person.phone}: si segnala allo sportello.`,
      },
    });

    // procedures: a procedure started at the desk for the same person
    const { registerContact: start } = await ask(
      `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id } }`,
      {
        i: {
          channel: 'DESK',
          type: 'PROCEDURE_START',
          subject: `Cambio di residenza di ${person.name}, ${person.street}`,
          text: `Richiesta presentata da ${pii}`,
          requesterId,
          procedureTypeCode: typeCode,
          // the form as the citizen filled it in
          formData: JSON.stringify({
            nome: 'Ermenegilda',
            cognome: person.surname,
            codice_fiscale: person.fiscalCode,
            email: person.email,
            telefono: person.phone,
            indirizzo: person.street,
            componenti: 2,
          }),
        },
      },
    );
    const procedure = await waitFor(
      () =>
        mongo
          .db(stack.databases.procedures)
          .collection<{ formCheck: string; formData?: Record<string, unknown> }>('procedures')
          .findOne({ typeCode }),
      { timeoutMs: 60_000, what: `the procedure started by ${start.id}` },
    );
    // the form data was judged against the published form, and it holds the person
    expect(procedure?.formCheck).toBe('valid');
    expect(procedure?.formData).toMatchObject({ codice_fiscale: person.fiscalCode });

    // campaigns: a consent to the newsletter
    await ask(`mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId } }`, {
      i: { requesterId, purpose: 'CAMPAIGNS', channel: 'EMAIL', source: 'desk' },
    });

    // every service has applied what it was told before the requester is anonymised
    const db = (service: StackService) => mongo.db(stack.databases[service]);
    await waitFor(
      async () => {
        const inv = await db('satisfaction')
          .collection<{ _id: string; status?: string; _outbox?: unknown[] }>('survey_invitations')
          .findOne({ _id: invitation.id });
        // answered, and the answer relayed (the outbox entry that carried it is gone from the document)
        return inv?.status === 'answered' && !inv._outbox?.length;
      },
      { timeoutMs: 60_000, what: 'the survey answer relayed' },
    );
    await waitFor(
      async () =>
        (await db('knowledge').collection('reply_templates').countDocuments({ status: 'draft' })) > 0,
      { timeoutMs: 60_000, what: 'the FAQ draft in the knowledge base' },
    );
    await waitFor(
      async () =>
        db('campaigns')
          .collection<{ _id: string; anonymisedAt?: Date }>('recipients')
          .findOne({ _id: requesterId }),
      {
        timeoutMs: 60_000,
        what: 'the consent in campaigns',
      },
    );
    // campaigns delivered what the person was owed (the public reply, the survey link): delivery records exist
    await waitFor(
      async () => {
        const { byCase, byInvitation } = await ask(
          `query($c: ID, $i: ID) { byCase: notifications(caseId: $c) { status } byInvitation: notifications(invitationId: $i) { status } }`,
          { c: caseId, i: invitation.id },
        );
        return delivered(byCase) && delivered(byInvitation);
      },
      { timeoutMs: 90_000, what: 'the reply and the survey link delivered' },
    );
    const inbox = (await (
      await fetch(`${stack.url('mailbox')}/api/messages?to=${encodeURIComponent(person.email)}`)
    ).json()) as unknown[];
    expect(inbox.length).toBeGreaterThan(0);
    // what each service holds about this requester (by the pseudonymous id): every one was touched
    const touched: string[] = [];
    for (const service of STACK_SERVICES) {
      let n = 0;
      for (const { name } of await db(service).listCollections({}, { nameOnly: true }).toArray())
        for (const doc of await db(service).collection(name).find({}).toArray()) {
          const text = JSON.stringify(doc);
          if (text.includes(requesterId) || text.includes(registerContact.id) || text.includes(caseId)) n++;
        }
      touched.push(`${service} ${n}`);
    }
    process.stdout.write(
      `documents about the requester, its contact or its case before: ${touched.join(', ')}\n`,
    );
    // the person is in their one home before the anonymisation (the search finds what it seeks)
    const before = await search();
    expect(before.get(stack.databases.contacts)?.length).toBeGreaterThan(0);

    await ask(`mutation($i: AnonymiseRequesterInput!) { anonymiseRequester(input: $i) { id } }`, {
      i: { id: requesterId, purpose: 'richiesta di cancellazione (art. 17 GDPR)' },
    });

    // the reactions to RequesterAnonymised run through Kafka (campaigns forgets the recipient's consents)
    await waitFor(
      async () =>
        (
          await db('campaigns')
            .collection<{ _id: string; anonymisedAt?: Date }>('recipients')
            .findOne({ _id: requesterId })
        )?.anonymisedAt,
      { timeoutMs: 60_000, what: 'campaigns to apply RequesterAnonymised' },
    );
    let found = new Map<string, string[]>();
    await waitFor(
      async () => {
        found = await search();
        return [...found.keys()].every((db) => known(db));
      },
      { timeoutMs: 60_000, intervalMs: 2000, what: 'no personal data left outside the known leaks' },
    ).catch(() => undefined);
    const report = [...found].map(
      ([db, hits]) => `${db}${known(db) ? ' (known)' : ''}:\n  ${hits.join('\n  ')}`,
    );
    process.stdout.write(
      `anonymisation search: ${found.size} database(s) still hold the person${report.length ? `\n${report.join('\n')}` : ''}\n`,
    );
    const unexpected = Object.fromEntries([...found].filter(([db]) => !known(db)));
    expect(unexpected).toEqual({});
  }, 300_000);
});
