import { DomainError } from './errors';

/**
 * A page cursor as clients hold it: opaque, base64url of the two strings a read model orders by (a sort key and
 * the id that breaks ties). One codec for every paged list (contacts' queue, procedures' desk).
 */
export const encodePageCursor = (key: string, id: string): string =>
  Buffer.from(JSON.stringify([key, id])).toString('base64url');

/** The two strings of a cursor made by `encodePageCursor`; anything else is refused on the `after` field. */
export function decodePageCursor(text: string, refusal: string): [key: string, id: string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    // not a cursor of ours: refused below
  }
  throw DomainError.invalid('after', refusal);
}
