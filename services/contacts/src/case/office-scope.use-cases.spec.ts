/**
 * Issue 12 in contacts: requesters are read by referents only through a case of their office; refused callers
 * are told FORBIDDEN before any lookup or validation (they learn nothing about what exists); the event
 * builder knows the requester's own data and scrubs them from free text.
 */
import type { Actor } from '@urp/kernel';
import { memoryService, OPERATOR } from '../testing/in-memory';

const REFERENT_LP: Actor = { sub: 'ref-verdi', roles: ['referent'], offices: ['off_lp'] };
const REFERENT_TRIBUTI: Actor = { sub: 'ref-rossi', roles: ['referent'], offices: ['off_tributi'] };
const MANAGER: Actor = { sub: 'mgr-1', roles: ['manager'] };

async function setup() {
  const s = memoryService();
  for (const [id, code] of [
    ['off_lp', 'lavori_pubblici'],
    ['off_tributi', 'tributi'],
  ])
    s.directory.offices.push({ id, code, name: `Ufficio ${code}`, active: true });
  const r = await s.requesterUseCases.create(OPERATOR, {
    kind: 'person',
    name: 'Ottavia Zanardelli',
    email: 'ottavia.zanardelli@example.it',
    phone: '+39 347 555 0123',
    preferredChannel: 'email',
    purpose: 'registrazione',
  });
  const c = await s.contactUseCases.register(OPERATOR, {
    channel: 'desk',
    type: 'report',
    subject: 'Lampione spento',
    requesterId: r.id,
    openCase: true,
    officeId: 'lavori_pubblici',
  });
  return { s, requesterId: r.id, caseId: c.case!.id, contactId: c.id };
}

const forbidden = { extensions: { code: 'FORBIDDEN' } };
const notFound = { extensions: { code: 'NOT_FOUND' } };
const badInput = { extensions: { code: 'BAD_USER_INPUT' } };

describe('requesters by office (issue 12)', () => {
  it('a referent reads a requester only with a case of their office; others as before', async () => {
    const { s, requesterId } = await setup();
    expect((await s.requesterUseCases.get(REFERENT_LP, requesterId))?.id).toBe(requesterId);
    // another office's referent, a referent of no office: nothing, exactly as for an unknown id
    expect(await s.requesterUseCases.get(REFERENT_TRIBUTI, requesterId)).toBeNull();
    expect(await s.requesterUseCases.get({ ...REFERENT_LP, offices: [] }, requesterId)).toBeNull();
    expect(await s.requesterUseCases.get(REFERENT_TRIBUTI, 'req_unknown')).toBeNull();
    expect((await s.requesterUseCases.get(OPERATOR, requesterId))?.id).toBe(requesterId);
    expect((await s.requesterUseCases.get(MANAGER, requesterId))?.id).toBe(requesterId);
  });

  it('a requester without any case is read by no referent', async () => {
    const { s } = await setup();
    const lone = await s.requesterUseCases.create(OPERATOR, {
      kind: 'person',
      name: 'Pietro Solo',
      purpose: 'registrazione',
    });
    expect(await s.requesterUseCases.get(REFERENT_LP, lone.id)).toBeNull();
  });
});

describe('refused callers are told FORBIDDEN first (issue 12)', () => {
  it('another office’s referent: FORBIDDEN whatever the input, and for an unknown case too', async () => {
    const { s, caseId } = await setup();
    await expect(
      s.cases.changeStatus(REFERENT_TRIBUTI, { caseId, status: 'received' }),
    ).rejects.toMatchObject(forbidden);
    await expect(s.cases.sendMessage(REFERENT_TRIBUTI, { caseId })).rejects.toMatchObject(forbidden);
    await expect(s.cases.suspend(REFERENT_TRIBUTI, { caseId, reason: '' })).rejects.toMatchObject(forbidden);
    await expect(s.cases.cannedReplies(REFERENT_TRIBUTI, caseId, false)).rejects.toMatchObject(forbidden);
    await expect(
      s.cases.addNote(REFERENT_TRIBUTI, { caseId: 'case_nessuna', text: 'x' }),
    ).rejects.toMatchObject(forbidden);
    // a role the table does not grant: FORBIDDEN before anything
    await expect(
      s.contactUseCases.close(REFERENT_LP, { id: 'nessuno', resolvedAtFirstContact: false }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      s.contactUseCases.proposeFaq(REFERENT_LP, { contactId: 'nessuno', question: '', answer: '' }),
    ).rejects.toMatchObject(forbidden);
  });

  it('allowed callers still get NOT_FOUND and field errors', async () => {
    const { s, caseId } = await setup();
    await expect(s.cases.addNote(OPERATOR, { caseId: 'case_nessuna', text: 'x' })).rejects.toMatchObject(
      notFound,
    );
    await expect(
      s.contactUseCases.close(OPERATOR, { id: 'nessuno', resolvedAtFirstContact: false }),
    ).rejects.toMatchObject(notFound);
    await expect(s.cases.changeStatus(REFERENT_LP, { caseId, status: 'received' })).rejects.toMatchObject(
      badInput,
    );
    await expect(s.cases.suspend(REFERENT_LP, { caseId, reason: '' })).rejects.toMatchObject(badInput);
  });
});

describe('the event builder knows the requester (issue 12)', () => {
  it('scrubs the requester’s own name, e-mail and phone from free text in events, without cue words', async () => {
    const { s, caseId } = await setup();
    await s.cases.suspend(OPERATOR, {
      caseId,
      reason: 'Zanardelli manderà le foto da ottavia.zanardelli@example.it, richiamare 3475550123',
      request: 'Ci mandi le foto, signora Zanardelli.',
    });
    const suspended = s.contacts.events.find((e) => e.type.includes('.CaseSuspended'));
    const reason = String((suspended?.data as { reason: string }).reason);
    expect(reason).not.toMatch(/Zanardelli|ottavia|5550123/i);
    expect(reason).toContain('manderà le foto');
  });
});
