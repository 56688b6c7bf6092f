import { decideInvitation, INVITATION_VALIDITY_DAYS } from './invitation.rules';

const facts = { contactId: 'c', operatorId: 'op', channel: 'desk', closedAt: '2026-03-02T09:00:00Z' };
const now = new Date('2026-03-02T09:00:01Z');

describe('survey invitation rules', () => {
  it('invites the requester of a closed contact, valid for two weeks', () => {
    const d = decideInvitation({ ...facts, requesterId: 'req_abc123' }, now);
    expect(d).toEqual({
      invite: true,
      expiresAt: new Date(now.getTime() + INVITATION_VALIDITY_DAYS * 86_400_000),
    });
    expect(INVITATION_VALIDITY_DAYS).toBe(14);
  });

  it('does not invite when there is nobody to ask', () => {
    expect(decideInvitation(facts, now)).toEqual({ invite: false, reason: 'anonymous contact' });
  });
});
