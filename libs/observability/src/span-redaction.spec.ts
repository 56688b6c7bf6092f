import {
  isIdentifyingSegment,
  redactPath,
  redactSpan,
  redactSpanName,
  redactUrl,
  RedactingSpanProcessor,
} from './span-redaction';

const TOKEN = 'q8Zr3kVb0TnWc5yLmA7xP2sD9fHjK4gE1uIoY6tRwQe'; // 43 characters of base64url, as survey tokens

describe('span redaction', () => {
  it.each([
    ['http://127.0.0.1:7100/api/v1/profiles/RSSMRA80A01H501U', 'http://127.0.0.1:7100/api/v1/profiles/{id}'],
    [
      'https://api.io.pagopa.it/api/v1/profiles/rssmra8la01h5lmu',
      'https://api.io.pagopa.it/api/v1/profiles/{id}',
    ],
    [`https://urp.example.it/s/${TOKEN}?utm=mail#top`, 'https://urp.example.it/s/{id}'],
    ['https://user:secret@host.it/path?cf=RSSMRA80A01H501U', 'https://host.it/path'],
    ['http://contacts:3000/graphql', 'http://contacts:3000/graphql'],
    [
      'http://satisfaction/internal-invitations/0b6f4c1e-7d7a-4c55-9d3f-2c1e5a9b8f10/link',
      'http://satisfaction/internal-invitations/{id}/link',
    ],
    ['http://pec/messages/mario.rossi@pec.it', 'http://pec/messages/{id}'],
    ['http://x/requests/1234567', 'http://x/requests/{id}'],
  ])('redactUrl(%s)', (url, expected) => expect(redactUrl(url)).toBe(expected));

  it.each([
    [`/s/${TOKEN}`, '/s/{id}'],
    ['/api/v1/profiles/RSSMRA80A01H501U', '/api/v1/profiles/{id}'],
    ['/graphql?query=x', '/graphql'],
    ['/stato', '/stato'],
    ['/s/:token', '/s/:token'],
    ['/health/ready', '/health/ready'],
    ['/open311/v2/requests.json', '/open311/v2/requests.json'],
  ])('redactPath(%s)', (path, expected) => expect(redactPath(path)).toBe(expected));

  it('keeps the words of an API and long lower-case names', () => {
    for (const w of [
      'profiles',
      'internal-invitations',
      'v1',
      'graphql',
      'service-requests',
      'requests.json',
    ])
      expect(isIdentifyingSegment(w)).toBe(false);
    for (const w of [TOKEN, 'RSSMRA80A01H501U', 'deadbeefdeadbeef00', '2026000123'])
      expect(isIdentifyingSegment(w)).toBe(true);
  });

  it('redacts a path or a fiscal code in a span name', () => {
    expect(redactSpanName(`GET /s/${TOKEN}`)).toBe('GET /s/{id}');
    expect(redactSpanName('profile RSSMRA80A01H501U')).toBe('profile {id}');
    expect(redactSpanName('POST')).toBe('POST');
    expect(redactSpanName('request handler - /s/:token')).toBe('request handler - /s/:token');
  });

  it('rewrites a span the way the HTTP client and server instrumentations fill it', () => {
    const span = {
      name: 'GET /api/v1/profiles/RSSMRA80A01H501U',
      attributes: {
        'url.full': 'http://127.0.0.1:7100/api/v1/profiles/RSSMRA80A01H501U?x=1',
        'url.path': '/api/v1/profiles/RSSMRA80A01H501U',
        'url.query': 'cf=RSSMRA80A01H501U',
        'http.target': `/s/${TOKEN}`,
        'http.url': `http://localhost/s/${TOKEN}`,
        'exception.message': 'profile of RSSMRA80A01H501U not found',
        'http.response.status_code': 404,
        'server.address': '127.0.0.1',
      } as Record<string, unknown>,
    };
    redactSpan(span);
    expect(span.name).toBe('GET /api/v1/profiles/{id}');
    expect(span.attributes).toEqual({
      'url.full': 'http://127.0.0.1:7100/api/v1/profiles/{id}',
      'url.path': '/api/v1/profiles/{id}',
      'http.target': '/s/{id}',
      'http.url': 'http://localhost/s/{id}',
      'exception.message': 'profile of {id} not found',
      'http.response.status_code': 404,
      'server.address': '127.0.0.1',
    });
    expect(JSON.stringify(span)).not.toMatch(/RSSMRA80A01H501U|q8Zr3k/);
  });

  it("drops the caller's address, port and user agent from a server span, keeps a client span's peer", () => {
    const caller = {
      'client.address': '93.45.12.7',
      'client.port': 51234,
      'network.peer.address': '93.45.12.7',
      'network.peer.port': 51234,
      'user_agent.original': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)',
      'http.client_ip': '93.45.12.7',
      'http.user_agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X)',
      'net.peer.ip': '93.45.12.7',
      'net.peer.port': 51234,
    };
    const server = {
      name: 'GET /u/:token',
      kind: 1, // SpanKind.SERVER
      attributes: { ...caller, 'http.route': '/u/:token', 'http.response.status_code': 200 } as Record<
        string,
        unknown
      >,
    };
    redactSpan(server);
    expect(server.attributes).toEqual({ 'http.route': '/u/:token', 'http.response.status_code': 200 });
    expect(JSON.stringify(server)).not.toMatch(/93\.45|iPhone|51234/);

    const client = {
      name: 'POST',
      kind: 2, // SpanKind.CLIENT: the peer is the service we called
      attributes: { 'network.peer.address': '10.0.0.12', 'network.peer.port': 4001 } as Record<
        string,
        unknown
      >,
    };
    redactSpan(client);
    expect(client.attributes).toEqual({ 'network.peer.address': '10.0.0.12', 'network.peer.port': 4001 });
  });

  it("rewrites the attributes of the span's events (a recorded exception)", () => {
    const span = {
      name: 'POST',
      attributes: {},
      events: [
        {
          attributes: {
            'exception.message': `GET http://io/api/v1/profiles/RSSMRA80A01H501U failed`,
            'url.full': `https://urp.example.it/s/${TOKEN}`,
          },
        },
      ],
    };
    redactSpan(span);
    expect(span.events[0].attributes).toEqual({
      'exception.message': 'GET http://io/api/v1/profiles/{id} failed',
      'url.full': 'https://urp.example.it/s/{id}',
    });
  });

  it('runs in onEnding (while the span can still change) and through updateName', () => {
    const renamed: string[] = [];
    const span = {
      name: `GET /s/${TOKEN}`,
      attributes: { 'url.path': `/s/${TOKEN}` },
      updateName(n: string) {
        renamed.push(n);
        this.name = n;
      },
    };
    new RedactingSpanProcessor().onEnding(span as never);
    expect(renamed).toEqual(['GET /s/{id}']);
    expect(span.attributes['url.path']).toBe('/s/{id}');
  });
});
