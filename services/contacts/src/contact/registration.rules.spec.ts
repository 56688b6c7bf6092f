import type { UseCaseContext } from '@urp/kernel';
import { DEFAULT_DUE_POLICY } from '../case/case-clock.rules';
import { contactsScrubber } from '../shared/scrub.rules';
import { RegisterContactInput } from './contact.rules';
import { registerContact } from './registration.rules';

const ctx: UseCaseContext = {
  actor: { sub: 'op-1', roles: ['operator'] },
  now: new Date('2026-03-02T08:00:00Z'),
  source: '/urp/contacts',
  scrub: contactsScrubber,
};
const types = (events: { type: string }[]) => events.map((e) => e.type.split('.')[3]);
const recipient = { requesterId: 'req_maria00001', channel: 'email' as const };
const register = (input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  registerContact(
    null,
    { id: 'c1', data: RegisterContactInput.parse(input), policy: DEFAULT_DUE_POLICY[0], ...extra },
    ctx,
  );

describe('registering a contact: one decision, one write', () => {
  it('information answered at the desk: registered and closed, no case, no protocol', () => {
    const d = register({
      channel: 'desk',
      type: 'information',
      subject: 'Orari',
      resolvedAtFirstContact: true,
    });
    expect(d.state).toMatchObject({ status: 'closed', resolvedAtFirstContact: true });
    expect(d.state.case).toBeUndefined();
    expect(types(d.events)).toEqual(['ContactRegistered', 'ContactClosed']);
  });

  it('a complaint opens a case, routed when the office is known, and tells a citizen who has a channel', () => {
    const d = register(
      { channel: 'email', type: 'complaint', subject: 'Reclamo', requesterId: 'req_maria00001' },
      {
        officeId: 'off_lp',
        protocolNumber: '2026/0000001',
        requester: { isStaff: false, anonymised: false, recipient },
      },
    );
    expect(d.state.case).toMatchObject({ status: 'assigned', officeId: 'off_lp' });
    expect(types(d.events)).toEqual([
      'ContactRegistered',
      'CaseOpened',
      'CaseRouted',
      'CitizenNotificationRequested',
    ]);
    const staff = register(
      { channel: 'email', type: 'complaint', subject: 'Reclamo', requesterId: 'req_maria00001' },
      { requester: { isStaff: true, anonymised: false, recipient } },
    );
    expect(staff.state.requesterIsStaff).toBe(true);
    expect(types(staff.events)).not.toContain('CitizenNotificationRequested');
  });

  it('a procedure start hands over to procedures with its protocol number and scrubbed subject', () => {
    const d = register(
      {
        channel: 'desk',
        type: 'procedure_start',
        subject: 'Residenza di Mario, tel. 333 1234567',
        procedureTypeCode: 'cambio_residenza',
        formData: { componenti: 3, codice_fiscale: 'RSSMRA80A01H501U' },
      },
      { protocolNumber: '2026/0000002' },
    );
    expect(types(d.events)).toEqual(['ContactRegistered', 'ProcedureRequested']);
    expect(d.events[1].data).toMatchObject({
      procedureTypeCode: 'cambio_residenza',
      protocolNumber: '2026/0000002',
      hasFormData: true,
    });
    // the form (personal data) stays on the contact, written with the event; never on the event
    expect(d.events[1].data).not.toHaveProperty('formData');
    expect(d.state.formData).toEqual({ componenti: 3, codice_fiscale: 'RSSMRA80A01H501U' });
    expect(JSON.stringify(d.events[1].data)).not.toContain('1234567');
    expect(JSON.stringify(d.events)).not.toContain('RSSMRA80A01H501U');
  });

  it('refuses an anonymised requester (field error) and an existing id (CONFLICT)', () => {
    expect(() =>
      register(
        { channel: 'desk', type: 'information', subject: 'x', requesterId: 'req_maria00001' },
        { requester: { isStaff: false, anonymised: true } },
      ),
    ).toThrow(expect.objectContaining({ fields: { 'input.requesterId': expect.any(String) } }));
    const first = register({ channel: 'desk', type: 'information', subject: 'x' }).state;
    expect(() =>
      registerContact(
        first,
        {
          id: 'c1',
          data: RegisterContactInput.parse({ channel: 'desk', type: 'information', subject: 'x' }),
          policy: DEFAULT_DUE_POLICY[0],
        },
        ctx,
      ),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});
