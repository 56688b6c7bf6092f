import { startIoProvider, type IoProvider } from './io';

const KEY = 'k-test';
const OK = 'RSSMRA80A01H501U';
const subject = 'Aggiornamento della sua pratica';
const markdown = 'La sua richiesta è stata aggiornata. '.repeat(4);

describe('IO contract server: refuses what the real API refuses', () => {
  let io: IoProvider;
  beforeAll(async () => {
    io = await startIoProvider({ apiKey: KEY, profiles: new Map([[OK, { senderAllowed: true }]]) });
  });
  afterAll(() => io.stop());

  const call = (method: string, path: string, body?: unknown, key: string | null = KEY) =>
    fetch(`${io.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(key === null ? {} : { 'Ocp-Apim-Subscription-Key': key }),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('401 without the key or with the wrong one', async () => {
    expect((await call('GET', `/api/v1/profiles/${OK}`, undefined, null)).status).toBe(401);
    expect((await call('GET', `/api/v1/profiles/${OK}`, undefined, 'nope')).status).toBe(401);
  });

  it('profiles: 200 with sender_allowed, 404 unknown, 400 malformed fiscal code', async () => {
    const ok = await call('GET', `/api/v1/profiles/${OK}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sender_allowed: true });
    expect((await call('GET', '/api/v1/profiles/VRDLCU75C12L219K')).status).toBe(404);
    expect((await call('GET', '/api/v1/profiles/abc')).status).toBe(400);
  });

  it('messages: 400 naming the field out of bounds, 201 with an id that can be read back', async () => {
    const bad = await call('POST', `/api/v1/messages/${OK}`, { content: { subject: 'corto', markdown } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(((await bad.json()) as { detail: string }).detail).toContain('content.subject');
    const good = await call('POST', `/api/v1/messages/${OK}`, { content: { subject, markdown } });
    expect(good.status).toBe(201);
    const { id } = (await good.json()) as { id: string };
    expect(good.headers.get('location')).toBe(`/api/v1/messages/${OK}/${id}`);
    const read = await call('GET', `/api/v1/messages/${OK}/${id}`);
    expect(await read.json()).toMatchObject({ status: 'PROCESSED', message: { id, content: { subject } } });
    expect(io.messages).toHaveLength(1);
  });
});
