import fc from 'fast-check';
import { fromDayNumber, daysFromCivil } from './civil-date';
import { parseCivilDate, parseInstant } from './input';
import { localSuspensionKindProblems, parseSuspensionKindCode, termProblems } from './terms';

const refused = (r: { ok: boolean; message?: string }) => (r.ok ? undefined : r.message);

describe('strict dates at the boundary', () => {
  it('accepts an ISO civil date that exists', () => {
    expect(parseCivilDate('2026-10-20')).toEqual({ ok: true, value: '2026-10-20' });
    expect(parseCivilDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
  });

  it('refuses days that do not exist, other formats and impossible years, never correcting them', () => {
    expect(refused(parseCivilDate('2026-02-30'))).toMatch(/non esiste/);
    expect(refused(parseCivilDate('2026-02-29'))).toMatch(/non esiste/);
    expect(refused(parseCivilDate('04/12/2026'))).toMatch(/AAAA-MM-GG/);
    expect(refused(parseCivilDate('2026-4-12'))).toMatch(/AAAA-MM-GG/);
    expect(refused(parseCivilDate('2026-10-20T00:00:00Z'))).toMatch(/AAAA-MM-GG/);
    expect(refused(parseCivilDate('0001-01-01'))).toMatch(/anno/);
    expect(refused(parseCivilDate('1900-01-01'))).toMatch(/anno/);
    expect(refused(parseCivilDate('12345-01-01'))).toMatch(/AAAA-MM-GG/);
    expect(refused(parseCivilDate(20261020))).toBeDefined();
  });

  it('accepts an instant only with its offset', () => {
    expect(parseInstant('2026-10-20T09:30:00+02:00')).toEqual({
      ok: true,
      value: '2026-10-20T07:30:00.000Z',
    });
    expect(parseInstant('2026-10-20T07:30:00.123Z')).toEqual({ ok: true, value: '2026-10-20T07:30:00.123Z' });
    expect(refused(parseInstant('2026-10-20T09:30:00'))).toMatch(/manca il fuso/);
    expect(refused(parseInstant('2026-10-20'))).toMatch(/ISO 8601/);
    expect(refused(parseInstant('2026-02-30T09:30:00Z'))).toMatch(/non esiste/);
    expect(refused(parseInstant('1900-01-01T00:00:00Z'))).toMatch(/anno/);
    expect(refused(parseInstant('Tue, 20 Oct 2026 09:30:00 GMT'))).toMatch(/ISO 8601/);
  });

  it('every existing date in range round-trips; every string is either that or refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1990, 1, 1), max: daysFromCivil(2100, 12, 31) }), (d) => {
        const s = fromDayNumber(d);
        expect(parseCivilDate(s)).toEqual({ ok: true, value: s });
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseCivilDate(s);
        if (r.ok) expect(r.value).toBe(s);
      }),
    );
  });
});

describe('terms fixed by law and suspension kinds', () => {
  it('refuses FOIA 90 days and riesame 60; accepts their legal terms', () => {
    expect(termProblems({ kind: 'generalised_civic_access', legalTermDays: 90 })[0]).toMatchObject({
      field: 'legalTermDays',
    });
    expect(termProblems({ kind: 'review_request', legalTermDays: 60 })[0].message).toMatch(/20 giorni/);
    expect(termProblems({ kind: 'document_access', legalTermDays: 30 })).toEqual([]);
    expect(termProblems({ kind: 'generic', legalTermDays: 60, legalBasis: '' })[0].field).toBe('legalBasis');
    expect(termProblems({ kind: 'generic', legalTermDays: 120, legalBasis: 'DPCM' })[0].field).toBe(
      'termJustification',
    );
    expect(termProblems({ kind: 'generic', legalTermDays: 181, legalBasis: 'DPCM' })[0].field).toBe(
      'legalTermDays',
    );
  });

  it('a kind is lowercase snake_case; a local kind declares its limit and is not a legal one', () => {
    expect(parseSuspensionKindCode('Parere Tecnico').ok).toBe(false);
    expect(parseSuspensionKindCode('parere_tecnico')).toEqual({ ok: true, value: 'parere_tecnico' });
    const ok = {
      code: 'parere_tecnico',
      label: 'Parere tecnico',
      legalBasis: 'Reg. comunale art. 4',
      maxDays: 20,
    };
    expect(localSuspensionKindProblems(ok)).toEqual([]);
    expect(localSuspensionKindProblems({ ...ok, maxDays: 45 })[0].field).toBe('maxDays');
    expect(localSuspensionKindProblems({ ...ok, code: 'document_request' })[0].field).toBe('code');
  });
});
