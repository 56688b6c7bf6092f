import { HeaderMap } from '@apollo/server';
import { noStorePlugin } from './no-store';

describe('cache-control on GraphQL responses', () => {
  const sent = async (header?: string) => {
    const headers = new HeaderMap();
    if (header) headers.set('cache-control', header);
    const listener = await noStorePlugin().requestDidStart!({} as never);
    await listener!.willSendResponse!({ response: { http: { headers } } } as never);
    return headers.get('cache-control');
  };

  it('is no-store on every response, as Apollo wrote it (no answer of ours is cacheable)', async () => {
    expect(await sent()).toBe('no-store');
    expect(await sent('no-store')).toBe('no-store');
    expect(await sent('max-age=60, public')).toBe('no-store');
  });

  it('leaves a header it cannot read to whoever wrote it', async () => {
    expect(await sent('private, no-store')).toBe('private, no-store');
  });
});
