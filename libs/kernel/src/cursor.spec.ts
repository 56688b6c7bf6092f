import { decodePageCursor, encodePageCursor } from './cursor';
import { isDomainError } from './errors';

describe('page cursors', () => {
  it('give back the key and the id they were made of', () => {
    const c = encodePageCursor('2026-12-06T10:00:00.000Z', 'case_42');
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor(c, 'no')).toEqual(['2026-12-06T10:00:00.000Z', 'case_42']);
  });

  it('refuse anything else on the after field, with the caller’s words', () => {
    for (const bad of ['', 'not-base64-json', Buffer.from('[1,2]').toString('base64url')]) {
      let error: unknown;
      try {
        decodePageCursor(bad, 'cursore di pagina non valido');
      } catch (e) {
        error = e;
      }
      expect(isDomainError(error)).toBe(true);
      expect(String((error as Error).message)).toContain('cursore di pagina non valido');
    }
  });
});
