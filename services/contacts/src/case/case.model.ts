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
  /** What the office asked the citizen to send when it moved the case to `waiting_citizen` (not a reply). */
  request?: true;
}

/** Procedures refused the start of a procedure asked by this case or contact (ProcedureStartRefused). */
export interface ProcedureStartRefusal {
  /** `unknown_procedure_type`, `type_inactive`, `unknown_form`, `invalid_request`… */
  code: string;
  /** Procedures' Italian sentence (no personal data). */
  reason: string;
  procedureTypeCode?: string;
  at: Date;
}

/** A message owed to the citizen about this case, as campaigns delivered it (NotificationDelivered/Failed). */
export interface CaseDelivery {
  notificationId: string;
  channel: string;
  template: string;
  status: 'sent' | 'delivered' | 'failed' | 'bounced';
  /** Why it failed (`no_address`, `smtp_550`…): never the address. */
  code?: string;
  attempts: number;
  at: Date;
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
  /** Procedures refused the start this case asked for: the operator must act (an alert in the queue). */
  procedureStartRefusal?: ProcedureStartRefusal;
  /** Deliveries of the messages owed to the citizen, one per notification id (latest state). */
  deliveries?: CaseDelivery[];
  /** Some message to the citizen could not be delivered (its latest state is failed or bounced). */
  deliveryFailed?: boolean;
}
