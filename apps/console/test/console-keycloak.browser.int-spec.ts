/**
 * Signing in to the console through the real identity provider: Keycloak started by the repo
 * (deploy/local/infra.sh start keycloak, realm urp), the console server with OIDC_ISSUER and no development
 * sign-in, Chromium filling Keycloak's own login form (Authorization Code + PKCE, oidc-client-ts), and the
 * gateway accepting the console's access token. Then sign-out ends the Keycloak session too.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import {
  REPO_ROOT,
  spawnGateway,
  spawnService,
  TEST_AUTH,
  testInfra,
  uniqueName,
  type RunningProcess,
} from '@urp/testing';
import { chromium, type Browser } from 'playwright-core';

const KC_PORT = Number(process.env.URP_KEYCLOAK_PORT ?? 8180);
const ISSUER = `http://127.0.0.1:${KC_PORT}/realms/urp`;
const PORTS = {
  // fixed, as Keycloak's 8180 is (this test is kept as it was; the other browser test now takes free ports)
  gateway: Number(process.env.URP_GATEWAY_PORT ?? 4400) + 6,
  knowledge: Number(process.env.URP_KNOWLEDGE_PORT ?? 4403) + 4,
  console: Number(process.env.URP_CONSOLE_PORT ?? 4480) + 1,
};
const CONSOLE_DIR = join(REPO_ROOT, 'apps/console');

describe('console sign-in through Keycloak (OIDC code + PKCE)', () => {
  const procs: RunningProcess[] = [];
  let startedKeycloak = false;
  let browser: Browser;
  let consoleUrl: string;

  beforeAll(async () => {
    let out: string;
    try {
      out = execFileSync('bash', [join(REPO_ROOT, 'deploy/local/infra.sh'), 'start', 'keycloak'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, URP_KEYCLOAK_PORT: String(KC_PORT) },
      });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      throw new Error(`Keycloak could not start:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
    startedKeycloak = !out.includes('already running');
    const [knowledge] = await Promise.all([
      spawnService(
        'services/knowledge-base/src/main.ts',
        {
          MONGO_URL: testInfra.mongoUrl,
          MONGO_DB: uniqueName('console_oidc_kb').replace(/-/g, '_'),
          KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
          KAFKA_GROUP_ID: uniqueName('console-oidc-kb'),
          IDENTITY_SECRET: TEST_AUTH.identitySecret,
        },
        PORTS.knowledge,
      ),
      // the same build as the other browser test (jest's NODE_ENV=test would bundle React's development build)
      promisify(execFile)(
        process.execPath,
        [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
        { cwd: CONSOLE_DIR, env: { ...process.env, NODE_ENV: 'production' } },
      ),
    ]);
    procs.push(knowledge);
    const gateway = await spawnGateway({ knowledge: knowledge.url }, PORTS.gateway, { OIDC_ISSUER: ISSUER });
    procs.push(gateway);
    const server = await spawnService(
      'apps/console/server.ts',
      { GATEWAY_URL: gateway.url, OIDC_ISSUER: ISSUER, URP_CONSOLE_PORT: String(PORTS.console) },
      PORTS.console,
    );
    procs.push(server);
    consoleUrl = server.url;
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
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(procs.map((p) => p.stop()));
    if (startedKeycloak) execFileSync('bash', [join(REPO_ROOT, 'deploy/local/infra.sh'), 'stop', 'keycloak']);
  });

  it('a back-office user signs in on Keycloak’s page, lands on Schede with data from the gateway, and signs out', async () => {
    const config = await (await fetch(`${consoleUrl}/config.json`)).json();
    expect(config).toEqual({ issuer: ISSUER, clientId: 'urp-console', devLogin: false });

    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await context.newPage();
    const graphql: number[] = [];
    page.on('response', (r) => r.url().endsWith('/graphql') && graphql.push(r.status()));
    await page.goto(`${consoleUrl}/schede`);
    await page.waitForURL(/\/accesso/);
    // no development sign-in on a server without CONSOLE_DEV_LOGIN
    expect(await page.getByLabel('Token di sviluppo').count()).toBe(0);
    await page.getByRole('button', { name: 'Accedi' }).click();

    await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${KC_PORT}/realms/urp/`));
    expect(page.url()).toContain('code_challenge_method=S256');
    await page.locator('#username').fill('marco.esposito');
    await page.locator('#password').fill('demo');
    await page.locator('#kc-login').click();

    await page.waitForURL(`${consoleUrl}/schede`).catch(async (e: Error) => {
      throw new Error(
        `${e.message}\nat ${page.url()}:\n${(await page.locator('body').innerText()).slice(0, 800)}`,
      );
    });
    await page.getByRole('heading', { name: 'Schede informative' }).waitFor();
    await page.getByText(/Nessuna scheda in questa vista|\d+ schede\./).waitFor();
    expect(graphql.length).toBeGreaterThan(0);
    expect(graphql.every((s) => s === 200)).toBe(true);
    await page.getByText('Marco Esposito').first().waitFor();
    // the access token stays in the tab's sessionStorage, never in the address bar
    expect(page.url()).not.toContain('code=');

    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL(new RegExp(`^${consoleUrl}/accesso`));
    await page.getByRole('button', { name: 'Accedi' }).waitFor();
    // the Keycloak session ended too: signing in again asks for the password
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.locator('#username').waitFor();
    await context.close();
  });
});
