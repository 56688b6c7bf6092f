/**
 * The operator console in Debian's Chromium (playwright-core) against the real stack this test starts:
 * contacts, knowledge base and satisfaction on real Kafka + FerretDB, the gateway, and the console's own
 * server (apps/console/server.ts, built with Vite first). Signing in uses the development sign-in
 * (CONSOLE_DEV_LOGIN=true, a token signed like the gateway's test tokens); axe-core checks every screen
 * against WCAG 2.1 AA. CONSOLE_SCREENSHOTS=1 also writes the screenshots of apps/console/docs/.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { signDevToken, type Role } from '@urp/auth';
import {
  freePorts,
  gql,
  brokerWasUsed,
  placeGroupsAtEnd,
  REPO_ROOT,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueFiscalCode,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { initialJs } from './bundle-size';

/** Ports chosen by the OS when the suite starts (the machine is shared: fixed ports collide with other runs). */
const PORT_NAMES = [
  'gateway',
  'contacts',
  'satisfaction',
  'knowledge',
  'procedures',
  'campaigns',
  'mailboxHttp',
  'mailboxSmtp',
  'console',
] as const;
let PORTS = {} as Record<(typeof PORT_NAMES)[number], number>;
/** How long a service may take to be ready: minutes on a 2-core machine shared with other test runs. */
const BOOT_MS = 180_000;
const CONSOLE_DIR = join(REPO_ROOT, 'apps/console');
const SHOTS = process.env.CONSOLE_SCREENSHOTS ? join(CONSOLE_DIR, 'docs') : null;

/** The demo staff (tools/scripts/dev-token.ts, deploy/local/keycloak/urp-realm.json). */
const PEOPLE: Record<string, { sub: string; name: string; roles: Role[]; offices: string[] }> = {
  operator: { sub: 'op-giulia', name: 'Giulia Bianchi', roles: ['operator'], offices: ['urp'] },
  backoffice: { sub: 'bo-marco', name: 'Marco Esposito', roles: ['backoffice'], offices: ['urp'] },
  referent: { sub: 'ref-anna', name: 'Anna Ricci', roles: ['referent'], offices: ['tributi'] },
  manager: { sub: 'mgr-paolo', name: 'Paolo Conti', roles: ['manager'], offices: ['urp'] },
};
const token = (who: keyof typeof PEOPLE) => signDevToken(PEOPLE[who], TEST_AUTH);

/** Runs a Node script of the repo with the test's auth settings (the demo seed signs its own tokens). */
function runScript(code: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', code], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...env,
        AUTH_ISSUER: TEST_AUTH.issuer,
        AUTH_AUDIENCE: TEST_AUTH.audience,
        AUTH_JWT_SECRET: TEST_AUTH.secret,
        KEYCLOAK_URL: 'http://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (c) => (c === 0 ? resolve(out) : reject(new Error(`script failed (${c}):\n${out}`))));
  });
}

/** axe-core in the page: WCAG 2.0/2.1 A and AA rules; returns the violations, readable. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const r = await axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map(
      (v: any) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n: any) => `${n.target.join(' ')} ${n.any?.[0]?.message ?? ''}`)
          .join(' | ')}`,
    );
  });
  return result as string[];
}

describe('operator console (Chromium, real stack)', () => {
  const run = Date.now().toString(36);
  const common = {
    MONGO_URL: testInfra.mongoUrl,
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    IDENTITY_SECRET: TEST_AUTH.identitySecret,
  };
  const procs: RunningProcess[] = [];
  let gatewayUrl: string;
  let consoleUrl: string;
  let browser: Browser;
  const axeReport: Record<string, string[]> = {};

  beforeAll(async () => {
    const ports = await freePorts(PORT_NAMES.length);
    PORTS = Object.fromEntries(PORT_NAMES.map((n, i) => [n, ports[i]])) as typeof PORTS;
    // the browser runs what `npm run build` makes; building here keeps the test honest about the current code
    const node = (args: string[]) =>
      promisify(execFile)(process.execPath, args, {
        cwd: CONSOLE_DIR,
        env: { ...process.env, NODE_ENV: 'production' }, // jest sets NODE_ENV=test: React's development build
      }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`console build failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      });
    // what `npm run build -w @urp/console` does: type check (DOM, JSX), then bundle; meanwhile the services start
    const build = node([
      join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.app.json',
      '--noEmit',
    ]).then(() => node([join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']));
    // a used broker carries every earlier test's events (in CI, the whole run's): a procedures instance reading
    // them from the beginning starts hundreds of stale procedures, and contacts replays their answers, before
    // either reaches this test's own, so the groups start at the end of every topic. On a fresh broker (no topic
    // yet: nothing to skip) they are left alone: placing them there held the consumers back from the seed.
    const GROUPS = {
      contacts: uniqueName('console-contacts'),
      kb: uniqueName('console-kb'),
      sat: uniqueName('console-sat'),
      proc: uniqueName('console-proc'),
      camp: uniqueName('console-camp'),
    };
    if (await brokerWasUsed()) await placeGroupsAtEnd(Object.values(GROUPS));
    const started = await Promise.allSettled([
      spawnService(
        'services/contacts/src/main.ts',
        { ...common, MONGO_DB: `console_contacts_${run}`, KAFKA_GROUP_ID: GROUPS.contacts },
        PORTS.contacts,
        BOOT_MS,
      ),
      spawnService(
        'services/knowledge-base/src/main.ts',
        {
          ...common,
          MONGO_DB: `console_kb_${run}`,
          KAFKA_GROUP_ID: GROUPS.kb,
          KB_INDEX_SYNC_MS: '1000',
          KB_SCHEDULER_INTERVAL_MS: '1000',
        },
        PORTS.knowledge,
        BOOT_MS,
      ),
      spawnService(
        'services/satisfaction/src/main.ts',
        { ...common, MONGO_DB: `console_sat_${run}`, KAFKA_GROUP_ID: GROUPS.sat },
        PORTS.satisfaction,
        BOOT_MS,
      ),
      spawnService(
        'services/procedures/src/main.ts',
        {
          ...common,
          MONGO_DB: `console_proc_${run}`,
          KAFKA_GROUP_ID: GROUPS.proc,
          PATRON_SAINT_DAY: '08-10',
        },
        PORTS.procedures,
        BOOT_MS,
      ),
      // campaigns sends through a real SMTP server (tools/mailbox) and resolves addresses at contacts at send time
      spawnService(
        'tools/mailbox/src/main.ts',
        { MAILBOX_SMTP_PORT: String(PORTS.mailboxSmtp), MAILBOX_HTTP_PORT: String(PORTS.mailboxHttp) },
        PORTS.mailboxHttp,
        BOOT_MS,
        '/health',
      ),
      spawnService(
        'services/campaigns/src/main.ts',
        {
          ...common,
          MONGO_DB: `console_camp_${run}`,
          KAFKA_GROUP_ID: GROUPS.camp,
          SMTP_URL: `smtp://127.0.0.1:${PORTS.mailboxSmtp}`,
          CONTACTS_INTERNAL_URL: `http://127.0.0.1:${PORTS.contacts}`,
          // the procedures' notices go out with their PDF, fetched from procedures at send time
          PROCEDURES_INTERNAL_URL: `http://127.0.0.1:${PORTS.procedures}`,
          PUBLIC_BASE_URL: `http://127.0.0.1:${PORTS.campaigns}`,
          SCHEDULER_TICK_MS: '500',
          BULLETIN_SCHEDULE: 'off',
        },
        PORTS.campaigns,
        BOOT_MS,
      ),
      build,
    ]);
    // whatever started is stopped in afterAll, even when another part failed
    for (const s of started)
      if (s.status === 'fulfilled' && s.value && 'stop' in s.value) procs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [contacts, knowledge, satisfaction, procedures, , campaigns] = procs;
    const gateway = await spawnGateway(
      {
        contacts: contacts.url,
        knowledge: knowledge.url,
        satisfaction: satisfaction.url,
        procedures: procedures.url,
        campaigns: campaigns.url,
      },
      PORTS.gateway,
    );
    procs.push(gateway);
    gatewayUrl = `${gateway.url}/graphql`;
    const consoleServer = await spawnService(
      'apps/console/server.ts',
      { GATEWAY_URL: gateway.url, CONSOLE_DEV_LOGIN: 'true', URP_CONSOLE_PORT: String(PORTS.console) },
      PORTS.console,
    );
    procs.push(consoleServer);
    consoleUrl = consoleServer.url;
    // the demo knowledge base, a few sheets: offices, referents, forms, canned replies, published (four eyes)
    await runScript(
      `require('./tools/scripts/seed/knowledge').seed(require('./tools/scripts/seed/lib').seedContext(process.env.GW), ` +
        `{ slugs: ['carta-identita-elettronica', 'cambio-residenza', 'tari-tassa-rifiuti', 'imu-imposta-municipale'] })` +
        `.catch((e) => { console.error(e); process.exit(1); })`,
      { GW: gatewayUrl },
    );
    // contacts learns offices and referents from the knowledge base's events
    const op = await token('operator');
    await waitFor(
      async () => {
        const r = await gql(
          gatewayUrl,
          `mutation { registerContact(input: { channel: PHONE, type: INFORMATION, subject: "prova di instradamento", openCase: true, officeId: "tributi", referentId: "ref-tributi-ricci" }) { id } }`,
          {},
          { authorization: `Bearer ${op}` },
        );
        if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'contacts to know the offices' },
    );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(procs.map((p) => p.stop()));
  });

  const ask = async (who: keyof typeof PEOPLE, query: string, variables: Record<string, unknown> = {}) => {
    const r = await gql(gatewayUrl, query, variables, { authorization: `Bearer ${await token(who)}` });
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data;
  };

  /** A fresh browser tab signed in as `who` through the development sign-in; lands on the role's start page. */
  async function signIn(who: keyof typeof PEOPLE, startPath: RegExp): Promise<Page> {
    // bypassCSP: axe is injected as an inline script, which the console's CSP (rightly) refuses
    const context = await browser.newContext({
      locale: 'it-IT',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000); // a loaded 2-core CI machine: the indicators can take their time
    await page.goto(`${consoleUrl}/`);
    await page.waitForURL(/\/accesso/);
    await page.getByRole('heading', { name: 'Accedi alla scrivania URP' }).waitFor();
    await check(page, 'accesso');
    await page.getByLabel('Token di sviluppo').fill(await token(who));
    await page.getByRole('button', { name: 'Entra con il token' }).press('Enter');
    await page.waitForURL(startPath);
    return page;
  }

  /** axe on the current screen (0 WCAG 2.1 AA violations expected), and its screenshot when asked. */
  async function check(page: Page, name: string): Promise<void> {
    await page.locator('[role=status]:has-text("Caricamento")').first().waitFor({ state: 'detached' });
    axeReport[name] = await axeViolations(page);
    expect({ screen: name, violations: axeReport[name] }).toEqual({ screen: name, violations: [] });
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
  }

  it('the sign-in page loads under the console’s own CSP: no font, style or script refused', async () => {
    // no bypassCSP here: what a user's browser enforces (bootstrap-italia's embedded icon font was refused)
    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text().slice(0, 160));
    });
    await page.goto(`${consoleUrl}/accesso`);
    await page.getByRole('heading', { name: 'Accedi alla scrivania URP' }).waitFor();
    const fonts = await page.evaluate(async () => {
      const d = (globalThis as any).document;
      // every declared font loaded (a refused one ends in "error")
      await Promise.all([...d.fonts].map((f: any) => f.load().catch(() => undefined)));
      return [...d.fonts].map((f: any) => `${f.family} ${f.weight}: ${f.status}`);
    });
    await context.close();
    expect(fonts.filter((f) => !f.endsWith(': loaded'))).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('loads at most 300 KB of JavaScript (gzipped) before the first route', () => {
    expect(initialJs(join(CONSOLE_DIR, 'dist')).gzipBytes).toBeLessThanOrEqual(300 * 1024);
  });

  it('operator: registers a contact with the keyboard, a sheet found by search, opens a case, reroutes it, replies with a canned reply, closes after confirming, reopens', async () => {
    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('heading', { name: 'Sportello: nuovo contatto' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('it');
    await check(page, 'sportello');

    // keyboard alone: focus moves with Tab, text is typed, buttons are pressed with Enter / Space
    await page.getByLabel('Canale').focus();
    await page.keyboard.type('Telefono');
    expect(await page.getByLabel('Canale').inputValue()).toBe('PHONE');
    // the requester: searched by fiscal code, not found, created after the privacy notice (the code carried over)
    await page.getByRole('combobox', { name: 'Cerca il richiedente' }).focus();
    await page.keyboard.type('rssmra85t10a562s');
    await page.getByText('Nessun richiedente trovato per «rssmra85t10a562s»: puoi crearlo.').waitFor();
    await page.getByRole('button', { name: 'Nuovo richiedente' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Codice fiscale (facoltativo)').inputValue()).toBe('RSSMRA85T10A562S');
    await page.getByLabel('Nome e cognome').focus();
    await page.keyboard.type('Maria Rossi');
    expect(await page.getByRole('button', { name: 'Crea richiedente' }).isDisabled()).toBe(true);
    await page.getByLabel(/Ho fornito l’informativa/).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Crea richiedente' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Maria Rossi (RSSMRA85T10A562S)').waitFor();
    await page.getByLabel('Oggetto').focus();
    await page.keyboard.type(`Rinnovo carta di identità ${run}`);
    await page.keyboard.press('Tab');
    await page.keyboard.type("La cittadina chiede come rinnovare la carta d'identità elettronica scaduta");
    const hit = page.getByRole('button', { name: /Usa questa scheda Carta d'identità elettronica/ });
    await hit.waitFor();
    await check(page, 'sportello-ricerca');
    await hit.focus();
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: /Scheda usata/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // the sheet's category and office are proposed
    expect(await page.getByLabel('Categoria').inputValue()).toBe('anagrafe_stato_civile');
    await page.getByLabel('Apri una pratica per il back office').focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Ufficio competente').inputValue()).toBe('anagrafe');
    await page.getByText(/Termine per la risposta: 30 giorni/).waitFor();
    await page.getByRole('button', { name: 'Registra contatto' }).focus();
    await page.keyboard.press('Enter');

    const done = page.getByRole('status').filter({ hasText: 'Aperta la pratica n.' });
    await done.waitFor();
    expect(await done.textContent()).toMatch(/Servizi Demografici.*scadenza \d{2}\/\d{2}\/\d{4}/);
    // the citizen's receipt: the protocol number and the code the status page asks for, shown once
    const receipt = page.getByRole('region', { name: 'Ricevuta per il cittadino' });
    const protocol = (await receipt.getByTestId('receipt-protocol').textContent())!;
    const code = (await receipt.getByTestId('receipt-code').textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // ... and where to use them: the status page's address, printed with them
    expect(await receipt.getByTestId('receipt-status-page').textContent()).toBe(
      `http://127.0.0.1:${PORTS.contacts}/stato-pratica`,
    );
    await check(page, 'sportello-registrato');
    // ... and it opens the citizen's status page (contacts' public page, no JavaScript needed)
    const status = await fetch(`http://127.0.0.1:${PORTS.contacts}/stato-pratica`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ protocollo: protocol, codice: code }).toString(),
    });
    expect(status.status).toBe(200);
    expect(await status.text()).toContain(`Stato della pratica ${protocol}`);
    const contacts = await ask(
      'operator',
      `{ contacts(first: 5) { id subject sheetIds requesterId case { id } } }`,
    );
    const mine = contacts.contacts.find((c: any) => c.subject === `Rinnovo carta di identità ${run}`);
    const sheets = await ask('backoffice', `{ sheet(slug: "carta-identita-elettronica") { id } }`);
    expect(mine.sheetIds).toEqual([sheets.sheet.id]);
    expect(mine.requesterId).toMatch(/\S/);

    // the case: a canned reply with its placeholders filled, sent to the citizen; then closed
    await page.getByRole('link', { name: 'Apri la pratica' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/pratiche\/.+/);
    await page.getByRole('heading', { name: /Pratica n\. \d+/ }).waitFor();
    await check(page, 'pratica');
    // waiting for the citizen: what is missing is required, refused under its field in Italian when left empty
    await page.getByLabel('Motivo della sospensione').fill('documenti dal cittadino');
    await page.getByRole('button', { name: 'Sospendi i termini' }).click();
    const refused = page.locator('#request-error');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'Indicare cosa deve inviare il cittadino: il testo gli arriva nel messaggio.',
    );
    const askFor = `Ci porti la fotografia formato tessera ${run}.`;
    await page.getByLabel('Cosa deve inviare il cittadino').fill(askFor);
    await page.getByRole('button', { name: 'Sospendi i termini' }).click();
    await page.getByText('Termini sospesi: al cittadino è stato chiesto quanto manca.').waitFor();
    await page.getByText('Richiesta al cittadino (cosa deve inviare)').waitFor();
    await check(page, 'pratica-in-attesa');
    // ... the status page tells the citizen the same words while the clock stands
    const waiting = await fetch(`http://127.0.0.1:${PORTS.contacts}/stato-pratica`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ protocollo: protocol, codice: code }).toString(),
    });
    expect(await waiting.text()).toContain(askFor);
    await page.getByRole('button', { name: 'Riprendi i termini' }).click();
    await page.getByText('Termini ripresi: la scadenza è stata ricalcolata.').waitFor();
    // rerouted to another office and one of its referents, chosen by name; the timeline says names, not ids
    await page.getByLabel('Ufficio', { exact: true }).selectOption({ label: 'Ufficio Tributi' });
    await page.getByLabel('Referente (facoltativo)').selectOption({ label: 'Anna Ricci' });
    await page.getByRole('button', { name: 'Assegna' }).click();
    await page.getByText('Pratica assegnata: Ufficio Tributi, referente Anna Ricci.').waitFor();
    const routed = page
      .getByRole('list', { name: 'Cronologia della pratica' })
      .getByRole('listitem')
      .filter({ hasText: 'Ufficio Tributi, referente Anna Ricci' });
    expect(await routed.textContent()).toContain('Giulia Bianchi');
    expect(await routed.textContent()).not.toMatch(/ref-tributi-ricci|op-giulia|ufficio tributi/);
    // a canned reply's part left to write is said under the field, and nothing can be sent
    const options = await page.getByLabel('Risposta tipo').locator('option').allTextContents();
    expect(options).toContain("Inoltro all'ufficio competente");
    await page.getByLabel('Risposta tipo').selectOption({ label: 'Risposta a un reclamo' });
    expect(await page.locator('#reply-error').textContent()).toBe(
      'Completi le parti tra parentesi quadre prima di inviare: [esito della verifica e azioni intraprese].',
    );
    expect(await page.getByRole('button', { name: 'Invia la risposta' }).isDisabled()).toBe(true);
    // a message that is not the answer is not labelled as one
    const progress = `Abbiamo inoltrato la richiesta all'ufficio tributi ${run}.`;
    await page.getByLabel('Risposta tipo').selectOption({ label: '— scrivi liberamente o scegli —' });
    await page.getByLabel('Testo della risposta').fill(progress);
    // Bootstrap Italia's checkbox: its label takes the pointer, the keyboard toggles it
    await page.getByLabel(/È la risposta alla richiesta/).focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel(/È la risposta alla richiesta/).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Invia la risposta' }).click();
    await page.getByText('Messaggio pubblico al cittadino (non è la risposta)').waitFor();
    await page.getByLabel(/È la risposta alla richiesta/).focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel(/È la risposta alla richiesta/).isChecked()).toBe(true);
    await page.getByLabel('Risposta tipo').selectOption({ label: "Inoltro all'ufficio competente" });
    const reply = await page.getByLabel('Testo della risposta').inputValue();
    expect(reply).toContain('Ufficio Tributi');
    expect(reply).not.toContain('{{');
    await page.getByRole('button', { name: 'Invia la risposta' }).click();
    await page.getByText('Risposta inviata al cittadino.').waitFor();
    await page.getByText('Risposta pubblica al cittadino').waitFor();
    // the timeline speaks Italian (contacts records its details in English)
    const timeline = (await page.getByRole('list', { name: 'Cronologia della pratica' }).textContent())!;
    expect(timeline).toContain('termine di 30 giorni');
    expect(timeline).toContain('Risposta data');
    expect(timeline).not.toMatch(/\bterm \d+ days|public message to the citizen/);
    await page.getByLabel('Esito').selectOption('ANSWERED');
    // closing asks first; cancelling closes nothing
    await page.getByRole('button', { name: 'Chiudi la pratica…' }).click();
    await page.getByRole('button', { name: 'Annulla' }).click();
    await page.getByRole('button', { name: 'Chiudi la pratica…' }).click();
    await page.getByText(/Confermi la chiusura con esito «risposta data»\?/).waitFor();
    await page.getByRole('button', { name: 'Conferma la chiusura' }).click();
    await page.getByText('Pratica chiusa.', { exact: true }).waitFor();
    await check(page, 'pratica-chiusa');
    const c = await ask(
      'operator',
      `query($id: ID!) { case(id: $id) { status outcome messages { text } } }`,
      {
        id: mine.case.id,
      },
    );
    expect(c.case).toMatchObject({ status: 'CLOSED', outcome: 'ANSWERED' });
    expect(c.case.messages.map((m: { text: string }) => m.text)).toEqual([askFor, progress, reply]);
    // the closed case offers what is still possible: reopening, with a reason
    await page.getByLabel('Motivo della riapertura').fill('il cittadino segnala che il problema persiste');
    await page.getByRole('button', { name: 'Riapri la pratica' }).click();
    await page.getByText('Pratica riaperta.').waitFor();
    const reopened = await ask('operator', `query($id: ID!) { case(id: $id) { status } }`, {
      id: mine.case.id,
    });
    expect(reopened.case.status).toBe('REOPENED');
    await page.context().close();
  });

  it('back office: a failed save keeps the text, self-approval is refused, a second person approves, the sheet is live in search', async () => {
    const word = `girasole${run.replace(/[0-9]/g, '')}`;
    const page = await signIn('backoffice', /\/schede$/);
    await page.getByRole('heading', { name: 'Schede informative' }).waitFor();
    await check(page, 'schede');
    await page.getByRole('link', { name: 'TARI - Tassa sui rifiuti' }).click();
    await page.getByRole('heading', { name: 'Scheda: TARI - Tassa sui rifiuti' }).waitFor();
    await check(page, 'scheda');

    // the API's field error appears next to the field, in Italian, and what was typed stays
    const short = page.getByLabel('Descrizione breve');
    const description = `${await short.inputValue()} Novità: sportello ${word}.`;
    await short.fill(description);
    await page.getByLabel('Titolo').fill('');
    await page.getByLabel('Che cosa hai cambiato (obbligatorio)').fill('aggiunta la novità dello sportello');
    await page.getByRole('button', { name: 'Salva la revisione' }).click();
    const titleError = page.locator('#f-title-error');
    await titleError.waitFor();
    expect(await titleError.textContent()).toMatch(/obbligatorio|almeno|corto/i);
    expect(await page.getByLabel('Titolo').getAttribute('aria-invalid')).toBe('true');
    expect(await short.inputValue()).toBe(description);
    await check(page, 'scheda-errore');

    await page.getByLabel('Titolo').fill('TARI - Tassa sui rifiuti');
    await page.getByRole('button', { name: 'Salva la revisione' }).click();
    await page.getByText(/salvata come bozza/).waitFor();
    await page.getByRole('button', { name: 'Invia per l’approvazione' }).click();
    await page.getByText(/Revisione inviata per l’approvazione/).waitFor();

    // four eyes: the author cannot approve; the API's refusal is shown, in Italian
    await page.getByRole('link', { name: '← Schede' }).click();
    await page.getByRole('button', { name: 'Da approvare' }).click();
    await page.getByRole('button', { name: 'Approva TARI - Tassa sui rifiuti' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'quattro occhi' });
    await refusal.waitFor();
    await check(page, 'approvazioni-rifiutata');
    await page.context().close();

    const manager = await signIn('manager', /\/cruscotto$/);
    await manager.getByRole('link', { name: 'Schede' }).click();
    await manager.getByRole('button', { name: 'Da approvare' }).click();
    await manager.getByRole('button', { name: 'Approva TARI - Tassa sui rifiuti' }).click();
    await manager.getByText('Scheda «TARI - Tassa sui rifiuti» approvata e pubblicata.').waitFor();
    await check(manager, 'approvazioni');
    await manager.context().close();

    // live: the public search finds the new words, and so does the operator's desk
    await waitFor(
      async () =>
        (await gql(gatewayUrl, `query($q: String!) { publicSearch(query: $q) { total } }`, { q: word })).body
          .data?.publicSearch.total > 0,
      { what: 'the approved revision in the public search' },
    );
    const desk = await signIn('operator', /\/sportello$/);
    await desk.getByLabel('Oggetto').fill(word);
    await desk.getByRole('button', { name: /Usa questa scheda TARI - Tassa sui rifiuti/ }).waitFor();
    await desk.context().close();
  });

  it('back office: the Schede list is read page by page, with the total of the view, every sheet once', async () => {
    const total = async () =>
      (await ask('backoffice', `{ sheetList(first: 1) { totalCount } }`)).sheetList.totalCount as number;
    // drafts whose slugs sort last, so they are on the last page, and more sheets than a page (100) in any case
    const slug = (i: number) => `zz-paginazione-${run}-${String(i).padStart(3, '0')}`;
    const missing = Math.max(3, 105 - (await total()));
    for (let i = 0; i < missing; i++)
      await ask('backoffice', `mutation($i: CreateSheetInput!) { createSheet(input: $i) { id } }`, {
        i: {
          slug: slug(i),
          content: {
            title: `Scheda di prova della paginazione ${run} n. ${i}`,
            shortDescription: 'Una scheda creata dalla prova dell’elenco a pagine.',
            whoIsItFor: 'Nessuno: è una prova.',
            howTo: 'Non si usa.',
            whatYouGet: 'Niente.',
            category: 'anagrafe_stato_civile',
          },
        },
      });
    const all = await total();
    expect(all).toBeGreaterThan(100);
    const page = await signIn('backoffice', /\/schede$/);
    await page.getByRole('heading', { name: 'Schede informative' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `${all.toLocaleString('it-IT')} schede.` })
      .waitFor();
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(100);
    await page.getByText(`Mostrate 100 di ${all}.`).waitFor();
    await check(page, 'schede-pagine');
    // "Mostra altre" appends the next page after the last one shown, until the whole view is on the page
    for (let shown = 100; shown < all; shown = Math.min(shown + 100, all)) {
      await page.getByRole('button', { name: 'Mostra altre' }).click();
      await page.locator(`table tbody tr:nth-child(${Math.min(shown + 100, all)})`).waitFor();
    }
    expect(await page.getByRole('button', { name: 'Mostra altre' }).count()).toBe(0);
    const titles = await page.locator('table tbody tr td:first-child').allTextContents();
    expect(titles).toHaveLength(all);
    expect(new Set(titles).size).toBe(all);
    expect(titles.at(-1)).toBe(`Scheda di prova della paginazione ${run} n. ${missing - 1}`);
    await page.context().close();
  });

  it('operator: duplicates with their score merged in one click, the due date before saving, deliveries on the case, the survey sent to the citizen, never shown', async () => {
    const subject = `Lampione spento in via Garibaldi ${run}`;
    const text =
      'Il lampione davanti al civico 12 di via Garibaldi è spento da una settimana, la strada è buia.';
    const citizen = await ask(
      'operator',
      `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`,
      {
        i: {
          kind: 'PERSON',
          name: `Dora Lampione ${run}`,
          email: `dora.${run}@example.org`,
          preferredChannel: 'EMAIL',
          purpose: 'test della scrivania',
        },
      },
    );
    const original = (
      await ask(
        'operator',
        `mutation($i: RegisterContactInput!) { registerContact(input: $i) { case { id protocolNumber } } }`,
        {
          i: {
            channel: 'EMAIL',
            type: 'REPORT',
            subject,
            text,
            openCase: true,
            officeId: 'tributi',
            referentId: 'ref-tributi-ricci',
            requesterId: citizen.createRequester.id,
            category: { level1: 'strade_viabilita' },
          },
        },
      )
    ).registerContact.case;
    // a message to the citizen: campaigns sends it by email (the real mailbox) and records its state
    await ask('operator', `mutation($i: SendCaseMessageInput!) { sendCaseMessage(input: $i) { id } }`, {
      i: { caseId: original.id, text: 'Abbiamo segnalato il guasto all’ufficio tecnico.', answer: false },
    });

    const page = await signIn('operator', /\/sportello$/);
    await page.getByLabel('Tipo di contatto').selectOption('REPORT');
    await page.getByLabel('Oggetto').fill(subject);
    await page.getByLabel('Richiesta del cittadino').fill(text);
    await page.getByLabel('Categoria').selectOption('strade_viabilita');
    await page.getByLabel('Apri una pratica per il back office').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Ufficio competente').selectOption('tributi');
    // before saving: the open cases like this one, with their score, and the due date
    const live = page.getByRole('region', { name: 'Pratiche aperte simili: forse è un duplicato' });
    await live.getByRole('link', { name: `Pratica n. ${original.protocolNumber}` }).waitFor();
    expect(await live.textContent()).toMatch(/somiglianza \d+%/);
    const due = (await page.getByTestId('due-preview').textContent())!;
    expect(due).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await live.scrollIntoViewIfNeeded();
    await check(page, 'sportello-duplicati');
    await page.getByRole('button', { name: 'Registra contatto' }).click();
    const opened = page.getByRole('status').filter({ hasText: 'Aperta la pratica n.' });
    await opened.waitFor();
    // the date shown before saving is the one the case got
    expect(await opened.textContent()).toContain(`scadenza ${due}`);
    await page.getByRole('button', { name: `Unisci a questa pratica n. ${original.protocolNumber}` }).click();
    await page.getByText(`è stata unita alla pratica n. ${original.protocolNumber}`).waitFor();
    await check(page, 'sportello-unita');
    const recent = await ask(
      'operator',
      `{ contacts(first: 10) { subject case { id status duplicateOf } } }`,
    );
    const merged = recent.contacts.find((c: any) => c.subject === subject && c.case?.id !== original.id);
    expect(merged.case).toMatchObject({ status: 'MERGED', duplicateOf: original.id });

    // the survey of a contact answered at the desk: sent to the citizen, never shown to the operator
    await page.getByRole('button', { name: 'Registra un nuovo contatto' }).click();
    await page.getByLabel('Oggetto').fill(`Orari della biblioteca ${run}`);
    await page.getByRole('button', { name: 'Nuovo richiedente' }).click();
    await page.getByLabel('Nome e cognome').fill(`Elio Biblioteca ${run}`);
    await page.getByLabel('Email (facoltativa)').fill(`elio.${run}@example.org`);
    await page.getByLabel(/Ho fornito l’informativa/).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Crea richiedente' }).click();
    await page.getByText(`Elio Biblioteca ${run}`).waitFor();
    // the e-mail given at the desk is where the platform writes to the citizen (without a preferred channel
    // contacts tells them nothing)
    const elio = await ask(
      'operator',
      `query($q: String!) { searchRequesters(query: $q, purpose: "verifica del test") { preferredChannel } }`,
      { q: `Elio Biblioteca ${run}` },
    );
    expect(elio.searchRequesters).toEqual([{ preferredChannel: 'EMAIL' }]);
    await page.getByRole('button', { name: 'Registra contatto' }).click();
    await page.getByText('Risolto e chiuso al primo contatto.').waitFor();
    const survey = page.getByRole('region', { name: 'Questionario di gradimento' });
    await survey.getByText('Il link al questionario sarà inviato al cittadino').waitFor({ timeout: 60_000 });
    expect(await survey.textContent()).not.toMatch(/\/s\//);
    expect(await page.getByRole('button', { name: /link/i }).count()).toBe(0);
    await check(page, 'sportello-questionario');

    // deliveries on the case: the message to the citizen went out by email; its state is on the case
    await page.goto(`${consoleUrl}/pratiche/${encodeURIComponent(original.id)}`);
    const section = page.getByRole('region', { name: 'Comunicazioni inviate' });
    let shown = '';
    await waitFor(
      async () => {
        await page.reload();
        await section.getByRole('heading', { name: 'Comunicazioni inviate' }).waitFor();
        shown = (await section.textContent()) ?? '';
        return /Messaggio al cittadino.* via email: (inviata|consegnata)/.test(shown);
      },
      { timeoutMs: 60_000, intervalMs: 3000, what: 'the message to the citizen delivered' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; shown: ${shown}`);
    });
    // the same state as contacts records it, and on the timeline too
    const api = await ask('operator', `query($id: ID!) { case(id: $id) { deliveries { status } } }`, {
      id: original.id,
    });
    expect(api.case.deliveries.map((d: any) => d.status)).toContainEqual(
      expect.stringMatching(/SENT|DELIVERED/),
    );
    expect(await page.getByRole('list', { name: 'Cronologia della pratica' }).textContent()).toMatch(
      /Messaggio al cittadino.* via email: (inviata|consegnata)/,
    );
    await check(page, 'pratica-invii');
    await page.context().close();
  }, 300_000);

  it('back office: the citizen’s preview, the diff between revisions, forms with versions, FAQ proposals with four eyes, canned replies', async () => {
    const word = `lavanda${run.replace(/[0-9]/g, '')}`;
    const imu = await ask('backoffice', `{ sheet(slug: "imu-imposta-municipale") { id title } }`);
    const page = await signIn('backoffice', /\/schede$/);
    await page.getByRole('link', { name: imu.sheet.title }).click();
    await page.getByRole('heading', { name: `Scheda: ${imu.sheet.title}` }).waitFor();
    const short = page.getByLabel('Descrizione breve');
    await short.fill(`${await short.inputValue()} Novità: sportello ${word}.`);
    await page.getByLabel('Che cosa hai cambiato (obbligatorio)').fill('aggiunto lo sportello');
    // the preview shows what is being edited, before saving
    await page.getByRole('button', { name: /Mostra l’anteprima/ }).click();
    await page.getByTestId('citizen-preview').getByText(`Novità: sportello ${word}.`).waitFor();
    await check(page, 'scheda-anteprima');
    await page.getByRole('button', { name: 'Salva la revisione' }).click();
    await page.getByText(/salvata come bozza/).waitFor();
    // the diff between the last two revisions: the added sentence
    await page.getByRole('button', { name: 'Confronta' }).click();
    const diff = page.getByTestId('diff');
    await diff.getByRole('region', { name: 'Modifiche a Descrizione breve' }).waitFor();
    expect(await diff.locator('ins').first().textContent()).toContain(word);
    await check(page, 'scheda-confronto');

    // forms with their versions
    await page.getByRole('link', { name: '← Schede' }).click();
    await page.getByRole('link', { name: 'Moduli' }).click();
    await page.getByRole('heading', { name: 'Moduli e loro versioni' }).waitFor();
    const forms = await ask('backoffice', `{ forms(first: 200) { title version } }`);
    const published = forms.forms.filter((f: any) => f.version);
    expect(published.length).toBeGreaterThan(0);
    await page
      .getByRole('heading', { name: published[0].title })
      .first()
      .waitFor()
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\n${(await page.locator('main').innerText()).slice(0, 1000)}`);
      });
    // each version with its fields, loaded when opened
    await page.getByText(`Versioni di ${published[0].title}`).first().click();
    await page
      .getByRole('table', { name: `Versioni del modulo ${published[0].title}` })
      .first()
      .waitFor();
    await check(page, 'moduli');

    // a FAQ proposed at the desk: sent for approval by one person, refused to the same, approved by another
    const question = `Dove si paga l’IMU ${word}?`;
    const contact = await ask(
      'operator',
      `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id } }`,
      {
        i: { channel: 'PHONE', type: 'INFORMATION', subject: question, resolvedAtFirstContact: true },
      },
    );
    await ask('operator', `mutation($i: ProposeFaqInput!) { proposeFaq(input: $i) { proposalId } }`, {
      i: {
        contactId: contact.registerContact.id,
        question,
        answer: 'Con il modello F24, in banca, in posta o online.',
      },
    });
    await waitFor(
      async () =>
        (await ask('backoffice', `{ replyTemplates(kind: FAQ, first: 200) { title } }`)).replyTemplates.some(
          (t: any) => t.title === question,
        ),
      { timeoutMs: 30_000, what: 'the FAQ proposal in the knowledge base' },
    );
    await page.getByRole('link', { name: 'FAQ proposte' }).click();
    await page.getByRole('heading', { name: 'FAQ proposte' }).waitFor();
    await page.getByRole('heading', { name: question }).waitFor();
    expect(
      await page.getByRole('heading', { name: question }).locator('xpath=../..').textContent(),
    ).toContain('proposta dallo sportello');
    await page.getByRole('button', { name: `Invia per l’approvazione ${question}` }).click();
    await page.getByText(`«${question}» inviata per l’approvazione.`).waitFor();
    await page.getByRole('button', { name: `Approva ${question}` }).click();
    await page.getByRole('alert').filter({ hasText: 'quattro occhi' }).waitFor();
    await check(page, 'faq-proposte');
    await page.getByRole('link', { name: 'Risposte tipo' }).click();
    await page.getByRole('heading', { name: 'Risposte tipo' }).waitFor();
    expect(await page.getByLabel('Solo quelle da lavorare (bozze e in verifica)').isChecked()).toBe(false);
    await page.getByRole('heading', { name: "Inoltro all'ufficio competente" }).waitFor();
    await check(page, 'risposte-tipo');
    await page.context().close();

    const manager = await signIn('manager', /\/cruscotto$/);
    await manager.goto(`${consoleUrl}/schede/faq`);
    await manager.getByRole('button', { name: `Approva ${question}` }).click();
    await manager.getByText(`«${question}» approvata e pubblicata.`).waitFor();
    await manager.context().close();
  }, 300_000);

  /** A requester created through the API, as the desk would (personal data only in contacts). */
  const newRequester = async (name: string, extra: Record<string, unknown> = {}) =>
    (
      await ask('operator', `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`, {
        i: { kind: 'PERSON', name, purpose: 'test della scrivania', ...extra },
      })
    ).createRequester.id as string;

  /** A complaint opened as a case through the API (the tax office unless said); its id and protocol number. */
  const newCase = async (subject: string, requesterId?: string, office: Record<string, unknown> = {}) =>
    (
      await ask(
        'operator',
        `mutation($i: RegisterContactInput!) { registerContact(input: $i) { case { id protocolNumber } } }`,
        {
          i: {
            channel: 'EMAIL',
            type: 'COMPLAINT',
            subject,
            openCase: true,
            officeId: 'tributi',
            referentId: 'ref-tributi-ricci',
            category: { level1: 'tributi' },
            ...office,
            ...(requesterId ? { requesterId } : {}),
          },
        },
      )
    ).registerContact.case as { id: string; protocolNumber: string };

  it('referent: the queue shows their office’s cases, not another office’s', async () => {
    const ritaT = await newRequester(`Rita Tributaria ${run}`);
    const ritaA = await newRequester(`Rita Anagrafica ${run}`);
    const tributi = await newCase(`Avviso TARI errato ${run}`, ritaT);
    const anagrafe = await newCase(`Attesa allo sportello anagrafe ${run}`, ritaA, {
      officeId: 'anagrafe',
      referentId: 'ref-anagrafe-colombo',
      category: { level1: 'anagrafe_stato_civile' },
    });
    const page = await signIn('referent', /\/pratiche$/);
    await page.getByText('Referente per: Ufficio Tributi').waitFor();
    await page.getByRole('link', { name: tributi.protocolNumber }).waitFor();
    expect(await page.getByRole('link', { name: anagrafe.protocolNumber }).count()).toBe(0);
    const offices = await page.locator('table.queue-table tbody td:nth-child(5)').allTextContents();
    expect(offices.length).toBeGreaterThan(0);
    expect(offices.every((o) => o.startsWith('Ufficio Tributi'))).toBe(true);
    await check(page, 'pratiche');

    // the search keeps to the office too: another office's case is not found by its number; by name only the
    // requester with a case of this office is found, and the referent sees no name (no personal data)
    const box = page.getByRole('searchbox', { name: 'Numero di protocollo o richiedente' });
    await box.fill(anagrafe.protocolNumber);
    await box.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Nessuna pratica trovata.' }).waitFor();
    await box.fill(`rita ${run}`);
    await box.press('Enter');
    await page.getByRole('link', { name: tributi.protocolNumber }).waitFor();
    expect(await page.locator('table.queue-table tbody tr').count()).toBe(1);
    const shown = await page.locator('main').innerText();
    expect(shown).toContain(`pratiche di Richiedente ${ritaT}`);
    expect(shown).not.toMatch(/Tributaria|Anagrafica/);
    await page.context().close();
  });

  it('operator: finds a requester by name at the Sportello with the keyboard, in a listbox', async () => {
    const ugo = await newRequester(`Ugo Foscolini ${run}`, { fiscalCode: 'FSCGUO78B14L736X' });
    await newRequester(`Ugo Fosco ${run}`);
    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('heading', { name: 'Sportello: nuovo contatto' }).waitFor();
    const box = page.getByRole('combobox', { name: 'Cerca il richiedente' });
    await box.focus();
    // words in any order, each the start of a word: both Ugos
    await page.keyboard.type('fosc ugo');
    const list = page.getByRole('listbox', { name: /Richiedenti trovati/ });
    await list.getByRole('option').nth(1).waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    // each with what tells homonyms apart: the day the record was made (and masked e-mail, mobile if any)
    const created = /registrato il \d{2}\/\d{2}\/\d{4}$/;
    const labels = await list.getByRole('option').allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Ugo Foscolini ${run} \\(FSCGUO78B14L736X\\) ${created.source}`)),
        expect.stringMatching(new RegExp(`^Ugo Fosco ${run} ${created.source}`)),
      ]),
    );
    await page.getByText('2 richiedenti trovati').waitFor();
    // arrows move the highlight (aria-activedescendant), Enter chooses
    const target = labels.findIndex((l) => l.startsWith(`Ugo Foscolini ${run} (FSCGUO78B14L736X)`));
    for (let i = 0; i <= target; i++) await page.keyboard.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    expect(await page.locator(`[id="${active}"]`).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator(`[id="${active}"]`).textContent()).toMatch(
      new RegExp(`^Ugo Foscolini ${run} \\(FSCGUO78B14L736X\\) registrato il`),
    );
    await check(page, 'sportello-richiedente');
    await page.keyboard.press('Enter');
    await page.getByText(`Richiedente: Ugo Foscolini ${run} (FSCGUO78B14L736X)`).waitFor();
    // the contact is registered for that requester
    await page.getByLabel('Oggetto').fill(`Orari dello sportello tributi ${run}`);
    await page.getByRole('button', { name: 'Registra contatto' }).click();
    await page.getByText('Risolto e chiuso al primo contatto.').waitFor();
    const recent = await ask('operator', `{ contacts(first: 10) { subject requesterId } }`);
    expect(recent.contacts.find((c: any) => c.subject === `Orari dello sportello tributi ${run}`)).toEqual({
      subject: `Orari dello sportello tributi ${run}`,
      requesterId: ugo,
    });
    await page.context().close();
  });

  it('operator: a new requester’s PEC, mobile and preferred channel, offered from what was typed', async () => {
    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('heading', { name: 'Sportello: nuovo contatto' }).waitFor();
    await page.getByRole('combobox', { name: 'Cerca il richiedente' }).fill(`Nives Canali ${run}`);
    await page.getByRole('button', { name: 'Nuovo richiedente' }).click();
    await page.getByLabel('Nome e cognome').fill(`Nives Canali ${run}`);
    const channel = page.getByLabel('Come preferisce essere avvisato');
    // nothing to write to: only the desk
    expect(await channel.locator('option').allTextContents()).toEqual(['Solo allo sportello']);
    // a mobile number and a fiscal code: SMS proposed, the App IO offered but never chosen by itself
    await page.getByLabel('Cellulare (facoltativo)').fill('+39 333 7654321');
    await page.getByLabel('Codice fiscale (facoltativo)').fill('CNLNVS80A41H501D');
    expect(await channel.locator('option').allTextContents()).toEqual([
      'App IO',
      'SMS al cellulare',
      'Solo allo sportello',
    ]);
    expect(await channel.inputValue()).toBe('SMS');
    await page.getByLabel('PEC (facoltativa)').fill(`nives.${run}@pec.example.it`);
    expect(await channel.inputValue()).toBe('PEC');
    await channel.selectOption({ label: 'App IO' });
    await check(page, 'sportello-canali');
    await page.getByLabel(/Ho fornito l’informativa/).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Crea richiedente' }).click();
    await page.getByText(`Richiedente: Nives Canali ${run} (CNLNVS80A41H501D)`).waitFor();
    const nives = await ask(
      'operator',
      `query($q: String!) { searchRequesters(query: $q, purpose: "verifica del test") { preferredChannel } }`,
      { q: `Nives Canali ${run}` },
    );
    expect(nives.searchRequesters).toEqual([{ preferredChannel: 'IO' }]);
    await page.context().close();
  });

  it('operator: a fiscal code another requester has is offered as that requester, and refused next to its field', async () => {
    const code = uniqueFiscalCode();
    await newRequester(`Ottavio Brambilla ${run}`, { fiscalCode: code });
    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('heading', { name: 'Sportello: nuovo contatto' }).waitFor();
    await page.getByRole('button', { name: 'Nuovo richiedente' }).click();
    await page.getByLabel('Nome e cognome').fill(`Anna Verdi ${run}`);
    await page.getByLabel('Codice fiscale (facoltativo)').fill(code);
    // the desk's audited search by fiscal code finds who has it: offered before anything is created
    const warning = page.getByRole('region', { name: 'Questo richiedente è già registrato' });
    await warning.getByText(`Ottavio Brambilla ${run} (${code}): stesso codice fiscale`).waitFor();
    await page.getByLabel(/Ho fornito l’informativa/).focus();
    await page.keyboard.press('Space');
    // creating anyway: contacts refuses it, on the field, and its message names nobody
    await page.getByRole('button', { name: 'Crea comunque un nuovo richiedente' }).click();
    const error = page.locator('#req-cf-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'Esiste già un richiedente con questo codice fiscale: lo cerchi per codice fiscale e registri il contatto a suo nome.',
    );
    const field = page.getByLabel('Codice fiscale (facoltativo)');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('req-cf-error');
    await page.context().close();
  });

  it('operator: a new requester with the e-mail or name of one already registered is told apart and offered', async () => {
    const email = `chiara.${run}@example.it`;
    const chiara = await newRequester(`Chiara Verdetti ${run}`, { email, phone: '+39 333 1234567' });
    const namesake = await newRequester(`Chiara Verdetti ${run}`);
    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('heading', { name: 'Sportello: nuovo contatto' }).waitFor();
    await page.getByRole('button', { name: 'Nuovo richiedente' }).click();
    await page.getByLabel('Nome e cognome').fill(`Verdetti Chiara ${run}`);
    // the same name: maybe a homonym, both listed with what tells them apart (masked, never in full)
    const maybe = page.getByRole('region', { name: 'Forse è già registrato' });
    await maybe.getByTestId('requester-duplicate').nth(1).waitFor();
    expect(await page.getByRole('button', { name: 'Crea richiedente' }).count()).toBe(1);
    // the same e-mail (written in capitals): surely the same person, first in the list
    await page.getByLabel('Email (facoltativa)').fill(email.toUpperCase());
    const sure = page.getByRole('region', { name: 'Questo richiedente è già registrato' });
    const first = sure.getByTestId('requester-duplicate').first();
    await first.getByText('stessa e-mail, stesso nome').waitFor();
    expect(await first.textContent()).toMatch(
      /e-mail c•••@example\.it · cell\. •••567 · registrato il \d{2}\/\d{2}\/\d{4}/,
    );
    expect(await sure.textContent()).not.toContain(email);
    await check(page, 'sportello-richiedente-esistente');
    await first.getByRole('button', { name: /Usa questo richiedente/ }).click();
    await page.getByText(`Richiedente: Chiara Verdetti ${run}`).waitFor();
    await page.getByLabel('Oggetto').fill(`Iscrizione mensa ${run}`);
    await page.getByRole('button', { name: 'Registra contatto' }).click();
    await page.getByText('Risolto e chiuso al primo contatto.').waitFor();
    const recent = await ask('operator', `{ contacts(first: 10) { subject requesterId } }`);
    const contact = recent.contacts.find((c: any) => c.subject === `Iscrizione mensa ${run}`);
    expect(contact.requesterId).toBe(chiara);
    expect(contact.requesterId).not.toBe(namesake);
    await page.context().close();
  });

  it('queue: one search box finds a case by protocol number or by requester name; back and forward replay it', async () => {
    const teodora = await newRequester(`Teodora Cercata ${run}`);
    const teodoro = await newRequester(`Teodoro Cercato ${run}`);
    const first = await newCase(`Rimborso TARI ${run}`, teodora);
    const second = await newCase(`Rateizzazione IMU ${run}`, teodora);
    const other = await newCase(`Avviso di accertamento ${run}`, teodoro);
    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('link', { name: 'Le mie pratiche' }).click();
    await page.getByRole('heading', { name: 'Le mie pratiche' }).waitFor();
    const rows = page.locator('table.queue-table tbody tr');
    const numbers = async () => (await rows.locator('td:first-child').allTextContents()).sort();
    const search = async (text: string) => {
      await page.getByRole('searchbox', { name: 'Numero di protocollo o richiedente' }).fill(text);
      await page.getByRole('searchbox', { name: 'Numero di protocollo o richiedente' }).press('Enter');
    };

    // a protocol number with its year, then the number alone (any year)
    await search(first.protocolNumber);
    await page.waitForURL(/cerca=/);
    await page.getByRole('status').filter({ hasText: '1 pratica, in ordine di scadenza.' }).waitFor();
    expect(await numbers()).toEqual([first.protocolNumber]);
    await check(page, 'pratiche-ricerca');
    await search(String(Number(second.protocolNumber.split('/')[1])));
    await page.getByRole('link', { name: second.protocolNumber }).waitFor();
    expect(await numbers()).toEqual([second.protocolNumber]);

    // a name that two requesters share: the operator picks one, then sees that requester's cases
    await search('cercat teodor');
    const choice = page.getByRole('region', { name: /2 richiedenti corrispondono/ });
    await choice.waitFor();
    await check(page, 'pratiche-richiedenti');
    await choice.getByRole('button', { name: `Pratiche di Teodora Cercata ${run}` }).click();
    await page.getByRole('link', { name: second.protocolNumber }).waitFor();
    expect(await numbers()).toEqual([first.protocolNumber, second.protocolNumber].sort());
    expect(await page.getByRole('link', { name: other.protocolNumber }).count()).toBe(0);

    // the search is in the URL: back shows the choice, back again the number; forward the choice
    await page.goBack();
    await choice.waitFor();
    await page.goBack();
    await page.getByRole('link', { name: second.protocolNumber }).waitFor();
    expect(
      await page.getByRole('searchbox', { name: 'Numero di protocollo o richiedente' }).inputValue(),
    ).toBe(String(Number(second.protocolNumber.split('/')[1])));
    expect(await numbers()).toEqual([second.protocolNumber]);
    await page.goForward();
    await choice.waitFor();
    // a name with one requester: straight to the cases
    await search(`cercato ${run}`);
    await page.getByRole('link', { name: other.protocolNumber }).waitFor();
    expect(await numbers()).toEqual([other.protocolNumber]);
    await page.context().close();
  });

  it('alerts: a refused procedure start and an undelivered message, as badges and filters in the queue and as callouts on the case', async () => {
    // a procedure type deactivated while a contact asks for it: contacts still knew it as active, procedures
    // refuses the start (type_inactive). The two happen at once; when one side sees the other first (contacts
    // already knows the deactivation, or procedures started it before), the next type is tried.
    const base = {
      name: 'Bonus per le famiglie',
      legalTermDays: 30,
      legalBasis: 'Regolamento comunale',
      officeId: 'urp',
      officeName: 'Ufficio Relazioni con il Pubblico',
      responsibleId: 'bo-marco',
      responsibleName: 'Marco Esposito',
      substituteId: 'ref-seg-moretti',
      substituteName: 'Segretario generale',
    };
    const start = async (code: string, subject: string) =>
      gql(
        gatewayUrl,
        `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id } }`,
        { i: { channel: 'DESK', type: 'PROCEDURE_START', subject, procedureTypeCode: code } },
        { authorization: `Bearer ${await token('operator')}` },
      );
    let refused: { id: string; code: string } | undefined;
    const tried: string[] = [];
    for (let attempt = 0; attempt < 6 && !refused; attempt++) {
      const code = `bonus_famiglie_${run}_${attempt}`;
      await ask('manager', `mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { id } }`, {
        i: { ...base, code },
      });
      // contacts knows the type once it accepts a start of it (that one is started: a real procedure)
      await waitFor(async () => !(await start(code, `Bonus famiglie, prima domanda ${run}`)).body.errors, {
        timeoutMs: 30_000,
        intervalMs: 500,
        what: `contacts to know ${code}`,
      });
      const [, asked] = await Promise.all([
        ask('manager', `mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { id } }`, {
          i: { ...base, code, active: false },
        }),
        start(code, `Domanda di bonus famiglie ${run}`),
      ]);
      if (asked.body.errors) {
        tried.push(`${code}: contacts already knew it inactive`);
        continue;
      }
      const id = asked.body.data.registerContact.id as string;
      const status = await waitFor(
        async () => {
          const c = await ask(
            'operator',
            `query($id: ID!) { contact(id: $id) { procedureStart { status } } }`,
            {
              id,
            },
          );
          const s = c.contact.procedureStart?.status;
          return s && s !== 'REQUESTED' ? (s as string) : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'procedures to answer the start' },
      );
      if (status === 'REFUSED') refused = { id, code };
      else tried.push(`${code}: procedures started it (${status})`);
    }
    if (!refused) throw new Error(`no start was refused: ${tried.join('; ')}`);
    // the refused contact became a front-office case, with the refusal on it
    const refusedCase = await waitFor(
      async () => {
        const c = await ask(
          'operator',
          `query($id: ID!) { contact(id: $id) { case { id protocolNumber alerts procedureStartRefusal { code } } } }`,
          { id: refused!.id },
        );
        return c.contact.case?.alerts.includes('PROCEDURE_START_REFUSED') ? c.contact.case : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the refusal on the case' },
    );
    expect(refusedCase.procedureStartRefusal.code).toBe('type_inactive');

    // a message to a citizen whose mail server refuses it (the mailbox answers 550 to bounce…@ addresses)
    const silent = await newRequester(`Nestore Respinto ${run}`, {
      email: `bounce+${run}@example.org`,
      preferredChannel: 'EMAIL',
    });
    const undelivered = await newCase(`Richiesta con recapito respinto ${run}`, silent);
    await ask('operator', `mutation($i: SendCaseMessageInput!) { sendCaseMessage(input: $i) { id } }`, {
      i: { caseId: undelivered.id, text: 'Abbiamo ricevuto la sua richiesta.', answer: false },
    });
    await waitFor(
      async () =>
        (
          await ask('operator', `query($id: ID!) { case(id: $id) { alerts } }`, { id: undelivered.id })
        ).case.alerts.includes('DELIVERY_FAILED'),
      { timeoutMs: 90_000, intervalMs: 1000, what: 'the failed delivery on the case' },
    );

    // the queue: a badge on each row with an alert, and a filter per alert
    const page = await signIn('operator', /\/sportello$/);
    await page.goto(`${consoleUrl}/pratiche?vista=all`);
    await page.getByLabel('Avvisi').selectOption('PROCEDURE_START_REFUSED');
    await page.waitForURL(/avviso=PROCEDURE_START_REFUSED/);
    const refusedRow = page
      .locator('table.queue-table tbody tr')
      .filter({ hasText: refusedCase.protocolNumber });
    await refusedRow.waitFor();
    expect(await refusedRow.locator('[data-alert]').allTextContents()).toEqual(['avvio rifiutato']);
    expect(
      await page
        .locator('table.queue-table tbody tr')
        .filter({ hasText: undelivered.protocolNumber })
        .count(),
    ).toBe(0);
    const api = await ask(
      'operator',
      `{ caseQueue(filter: { alert: PROCEDURE_START_REFUSED }, first: 100) { totalCount } }`,
    );
    await page
      .getByRole('status')
      .filter({
        hasText: `${api.caseQueue.totalCount} ${api.caseQueue.totalCount === 1 ? 'pratica' : 'pratiche'}`,
      })
      .waitFor();
    await check(page, 'pratiche-avvisi');
    await page.getByLabel('Avvisi').selectOption('DELIVERY_FAILED');
    const undeliveredRow = page
      .locator('table.queue-table tbody tr')
      .filter({ hasText: undelivered.protocolNumber });
    await undeliveredRow.waitFor();
    expect(await undeliveredRow.locator('[data-alert]').allTextContents()).toEqual(['non consegnata']);

    // the case page says what happened and what to do next
    await undeliveredRow.getByRole('link', { name: undelivered.protocolNumber }).click();
    const failure = page.getByRole('region', { name: 'Comunicazione non consegnata' });
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(
      /Il messaggio al cittadino( \([^)]*\))? del .* via email (non è stato consegnato|è stato respinto): il server di posta del destinatario ha rifiutato il messaggio \(codice smtp_550/,
    );
    expect(
      await failure.getByRole('link', { name: 'invia di nuovo il messaggio' }).getAttribute('href'),
    ).toBe('#reply-title');
    await check(page, 'pratica-non-consegnata');
    await page.goto(`${consoleUrl}/pratiche/${encodeURIComponent(refusedCase.id)}`);
    const callout = page.getByRole('region', { name: 'Avvio del procedimento rifiutato' });
    await callout.waitFor();
    const said = (await callout.textContent()) ?? '';
    expect(said).toContain(`di tipo ${refused.code}: il tipo di procedimento non è più attivo.`);
    expect(said).toContain(`Il tipo di procedimento «${refused.code}» non è attivo`);
    expect(said).toContain('va comunque riscontrata');
    expect(await callout.getByRole('link', { name: 'rispondere al cittadino' }).getAttribute('href')).toBe(
      '#reply-title',
    );
    expect(await page.getByRole('list', { name: 'Cronologia della pratica' }).textContent()).toContain(
      'Avvio del procedimento rifiutato',
    );
    await check(page, 'pratica-avvio-rifiutato');
    await page.context().close();
  }, 420_000);

  it('procedures: the responsible person’s desk, the legal clock in words, the start notice', async () => {
    const code = `contributo_libri_${run}`;
    await ask('manager', `mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { id } }`, {
      i: {
        code,
        name: 'Contributo per i libri di testo',
        legalTermDays: 30,
        legalBasis: 'L. 448/1998 art. 27',
        officeId: 'urp',
        officeName: 'Ufficio Relazioni con il Pubblico',
        responsibleId: 'bo-marco',
        responsibleName: 'Marco Esposito',
        substituteId: 'ref-seg-moretti',
        substituteName: 'Segretario generale',
      },
    });
    const submitted = await ask(
      'backoffice',
      `mutation($i: SubmitProcedureInput!) { submitProcedure(input: $i) { id protocolNumber dueDate } }`,
      {
        i: {
          procedureTypeCode: code,
          subject: `Domanda di contributo ${run}`,
          protocolNumber: '2026/0123456',
          responsibleId: 'bo-marco',
          responsibleName: 'Marco Esposito',
        },
      },
    );
    // more than a page of the desk (20 a list): the console pages each list by its cursor ("Mostra altri")
    for (let i = 1; i <= 21; i++)
      await ask('backoffice', `mutation($i: SubmitProcedureInput!) { submitProcedure(input: $i) { id } }`, {
        i: {
          procedureTypeCode: code,
          subject: `Domanda di contributo ${run} n. ${i}`,
          protocolNumber: `2026/09${String(i).padStart(5, '0')}`,
          responsibleId: 'bo-marco',
          responsibleName: 'Marco Esposito',
        },
      });
    // the desk is a read model fed by the procedure's events
    let desk = '';
    await waitFor(
      async () => {
        desk = JSON.stringify(
          await ask(
            'backoffice',
            `{ procedureDesk { responsibleId total byNextDeadline { protocolNumber } } }`,
          ),
        );
        return desk.includes('2026/0123456');
      },
      { what: 'the procedure on the desk', timeoutMs: 20_000 },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; the desk: ${desk}`);
    });
    const page = await signIn('backoffice', /\/schede$/);
    await page.getByRole('link', { name: 'Procedimenti' }).click();
    await page.getByRole('heading', { name: 'I miei procedimenti' }).waitFor();
    // every list of the desk: due soon, overdue, suspended, silent assent forming, notices not delivered
    const lists = await ask(
      'backoffice',
      `{ procedureDesk(first: 20) { silentAssentFormingCount undeliveredCount } }`,
    );
    await page
      .getByRole('heading', {
        name: `Silenzio-assenso in formazione (art. 20 L. 241/1990) (${lists.procedureDesk.silentAssentFormingCount})`,
      })
      .waitFor();
    await page
      .getByRole('heading', {
        name: `Comunicazioni al richiedente non consegnate (${lists.procedureDesk.undeliveredCount})`,
      })
      .waitFor();
    // the first 20 of "In scadenza", then "Mostra altri" appends the next ones in the desk's order, none twice
    const all = await ask(
      'backoffice',
      `{ procedureDesk(first: 100) { upcomingCount byNextDeadline { protocolNumber } } }`,
    );
    const expected = all.procedureDesk.byNextDeadline.map(
      (p: { protocolNumber: string }) => p.protocolNumber,
    );
    expect(all.procedureDesk.upcomingCount).toBeGreaterThan(20);
    const upcoming = page.getByRole('region', { name: `In scadenza (${all.procedureDesk.upcomingCount})` });
    const numbers = () => upcoming.locator('tbody tr td:first-child').allTextContents();
    await upcoming.locator('tbody tr').nth(19).waitFor();
    expect(await numbers()).toEqual(expected.slice(0, 20));
    expect(await upcoming.getByText(`Mostrati 20 di ${all.procedureDesk.upcomingCount}.`).count()).toBe(1);
    while ((await numbers()).length < expected.length) {
      const shown = (await numbers()).length;
      await upcoming.getByRole('button', { name: 'Mostra altri' }).click();
      await upcoming
        .locator('tbody tr')
        .nth(Math.min(shown + 20, expected.length) - 1)
        .waitFor();
    }
    expect(await numbers()).toEqual(expected);
    expect(await upcoming.getByRole('button', { name: 'Mostra altri' }).count()).toBe(0);
    await check(page, 'procedimenti');
    await page
      .getByRole('link', { name: '2026/0123456' })
      .first()
      .click({ timeout: 10_000 })
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\n${(await page.locator('main').innerText()).slice(0, 1000)}`);
      });
    const clock = page.getByTestId('clock');
    await clock.waitFor();
    const [y, m, d] = submitted.submitProcedure.dueDate.slice(0, 10).split('-');
    expect(await clock.textContent()).toBe(
      `Termine di 30 giorni dal ${new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date())}: scade il ${d}/${m}/${y}.`,
    );
    await page.getByRole('heading', { name: 'Comunicazione di avvio (L. 241/1990 artt. 7-8)' }).waitFor();
    await check(page, 'procedimento');
    await page.context().close();
  });

  it('procedures officer: suspends for a document, resumes, sends a 10-bis notice, records observations, decides; the applicant gets the decision', async () => {
    const code = `ampliamento_${run}`;
    await ask('manager', `mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { id } }`, {
      i: {
        code,
        name: 'Permesso di ampliamento del dehors',
        legalTermDays: 30,
        legalBasis: 'Regolamento comunale per l’occupazione di suolo pubblico',
        rejectionNoticeRequired: true,
        officeId: 'urp',
        officeName: 'Ufficio Relazioni con il Pubblico',
        responsibleId: 'bo-marco',
        responsibleName: 'Marco Esposito',
        substituteId: 'ref-seg-moretti',
        substituteName: 'Segretario generale',
      },
    });
    // the applicant, known to contacts with an e-mail: campaigns delivers the notices there (the real mailbox)
    const email = `ugo.dehors.${run}@example.org`;
    const applicant = await ask(
      'operator',
      `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`,
      {
        i: {
          kind: 'PERSON',
          name: `Ugo Dehors ${run}`,
          email,
          preferredChannel: 'EMAIL',
          purpose: 'test della scrivania',
        },
      },
    );
    const { submitProcedure: procedure } = await ask(
      'backoffice',
      `mutation($i: SubmitProcedureInput!) { submitProcedure(input: $i) { id protocolNumber status } }`,
      {
        i: {
          procedureTypeCode: code,
          subject: `Ampliamento del dehors in piazza Garibaldi ${run}`,
          protocolNumber: '2026/0765432',
          requesterId: applicant.createRequester.id,
          responsibleId: 'bo-marco',
          responsibleName: 'Marco Esposito',
        },
      },
    );
    expect(procedure.status).toBe('STARTED');

    const page = await signIn('backoffice', /\/schede$/);
    await page.goto(`${consoleUrl}/procedimenti/${encodeURIComponent(procedure.id)}`);
    await page.getByRole('heading', { name: 'Azioni sul procedimento' }).waitFor();
    const clock = page.getByTestId('clock');
    const status = page.getByTestId('procedure-status');
    const timeline = page.getByTestId('procedure-timeline');
    const done = page.getByTestId('action-done');
    expect(await status.textContent()).toBe('Avviato');
    // a running procedure: suspend, 10-bis notice and decision are offered; nothing to resume or observe yet
    expect(await page.getByRole('button', { name: 'Sospendi il termine' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Riprendi il termine' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Registra le osservazioni' }).count()).toBe(0);
    await check(page, 'procedimento-azioni');

    // 1. suspended for a document: the service's refusal of an empty reason is under its field, in Italian
    await page.getByLabel('Motivo della sospensione').selectOption('document_request');
    await page.getByRole('button', { name: 'Sospendi il termine' }).click();
    const reasonError = page.locator('#susp-reason-error');
    await reasonError.waitFor();
    expect(await reasonError.textContent()).toBe('Il motivo è obbligatorio.');
    expect(await page.getByLabel('Che cosa si chiede al richiedente').getAttribute('aria-invalid')).toBe(
      'true',
    );
    await page.getByLabel('Che cosa si chiede al richiedente').fill('Planimetria dell’area occupata');
    await page.getByRole('button', { name: 'Sospendi il termine' }).click();
    await done.filter({ hasText: 'Termine sospeso' }).waitFor();
    await status.filter({ hasText: 'Sospeso' }).waitFor();
    expect(await clock.textContent()).toMatch(/^Sospeso dal \d{2}\/\d{2}\/\d{4} per richiesta di documenti/);
    await timeline.getByText('Termine sospeso', { exact: false }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Sospendi il termine' }).count()).toBe(0);

    // 2. resumed when the document arrives: the term runs again
    await page.getByRole('button', { name: 'Riprendi il termine' }).click();
    await done.filter({ hasText: 'Termine ripreso' }).waitFor();
    await status.filter({ hasText: 'Avviato' }).waitFor();
    expect(await clock.textContent()).toMatch(/^Termine di 30 giorni dal /);
    await timeline.getByText('Termine ripreso', { exact: false }).first().waitFor();

    // 3. the 10-bis notice: too short reasons are refused under the field, the text stays; then sent
    const rnReasons = page.getByLabel('Motivi che ostano all’accoglimento');
    await rnReasons.fill('Troppo');
    await page.getByRole('button', { name: 'Invia il preavviso di rigetto' }).click();
    await page.locator('#rn-reasons-error').waitFor();
    expect(await page.locator('#rn-reasons-error').textContent()).toMatch(/almeno 10 caratteri/);
    expect(await rnReasons.inputValue()).toBe('Troppo');
    await rnReasons.fill('Il dehors occuperebbe il passaggio pedonale, che deve restare libero per 2 metri.');
    await page.getByRole('button', { name: 'Invia il preavviso di rigetto' }).click();
    await done.filter({ hasText: 'Preavviso di rigetto inviato' }).waitFor();
    // the page reads the procedure again: the clock stops for the notice
    await clock.filter({ hasText: /per preavviso di rigetto \(art\. 10-bis\)/ }).waitFor();
    await status.filter({ hasText: 'Sospeso' }).waitFor();
    const notices = page.getByTestId('procedure-notices');
    await notices.locator('[data-kind="rejection_notice"]').waitFor();

    // 4. the applicant's observations, with their text (the decision answers them): the term runs again
    const observed = 'Il passaggio pedonale resta di 1,5 metri se il passo carrabile si sposta di un metro.';
    await page.getByLabel('Testo delle osservazioni').fill(observed);
    await page.getByRole('button', { name: 'Registra le osservazioni' }).click();
    await done.filter({ hasText: 'Osservazioni registrate' }).waitFor();
    await timeline.getByText('Osservazioni ricevute', { exact: false }).first().waitFor();
    expect(await clock.textContent()).toMatch(/^Termine di 30 giorni dal /);
    expect(await page.getByRole('button', { name: 'Registra le osservazioni' }).count()).toBe(0);
    // the decision form lists the notice and what the applicant observed on it, where the answer is written
    const sentNotices = page.getByTestId('rejection-notices');
    await sentNotices.getByText(observed).waitFor();
    expect(await sentNotices.textContent()).toContain('Il dehors occuperebbe il passaggio pedonale');

    // 5. the decision, after a confirmation; a missing reasoning is refused under its field, nothing lost
    await page.getByLabel('Esito').selectOption('REJECTED');
    await page.getByRole('button', { name: 'Adotta il provvedimento…' }).click();
    await page.getByRole('button', { name: 'Conferma il provvedimento' }).click();
    await page.locator('#dec-reasons-error').waitFor();
    expect(await page.locator('#dec-reasons-error').textContent()).toMatch(/motivazione è obbligatoria/);
    expect(await page.getByLabel('Esito').inputValue()).toBe('REJECTED');
    const reasoning =
      'Le osservazioni non superano il motivo ostativo: il passaggio pedonale resterebbe di 1 metro.';
    await page.getByLabel('Motivazione').fill(reasoning);
    // art. 10-bis: after the observations a rejection says why they are not accepted, under its own field
    await page.getByRole('button', { name: 'Adotta il provvedimento…' }).click();
    await page.getByRole('button', { name: 'Conferma il provvedimento' }).click();
    await page.locator('#dec-obs-answer-error').waitFor();
    expect(await page.locator('#dec-obs-answer-error').textContent()).toMatch(/osservazioni presentate/);
    expect(await page.getByLabel('Motivazione').inputValue()).toBe(reasoning);
    await page
      .getByLabel('Perché le osservazioni non sono accolte')
      .fill('La larghezza indicata nelle osservazioni non tiene conto della rampa di accesso esistente.');
    await page.getByRole('button', { name: 'Adotta il provvedimento…' }).click();
    // nothing is decided before the confirmation
    expect(
      (await ask('backoffice', `query($id: ID!) { procedure(id: $id) { status } }`, { id: procedure.id }))
        .procedure.status,
    ).not.toBe('DECIDED');
    expect(await page.getByText(/Confermi il provvedimento di rigetto/).count()).toBe(1);
    await page.getByRole('button', { name: 'Conferma il provvedimento' }).click();
    await done.filter({ hasText: 'Provvedimento adottato' }).waitFor();
    await status.filter({ hasText: 'Concluso' }).waitFor();
    expect(await clock.textContent()).toMatch(/^Concluso il \d{2}\/\d{2}\/\d{4}: respinto, nei termini\.$/);
    await page.getByText('Procedimento concluso: non sono possibili altre azioni.').waitFor();
    // the decision notice is listed, and the page follows its delivery by itself
    await notices
      .locator('[data-kind="decision_notice"]')
      .filter({ hasText: 'consegnata via email' })
      .waitFor({ timeout: 90_000 });
    await check(page, 'procedimento-concluso');
    const api = (
      await ask(
        'backoffice',
        `query($id: ID!) { procedure(id: $id) { status decision { outcome reasons } documents { kind } rejectionNotice { observations } } }`,
        { id: procedure.id },
      )
    ).procedure;
    expect(api.status).toBe('DECIDED');
    expect(api.decision).toEqual({ outcome: 'REJECTED', reasons: reasoning });
    expect(api.rejectionNotice.observations).toBe(observed); // kept with the procedure, for its office
    // the document request and the resumption are told to the applicant too (L. 241/1990 art. 2 c.7)
    expect(api.documents.map((d: { kind: string }) => d.kind)).toEqual([
      'start_notice',
      'document_request_notice',
      'resumption_notice',
      'rejection_notice',
      'decision_notice',
    ]);
    // the applicant's mailbox: the decision notice, with its PDF
    type Mail = { subject: string; attachments: { contentType: string }[] };
    const mail = await waitFor(
      async () => {
        const r = await fetch(
          `http://127.0.0.1:${PORTS.mailboxHttp}/api/messages?to=${encodeURIComponent(email)}`,
        );
        const found = ((await r.json()) as Mail[]).find((m) => /provvedimento finale/.test(m.subject));
        return found ?? undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the decision notice in the applicant’s mailbox' },
    );
    expect(mail!.subject).toMatch(/^Comunicazione del provvedimento finale/);
    expect(mail!.subject).toContain(procedure.protocolNumber);
    expect(mail!.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
    await page.context().close();
  }, 300_000);

  it('operator: starts an administrative procedure at the Sportello, the type from the catalogue, and gets its protocol number', async () => {
    const code = `passo_carrabile_${run}`;
    const name = `Passo carrabile ${run}`;
    await ask('manager', `mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { id } }`, {
      i: {
        code,
        name,
        legalTermDays: 30,
        legalBasis: 'Regolamento comunale sui passi carrabili',
        officeId: 'urp',
        officeName: 'Ufficio Relazioni con il Pubblico',
        responsibleId: 'bo-marco',
        responsibleName: 'Marco Esposito',
        substituteId: 'ref-seg-moretti',
        substituteName: 'Segretario generale',
      },
    });
    // contacts learns the catalogue from procedures' events: it knows the type once it accepts a start of it
    await waitFor(
      async () =>
        !(
          await gql(
            gatewayUrl,
            `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id } }`,
            {
              i: {
                channel: 'DESK',
                type: 'PROCEDURE_START',
                subject: `Passo carrabile, prova ${run}`,
                procedureTypeCode: code,
              },
            },
            { authorization: `Bearer ${await token('operator')}` },
          )
        ).body.errors,
      { timeoutMs: 30_000, intervalMs: 500, what: `contacts to know ${code}` },
    );

    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('heading', { name: 'Sportello: nuovo contatto' }).waitFor();
    await page.getByLabel('Tipo di contatto').selectOption('PROCEDURE_START');
    // the type comes from the catalogue (through the gateway); no outcome to choose: procedures takes it over
    const typeSelect = page.getByLabel('Tipo di procedimento');
    await typeSelect.locator(`option[value="${code}"]`).waitFor({ state: 'attached' });
    expect(await typeSelect.locator(`option[value="${code}"]`).textContent()).toBe(
      `${name} (Ufficio Relazioni con il Pubblico)`,
    );
    expect(await page.getByRole('group', { name: 'Esito' }).count()).toBe(0);
    const subject = `Richiesta di passo carrabile in via Roma ${run}`;
    await page.getByLabel('Oggetto').fill(subject);
    // without a type contacts refuses it: the message, in Italian, is under the field
    await page.getByRole('button', { name: 'Registra contatto' }).click();
    const fieldError = page.locator('#procedure-type-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe('Obbligatorio per avviare un procedimento.');
    expect(await typeSelect.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Oggetto').inputValue()).toBe(subject); // nothing typed is lost
    await check(page, 'sportello-avvio-errore');
    await typeSelect.selectOption(code);
    await page
      .getByText('Termine di legge: 30 giorni; ufficio competente: Ufficio Relazioni con il Pubblico.')
      .waitFor();
    await page.getByRole('button', { name: 'Registra contatto' }).click();

    await page.getByRole('heading', { name: 'Contatto registrato' }).waitFor();
    const shown = (await page.getByTestId('start-protocol').textContent()) ?? '';
    expect(shown).toMatch(/^\d{4}\/\d{7}$/);
    const registered = (
      await ask('operator', `{ contacts(first: 50) { id subject protocolNumber procedureTypeCode } }`)
    ).contacts.find((c: { subject: string }) => c.subject === subject);
    expect(registered).toMatchObject({ protocolNumber: shown, procedureTypeCode: code });
    // the desk follows procedures' answer by itself; the procedure started carries the same protocol number
    await page
      .getByTestId('start-status')
      .filter({ hasText: 'Procedimento avviato' })
      .waitFor({ timeout: 90_000 });
    const { contact } = await ask(
      'operator',
      `query($id: ID!) { contact(id: $id) { procedureStart { status procedureId } } }`,
      { id: registered.id },
    );
    expect(contact.procedureStart.status).toBe('SUBMITTED');
    const { procedure } = await ask(
      'backoffice',
      `query($id: ID!) { procedure(id: $id) { protocolNumber typeCode contactId } }`,
      { id: contact.procedureStart.procedureId },
    );
    expect(procedure).toEqual({ protocolNumber: shown, typeCode: code, contactId: registered.id });
    await check(page, 'sportello-avvio');
    await page.context().close();
  }, 300_000);

  it('campaigns: readability and audience while writing, four eyes, scheduled, delivered, effect as chart + table + CSV', async () => {
    // three citizens with an email; two consented to campaigns on taxes, one on schools
    const people = ['Aldo', 'Bice', 'Carlo'].map((n) => ({
      name: `${n} Campagna ${run}`,
      email: `${n.toLowerCase()}.${run}@example.org`,
    }));
    const ids: string[] = [];
    for (const p of people) {
      const r = await ask('operator', `mutation($i: RequesterInput!) { createRequester(input: $i) { id } }`, {
        i: {
          kind: 'PERSON',
          name: p.name,
          email: p.email,
          preferredChannel: 'EMAIL',
          purpose: 'test della scrivania',
        },
      });
      ids.push(r.createRequester.id);
    }
    for (const [i, topic] of ['tributi', 'tributi', 'scuola_infanzia'].entries())
      await ask(
        'operator',
        `mutation($i: CampaignConsentInput!) { recordCampaignConsent(input: $i) { requesterId } }`,
        {
          i: { requesterId: ids[i], purpose: 'CAMPAIGNS', channel: 'EMAIL', source: 'desk', topics: [topic] },
        },
      );

    const page = await signIn('backoffice', /\/schede$/);
    await page.getByRole('link', { name: 'Campagne' }).click();
    await page.getByRole('heading', { name: 'Campagne di comunicazione' }).waitFor();
    await check(page, 'campagne');
    await page.getByRole('link', { name: 'Nuova campagna' }).click();
    await page.getByRole('heading', { name: 'Nuova campagna' }).waitFor();

    // a refused save: the errors are next to their fields, in Italian, and nothing typed is lost
    const title = `Seconda rata TARI ${run}`;
    const body =
      'Si comunica che, ai sensi della vigente normativa, il pagamento della seconda rata della tassa sui rifiuti, ' +
      'unitamente alla eventuale regolarizzazione delle annualità pregresse, dovrà essere effettuato entro il 16 dicembre.';
    await page.getByLabel('Titolo').fill(title);
    await page.getByLabel('Oggetto del messaggio').fill('TARI: la seconda rata scade il 16 dicembre');
    await page.getByLabel('Testo del messaggio').fill(body);
    await page.getByRole('button', { name: 'Salva come bozza' }).click();
    await page.locator('#c-goal-error').waitFor();
    expect(await page.locator('#c-goal-error').textContent()).toMatch(/almeno 10 caratteri/);
    expect(await page.locator('#c-topics-error').textContent()).toMatch(/almeno un tema/i);
    expect(await page.getByLabel('Obiettivo').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Titolo').inputValue()).toBe(title);
    expect(await page.getByLabel('Testo del messaggio').inputValue()).toBe(body);

    // readability while writing: the service's own Gulpease index and its advice
    const readability = page.getByTestId('readability');
    await readability.getByText(/Indice Gulpease/).waitFor();
    const api = await ask(
      'backoffice',
      `query($t: String!) { campaignReadability(text: $t) { gulpease suggestions } }`,
      { t: body },
    );
    expect(Number(await readability.locator('[data-value]').getAttribute('data-value'))).toBe(
      api.campaignReadability.gulpease,
    );
    expect(api.campaignReadability.suggestions.length).toBeGreaterThan(0);
    await readability.getByText(api.campaignReadability.suggestions[0]).waitFor();

    // the audience: only those who consented on the topic (2 of the 3)
    await page
      .getByLabel('Obiettivo')
      .fill('Meno pagamenti in ritardo e meno telefonate allo sportello tributi.');
    // Bootstrap Italia draws the checkbox on its label: with the keyboard, as an operator would
    await page.getByLabel('Tributi').focus();
    await page.keyboard.press('Space');
    const audience = page.getByTestId('segment-preview');
    await audience.locator('[data-value="2"]').waitFor();
    expect(await audience.textContent()).toMatch(/2 persone su 3 che hanno acconsentito/);
    await check(page, 'campagna-nuova');
    await page.getByRole('button', { name: 'Salva come bozza' }).click();
    await page.getByRole('heading', { name: `Campagna: ${title}` }).waitFor();
    await page.getByText('Campagna salvata come bozza.').waitFor();

    // four eyes: the author submits, but cannot approve; the refusal is next to the button, in Italian
    await page.getByRole('button', { name: 'Invia in approvazione' }).click();
    await page.getByTestId('campaign-status').getByText('In approvazione').waitFor();
    await page.getByRole('button', { name: 'Approva' }).click();
    const refused = page.locator('#err-approve');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/quattro occhi/);
    expect(await page.getByRole('button', { name: 'Approva' }).getAttribute('aria-describedby')).toBe(
      'err-approve',
    );
    await check(page, 'campagna-rifiutata');
    await page.context().close();

    // a second person approves and schedules it now: the scheduler sends it, the page follows the progress
    const manager = await signIn('manager', /\/cruscotto$/);
    await manager.getByRole('link', { name: 'Campagne' }).click();
    await manager.getByRole('button', { name: 'Da approvare' }).click();
    await manager.getByRole('link', { name: title }).click();
    await manager.getByRole('button', { name: 'Approva' }).click();
    await manager.getByText('Campagna approvata: ora si può programmare.').waitFor();
    // from now (the campaign was written to start tomorrow)
    const nowLocal = await manager.evaluate(() => {
      const d = new Date();
      d.setSeconds(0, 0);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    });
    await manager.getByLabel('Invio a partire da').fill(nowLocal);
    await manager.getByRole('button', { name: 'Programma' }).click();
    await manager.getByText(/Messaggio 1: inviato a 2 su 2 destinatari/).waitFor({ timeout: 90_000 });
    const inbox = async (to: string) =>
      (await (
        await fetch(`http://127.0.0.1:${PORTS.mailboxHttp}/api/messages?to=${encodeURIComponent(to)}`)
      ).json()) as unknown[];
    expect((await inbox(people[0].email)).length).toBe(1);
    expect((await inbox(people[1].email)).length).toBe(1);
    expect((await inbox(people[2].email)).length).toBe(0);
    await manager.getByTestId('campaign-status').getByText('Conclusa').waitFor({ timeout: 60_000 });

    // the effect: the chart's table and the CSV hold the service's own figures
    const id = decodeURIComponent(manager.url().split('/campagne/')[1]);
    const effect = await ask(
      'manager',
      `query($id: ID!) { campaignEffect(campaignId: $id) { windows { label contactsOnTopics } } }`,
      { id },
    );
    const cells = await manager
      .locator('#effetto-campagna-table tbody td')
      .evaluateAll((tds) => tds.map((td) => Number((td as any).dataset.value)));
    expect(cells).toEqual(effect.campaignEffect.windows.map((w: any) => w.contactsOnTopics));
    const href = await manager.locator('a[download="effetto-campagna.csv"]').getAttribute('href');
    const csv = decodeURIComponent(href!.split(',').slice(1).join(','));
    expect(csv.split('\r\n')[0]).toBe('\ufeffPeriodo,Contatti sui temi');
    expect(csv.split('\r\n').filter(Boolean).length).toBe(effect.campaignEffect.windows.length + 1);
    expect(await manager.locator('a[download="effetto-campagna-dettaglio.csv"]').count()).toBe(1);
    // sent, then possibly delivered (a provider's report): both rows together hold the two messages
    const stats = await manager
      .locator('#delivery-stats tbody td')
      .evaluateAll((tds) => tds.map((td) => Number((td as any).dataset.value)));
    expect(stats[1] + stats[2]).toBe(2);
    await check(manager, 'campagna');
    await manager.context().close();
  }, 300_000);

  it('back office: sends the weekly bulletin from the campaigns page, after a confirmation, once a day', async () => {
    const page = await signIn('backoffice', /\/schede$/);
    await page.goto(`${consoleUrl}/campagne`);
    const section = page.getByRole('region', { name: 'Bollettino settimanale ai referenti' });
    await section.getByRole('button', { name: 'Invia il bollettino settimanale' }).click();
    // nothing leaves before the confirmation; cancelling sends nothing
    await section.getByRole('button', { name: 'Annulla' }).click();
    await section.getByRole('button', { name: 'Invia il bollettino settimanale' }).click();
    const confirm = section.getByRole('button', { name: 'Conferma l’invio' });
    await confirm.waitFor();
    expect(await section.textContent()).toContain('Confermi l’invio del bollettino degli ultimi 7 giorni?');
    await check(page, 'campagne-bollettino-conferma');
    await confirm.click();
    const result = page.getByTestId('bulletin-result');
    await result.waitFor();
    const said = (await result.textContent()) ?? '';
    const [, sent, skipped] = said.match(/: inviati (\d+), non inviati (\d+) /) ?? [];
    expect(said).toMatch(/^Bollettino dal \d{2}\/\d{2}\/\d{4} al \d{2}\/\d{2}\/\d{4}: inviati \d+/);
    // the console sends the week ending today as campaigns' own schedule does: asked again, nobody gets it twice
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    const again = await ask(
      'manager',
      `mutation($e: String) { sendWeeklyBulletins(periodEnd: $e) { sent skipped } }`,
      { e: `${day}T07:00:00Z` },
    );
    expect(again.sendWeeklyBulletins).toEqual({ sent: 0, skipped: Number(sent) + Number(skipped) });
    await check(page, 'campagne-bollettino');
    await page.context().close();
  });

  it('manager: the dashboard’s numbers are the GraphQL indicators, as charts, tables and CSV', async () => {
    // the indicators are projections of the topics: wait until they have caught up with this run's contacts
    const settled = async () => {
      let last = -1;
      return waitFor(
        async () => {
          const s = await ask(
            'manager',
            `{ indicatorsStatus { eventsApplied } contactVolumes { contacts } }`,
          );
          const now = s.indicatorsStatus.eventsApplied as number;
          const same = now === last && s.contactVolumes.length > 0;
          last = now;
          return same;
        },
        { timeoutMs: 60_000, intervalMs: 1500, what: 'the indicators to settle' },
      );
    };
    await settled();
    const page = await signIn('manager', /\/cruscotto$/);
    await page
      .getByRole('heading', { name: 'Contatti per mese' })
      .waitFor()
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\n${(await page.locator('main').innerText()).slice(0, 1000)}`);
      });
    await check(page, 'cruscotto');
    const api = await ask('manager', `{ contactVolumes { month contacts } backlog { officeId open } }`);
    const byMonth = new Map<string, number>();
    for (const r of api.contactVolumes) byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.contacts);
    const cells = await page
      .locator('#contatti-mese-table tbody td')
      .evaluateAll((tds) => tds.map((td) => Number((td as any).dataset.value)));
    expect(cells).toEqual([...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v));
    const open = await page
      .locator('#arretrato-table tbody td')
      .evaluateAll((tds) => tds.map((td) => Number((td as any).dataset.value)));
    expect(open.reduce((s, v) => s + v, 0)).toBe(api.backlog.reduce((s: number, r: any) => s + r.open, 0));
    // every chart is also a CSV
    const download = page.locator('a[download="contatti-mese.csv"]');
    expect(await download.textContent()).toBe('Scarica CSV: Contatti per mese');
    const href = await download.getAttribute('href');
    const csv = decodeURIComponent(href!.split(',').slice(1).join(','));
    expect(csv.split('\r\n')[0]).toBe('\ufeffMese,Contatti');
    expect(csv.split('\r\n').filter(Boolean).length).toBe(byMonth.size + 1);
    // the SVG is labelled by the chart's title
    expect(await page.locator('svg[role=img][aria-labelledby="contatti-mese-title"]').count()).toBe(1);
    // alerts and improvement actions: proposed here, accepted by the manager, as a table and a CSV
    const board = page.getByRole('region', { name: 'Allarmi e azioni di miglioramento' });
    await board.getByRole('heading', { name: 'Allarmi sulla soddisfazione' }).waitFor();
    const alerts = await ask('manager', `{ satisfactionAlerts { id } }`);
    if (alerts.satisfactionAlerts.length === 0) await board.getByText(/Nessun allarme/).waitFor();
    const action = `Secondo sportello tributi il lunedì ${run}`;
    await board.getByLabel('Ambito', { exact: true }).selectOption('OFFICE');
    await board.getByLabel('Codice dell’ambito').fill('tributi');
    await board.getByLabel('Azione', { exact: true }).fill(action);
    await board.getByRole('button', { name: 'Proponi l’azione' }).click();
    await board.getByText(`Azione «${action}» proposta.`).waitFor();
    await board.getByRole('button', { name: `Accetta ${action}` }).click();
    await board.getByText(`Azione «${action}» accettata.`).waitFor();
    // the table reloads once the change is saved (the message comes first)
    const row = board.locator('#azioni-table tbody tr').filter({ hasText: action });
    await row.locator('td[data-status="ACCEPTED"]').waitFor();
    const actionsCsv = decodeURIComponent(
      (await board.locator('a[download="azioni.csv"]').getAttribute('href'))!.split(',').slice(1).join(','),
    );
    expect(actionsCsv).toContain(`${action},Ufficio,tributi,Accettata`);
    const apiActions = await ask('manager', `{ improvementActions { title status } }`);
    expect(apiActions.improvementActions).toContainEqual({ title: action, status: 'ACCEPTED' });
    await check(page, 'cruscotto-azioni');
    await page.context().close();
  });
});
