import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_HEADER, signIdentity, type Role } from '@urp/auth';
import { ContactClosedV1, createEvent, SurveyAnsweredV2, SurveyTopic, toKafkaRecord } from '@urp/contracts';
import { createKafka, createProducer } from '@urp/messaging';
import {
  collectEvents,
  gql,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@urp/testing';
import { MongoClient } from 'mongodb';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The few DOM members the page checks read (this Node project has no DOM types; they run in the page). */
interface PageElement {
  name: string;
  labels?: { length: number } | null;
}
interface PageStyle {
  color: string;
  backgroundColor: string;
  outlineStyle: string;
  outlineWidth: string;
}
interface PageWindow {
  getComputedStyle(el: unknown): PageStyle;
  document: { body: unknown; activeElement: PageElement; querySelector(selector: string): unknown };
}

const SECRET = TEST_AUTH.identitySecret;

/** WCAG 2.x relative luminance contrast of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The citizen's survey page in a real Chromium (Debian's), with JavaScript OFF: the plain HTML form must
 * work, be labelled, keyboard-operable, readable, and refuse a second answer or an expired link clearly.
 */
describe('public survey page in a real browser, without JavaScript', () => {
  const dbName = uniqueName('satpage').replace(/-/g, '_');
  const mongo = new MongoClient(testInfra.mongoUrl);
  const producer = createProducer(
    createKafka({ clientId: 'sat-page-test', brokers: testInfra.kafkaBrokers }),
  );
  let svc: RunningProcess;
  let context: BrowserContext;
  let page: Page;
  const userDataDir = mkdtempSync(join(tmpdir(), 'urp-chromium-'));
  /** Contacts' internal API as far as this page needs it: every requester exists (the check is tested with the
   * real contacts service in staff-ratings.int-spec.ts). */
  let contacts: Server;

  beforeAll(async () => {
    contacts = createServer((req, res) => {
      res.writeHead(/^\/internal\/requesters\/req_[^/]+\/address/.test(req.url ?? '') ? 409 : 404).end();
    });
    await new Promise<void>((ok) => contacts.listen(0, '127.0.0.1', ok));
    [svc] = await Promise.all([
      spawnService(
        'services/satisfaction/src/main.ts',
        {
          MONGO_URL: testInfra.mongoUrl,
          MONGO_DB: dbName,
          KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
          IDENTITY_SECRET: SECRET,
          KAFKA_GROUP_ID: uniqueName('satpage'),
          CONTACTS_INTERNAL_URL: `http://127.0.0.1:${(contacts.address() as AddressInfo).port}`,
          SURVEY_PUBLIC_BASE_URL: 'http://127.0.0.1:4386',
          // the expired-link case moves an expiry into the past in the store: the store's scan notices it
          SURVEY_EXPIRY_SWEEP_MS: '500',
          SURVEY_EXPIRY_SCAN_MS: '500',
          // the request log as in production, to check that no link reaches it
          LOG_LEVEL: 'info',
        },
        4386,
      ),
      producer.connect(),
    ]);
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      javaScriptEnabled: false,
      locale: 'it-IT',
    });
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
    await producer.disconnect();
    await svc?.stop();
    await mongo.close();
    contacts?.close();
  });

  const identity = async (roles: Role[]) => ({
    [IDENTITY_HEADER]: await signIdentity({ sub: 'op-1', roles }, SECRET),
  });

  /** A desk visit closed at the first contact, and its link as the deliverer (a service identity) gets it. */
  async function deskSurveyLink(): Promise<{ url: string; invitationId: string }> {
    const contactId = uniqueName('c');
    const event = createEvent(
      ContactClosedV1,
      contactId,
      {
        contactId,
        channel: 'desk',
        contactType: 'information',
        requesterId: `req_${uniqueName('page')}`,
        operatorId: 'op-1',
        resolvedAtFirstContact: true,
        registeredAt: new Date(Date.now() - 600_000).toISOString(),
        closedAt: new Date().toISOString(),
      },
      { source: '/urp/contacts' },
    );
    await producer.send({ topic: ContactClosedV1.topic.name, acks: -1, messages: [toKafkaRecord(event)] });
    const inv = await waitFor(
      () =>
        mongo
          .db(dbName)
          .collection<{ _id: string; contactId: string }>('survey_invitations')
          .findOne({ contactId }),
      { what: 'the invitation' },
    );
    const r = await gql(
      `${svc.url}/graphql`,
      `mutation($id: ID!) { surveyLink(invitationId: $id) { url } }`,
      { id: inv!._id },
      await identity(['service']),
    );
    return { url: r.body.data.surveyLink.url, invitationId: inv!._id };
  }

  it('is an Italian, labelled, keyboard-operable form that works without JavaScript and accepts one answer', async () => {
    const answers = await collectEvents([SurveyTopic.name]);
    const { url } = await deskSurveyLink();
    const res = await page.goto(url);
    expect(res!.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    expect(await page.title()).toContain('Come giudica il servizio ricevuto?');
    expect(await page.locator('h1').count()).toBe(1);
    // the promise is exact: who sees what, with the minimum sample the service applies
    const notice = await page.getByRole('region', { name: 'Chi vede il suo giudizio' }).textContent();
    expect(notice).toContain('senza il numero della pratica né il suo nome');
    expect(notice).toContain('almeno 10 risposte');

    // every control has a label; every group of choices is a fieldset with its legend
    const unlabelled = await page.$$eval('input, textarea', (els) =>
      els
        .map((e) => e as unknown as PageElement)
        .filter((e) => !e.labels?.length)
        .map((e) => e.name),
    );
    expect(unlabelled).toEqual([]);
    const groups = await page.$$eval('fieldset', (fs) =>
      fs.map((f) => f.querySelector('legend')?.textContent?.trim()),
    );
    expect(groups).toEqual([
      'Il suo giudizio (obbligatorio)',
      'Che cosa ha pesato di più sul suo giudizio? (facoltativo, anche più di una risposta)',
    ]);
    // no script on the page at all
    expect(await page.locator('script').count()).toBe(0);

    // readable: body text and the button meet 4.5:1
    const colours = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow; // runs in the page (no DOM types in this Node project)
      const b = w.getComputedStyle(w.document.body);
      const btn = w.getComputedStyle(w.document.querySelector('button'));
      return { text: b.color, bg: b.backgroundColor, btnText: btn.color, btnBg: btn.backgroundColor };
    });
    expect(contrast(colours.text, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.btnText, colours.btnBg)).toBeGreaterThanOrEqual(4.5);

    // keyboard: Tab reaches the first choice and the focus is visible
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      const el = w.document.activeElement;
      const s = w.getComputedStyle(el);
      return { name: el.name, outline: s.outlineStyle, width: s.outlineWidth };
    });
    expect(focused).toEqual({ name: 'emoticon', outline: 'solid', width: '3px' });

    // sending without the required judgement: the same page, errors summarised and tied to the field
    await page
      .getByLabel('Vuole aggiungere un commento? (facoltativo)')
      .fill('Mi chiamo Mario Rossi, 333 1234567');
    await page.getByRole('button', { name: 'Invia il giudizio' }).click();
    expect(await page.title()).toMatch(/^Errore: /);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Corregga un errore');
    const described = await page.getAttribute('fieldset#emoticon', 'aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toContain('Scelga una risposta.');
    expect(await page.getAttribute('#emoticon-0', 'aria-invalid')).toBe('true');
    // what the citizen wrote is kept
    expect(await page.getByLabel('Vuole aggiungere un commento? (facoltativo)').inputValue()).toBe(
      'Mi chiamo Mario Rossi, 333 1234567',
    );
    // the summary's link leads to the field
    expect(await page.getAttribute('.error-summary a', 'href')).toBe('#emoticon-0');

    await page.getByRole('radio', { name: 'Insoddisfatto', exact: true }).check();
    await page.getByLabel('Tempo di attesa').check();
    await page.getByLabel('Necessità di tornare').check();
    await page.getByRole('button', { name: 'Invia il giudizio' }).focus();
    // a key press (unlike click) does not wait for the navigation it starts: wait for the answer page itself
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    await page.locator('h1', { hasText: 'Grazie per il suo giudizio' }).waitFor({ timeout: 15000 });
    expect(await page.locator('h1').textContent()).toBe('Grazie per il suo giudizio');

    // the answer leaves as an anonymous event, scrubbed; the invitation keeps only that it was answered
    const event = await waitFor(
      () =>
        answers.events.find(
          (e) =>
            e.headers.ce_type === SurveyAnsweredV2.type &&
            (e.data as { comment?: string }).comment === 'Mi chiamo [nome], [telefono]',
        ),
      { what: 'SurveyAnswered' },
    );
    await answers.stop();
    expect(event!.data).toMatchObject({
      emoticon: 'dissatisfied',
      reasons: ['waiting_time', 'need_to_come_back'],
    });
    expect(event!.data).not.toHaveProperty('invitationId');
    const stored = await waitFor(
      async () => {
        const doc = await mongo
          .db(dbName)
          .collection<{ _id: string; answer?: unknown }>('survey_invitations')
          .findOne({ status: 'answered' });
        return doc && !JSON.stringify(doc).includes('[telefono]') ? doc : undefined;
      },
      { what: 'the answer to leave the invitation document' },
    );
    expect(stored).not.toHaveProperty('answer');

    // the link works once
    const again = await page.goto(url);
    expect(again!.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('Ha già risposto');
    // the link is the credential: no log line of the service holds it (views are counted in /metrics)
    const token = new URL(url).pathname.split('/').pop()!;
    expect(svc.logs()).toContain('"level":30'); // the service does write its info lines
    expect(svc.logs()).not.toContain(token);
  });

  it('shows a clear page for an expired link and for a link that does not exist', async () => {
    const { url, invitationId } = await deskSurveyLink();
    // the link's last day passes (its end moved into the past rather than waiting two weeks). The page
    // holds each link's end in memory from its issue (an end never changes), so this edit behind the
    // service's back reaches the page when the store's expiry scan closes the invitation (SurveyExpired)
    await mongo
      .db(dbName)
      .collection<{ _id: string }>('survey_invitations')
      .updateOne({ _id: invitationId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await waitFor(
      async () =>
        (
          await mongo
            .db(dbName)
            .collection<{ _id: string; status: string }>('survey_invitations')
            .findOne({ _id: invitationId })
        )?.status === 'expired',
      { what: 'the invitation to expire' },
    );
    const res = await page.goto(url);
    expect(res!.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('Il questionario è scaduto');
    expect(await page.getAttribute('html', 'lang')).toBe('it');

    const missing = await page.goto(`${svc.url}/s/${'A'.repeat(43)}`);
    expect(missing!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Link non valido');
  });

  it('asks the AgID 1-5 stars at the end of an online service', async () => {
    const r = await gql(
      `${svc.url}/graphql`,
      `mutation($i: OnlineServiceCompletedInput!) { completeOnlineService(input: $i) { link { url } } }`,
      {
        i: {
          sessionId: uniqueName('s'),
          serviceCode: 'permesso_ztl',
          requesterId: `req_${uniqueName('ztl')}`,
        },
      },
      await identity(['service']),
    );
    await page.goto(r.body.data.completeOnlineService.link.url);
    expect(await page.locator('legend').first().textContent()).toBe(
      'Valutazione da 1 a 5 stelle (obbligatorio)',
    );
    await page.getByRole('radio', { name: '4 stelle', exact: true }).check();
    await page.getByRole('button', { name: 'Invia il giudizio' }).click();
    expect(await page.locator('h1').textContent()).toBe('Grazie per il suo giudizio');
  });
});
