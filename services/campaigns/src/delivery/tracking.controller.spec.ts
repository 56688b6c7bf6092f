import type { Response } from 'express';
import { TrackingController } from './tracking.controller';
import type { TrackingUseCases } from './tracking.use-cases';

/** A response that records what the controller sent. */
function response() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    set(headers: Record<string, string>) {
      Object.assign(sent.headers, headers);
      return res;
    },
    send(body: string) {
      sent.body = body;
      return res;
    },
  };
  return { res: res as unknown as Response, sent };
}

const GOOD = 'dlv_good';

function controller(unsubscribed: string[] = []) {
  const tracking = {
    valid: (token: string) => token === GOOD,
    unsubscribe: async (token: string) => {
      if (token !== GOOD) return false;
      unsubscribed.push(token);
      return true;
    },
  } as unknown as TrackingUseCases;
  return new TrackingController(tracking);
}

describe('the unsubscribe pages a citizen reaches from a message', () => {
  it('asks first, in the formal "Lei", inside the citizens\' pages frame (Comune header, style, no script)', () => {
    const unsubscribed: string[] = [];
    const { res, sent } = response();
    controller(unsubscribed).confirm(GOOD, res);

    expect(sent.status).toBe(200);
    expect(unsubscribed).toEqual([]); // the GET only asks: a link scanner unsubscribes nobody
    expect(sent.body).toContain('<html lang="it">');
    expect(sent.body).toContain('<header><p>Comune di Borgo Aurelio');
    expect(sent.body).toContain('<style>');
    expect(sent.body).toContain('<h1>Non desidera più ricevere queste comunicazioni?</h1>');
    expect(sent.body).toContain('<form method="post">');
    expect(sent.body).not.toMatch(/Non vuoi|disiscrivimi|Non riceverai/);
    expect(sent.headers['content-security-policy']).toContain("default-src 'none'");
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(sent.headers['referrer-policy']).toBe('no-referrer');
  });

  it('confirms the one-click POST in the same frame and says what keeps arriving', async () => {
    const unsubscribed: string[] = [];
    const { res, sent } = response();
    await controller(unsubscribed).unsubscribe(GOOD, res);

    expect(unsubscribed).toEqual([GOOD]);
    expect(sent.status).toBe(200);
    expect(sent.body).toContain('<header><p>Comune di Borgo Aurelio');
    expect(sent.body).toContain('Non riceverà più comunicazioni informative del Comune su questo canale');
    expect(sent.body).toContain('sulle sue pratiche');
  });

  it('answers a forged or truncated link with a 404 page that says what to do', async () => {
    const get = response();
    controller().confirm('dlv_forged', get.res);
    const post = response();
    await controller().unsubscribe('dlv_forged', post.res);

    for (const { sent } of [get, post]) {
      expect(sent.status).toBe(404);
      expect(sent.body).toContain('<header><p>Comune di Borgo Aurelio');
      expect(sent.body).toContain('<h1>Link non valido</h1>');
      expect(sent.body).toContain('Provi ad aprirlo di nuovo');
    }
  });
});
