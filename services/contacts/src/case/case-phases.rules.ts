/**
 * The phases of a case (pratica / segnalazione / reclamo) and the moves between them. Pure: no Nest, no
 * database. A move that the table forbids is a CONFLICT (the state forbids it), never a write.
 */
import { DomainError } from '@urp/kernel';

/** Fixed phases (the law and the peers' users want fixed legal phases); each administration renames the labels. */
export const CASE_STATUSES = [
  'received',
  'triaged',
  'assigned',
  'in_progress',
  'waiting_citizen',
  'waiting_referent',
  'answered',
  'closed',
  'reopened',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Default Italian labels; `setPhaseLabel` overrides them per administration. */
export const DEFAULT_PHASE_LABELS: Record<CaseStatus, string> = {
  received: 'Ricevuta',
  triaged: 'Classificata',
  assigned: 'Assegnata',
  in_progress: 'In lavorazione',
  waiting_citizen: 'In attesa del cittadino',
  waiting_referent: 'In attesa del referente',
  answered: 'Risposta inviata',
  closed: 'Chiusa',
  reopened: 'Riaperta',
  merged: 'Unita a un’altra pratica',
};

const OPEN_WORK: CaseStatus[] = ['triaged', 'assigned', 'in_progress', 'waiting_citizen', 'waiting_referent'];

/** The transition table: from each phase, the phases a case may move to. */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  received: [...OPEN_WORK, 'answered', 'closed', 'merged'],
  triaged: ['assigned', 'in_progress', 'waiting_citizen', 'waiting_referent', 'answered', 'closed', 'merged'],
  assigned: [
    'assigned',
    'triaged',
    'in_progress',
    'waiting_citizen',
    'waiting_referent',
    'answered',
    'closed',
    'merged',
  ],
  in_progress: ['assigned', 'waiting_citizen', 'waiting_referent', 'answered', 'closed', 'merged'],
  waiting_citizen: ['in_progress', 'assigned', 'answered', 'closed', 'merged'],
  waiting_referent: ['in_progress', 'assigned', 'waiting_citizen', 'answered', 'closed', 'merged'],
  answered: ['in_progress', 'waiting_citizen', 'answered', 'closed'],
  closed: ['reopened'],
  reopened: [...OPEN_WORK, 'answered', 'closed', 'merged'],
  merged: [],
};

export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(
  (s) => s !== 'closed' && s !== 'merged',
);

/** Phase changes the citizen is told about (domain: "notify the citizen on every status change she should know about"). */
export const CITIZEN_RELEVANT: readonly CaseStatus[] = [
  'received',
  'assigned',
  'waiting_citizen',
  'answered',
  'closed',
  'reopened',
  'merged',
];

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (!canTransition(from, to))
    throw DomainError.conflict(
      `La pratica non può passare da «${DEFAULT_PHASE_LABELS[from]}» a «${DEFAULT_PHASE_LABELS[to]}»`,
    );
}

export interface CaseHistoryEntry {
  at: Date;
  by: string;
  action: string;
  status?: CaseStatus;
  detail?: string;
  dueAt?: Date;
}

/** Anything with a phase and a history (the case record). */
export interface Phased {
  status: CaseStatus;
  history: CaseHistoryEntry[];
}

export const logged = <T extends Phased>(c: T, entry: CaseHistoryEntry): T => ({
  ...c,
  history: [...c.history, entry],
});

/** Moves a case to a phase the table allows, with a history entry (who, when, what, why). */
export function moveTo<T extends Phased>(
  c: T,
  to: CaseStatus,
  by: string,
  at: Date,
  action: string,
  detail?: string,
): T {
  assertTransition(c.status, to);
  return { ...logged(c, { at, by, action, status: to, ...(detail ? { detail } : {}) }), status: to };
}

/** Case ids derive from the contact they were born from: the case lives in its contact's document. */
export const caseIdOf = (contactId: string) => `case_${contactId}`;
export const contactIdOfCase = (caseId: string) => (caseId.startsWith('case_') ? caseId.slice(5) : undefined);
