import type { CaseOutcome } from '@urp/contracts';
import type { Suspension } from './case-clock.rules';
import type { CaseHistoryEntry, CaseStatus } from './case-phases.rules';

export type { CaseHistoryEntry } from './case-phases.rules';

export interface CaseNote {
  id: string;
  at: Date;
  by: string;
  text: string;
  mentions: string[];
}

export interface CaseMessage {
  id: string;
  at: Date;
  by: string;
  text: string;
}

/** A case as stored inside its contact's document (one document: contact, case and their events). */
export interface CaseRecord {
  id: string;
  status: CaseStatus;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  officeId?: string;
  referentId?: string;
  openedAt: Date;
  dueAt: Date;
  reminderAt?: Date;
  termDays: number;
  /** The term counts working days (the policy said "giorni lavorativi"). */
  workingDays?: boolean;
  reminderAfterDays?: number;
  maxSuspensions?: number;
  maxSuspensionDays?: number;
  suspensions: Suspension[];
  firstResponseAt?: Date;
  closedAt?: Date;
  outcome?: CaseOutcome;
  forwardedTo?: string;
  withinTerm?: boolean;
  duplicateOf?: string;
  duplicates: string[];
  history: CaseHistoryEntry[];
  notes: CaseNote[];
  messages: CaseMessage[];
  /** Referents mentioned in notes (for their queue). */
  mentioned: string[];
  /** The next time-driven event (reminder or due date), absent when none is pending. */
  nextTimerAt?: Date;
  reminderFiredFor?: Date;
  dueFiredFor?: Date;
  closedBy?: string;
}
