import { DomainError, type UseCaseContext } from '@urp/kernel';
import type { CaseContact, Contact } from '../contact/contact.rules';
import { duplicateMarked } from './case.events';
import type { CaseRecord } from './case.model';
import { decided, mustHaveCase, type CaseDecision, type Notifiable } from './case-decision.rules';
import { logged, moveTo, OPEN_STATUSES } from './case-phases.rules';
import { DUPLICATE_REASONS, linkedDetail, mergedDetail } from './history-text.rules';

/**
 * Duplicate suggestions (the peers' users' third most frequent request): an open case of the same category,
 * near the same place and recent, or with a similar text, is probably the same problem.
 */

export interface DuplicateCandidate {
  caseId: string;
  categoryLevel1?: string;
  categoryLevel2?: string;
  lat?: number;
  lon?: number;
  openedAt: Date;
  /** The case's subject and text, or their stems already taken (`tokens`, the read model's). */
  text?: string;
  tokens?: ReadonlySet<string>;
}

export interface DuplicateProbe {
  categoryLevel1?: string;
  categoryLevel2?: string;
  lat?: number;
  lon?: number;
  at: Date;
  text: string;
}

export interface DuplicateScore {
  caseId: string;
  score: number;
  distanceMeters?: number;
  ageDays: number;
  textSimilarity: number;
  reasons: string[];
}

/** Great-circle distance (haversine), metres. */
export function distanceMeters(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

const STOPWORDS = new Set(
  'il lo la i gli le un uno una di a da in con su per tra fra e o ma che non del della dei delle al alla ai alle dal dalla nel nella sul sulla è ho ha sono mi si ci vi via viale piazza'.split(
    ' ',
  ),
);

/** Lowercase, accents folded, stop words out, crude Italian stemming (plural/gender endings). */
export function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length > 2 && !STOPWORDS.has(t))
      .map((t) => (t.length > 4 ? t.replace(/[aeio]$/, '') : t)),
  );
}

/** Jaccard similarity of the token sets (0…1). */
export function textSimilarity(a: string, b: string): number {
  return tokenSimilarity(tokens(a), tokens(b));
}

export function tokenSimilarity(ta: ReadonlySet<string>, tb: ReadonlySet<string>): number {
  if (!ta.size || !tb.size) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}

export const DUPLICATE_RULES = {
  /** Within this distance the place counts fully; it decays to zero at 4×. */
  nearMeters: 150,
  /** Within this age the recency counts fully; it decays to zero at 4×. */
  recentDays: 14,
  /** Suggestions below this score are not shown. */
  threshold: 0.45,
};

const decay = (value: number, full: number) =>
  value <= full ? 1 : Math.max(0, 1 - (value - full) / (3 * full));

/**
 * Score in 0…1: same category (0.3, +0.05 for the same level 2), nearby (0.3), recent (0.15), similar text
 * (0.25 × similarity, doubled when there is no place to compare). Different level-1 categories with no
 * textual similarity never match.
 */
export function scoreDuplicate(
  probe: DuplicateProbe,
  c: DuplicateCandidate,
  probeTokens: ReadonlySet<string> = tokens(probe.text),
): DuplicateScore {
  const reasons: string[] = [];
  let score = 0;
  const sameCategory = !!probe.categoryLevel1 && probe.categoryLevel1 === c.categoryLevel1;
  if (sameCategory) {
    score += 0.3;
    reasons.push(DUPLICATE_REASONS.sameCategory);
    if (probe.categoryLevel2 && probe.categoryLevel2 === c.categoryLevel2) score += 0.05;
  }
  let distance: number | undefined;
  const placed =
    probe.lat !== undefined && probe.lon !== undefined && c.lat !== undefined && c.lon !== undefined;
  if (probe.lat !== undefined && probe.lon !== undefined && c.lat !== undefined && c.lon !== undefined) {
    distance = distanceMeters({ lat: probe.lat, lon: probe.lon }, { lat: c.lat, lon: c.lon });
    const near = decay(distance, DUPLICATE_RULES.nearMeters);
    score += 0.3 * near;
    if (near > 0.5) reasons.push(DUPLICATE_REASONS.near(Math.round(distance)));
  }
  const ageDays = Math.max(0, (probe.at.getTime() - c.openedAt.getTime()) / 86_400_000);
  const recent = decay(ageDays, DUPLICATE_RULES.recentDays);
  if (sameCategory || placed) {
    score += 0.15 * recent;
    if (recent > 0.5) reasons.push(DUPLICATE_REASONS.opened(Math.floor(ageDays)));
  }
  const sim = tokenSimilarity(probeTokens, c.tokens ?? tokens(c.text ?? ''));
  score += (placed ? 0.25 : 0.5) * sim;
  if (sim >= 0.3) reasons.push(DUPLICATE_REASONS.similarText);
  if (!sameCategory && sim < 0.3) score = Math.min(score, DUPLICATE_RULES.threshold - 0.01);
  return {
    caseId: c.caseId,
    score: Math.round(Math.min(1, score) * 1000) / 1000,
    ...(distance !== undefined ? { distanceMeters: Math.round(distance) } : {}),
    ageDays: Math.floor(ageDays),
    textSimilarity: Math.round(sim * 1000) / 1000,
    reasons,
  };
}

export function rankDuplicates(
  probe: DuplicateProbe,
  candidates: readonly DuplicateCandidate[],
  limit = 5,
): DuplicateScore[] {
  const probeTokens = tokens(probe.text);
  return candidates
    .map((c) => scoreDuplicate(probe, c, probeTokens))
    .filter((s) => s.score >= DUPLICATE_RULES.threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

// ------------------------------------------------------------------ marking and merging

/** The original a duplicate is merged into: open, and not itself a duplicate. */
export function checkOriginal(caseId: string, original: Contact | null): CaseContact {
  if (!original?.case) throw DomainError.invalid('input.originalCaseId', 'pratica inesistente');
  if (original.case.id === caseId)
    throw DomainError.invalid('input.originalCaseId', 'una pratica non può essere duplicato di sé stessa');
  if (!OPEN_STATUSES.includes(original.case.status))
    throw DomainError.invalid('input.originalCaseId', `la pratica originale è ${original.case.status}`);
  if (original.case.duplicateOf)
    throw DomainError.invalid('input.originalCaseId', 'la pratica originale è a sua volta un duplicato');
  return original as CaseContact;
}

export interface MergeCase extends Notifiable {
  original: { caseId: string; protocolNumber?: string };
}

/** The duplicate is merged into the original (phase `merged`): later notes and messages go there. */
export function mergeCase(state: Contact | null, cmd: MergeCase, ctx: UseCaseContext): CaseDecision {
  const c = mustHaveCase(state);
  const rec: CaseRecord = {
    ...moveTo(c.case, 'merged', ctx.actor.sub, ctx.now, 'merged', mergedDetail(cmd.original)),
    duplicateOf: cmd.original.caseId,
  };
  return decided(ctx, c, rec, () => [duplicateMarked(ctx, c.case.id, cmd.original.caseId)], {
    notify: 'merged',
    recipient: cmd.recipient,
  });
}

/**
 * The original keeps the link to its duplicate (one thread for the office): decided on the original as stored,
 * so one closed or merged since it was checked is refused, as `checkOriginal` refuses it.
 */
export function linkDuplicate(
  state: Contact | null,
  cmd: { duplicate: { caseId: string; protocolNumber?: string } },
  ctx: UseCaseContext,
): CaseDecision {
  const c = checkOriginal(cmd.duplicate.caseId, mustHaveCase(state));
  const rec: CaseRecord = {
    ...logged(c.case, {
      at: ctx.now,
      by: ctx.actor.sub,
      action: 'duplicate_linked',
      detail: linkedDetail(cmd.duplicate),
    }),
    duplicates: [...new Set([...c.case.duplicates, cmd.duplicate.caseId])],
  };
  return decided(ctx, c, rec, () => []);
}
