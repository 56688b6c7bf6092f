import { IDENTITY_HEADER, signIdentity, type Identity } from '@urp/auth';
import {
  freePort,
  gql,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { pdfText } from './support/pdf-text';

/**
 * The applicant's public status page (`/stato-procedimento`) on the real service, database and broker: the start
 * notice (the PDF the applicant receives) prints the page's address and the procedure's public reference; the
 * page, without login or JavaScript, answers that reference with the state, the deadline, the suspensions and the
 * notices sent, and nothing personal; a wrong or malformed reference gets a field error in Italian.
 */
describe('the public status page of a procedure (FerretDB, Kafka)', () => {
  const run = uniqueName('sts').replace(/-/g, '_');
  const PAGE = `https://servizi.comune.example.it/stato-procedimento`;
  const env = {
    MONGO_URL: testInfra.mongoUrl,
    MONGO_DB: `${run}_db`,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('g'),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
    PROCEDURE_STATUS_PAGE_URL: PAGE,
    STATUS_PAGE_RATE_LIMIT: '30',
  };
  const code = `edilizia_${run.slice(-6)}`;
  const SUBJECT = 'Ampliamento della casa di Ermenegilda Pastorello';
  // the head of the procedure's office: the acts on a procedure are its office's
  const manager: Identity = { sub: 'mgr-1', roles: ['manager'], offices: ['edilizia_privata'] };
  const campaigns: Identity = { sub: 'svc-campaigns', roles: ['service'] };
  let svc: RunningProcess;

  beforeAll(async () => {
    const port = Number(process.env.PROCEDURES_STATUS_TEST_PORT ?? (await freePort()));
    svc = await spawnService('services/procedures/src/main.ts', env, port);
    const saved = await ask(
      `mutation($input: ProcedureTypeInput!) { saveProcedureType(input: $input) { id } }`,
      {
        input: {
          code,
          name: 'Permesso di costruire',
          legalBasis: 'DPR 380/2001 art. 20',
          legalTermDays: 60,
          officeId: 'edilizia_privata',
          officeName: 'Sportello unico per l’edilizia',
          responsibleId: 'ref-ed-fontana',
          responsibleName: 'Andrea Fontana',
        },
      },
    );
    expect(saved.body.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await svc?.stop();
  });

  const ask = async (query: string, variables: Record<string, unknown> = {}) =>
    gql(`${svc.url}/graphql`, query, variables, {
      [IDENTITY_HEADER]: await signIdentity(manager, TEST_AUTH.identitySecret),
    });
  const page = (body?: Record<string, string>) =>
    fetch(`${svc.url}/stato-procedimento`, {
      method: body ? 'POST' : 'GET',
      ...(body
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(body).toString(),
          }
        : {}),
    });

  it('the start notice names the page and the reference; the page shows state, deadline, suspensions, notices', async () => {
    const submitted = await ask(
      `mutation($i: SubmitProcedureInput!) { submitProcedure(input: $i) {
        id publicReference dueDate protocolNumber documents { id kind } } }`,
      {
        i: {
          procedureTypeCode: code,
          subject: SUBJECT,
          protocolNumber: '2026/0007788',
          requesterId: 'req_status01',
        },
      },
    );
    expect(submitted.body.errors).toBeUndefined();
    const p = submitted.body.data.submitProcedure as {
      id: string;
      publicReference: string;
      dueDate: string;
      documents: { id: string; kind: string }[];
    };
    const notice = p.documents.find((d) => d.kind === 'start_notice');
    expect(notice).toBeDefined();

    // the PDF the applicant receives: the page's address and the reference, as pdf.js reads them
    const pdf = await waitFor(
      async () => {
        const r = await fetch(`${svc.url}/internal/procedures/${p.id}/documents/${notice!.id}`, {
          headers: { [IDENTITY_HEADER]: await signIdentity(campaigns, TEST_AUTH.identitySecret) },
        });
        return r.status === 200 ? Buffer.from(await r.arrayBuffer()) : undefined;
      },
      { what: 'the start notice PDF' },
    );
    const { text } = await pdfText(pdf!);
    const flat = text.replace(/\s+/g, '');
    expect(text).toContain('Stato del procedimento online');
    expect(flat).toContain(PAGE);
    expect(flat).toContain(p.publicReference);

    // the form: Italian, no script, a labelled field with its hint
    const form = await page();
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('<html lang="it">');
    expect(formHtml).toContain('<label for="riferimento">Riferimento per la consultazione');
    expect(formHtml).toMatch(/<form method="post" action="\/stato-procedimento"/);
    expect(formHtml).not.toMatch(/<script/i);
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");

    // the reference as copied from the PDF (a line break inside, the sentence's full stop): the state
    const half = Math.floor(p.publicReference.length / 2);
    const typed = `${p.publicReference.slice(0, half)}\n${p.publicReference.slice(half)}.`;
    const shown = await page({ riferimento: typed });
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('Stato del procedimento 2026/0007788');
    expect(html).toContain('In istruttoria');
    expect(html).toContain('Permesso di costruire');
    const longDate = (d: string) =>
      new Intl.DateTimeFormat('it-IT', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${d}T12:00:00Z`));
    expect(html).toContain(longDate(p.dueDate));
    expect(html).toContain('Comunicazione di avvio del procedimento');
    expect(html).toContain('Il termine non è stato sospeso.');
    // nothing personal, no free text: not the subject, not who asked
    expect(html).not.toContain('Pastorello');
    expect(html).not.toContain('req_status01');

    // suspended for documents: the page says so, with the suspension and the latest deadline
    const suspended = await ask(
      `mutation($id: ID!, $i: SuspendProcedureInput!) { suspendProcedure(id: $id, input: $i) { status } }`,
      { id: p.id, i: { kind: 'document_request', reason: 'Relazione geologica di Pastorello' } },
    );
    expect(suspended.body.errors).toBeUndefined();
    const after = await (await page({ riferimento: p.publicReference })).text();
    expect(after).toContain('Sospeso');
    expect(after).toContain('Richiesta di integrazione documentale');
    expect(after).toContain('in corso');
    expect(after).not.toContain('Pastorello');

    // a wrong token and an unknown procedure: the same refusal, tied to the field, no state
    const [id] = p.publicReference.split('.');
    for (const wrong of [
      `${id}.AAAAAAAAAAAAAAAAAAAAAAAA`,
      `prc_0123abcd.${p.publicReference.split('.')[1]}`,
    ]) {
      const r = await page({ riferimento: wrong });
      expect(r.status).toBe(404);
      const h = await r.text();
      expect(h).toContain('Riferimento non corretto');
      expect(h).toMatch(
        /id="riferimento"[^>]*aria-describedby="riferimento-aiuto riferimento-errore"[^>]*aria-invalid="true"/,
      );
      expect(h).not.toContain('2026/0007788');
    }
    // malformed or empty: a field error in Italian
    const malformed = await page({ riferimento: 'non so' });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('Il riferimento inizia con prc_');
    const empty = await page({ riferimento: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Inserisca il riferimento per la consultazione');
  }, 120_000);
});
