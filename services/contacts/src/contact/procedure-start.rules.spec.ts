import { confirmProcedureStart, type Contact } from './contact.rules';

const start = (over: Partial<Contact> = {}): Contact => ({
  id: 'c1',
  revision: 1,
  channel: 'desk',
  type: 'procedure_start',
  direction: 'inbound',
  subject: 'Avvio',
  status: 'open',
  operatorId: 'op',
  registeredAt: new Date('2026-03-02T08:00:00Z'),
  sheetIds: [],
  procedureTypeCode: 'passo_carrabile',
  procedureStart: { status: 'requested' },
  ...over,
});

describe('procedure start confirmed by procedures (ProcedureSubmitted)', () => {
  const at = new Date('2026-03-02T08:00:05Z');
  it('a requested start becomes submitted with the procedure id', () => {
    expect(confirmProcedureStart(start(), { procedureId: 'prc_1', at })?.state.procedureStart).toEqual({
      status: 'submitted',
      procedureId: 'prc_1',
      confirmedAt: at,
    });
  });
  it('nothing to do for other contacts, unknown ids or a start already confirmed', () => {
    expect(confirmProcedureStart(null, { procedureId: 'prc_1', at })).toBeNull();
    expect(confirmProcedureStart(start({ type: 'complaint' }), { procedureId: 'prc_1', at })).toBeNull();
    const done = start({ procedureStart: { status: 'submitted', procedureId: 'prc_0' } });
    expect(confirmProcedureStart(done, { procedureId: 'prc_1', at })).toBeNull();
  });
});
