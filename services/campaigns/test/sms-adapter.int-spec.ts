import { spawnService, type RunningProcess } from '@urp/testing';
import { SmppAdapter } from '../src/delivery/smpp';
import { freePorts } from './fixtures';

/**
 * The SMPP adapter against the local SMSC (`tools/providers/src/smpp-main.ts`, a process): real SMPP 3.4 over TCP,
 * the `smpp` package on both sides. What the SMSC refuses is refused for the reason a real one gives.
 */
describe('local SMSC (SMPP 3.4) and the SMS adapter', () => {
  let proc: RunningProcess;
  let http = 0;
  let port = 0;
  const get = async <T>(path: string) => (await (await fetch(`http://127.0.0.1:${http}${path}`)).json()) as T;
  type Accepted = { to: string; text: string; parts: number };
  const smsc = {
    url: (systemId = 'urp', password = 'secret') => `smpp://${systemId}:${password}@127.0.0.1:${port}`,
    port: 0,
  };
  const receipts: { messageId: string; stat: string }[] = [];
  const adapters: SmppAdapter[] = [];
  const adapter = (url = smsc.url()) => {
    const a = new SmppAdapter(url, 'ComuneURP', async (r) => {
      receipts.push(r);
    });
    adapters.push(a);
    return a;
  };
  const msg = (to: string, text: string) => ({ deliveryId: 'd1', to, text, feedbackUrl: '' });
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    return ok();
  };

  beforeAll(async () => {
    [port, http] = await freePorts(2);
    smsc.port = port;
    proc = await spawnService(
      'tools/providers/src/smpp-main.ts',
      {
        SMPP_PROVIDER_PORT: String(port),
        SMPP_PROVIDER_HTTP_PORT: String(http),
        SMPP_PROVIDER_SYSTEM_ID: 'urp',
        SMPP_PROVIDER_PASSWORD: 'secret',
        SMPP_PROVIDER_UNDELIVERABLE: '393330000000',
      },
      http,
      20000,
      '/health',
    );
  });
  afterAll(async () => {
    await Promise.all(adapters.map((a) => a.close()));
    await proc?.stop();
  });

  it('bad credentials: the bind is refused, nothing is sent', async () => {
    await expect(adapter(smsc.url('urp', 'wrong')).send(msg('+393331234567', 'Ciao'))).rejects.toMatchObject({
      code: 'smpp_bind_refused',
      permanent: false,
    });
    expect(await get('/_provider/binds')).toContainEqual({ systemId: 'urp', ok: false });
    expect(await get('/_provider/messages')).toHaveLength(0);
  });

  it('a message is accepted with an id, and its delivery receipt comes back as DELIVRD', async () => {
    const r = await adapter().send(msg('333 123 4567', 'Comune - URP: la sua pratica è stata chiusa.'));
    expect(r.status).toBe('sent');
    expect(r.providerMessageId).toMatch(/^[0-9a-f]{16}$/);
    expect((await get<Accepted[]>('/_provider/messages')).at(-1)).toMatchObject({
      to: '393331234567',
      text: 'Comune - URP: la sua pratica è stata chiusa.',
    });
    expect(await until(() => receipts.some((x) => x.messageId === r.providerMessageId))).toBe(true);
    expect(receipts.find((x) => x.messageId === r.providerMessageId)?.stat).toBe('DELIVRD');
  });

  it('a line that cannot be reached: accepted, then the receipt says UNDELIV', async () => {
    const r = await adapter().send(msg('+39 333 000 0000', 'Comune - URP: promemoria.'));
    expect(await until(() => receipts.some((x) => x.messageId === r.providerMessageId))).toBe(true);
    expect(receipts.find((x) => x.messageId === r.providerMessageId)?.stat).toBe('UNDELIV');
  });

  it('a long text is concatenated (UDH) and arrives whole; accented letters stay GSM', async () => {
    const text = `${'Comune di Borgo Aurelio, città metropolitana: '.repeat(6)}fine.`;
    await adapter().send(msg('+393331234568', text));
    expect((await get<Accepted[]>('/_provider/messages')).at(-1)).toMatchObject({
      to: '393331234568',
      text,
      parts: 2,
    });
  });

  it('what the SMSC refuses: an invalid destination (permanent), too long without concatenation', async () => {
    await expect(adapter().send(msg('12', 'x'))).rejects.toMatchObject({
      code: 'sms_invalid_number',
      permanent: true,
    });
    // a number the adapter lets through but the SMSC refuses (leading 0 is not international)
    await expect(adapter().send(msg('+0123456789', 'x'))).rejects.toMatchObject({ permanent: true });
    // bypassing the adapter's splitting: one submit_sm of 161 GSM characters
    const smpp = await import('smpp');
    const session = smpp.connect({ url: `smpp://127.0.0.1:${smsc.port}` });
    const status = await new Promise<number>((resolve) =>
      session.on('connect', () =>
        session.bind_transceiver({ system_id: 'urp', password: 'secret' }, () =>
          session.submit_sm(
            {
              source_addr: 'ComuneURP',
              dest_addr_ton: 1,
              destination_addr: '393331234567',
              short_message: 'a'.repeat(161),
            },
            (pdu) => resolve(pdu.command_status),
          ),
        ),
      ),
    );
    session.destroy();
    expect(status).toBe(smpp.ESME_RINVMSGLEN);
    // submit before bind
    const unbound = smpp.connect({ url: `smpp://127.0.0.1:${smsc.port}` });
    const s2 = await new Promise<number>((resolve) =>
      unbound.on('connect', () =>
        unbound.submit_sm(
          { source_addr: 'x', dest_addr_ton: 1, destination_addr: '393331234567', short_message: 'a' },
          (pdu) => resolve(pdu.command_status),
        ),
      ),
    );
    unbound.destroy();
    expect(s2).toBe(smpp.ESME_RINVBNDSTS);
  });
});
