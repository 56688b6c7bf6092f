import fc from 'fast-check';
import type { Requester } from './requester.rules';
import { asFiscalCode, matchesName, nameWords, queryWords, RequesterSearchIndex } from './requester.search';

const t0 = new Date('2026-01-10T10:00:00Z');
const person = (id: string, name: string | undefined, over: Partial<Requester> = {}): Requester => ({
  id,
  revision: 1,
  kind: 'person',
  ...(name ? { name } : {}),
  consents: [],
  isStaff: false,
  createdAt: t0,
  updatedAt: t0,
  lastActivityAt: t0,
  ...over,
});
const search = (index: RequesterSearchIndex, q: string) => index.search(q, 10);

describe('requester search: the matching rules', () => {
  it('words in any order, each a prefix of a different word, case and accents ignored', () => {
    const mario = nameWords('Mario Rossi');
    expect(matchesName(queryWords('ross mar'), mario)).toBe(true);
    expect(matchesName(queryWords('MARIO'), mario)).toBe(true);
    expect(matchesName(queryWords('rossi mario'), mario)).toBe(true);
    expect(matchesName(queryWords('mario luigi'), mario)).toBe(false);
    expect(matchesName(queryWords('ario'), mario)).toBe(false); // a prefix, not any substring
    // one word of the name cannot answer two words of the query
    expect(matchesName(queryWords('mar mario'), mario)).toBe(false);
    expect(matchesName(queryWords('mar mario'), nameWords('Mario Marini'))).toBe(true);
    expect(matchesName(queryWords('nicolo'), nameWords('Niccolò Nicolò'))).toBe(true);
    expect(matchesName(queryWords('citta'), nameWords('Comune di Città di Castello'))).toBe(true);
    expect(matchesName([], mario)).toBe(false);
  });

  it("apostrophes: D'Angelo is found as d'angelo, d angelo, angelo and dangelo", () => {
    const name = nameWords("Marco D'Angelo");
    for (const q of ["d'angelo", 'd angelo', 'angelo marco', 'dangelo', 'dang'])
      expect(matchesName(queryWords(q), name)).toBe(true);
  });

  it('the order of the query words never matters (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.array(word, { maxLength: 4 }),
        (q, extra) => {
          const name = [...q, ...extra];
          const shuffled = [...q].reverse();
          // every word of the name as the query matches, in any order, and so do their prefixes
          expect(matchesName(shuffled, name)).toBe(true);
          expect(
            matchesName(
              shuffled.map((w) => w.slice(0, 1)),
              name,
            ),
          ).toBe(true);
          expect(matchesName([...q].sort(), name)).toBe(matchesName(q, name));
        },
      ),
    );
  });

  it('a fiscal code (16 characters) or a VAT number (11 digits) is searched as such, spaces and case aside', () => {
    expect(asFiscalCode('rssmra80a01h501u')).toBe('RSSMRA80A01H501U');
    expect(asFiscalCode(' RSSMRA 80A01 H501U ')).toBe('RSSMRA80A01H501U');
    expect(asFiscalCode('01234567890')).toBe('01234567890');
    expect(asFiscalCode('rossi')).toBeUndefined();
    expect(asFiscalCode('0123456789')).toBeUndefined();
  });
});

describe('requester search: the in-memory index', () => {
  it('finds by name or fiscal code, best matches first, the caller’s scope applied, anonymised left out', () => {
    const index = new RequesterSearchIndex();
    index.upsert(person('req_mario', 'Mario Rossi', { fiscalCode: 'RSSMRA80A01H501U' }));
    index.upsert(person('req_maria', 'Maria Rossini Bianchi'));
    index.upsert(person('req_marco', 'Marco Rossi'));
    index.upsert(person('req_none', undefined));
    expect(search(index, 'ross mar')).toEqual(['req_marco', 'req_mario', 'req_maria']);
    // exact words first
    expect(search(index, 'rossi mario')[0]).toBe('req_mario');
    expect(search(index, 'rssmra80a01h501u')).toEqual(['req_mario']);
    expect(index.withFiscalCode('rssmra80a01h501u')).toEqual(['req_mario']);
    expect(index.search('ross', 10, (id) => id !== 'req_marco')).toEqual(['req_mario', 'req_maria']);
    expect(index.search('ross', 1)).toHaveLength(1);
    expect(search(index, 'r')).toEqual([]); // one letter lists nobody
    // a rename and an anonymisation are seen; an older revision never replaces a newer one
    index.upsert(person('req_marco', 'Marco Verdi', { revision: 2 }));
    expect(search(index, 'ross marc')).toEqual([]);
    expect(index.upsert(person('req_marco', 'Marco Rossi', { revision: 1 }))).toBe(false);
    index.upsert(person('req_mario', undefined, { revision: 2, anonymisedAt: t0 }));
    expect(search(index, 'mario')).toEqual([]);
    expect(index.withFiscalCode('RSSMRA80A01H501U')).toEqual([]);
  });
});
