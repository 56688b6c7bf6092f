import { at, facts, typeOf } from './procedure.fixtures';
import { ERASED_VALUE, eraseFormData } from './procedure.erasure';
import { submit } from './procedure.rules';
import { receiveObservations, sendRejectionNotice } from './procedure.suspensions';

const form = {
  nome: 'Ermenegilda',
  codice_fiscale: 'RSSMRA80A01H501U',
  email: 'ermenegilda@example.org',
  indirizzo: 'Via dei Glicini 7',
  componenti: 2,
  allegati: ['carta_identita.pdf'],
};
const withForm = submit(
  typeOf(),
  facts('2026-01-07T10:00:00+01:00', { formData: form }),
  at('2026-01-08T10:00:00Z'),
).state;
const later = at('2026-03-01T09:00:00Z');

describe('erasing a procedure form on the requester’s anonymisation', () => {
  it('replaces every value with the placeholder and keeps the keys (what was asked stays in the file)', () => {
    const d = eraseFormData(withForm, { requesterId: 'req_abcdef01' }, later);
    expect(d.state.formData).toEqual({
      nome: ERASED_VALUE,
      codice_fiscale: ERASED_VALUE,
      email: ERASED_VALUE,
      indirizzo: ERASED_VALUE,
      componenti: ERASED_VALUE,
      allegati: ERASED_VALUE,
    });
    expect(JSON.stringify(d.state)).not.toMatch(/Ermenegilda|RSSMRA80A01H501U|example\.org|Glicini/);
    expect(d.state.updatedAt).toBe('2026-03-01T09:00:00.000Z');
    expect(d.events).toEqual([]);
    // the rest of the file is untouched
    expect({ ...d.state, formData: undefined, updatedAt: undefined }).toEqual({
      ...withForm,
      formData: undefined,
      updatedAt: undefined,
    });
  });

  it('is idempotent: an erased form, a procedure without one or of someone else is not written again', () => {
    const once = eraseFormData(withForm, { requesterId: 'req_abcdef01' }, later).state;
    expect(eraseFormData(once, { requesterId: 'req_abcdef01' }, later).state).toBe(once);
    const none = { ...withForm, formData: undefined };
    expect(eraseFormData(none, { requesterId: 'req_abcdef01' }, later).state).toBe(none);
    expect(eraseFormData(withForm, { requesterId: 'req_other001' }, later).state).toBe(withForm);
  });

  it('erases the observations the requester presented on a rejection notice (their own words)', () => {
    const ctx = at('2026-01-20T10:00:00Z');
    const noticed = sendRejectionNotice(withForm, 'ISEE oltre la soglia', 'rn', '2026-01-15', 'r', ctx).state;
    const observed = receiveObservations(
      noticed,
      '2026-01-18',
      'r',
      ctx,
      'Sono Ermenegilda, allego ISEE',
    ).state;
    const d = eraseFormData(observed, { requesterId: 'req_abcdef01' }, later);
    expect(d.state.rejectionNotice?.observations).toBe(ERASED_VALUE);
    expect(JSON.stringify(d.state)).not.toContain('Ermenegilda');
    expect(eraseFormData(d.state, { requesterId: 'req_abcdef01' }, later).state).toBe(d.state);
    // observations but no form: erased all the same
    const noForm = { ...observed, formData: undefined };
    expect(
      eraseFormData(noForm, { requesterId: 'req_abcdef01' }, later).state.rejectionNotice?.observations,
    ).toBe(ERASED_VALUE);
  });

  it('erases the observations on an earlier rejection notice too, after a second one', () => {
    const ctx = at('2026-02-10T10:00:00Z');
    const first = sendRejectionNotice(withForm, 'ISEE oltre la soglia', 'rn1', '2026-01-15', 'r', ctx).state;
    const observed = receiveObservations(
      first,
      '2026-01-18',
      'r',
      ctx,
      'Sono Ermenegilda, allego ISEE',
    ).state;
    const second = sendRejectionNotice(observed, 'Manca la firma digitale', 'rn2', '2026-02-02', 'r', ctx);
    const answered = receiveObservations(second.state, '2026-02-05', 'r', ctx, 'Firmo ora, Glicini 7').state;
    const d = eraseFormData(answered, { requesterId: 'req_abcdef01' }, later);
    expect(d.state.earlierRejectionNotices?.map((n) => n.observations)).toEqual([ERASED_VALUE]);
    expect(d.state.rejectionNotice?.observations).toBe(ERASED_VALUE);
    expect(JSON.stringify(d.state)).not.toMatch(/Ermenegilda|Glicini/);
    expect(eraseFormData(d.state, { requesterId: 'req_abcdef01' }, later).state).toBe(d.state);
    // only the earlier notice had observations: still erased
    const earlierOnly = { ...second.state, formData: undefined };
    expect(
      eraseFormData(earlierOnly, { requesterId: 'req_abcdef01' }, later).state.earlierRejectionNotices?.[0]
        .observations,
    ).toBe(ERASED_VALUE);
  });
});
