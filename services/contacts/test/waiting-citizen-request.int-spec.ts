import { createServer } from 'node:net';
import { signDevToken } from '@urp/auth';
import { gql, startStack, TEST_AUTH, uniqueFiscalCode, uniqueName, waitFor, type Stack } from '@urp/testing';

/** `n` ports of [from, to] that nothing listens on or holds right now. */
async function freeInRange(from: number, to: number, n: number): Promise<number[]> {
  const free: number[] = [];
  for (let port = from; port <= to && free.length < n; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (ok) free.push(port);
  }
  if (free.length < n) throw new Error(`only ${free.length} free ports in ${from}-${to}`);
  return free;
}

interface MailboxMessage {
  to: string[];
  subject: string;
  text: string;
}

/**
 * The citizen is told WHAT is missing: an operator moves a case to "waiting for the citizen" with a request (refused
 * on its field, in Italian, without one); the citizen's e-mail (the local mailbox, read over its HTTP interface)
 * carries the request, which campaigns fetched from contacts at send time; the public status page shows it, scrubbed
 * of the citizen's data, until the clock runs again. Real contacts, campaigns, gateway and mailbox, on the real Kafka
 * and FerretDB (ports of this task's range).
 */
describe('waiting for the citizen: the request of what is missing reaches them', () => {
  const run = uniqueName('wc').replace(/-/g, '');
  let stack: Stack;
  let token = '';
  const ask = async (query: string, variables: Record<string, unknown> = {}) => {
    token ||= await signDevToken({ sub: `op-${run}`, roles: ['operator'] }, TEST_AUTH);
    return (await gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${token}` })).body as {
      data: any;
      errors?: { message: string; extensions?: { code?: string; fields?: Record<string, string> } }[];
    };
  };
  const inbox = async (to: string): Promise<MailboxMessage[]> =>
    (await (
      await fetch(`${stack.url('mailbox')}/api/messages?to=${encodeURIComponent(to)}`)
    ).json()) as MailboxMessage[];
  const statusPage = async (protocollo: string, codice: string): Promise<string> => {
    const page = await fetch(`${stack.url('contacts')}/stato-pratica`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ protocollo, codice }).toString(),
    });
    expect(page.status).toBe(200);
    return page.text();
  };
  const SUSPEND = `mutation($i: SuspendCaseInput!) {
    suspendCase(input: $i) { status suspended messages { text request } } }`;

  beforeAll(async () => {
    // this task's ports (41700-41716) that are free now (an outgoing connection may hold one: start again)
    for (let attempt = 1; ; attempt++) {
      const [contacts, campaigns, gateway, mailboxSmtp, mailboxHttp, satisfaction, knowledge, procedures] =
        await freeInRange(41700, 41716, 8);
      try {
        stack = await startStack({
          prefix: 'waitcit',
          services: ['contacts', 'campaigns'],
          mailbox: true,
          // the services not started (satisfaction, knowledge, procedures) point at closed ports
          ports: {
            contacts,
            campaigns,
            gateway,
            mailboxSmtp,
            mailboxHttp,
            satisfaction,
            knowledge,
            procedures,
          },
          env: {
            campaigns: {
              NOTIFICATION_TICK_MS: '200',
              NOTIFICATION_RETRY_BASE_MS: '200',
              BULLETIN_SCHEDULE: 'off',
            },
          },
          startTimeoutMs: 300_000,
        });
        return;
      } catch (e) {
        if (attempt >= 3 || !/EADDRINUSE/.test(String(e))) throw e;
      }
    }
  }, 900_000);
  afterAll(() => stack?.stop());

  it('the e-mail says what to send, the status page shows it scrubbed, and only while the case waits', async () => {
    const email = `ermenegilda.${run}@example.it`;
    const requester = await ask(
      `mutation($input: RequesterInput!) { createRequester(input: $input) { id } }`,
      {
        input: {
          kind: 'PERSON',
          purpose: 'registrazione del contatto',
          name: 'Ermenegilda Pastorello',
          fiscalCode: uniqueFiscalCode(),
          email,
          preferredChannel: 'EMAIL',
        },
      },
    );
    expect(requester.errors).toBeUndefined();
    const registered = await ask(
      `mutation($input: RegisterContactInput!) {
        registerContact(input: $input) { protocolNumber receiptCode case { id } } }`,
      {
        input: {
          channel: 'DESK',
          type: 'REPORT',
          subject: 'Passo carrabile ostruito',
          requesterId: requester.data.createRequester.id,
        },
      },
    );
    expect(registered.errors).toBeUndefined();
    const { protocolNumber, receiptCode } = registered.data.registerContact;
    const caseId = registered.data.registerContact.case.id as string;

    // no request, no move: the operator is told on the field, in Italian
    const refused = await ask(SUSPEND, { i: { caseId, reason: 'documenti dal cittadino', request: '  ' } });
    expect(refused.data?.suspendCase ?? null).toBeNull();
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        'input.request': 'indicare cosa deve inviare il cittadino: il testo gli arriva nel messaggio',
      },
    });

    const request =
      'Gentile Ermenegilda Pastorello, ci invii la planimetria del passo carrabile firmata ' +
      `e una fotografia dell'ingresso, rispondendo da ${email}.`;
    const waiting = await ask(SUSPEND, { i: { caseId, reason: 'documenti dal cittadino', request } });
    expect(waiting.errors).toBeUndefined();
    expect(waiting.data.suspendCase).toMatchObject({
      status: 'WAITING_CITIZEN',
      suspended: true,
      messages: [{ text: request, request: true }],
    });

    // the citizen's e-mail: what is missing, in the office's words; no due date while the clock stands
    const told = await waitFor(
      async () => (await inbox(email)).find((m) => m.subject.includes('attende una sua integrazione')),
      { timeoutMs: 120_000, intervalMs: 500, what: 'the request in the citizen’s mailbox' },
    );
    expect(told?.subject).toContain(protocolNumber);
    expect(told?.text).toContain('la planimetria del passo carrabile firmata');
    expect(told?.text).toContain(request);
    expect(told?.text).not.toContain('Il termine per la conclusione');

    // the status page: the request, scrubbed of the citizen's name and address
    const page = await statusPage(protocolNumber, receiptCode);
    expect(page).toContain('Cosa le chiede l’ufficio');
    expect(page).toContain('la planimetria del passo carrabile firmata');
    expect(page).not.toContain('Pastorello');
    expect(page).not.toContain(email);

    // the clock runs again: nothing is awaited any more
    const resumed = await ask(`mutation($i: CaseIdInput!) { resumeCase(input: $i) { status } }`, {
      i: { caseId },
    });
    expect(resumed.errors).toBeUndefined();
    const after = await statusPage(protocolNumber, receiptCode);
    expect(after).not.toContain('Cosa le chiede l’ufficio');
    expect(after).not.toContain('planimetria');
    // the one e-mail about the request
    expect(
      (await inbox(email)).filter((m) => m.subject.includes('attende una sua integrazione')),
    ).toHaveLength(1);
    // the first delivery waits for campaigns' consumers to join: more than the default 90 s on a busy machine
  }, 300_000);
});
