import { decideInvitation, INVITATION_VALIDITY_DAYS } from './invitation.rules';

const DAY = 86_400_000;
const facts = { contactId: 'c', operatorId: 'op', channel: 'desk', closedAt: '2026-03-02T09:00:00Z' };
const closed = new Date(facts.closedAt).getTime();
const now = new Date(closed + 1000);

describe('survey invitation rules', () => {
  it('invites the requester of a closed contact, valid for two weeks from the closing', () => {
    const d = decideInvitation({ ...facts, requesterId: 'req_abc123' }, now);
    expect(d).toEqual({ invite: true, expiresAt: new Date(closed + 14 * DAY) });
    expect(INVITATION_VALIDITY_DAYS).toBe(14);
  });

  it('invites nobody about a contact closed too long ago (a replay of old events)', () => {
    const later = new Date(closed + 15 * DAY);
    expect(decideInvitation({ ...facts, requesterId: 'req_abc123' }, later)).toEqual({
      invite: false,
      reason: 'closed too long ago',
    });
  });

  it('does not invite when there is nobody to ask', () => {
    expect(decideInvitation(facts, now)).toEqual({ invite: false, reason: 'anonymous contact' });
  });
});
