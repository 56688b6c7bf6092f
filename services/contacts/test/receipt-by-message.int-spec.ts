import { createServer } from 'node:net';
import { signDevToken, type Role } from '@urp/auth';
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
 * The citizen hears back (trial defects): a complaint registered by e-mail, through the gateway, ends with the
 * receipt in the citizen's mailbox (the local mailbox, read over its HTTP interface) with the protocol number, the
 * receipt code and the status page's address, and that code opens the status page; the desk's receipt names the
 * status page. A second requester with a fiscal code already registered is refused on the field. Real contacts,
 * campaigns, gateway and mailbox, on the real Kafka and FerretDB (ports of this task's range).
 */
describe('the receipt reaches a citizen who was not at the desk; one requester per fiscal code', () => {
  const run = uniqueName('rc').replace(/-/g, '');
  let stack: Stack;
  let token = '';
  const ask = async (query: string, variables: Record<string, unknown> = {}, role: Role = 'operator') => {
    token ||= await signDevToken({ sub: `op-${run}`, roles: [role] }, TEST_AUTH);
    return (await gql(stack.gatewayUrl, query, variables, { authorization: `Bearer ${token}` })).body as {
      data: any;
      errors?: { message: string; extensions?: { code?: string; fields?: Record<string, string> } }[];
    };
  };
  const inbox = async (to: string): Promise<MailboxMessage[]> =>
    (await (
      await fetch(`${stack.url('mailbox')}/api/messages?to=${encodeURIComponent(to)}`)
    ).json()) as MailboxMessage[];
  /** The messages about a protocol number in the mailbox of `to`, once there is one. */
  const arrived = async (to: string, protocolNumber: string, what: string): Promise<MailboxMessage[]> =>
    (await waitFor(
      async () => {
        const got = (await inbox(to)).filter((m) => m.subject.includes(protocolNumber));
        return got.length ? got : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, what },
    )) ?? [];
  const createRequester = (input: Record<string, unknown>) =>
    ask(`mutation($input: RequesterInput!) { createRequester(input: $input) { id } }`, {
      input: { kind: 'PERSON', purpose: 'registrazione del contatto', ...input },
    });
  const REGISTER = `mutation($input: RegisterContactInput!) {
    registerContact(input: $input) { id protocolNumber receiptCode statusPageUrl case { id } } }`;

  beforeAll(async () => {
    // this task's ports (41100-41116) that are free now; they lie in the kernel's ephemeral range, so an outgoing
    // connection of another process can hold one by the time an app binds it: then the stack starts again
    for (let attempt = 1; ; attempt++) {
      const [contacts, campaigns, gateway, mailboxSmtp, mailboxHttp, satisfaction, knowledge, procedures] =
        await freeInRange(41100, 41116, 8);
      try {
        stack = await startStack({
          prefix: 'receipt',
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

  it('an e-mail complaint: the receipt with protocol number, code and status page in the mailbox, once', async () => {
    const email = `ermenegilda.${run}@example.it`;
    const fiscalCode = uniqueFiscalCode();
    const requester = await createRequester({
      name: 'Ermenegilda Pastorello',
      fiscalCode,
      email,
      preferredChannel: 'EMAIL',
    });
    expect(requester.errors).toBeUndefined();
    const requesterId = requester.data.createRequester.id as string;
    const byEmail = await ask(REGISTER, {
      input: { channel: 'EMAIL', type: 'COMPLAINT', subject: 'Rifiuti non raccolti', requesterId },
    });
    expect(byEmail.errors).toBeUndefined();
    const { protocolNumber, receiptCode, statusPageUrl } = byEmail.data.registerContact;
    const statusPage = `${stack.url('contacts')}/stato-pratica`;
    expect(statusPageUrl).toBe(statusPage);

    const received = await arrived(email, protocolNumber, 'the receipt in the citizen’s mailbox');
    expect(received).toHaveLength(1);
    const [receipt] = received;
    expect(receipt.subject).toContain('è stata registrata');
    expect(receipt.text).toContain(`numero di protocollo ${protocolNumber}`);
    expect(receipt.text).toContain(`codice di verifica ${receiptCode}`);
    expect(receipt.text).toContain(statusPage);
    // nothing of the person in it beyond the address it went to
    expect(receipt.text).not.toContain('Pastorello');
    expect(receipt.text).not.toContain(fiscalCode);

    // the code read in the e-mail opens the status page (as the citizen types it)
    const code = /codice di verifica ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(receipt.text)?.[1] ?? '';
    const page = await fetch(statusPage, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ protocollo: protocolNumber, codice: code.toLowerCase() }).toString(),
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(protocolNumber);

    // at the desk the operator hands over the printed receipt: the e-mail tells the registration, not the code
    const atDesk = await ask(REGISTER, {
      input: { channel: 'DESK', type: 'COMPLAINT', subject: 'Lampione spento', requesterId },
    });
    expect(atDesk.errors).toBeUndefined();
    const desk = atDesk.data.registerContact;
    expect(desk.statusPageUrl).toBe(statusPage);
    const told = await arrived(email, desk.protocolNumber, 'the desk contact’s message');
    expect(told).toHaveLength(1);
    expect(told[0].text).not.toContain(desk.receiptCode);
    expect(told[0].text).not.toContain('codice di verifica');
    // the e-mail contact's receipt still arrived once
    expect((await inbox(email)).filter((m) => m.subject.includes(protocolNumber))).toHaveLength(1);
  });

  it('a second requester with the same fiscal code is refused on the field, naming nothing of the first', async () => {
    const fiscalCode = uniqueFiscalCode();
    const first = await createRequester({ name: `Ottavio Brambilla ${run}`, fiscalCode });
    expect(first.errors).toBeUndefined();
    const second = await createRequester({ name: 'Anna Verdi', fiscalCode: fiscalCode.toLowerCase() });
    expect(second.data?.createRequester ?? null).toBeNull();
    expect(second.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        'input.fiscalCode':
          'esiste già un richiedente con questo codice fiscale: lo cerchi per codice fiscale e registri il contatto a suo nome',
      },
    });
    const refusal = JSON.stringify(second);
    for (const other of ['Ottavio', 'Brambilla', first.data.createRequester.id])
      expect(refusal).not.toContain(other);
    // the operator finds the one requester by the fiscal code
    const found = await ask(
      `query($cf: String!) { findRequesters(fiscalCode: $cf, purpose: "verifica allo sportello") { id } }`,
      { cf: fiscalCode },
    );
    expect(found.data.findRequesters).toEqual([{ id: first.data.createRequester.id }]);
  });
});
