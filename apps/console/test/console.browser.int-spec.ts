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
  gql,
  REPO_ROOT,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { initialJs } from './bundle-size';

const PORTS = {
  gateway: Number(process.env.URP_GATEWAY_PORT ?? 4400),
  contacts: Number(process.env.URP_CONTACTS_PORT ?? 4401),
  satisfaction: Number(process.env.URP_SATISFACTION_PORT ?? 4402),
  knowledge: Number(process.env.URP_KNOWLEDGE_PORT ?? 4403),
  procedures: Number(process.env.URP_PROCEDURES_PORT ?? 4404),
  console: Number(process.env.URP_CONSOLE_PORT ?? 4480),
};
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
    // a leftover process on one of these ports would answer the health checks in place of this run's
    for (const port of Object.values(PORTS)) {
      const busy = await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      );
      if (busy) throw new Error(`port ${port} is already in use: stop what listens there first`);
    }
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
    const started = await Promise.allSettled([
      spawnService(
        'services/contacts/src/main.ts',
        { ...common, MONGO_DB: `console_contacts_${run}`, KAFKA_GROUP_ID: uniqueName('console-contacts') },
        PORTS.contacts,
      ),
      spawnService(
        'services/knowledge-base/src/main.ts',
        {
          ...common,
          MONGO_DB: `console_kb_${run}`,
          KAFKA_GROUP_ID: uniqueName('console-kb'),
          KB_INDEX_SYNC_MS: '1000',
          KB_SCHEDULER_INTERVAL_MS: '1000',
        },
        PORTS.knowledge,
      ),
      spawnService(
        'services/satisfaction/src/main.ts',
        { ...common, MONGO_DB: `console_sat_${run}`, KAFKA_GROUP_ID: uniqueName('console-sat') },
        PORTS.satisfaction,
      ),
      spawnService(
        'services/procedures/src/main.ts',
        {
          ...common,
          MONGO_DB: `console_proc_${run}`,
          KAFKA_GROUP_ID: uniqueName('console-proc'),
          PATRON_SAINT_DAY: '08-10',
        },
        PORTS.procedures,
      ),
      build,
    ]);
    // whatever started is stopped in afterAll, even when another part failed
    for (const s of started)
      if (s.status === 'fulfilled' && s.value && 'stop' in s.value) procs.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [contacts, knowledge, satisfaction, procedures] = procs;
    const gateway = await spawnGateway(
      {
        contacts: contacts.url,
        knowledge: knowledge.url,
        satisfaction: satisfaction.url,
        procedures: procedures.url,
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
        return !r.body.errors;
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
  }, 240_000);

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

  it('loads at most 300 KB of JavaScript (gzipped) before the first route', () => {
    expect(initialJs(join(CONSOLE_DIR, 'dist')).gzipBytes).toBeLessThanOrEqual(300 * 1024);
  });

  it('operator: registers a contact with the keyboard, a sheet found by search, opens a case, replies with a canned reply, closes', async () => {
    const page = await signIn('operator', /\/sportello$/);
    await page.getByRole('heading', { name: 'Sportello: nuovo contatto' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('it');
    await check(page, 'sportello');

    // keyboard alone: focus moves with Tab, text is typed, buttons are pressed with Enter / Space
    await page.getByLabel('Canale').focus();
    await page.keyboard.type('Telefono');
    expect(await page.getByLabel('Canale').inputValue()).toBe('PHONE');
    // the requester: searched by fiscal code, not found, created after the privacy notice
    await page.getByLabel('Codice fiscale').focus();
    await page.keyboard.type('rssmra85t10a562s');
    await page.keyboard.press('Enter');
    await page.getByText('Nessun richiedente con questo codice fiscale: puoi crearlo.').waitFor();
    await page.getByRole('button', { name: 'Nuovo richiedente' }).focus();
    await page.keyboard.press('Enter');
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
    await check(page, 'sportello-registrato');
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
    const options = await page.getByLabel('Risposta tipo').locator('option').allTextContents();
    expect(options).toContain("Inoltro all'ufficio competente");
    await page.getByLabel('Risposta tipo').selectOption({ label: "Inoltro all'ufficio competente" });
    const reply = await page.getByLabel('Testo della risposta').inputValue();
    expect(reply).toContain('Servizi Demografici');
    expect(reply).not.toContain('{{');
    await page.getByRole('button', { name: 'Invia la risposta' }).click();
    await page.getByText('Risposta inviata al cittadino.').waitFor();
    await page.getByText('Risposta pubblica al cittadino').waitFor();
    await page.getByLabel('Esito').selectOption('ANSWERED');
    await page.getByRole('button', { name: 'Chiudi la pratica' }).click();
    await page.getByText('Pratica chiusa: non sono possibili altre azioni.').waitFor();
    await check(page, 'pratica-chiusa');
    const c = await ask(
      'operator',
      `query($id: ID!) { case(id: $id) { status outcome messages { text } } }`,
      {
        id: mine.case.id,
      },
    );
    expect(c.case).toMatchObject({ status: 'CLOSED', outcome: 'ANSWERED' });
    expect(c.case.messages[0].text).toBe(reply);
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

  it('referent: the queue shows their office’s cases, not another office’s', async () => {
    const reg = (office: string, referent: string, subject: string) =>
      ask(
        'operator',
        `mutation($i: RegisterContactInput!) { registerContact(input: $i) { case { protocolNumber } } }`,
        {
          i: {
            channel: 'EMAIL',
            type: 'COMPLAINT',
            subject,
            openCase: true,
            officeId: office,
            referentId: referent,
            category: { level1: office === 'tributi' ? 'tributi' : 'anagrafe_stato_civile' },
          },
        },
      );
    const tributi = await reg('tributi', 'ref-tributi-ricci', `Avviso TARI errato ${run}`);
    const anagrafe = await reg('anagrafe', 'ref-anagrafe-colombo', `Attesa allo sportello anagrafe ${run}`);
    const page = await signIn('referent', /\/pratiche$/);
    await page.getByText('Referente per: Ufficio Tributi').waitFor();
    await page.getByRole('link', { name: tributi.registerContact.case.protocolNumber }).waitFor();
    expect(await page.getByRole('link', { name: anagrafe.registerContact.case.protocolNumber }).count()).toBe(
      0,
    );
    const offices = await page.locator('table.queue-table tbody td:nth-child(5)').allTextContents();
    expect(offices.length).toBeGreaterThan(0);
    expect(offices.every((o) => o.startsWith('Ufficio Tributi'))).toBe(true);
    await check(page, 'pratiche');
    await page.context().close();
  });

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
    await page.context().close();
  });
});
