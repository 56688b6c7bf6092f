import type { UseCaseContext } from '@urp/kernel';
import { confirmProcedureStart, procedureFormOf, scrubContact, type Contact } from './contact.rules';

const form = { nome: 'Ermenegilda', codice_fiscale: 'RSSMRA80A01H501U', componenti: 2 };
const start = (over: Partial<Contact> = {}): Contact => ({
  id: 'c1',
  revision: 1,
  channel: 'desk',
  type: 'procedure_start',
  direction: 'inbound',
  subject: 'Cambio di residenza',
  status: 'open',
  requesterId: 'req_ermenegilda1',
  operatorId: 'op',
  registeredAt: new Date('2026-03-02T08:00:00Z'),
  sheetIds: [],
  procedureTypeCode: 'residenza',
  procedureStart: { status: 'requested' },
  formData: form,
  ...over,
});
const ctx = {} as UseCaseContext;
const person = {
  names: ['Ermenegilda'],
  literals: [{ value: 'RSSMRA80A01H501U', placeholder: '[codice fiscale]' }],
  phones: [],
};

describe('the application form of a procedure start (kept by contacts, fetched by procedures)', () => {
  it('procedures gets the form data while the start waits for it', () => {
    expect(procedureFormOf(start())).toEqual({
      status: 'ok',
      requesterId: 'req_ermenegilda1',
      formData: form,
    });
    expect(procedureFormOf(null)).toEqual({ status: 'unknown' });
    expect(procedureFormOf(start({ formData: undefined }))).toEqual({ status: 'none' });
  });

  it('is erased from the moment the requester is anonymised, before the contact itself is scrubbed', () => {
    expect(procedureFormOf(start(), { requesterAnonymised: true })).toEqual({ status: 'erased' });
  });

  it('is dropped once procedures confirmed the start (minimisation): procedures keeps it with the file', () => {
    const d = confirmProcedureStart(start(), { procedureId: 'prc_1', at: new Date('2026-03-02T08:00:05Z') });
    expect(d?.state.formData).toBeUndefined();
    expect(d?.state.formDataGone).toBe('handed_over');
    expect(procedureFormOf(d!.state)).toEqual({ status: 'handed_over' });
  });

  it('is erased on anonymisation, before or after the hand-over, and says so (410 for procedures)', () => {
    const erased = scrubContact(start(), { person }, ctx).state;
    expect(erased.formData).toBeUndefined();
    expect(JSON.stringify(erased)).not.toContain('RSSMRA80A01H501U');
    expect(procedureFormOf(erased)).toEqual({ status: 'erased' });
    const handedOver = start({ formData: undefined, formDataGone: 'handed_over' });
    expect(scrubContact(handedOver, { person }, ctx).state.formDataGone).toBe('erased');
    // a contact that never had a form gets no marker
    expect(scrubContact(start({ formData: undefined }), { person }, ctx).state).not.toHaveProperty(
      'formDataGone',
    );
  });
});
