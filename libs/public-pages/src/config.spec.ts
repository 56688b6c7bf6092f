import { z } from 'zod';
import { statusPageEnv } from './config';

describe('statusPageEnv', () => {
  const env = z.object(statusPageEnv);
  it('allows 10 look-ups per address in 15 minutes by default', () => {
    expect(env.parse({})).toEqual({ STATUS_PAGE_RATE_LIMIT: 10, STATUS_PAGE_RATE_WINDOW_MS: 900_000 });
  });
  it('reads the variables as numbers and refuses a limit under 1 or a window under a second', () => {
    expect(env.parse({ STATUS_PAGE_RATE_LIMIT: '30', STATUS_PAGE_RATE_WINDOW_MS: '60000' })).toEqual({
      STATUS_PAGE_RATE_LIMIT: 30,
      STATUS_PAGE_RATE_WINDOW_MS: 60_000,
    });
    expect(env.safeParse({ STATUS_PAGE_RATE_LIMIT: '0' }).success).toBe(false);
    expect(env.safeParse({ STATUS_PAGE_RATE_WINDOW_MS: '999' }).success).toBe(false);
  });
});
