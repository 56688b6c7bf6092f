/**
 * What the public page needs of an invitation, by token digest, in memory (issue 17: the page's hot read
 * must not wait for the store). Pure: no framework, no database.
 *
 * An invitation's page facts never change (its survey, its expiry), and its status only moves forward
 * (pending → answered | expired, never back), so the index merges by that order: whatever it learns, in
 * whatever order (the start-up read, its own writes, a read on a miss), it keeps the most advanced status.
 * Closed entries (which only make the page say "already answered" or "expired" without asking the store)
 * are bounded: past `maxClosed`, the oldest are forgotten and a later visit reads the store again.
 */
import type { Invitation, InvitationStatus } from './invitation.rules';

export interface PageEntry {
  invitationId: string;
  surveyId: string;
  expiresAt: Date;
  status: InvitationStatus;
}

const RANK: Record<InvitationStatus, number> = { pending: 0, answered: 1, expired: 1 };

export const pageEntryOf = (inv: Invitation): PageEntry => ({
  invitationId: inv.id,
  surveyId: inv.surveyId,
  expiresAt: inv.expiresAt,
  status: inv.status,
});

export class SurveyPageIndex {
  private readonly byToken = new Map<string, PageEntry>();
  private readonly tokenOf = new Map<string, string>();
  /** Token digests of closed entries, oldest first (a Map keeps insertion order). */
  private readonly closed = new Map<string, true>();

  constructor(private readonly maxClosed = 20_000) {}

  get size(): number {
    return this.byToken.size;
  }

  get(tokenHash: string): PageEntry | undefined {
    return this.byToken.get(tokenHash);
  }

  /** The pending invitations whose end has passed: the expiry sweep's candidates, without reading the store. */
  pendingPast(now: Date): string[] {
    const ids: string[] = [];
    for (const e of this.byToken.values())
      if (e.status === 'pending' && e.expiresAt < now) ids.push(e.invitationId);
    return ids;
  }

  /** Records what is known of a token; an entry already further along (closed) is kept. */
  put(tokenHash: string, entry: PageEntry): PageEntry {
    const held = this.byToken.get(tokenHash);
    if (held && RANK[held.status] >= RANK[entry.status]) return held;
    const kept = { ...entry };
    this.byToken.set(tokenHash, kept);
    this.tokenOf.set(entry.invitationId, tokenHash);
    if (entry.status !== 'pending') this.remember(tokenHash);
    return kept;
  }

  /** The invitation was answered or expired (by this instance's write, or as the store says). */
  close(invitationId: string, status: Exclude<InvitationStatus, 'pending'>): void {
    const tokenHash = this.tokenOf.get(invitationId);
    const held = tokenHash ? this.byToken.get(tokenHash) : undefined;
    if (!tokenHash || !held || held.status !== 'pending') return;
    this.byToken.set(tokenHash, { ...held, status });
    this.remember(tokenHash);
  }

  private remember(tokenHash: string): void {
    this.closed.set(tokenHash, true);
    for (const oldest of this.closed.keys()) {
      if (this.closed.size <= this.maxClosed) break;
      this.closed.delete(oldest);
      const entry = this.byToken.get(oldest);
      this.byToken.delete(oldest);
      if (entry) this.tokenOf.delete(entry.invitationId);
    }
  }
}
