import { romeDayStartMs } from '@urp/legal-clock';
import fc from 'fast-check';
import type { CaseRecord } from '../case/case.model';
import { DEFAULT_PHASE_LABELS } from '../case/case-phases.rules';
import { publicStatusLabel, publicStatusOf } from './public-status.rules';
import {
  derivedReceiptCode,
  hashReceiptCode,
  newReceiptCode,
  receiptKey,
  normaliseReceiptCode,
  receiptCodeMatches,
} from './receipt-code.rules';
import { statusFormPage, statusResultPage } from './status-page.html';

describe('the receipt’s secret (issue 14)', () => {
  it('is 12 characters of Crockford base32, grouped; only its hash is compared', () => {
    const code = newReceiptCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const hash = hashReceiptCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(receiptCodeMatches(code, hash)).toBe(true);
    // as a citizen types it: lower case, spaces, no dashes
    expect(receiptCodeMatches(code.toLowerCase().replace(/-/g, ' '), hash)).toBe(true);
    expect(receiptCodeMatches('0000-0000-0000', hash)).toBe(false);
    expect(receiptCodeMatches(code, undefined)).toBe(false);
  });

  it('away from the desk: derived from the contact id under the service key, the same each time, another per key', () => {
    const key = receiptKey('x'.repeat(32));
    const code = derivedReceiptCode(key, '0192c1de-0000-7000-8000-000000000001');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(derivedReceiptCode(key, '0192c1de-0000-7000-8000-000000000001')).toBe(code);
    expect(derivedReceiptCode(key, '0192c1de-0000-7000-8000-000000000002')).not.toBe(code);
    expect(derivedReceiptCode(receiptKey('y'.repeat(32)), '0192c1de-0000-7000-8000-000000000001')).not.toBe(
      code,
    );
    expect(receiptCodeMatches(code, hashReceiptCode(code))).toBe(true);
  });

  it('reads O as 0 and I, L as 1, as Crockford’s alphabet says', () => {
    expect(normaliseReceiptCode('oil1-0000-AAAA')).toBe('0111' + '0000AAAA');
  });

  it('matches only itself (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.string(), (bytes, other) => {
        const code = newReceiptCode(() => Buffer.from(bytes));
        const hash = hashReceiptCode(code);
        expect(receiptCodeMatches(code, hash)).toBe(true);
        if (normaliseReceiptCode(other) !== normaliseReceiptCode(code))
          expect(receiptCodeMatches(other, hash)).toBe(false);
      }),
    );
  });
});

const at = (d: string, h = 10) => new Date(romeDayStartMs(d) + h * 3_600_000);
const record = (over: Partial<CaseRecord> = {}): CaseRecord => ({
  id: 'case_1',
  status: 'in_progress',
  priority: 'normal',
  officeId: 'tributi',
  openedAt: at('2026-12-04'),
  dueAt: at('2027-01-04', 23),
  termDays: 30,
  suspensions: [],
  duplicates: [],
  history: [],
  notes: [{ id: 'n', at: at('2026-12-05'), by: 'x', text: 'nota interna riservata', mentions: [] }],
  messages: [],
  mentioned: [],
  ...over,
});

describe('what a citizen sees of a case (issue 14)', () => {
  it('status, office, dates and whether a reply was sent; nothing else', () => {
    const s = publicStatusOf(
      { protocolNumber: '2026/0000123', case: record({ firstResponseAt: at('2026-12-10') }) },
      DEFAULT_PHASE_LABELS,
      'Ufficio Tributi',
    );
    expect(s).toEqual({
      protocolNumber: '2026/0000123',
      status: 'In lavorazione',
      explanation: expect.any(String),
      closed: false,
      suspended: false,
      officeName: 'Ufficio Tributi',
      openedOn: '2026-12-04',
      dueOn: '2027-01-04',
      replySentOn: '2026-12-10',
    });
    const page = statusResultPage('Comune di Prova', s);
    expect(page).toContain('<html lang="it">');
    expect(page).toContain('4 gennaio 2027');
    expect(page).toContain('Sì, il 10 dicembre 2026');
    expect(page).not.toContain('nota interna');
  });

  it('a suspended term has no due date and says so, in Open311 too', () => {
    const k = record({ suspensions: [{ reason: 'documenti', from: at('2026-12-06') }] });
    const s = publicStatusOf({ case: k }, DEFAULT_PHASE_LABELS, undefined);
    expect(s.suspended).toBe(true);
    expect(s).not.toHaveProperty('dueOn');
    expect(publicStatusLabel(k, DEFAULT_PHASE_LABELS)).toBe('In lavorazione (termine sospeso)');
  });

  it('waiting for the citizen: what the office asked, scrubbed, on the page; gone once the clock runs again', () => {
    const request = {
      id: 'm_req',
      at: at('2026-12-06'),
      by: 'op',
      text: 'Ci invii la planimetria <firmata>\nscrivendo a mario.rossi@example.it',
      request: true as const,
    };
    const waiting = record({
      status: 'waiting_citizen',
      suspensions: [{ reason: 'documenti', from: at('2026-12-06'), requestId: 'm_req' }],
      messages: [request],
    });
    const scrub = (t: string) => t.replace('mario.rossi@example.it', '[email]');
    const s = publicStatusOf(
      { protocolNumber: '2026/0000123', case: waiting },
      DEFAULT_PHASE_LABELS,
      'Tributi',
      scrub,
    );
    expect(s.request).toEqual({
      text: 'Ci invii la planimetria <firmata>\nscrivendo a [email]',
      askedOn: '2026-12-06',
    });
    expect(s.explanation).toContain('quanto indicato qui sotto');
    // a request is not a reply
    expect(s).not.toHaveProperty('replySentOn');
    const page = statusResultPage('Comune di Prova', s);
    expect(page).toContain('Cosa le chiede l’ufficio');
    expect(page).toContain('Richiesta del 6 dicembre 2026');
    expect(page).toContain('Ci invii la planimetria &lt;firmata&gt;<br>scrivendo a [email]');
    expect(page).not.toContain('mario.rossi');
    expect(page).toContain('Non ancora');
    // Open311 (no scrubber) leaves it out
    expect(publicStatusOf({ case: waiting }, DEFAULT_PHASE_LABELS, undefined)).not.toHaveProperty('request');
    // resumed: nothing is awaited any more
    const resumed = record({
      status: 'in_progress',
      suspensions: [{ ...waiting.suspensions[0], to: at('2026-12-08') }],
      messages: [request],
    });
    const after = publicStatusOf({ case: resumed }, DEFAULT_PHASE_LABELS, undefined, scrub);
    expect(after).not.toHaveProperty('request');
    expect(statusResultPage('Comune di Prova', after)).not.toContain('planimetria');
  });

  it('the form: labels, hints and errors tied to their fields', () => {
    const html = statusFormPage('Comune di Prova', {
      protocollo: '2026/1',
      errors: { protocollo: 'Il numero di protocollo ha la forma anno/numero.' },
    });
    expect(html).toContain('<label for="protocollo">');
    expect(html).toContain('<label for="codice">');
    expect(html).toMatch(
      /id="protocollo"[^>]*aria-describedby="protocollo-aiuto protocollo-errore"[^>]*aria-invalid="true"/,
    );
    expect(html).toContain('<a href="#protocollo">');
    expect(html).not.toMatch(/<script/i);
  });
});
