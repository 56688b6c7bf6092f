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

/**
 * The invitation runs from the closing of the contact, not from when this service hears of it: replaying
 * the topic into a fresh projection must not invite citizens about contacts closed months ago.
 */
export function decideInvitation(facts: ClosedContactFacts, now: Date): InvitationDecision {
  // nobody to ask: an anonymous contact has no requester to reach
  if (!facts.requesterId) return { invite: false, reason: 'anonymous contact' };
  const expiresAt = new Date(new Date(facts.closedAt).getTime() + INVITATION_VALIDITY_DAYS * 86_400_000);
  if (expiresAt <= now) return { invite: false, reason: 'closed too long ago' };
  return { invite: true, expiresAt };
}
