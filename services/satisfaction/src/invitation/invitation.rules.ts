/** Rules for inviting a citizen to rate a closed contact (pure: no framework, no database). */

export const INVITATION_VALIDITY_DAYS = 14;

export interface ClosedContactFacts {
  contactId: string;
  requesterId?: string;
  operatorId: string;
  channel: string;
  closedAt: string;
}

export type InvitationDecision = { invite: true; expiresAt: Date } | { invite: false; reason: string };

export function decideInvitation(facts: ClosedContactFacts, now: Date): InvitationDecision {
  // nobody to ask: an anonymous contact has no requester to reach
  if (!facts.requesterId) return { invite: false, reason: 'anonymous contact' };
  return { invite: true, expiresAt: new Date(now.getTime() + INVITATION_VALIDITY_DAYS * 86_400_000) };
}
