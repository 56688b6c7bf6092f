/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> =
  T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AddCaseNoteInput = {
  caseId: string | number;
  /** Mentions: @referentId. */
  text: string;
};

export type AlertScope = 'CHANNEL' | 'OFFICE' | 'SERVICE';

export type ApproveContentInput = {
  /** Scheduled expiry (ISO-8601). */
  expireAt?: string | null | undefined;
  id: string | number;
  kind: ContentKind;
  note?: string | null | undefined;
  /** Scheduled publication (ISO-8601); now when absent. */
  publishAt?: string | null | undefined;
};

export type CampaignBlackoutJustificationInput = {
  impersonal: boolean;
  indispensable: boolean;
  reason: string;
};

export type CampaignChannel = 'EMAIL' | 'IO' | 'SMS';

export type CampaignInput = {
  blackoutJustification?: CampaignBlackoutJustificationInput | null | undefined;
  endsAt?: string | null | undefined;
  goal: string;
  ownerId?: string | null | undefined;
  segment?: CampaignSegmentInput | null | undefined;
  sheetIds?: Array<string | number> | null | undefined;
  startsAt: string;
  steps: Array<CampaignStepInput>;
  title: string;
  topics: Array<string>;
};

export type CampaignSegmentInput = {
  areas?: Array<string> | null | undefined;
  servicesUsed?: Array<string> | null | undefined;
  topics?: Array<string> | null | undefined;
};

/** Life cycle of a campaign (campagna di comunicazione): approval by someone other than the author. */
export type CampaignStatus =
  'APPROVED' | 'ARCHIVED' | 'COMPLETED' | 'DRAFT' | 'IN_APPROVAL' | 'PAUSED' | 'RUNNING' | 'SCHEDULED';

export type CampaignStepInput = {
  body: string;
  channel: CampaignChannel;
  subject?: string | null | undefined;
  waitHours: number;
};

/** An alert of the operator's queue. */
export type CaseAlert =
  /** A message to the citizen could not be delivered (failed or bounced). */
  | 'DELIVERY_FAILED'
  /** Procedures refused the procedure start the case asked for. */
  | 'PROCEDURE_START_REFUSED';

export type CaseIdInput = {
  caseId: string | number;
};

export type CaseOutcome =
  'ACCEPTED' | 'ANSWERED' | 'FORWARDED' | 'PARTLY_ACCEPTED' | 'REJECTED' | 'WITHDRAWN';

export type CasePriority = 'HIGH' | 'LOW' | 'NORMAL' | 'URGENT';

export type CaseQueueFilter = {
  /** Only cases with this alert (a refused procedure start, a failed delivery). */
  alert?: CaseAlert | null | undefined;
  categoryLevel1?: string | null | undefined;
  /** Solo le pratiche non ancora scadute che scadono entro questo numero di giorni (in scadenza). */
  dueWithinDays?: number | null | undefined;
  /** Include closed and merged cases (default: open only). */
  includeClosed?: boolean | null | undefined;
  /** Cases I registered (front office), assigned to me (referent) or mentioning me. */
  mine?: boolean | null | undefined;
  officeId?: string | null | undefined;
  overdue?: boolean | null | undefined;
  priority?: CasePriority | null | undefined;
  /**
   * Numero di protocollo del contatto: «2026/0000123» (quello), oppure «123» o «0000123» (quel numero in
   * qualsiasi anno).
   */
  protocolNumber?: string | null | undefined;
  referentId?: string | null | undefined;
  /** Solo le pratiche di questo richiedente (l'ambito degli uffici resta). */
  requesterId?: string | number | null | undefined;
  status?: Array<CaseStatus> | null | undefined;
  /** Solo le pratiche con i termini sospesi. */
  suspended?: boolean | null | undefined;
  type?: ContactType | null | undefined;
};

/** Fixed phases of a case; each administration renames their labels (phaseLabels / setPhaseLabel). */
export type CaseStatus =
  | 'ANSWERED'
  | 'ASSIGNED'
  | 'CLOSED'
  | 'IN_PROGRESS'
  | 'MERGED'
  | 'RECEIVED'
  | 'REOPENED'
  | 'TRIAGED'
  | 'WAITING_CITIZEN'
  | 'WAITING_REFERENT';

export type ChangeImprovementActionInput = {
  /** The revision the change was decided on: if the action changed since, CONFLICT (nothing is overwritten). */
  expectedRevision?: number | null | undefined;
  id: string | number;
  note?: string | null | undefined;
  status: ImprovementActionStatus;
};

/** Canale di contatto. */
export type Channel = 'APP' | 'DESK' | 'EMAIL' | 'LETTER' | 'PEC' | 'PHONE' | 'SOCIAL' | 'WEB_FORM';

export type CloseCaseInput = {
  caseId: string | number;
  /** Admin only: historical import. */
  closedAt?: string | null | undefined;
  /** For FORWARDED: the receiving body. */
  forwardedTo?: string | null | undefined;
  outcome: CaseOutcome;
};

export type ContactCategoryInput = {
  level1: string;
  level2?: string | null | undefined;
  level3?: string | null | undefined;
};

export type ContactDirection = 'INBOUND' | 'OUTBOUND';

export type ContactPlaceInput = {
  address?: string | null | undefined;
  area?: string | null | undefined;
  lat?: number | null | undefined;
  lon?: number | null | undefined;
};

export type ContactStatus = 'CLOSED' | 'OPEN';

/** Tipo di contatto. */
export type ContactType =
  | 'CIVIC_ACCESS'
  | 'COMPLAINT'
  | 'DOCUMENT_ACCESS'
  | 'FOIA'
  | 'FORMS'
  | 'INFORMATION'
  | 'PRAISE'
  | 'PROCEDURE_START'
  | 'REPORT'
  | 'SUGGESTION';

export type ContentActionInput = {
  id: string | number;
  kind: ContentKind;
  note?: string | null | undefined;
};

/** Per chi è il contenuto: il sito pubblico o solo il personale. */
export type ContentAudience = 'INTERNAL' | 'PUBLIC';

/** I contenuti versionati della base di conoscenza. */
export type ContentKind = 'FORM' | 'REPLY_TEMPLATE' | 'SHEET';

/** Stato redazionale di un contenuto (scheda, modulo, risposta tipo). */
export type ContentStatus = 'ARCHIVED' | 'DRAFT' | 'EXPIRED' | 'IN_REVIEW' | 'PUBLISHED';

export type DecideProcedureInput = {
  /** Why the applicant's observations on the rejection notice are not accepted (art. 10-bis L. 241/1990): required for a rejection or a partial acceptance after observations; printed in the decision notice. */
  observationsAnswer?: string | null | undefined;
  on?: string | null | undefined;
  outcome: ProcedureOutcome;
  reasons: string;
};

export type DuplicateProbeInput = {
  category?: ContactCategoryInput | null | undefined;
  place?: ContactPlaceInput | null | undefined;
  subject: string;
  text?: string | null | undefined;
};

export type EditSheetInput = {
  content: SheetContentInput;
  /** The revision the edit starts from (the sheet's `revision` as read): a newer one means CONFLICT, not an overwrite. */
  expectedRevision?: number | null | undefined;
  id: string | number;
  /** What changed (required). */
  note: string;
};

export type FormFieldKind = 'DATE' | 'FILE' | 'MULTIPLE_CHOICE' | 'NUMBER' | 'SINGLE_CHOICE' | 'TEXT';

export type ImprovementActionStatus = 'ACCEPTED' | 'DONE' | 'PROPOSED' | 'REJECTED';

/** Filters of every indicator. Months are `YYYY-MM` (Europe/Rome), inclusive. */
export type IndicatorFilter = {
  channel?: string | null | undefined;
  from?: string | null | undefined;
  officeId?: string | null | undefined;
  /** A contact category (level 1 code), a procedure type code or an online service code. */
  serviceCode?: string | null | undefined;
  to?: string | null | undefined;
  trigger?: SurveyTrigger | null | undefined;
};

export type MarkDuplicateInput = {
  caseId: string | number;
  originalCaseId: string | number;
};

/** An act on a procedure (procedures' policy: the caller's role, the procedure's office, the engaged substitute). */
export type ProcedureAct =
  'ASSIGN' | 'DECIDE' | 'RECEIVE_OBSERVATIONS' | 'RESUME' | 'SEND_REJECTION_NOTICE' | 'SUSPEND';

/** Which clock runs: the ordinary term or the substitute official's (art. 2 c.9-ter). */
export type ProcedureClockPhase = 'ORDINARY' | 'SUBSTITUTE';

/** One list of a desk, as shown: `ProcedureDesk`'s fields of the same name. */
export type ProcedureDeskList =
  'byNextDeadline' | 'overdue' | 'silentAssentForming' | 'suspended' | 'undelivered';

export type ProcedureInitiative = 'OFFICE' | 'PARTY';

export type ProcedureKind =
  'DOCUMENT_ACCESS' | 'GENERALISED_CIVIC_ACCESS' | 'GENERIC' | 'REVIEW_REQUEST' | 'SIMPLE_CIVIC_ACCESS';

export type ProcedureOutcome =
  'ACCEPTED' | 'DEFERRED' | 'INADMISSIBLE' | 'PARTLY_ACCEPTED' | 'REJECTED' | 'SILENT_ASSENT';

export type ProcedureStatus = 'DECIDED' | 'STARTED' | 'SUBMITTED' | 'SUSPENDED';

export type ProposeImprovementActionInput = {
  alertId?: string | number | null | undefined;
  description?: string | null | undefined;
  dueAt?: string | null | undefined;
  scope?: AlertScope | null | undefined;
  scopeId?: string | null | undefined;
  title: string;
};

export type RegisterContactInput = {
  category?: ContactCategoryInput | null | undefined;
  channel: Channel;
  direction?: ContactDirection | null | undefined;
  /** Form answers (JSON object) for PROCEDURE_START. */
  formData?: string | null | undefined;
  formId?: string | null | undefined;
  formVersion?: number | null | undefined;
  officeId?: string | null | undefined;
  /** Open a case for back-office work (always for complaints, reports, access requests unless resolved now). */
  openCase?: boolean | null | undefined;
  place?: ContactPlaceInput | null | undefined;
  priority?: CasePriority | null | undefined;
  /** For PROCEDURE_START. */
  procedureTypeCode?: string | null | undefined;
  referentId?: string | null | undefined;
  /** Admin only: historical import (migrations, demo) with its own timestamp. */
  registeredAt?: string | null | undefined;
  requesterId?: string | null | undefined;
  /** Answered at once: the contact is closed as it is registered. */
  resolvedAtFirstContact?: boolean | null | undefined;
  sheetIds?: Array<string> | null | undefined;
  /** What the contact is about, in a few words (1-200 characters). */
  subject: string;
  text?: string | null | undefined;
  type: ContactType;
};

export type ReopenCaseInput = {
  caseId: string | number;
  reason: string;
};

export type ReplyTemplateKind = 'FAQ' | 'REPLY';

export type RequesterChannel = 'EMAIL' | 'IO' | 'LETTER' | 'PEC' | 'PHONE' | 'SMS';

export type RequesterInput = {
  area?: string | null | undefined;
  email?: string | null | undefined;
  fiscalCode?: string | null | undefined;
  isStaff?: boolean | null | undefined;
  kind: RequesterKind;
  name?: string | null | undefined;
  pec?: string | null | undefined;
  phone?: string | null | undefined;
  postalAddress?: string | null | undefined;
  preferredChannel?: RequesterChannel | null | undefined;
  purpose: string;
};

export type RequesterKind = 'ANONYMOUS' | 'ASSOCIATION' | 'COMPANY' | 'PERSON' | 'PUBLIC_BODY';

export type RouteCaseInput = {
  caseId: string | number;
  officeId: string;
  referentId?: string | null | undefined;
};

export type SendCaseMessageInput = {
  /** The message answers the citizen (phase ANSWERED). */
  answer?: boolean | null | undefined;
  caseId: string | number;
  /** Start from a canned reply (its placeholders filled from the case). */
  templateId?: string | null | undefined;
  /** The message (or start from templateId). */
  text?: string | null | undefined;
};

export type SheetAccessChannelInput = {
  bookingRequired?: boolean | null | undefined;
  channel: SheetAccessChannelKind;
  description: string;
  requiresSpidCie?: boolean | null | undefined;
  url?: string | null | undefined;
};

export type SheetAccessChannelKind = 'DESK' | 'EMAIL' | 'ONLINE' | 'PEC' | 'PHONE' | 'POST';

export type SheetAttachmentInput = {
  formCode?: string | null | undefined;
  title: string;
  url?: string | null | undefined;
};

/** The whole content of a revision, AgID order. */
export type SheetContentInput = {
  accessChannels?: Array<SheetAccessChannelInput> | null | undefined;
  attachments?: Array<SheetAttachmentInput> | null | undefined;
  audience?: ContentAudience | null | undefined;
  category: string;
  citizenWords?: Array<string> | null | undefined;
  conditions?: string | null | undefined;
  costs?: string | null | undefined;
  howTo: string;
  lifeEvents?: Array<string> | null | undefined;
  moreInfo?: string | null | undefined;
  officeIds?: Array<string | number> | null | undefined;
  ownerReferentId?: string | number | null | undefined;
  procedureTypeCode?: string | null | undefined;
  responseTimeDays?: number | null | undefined;
  reviewIntervalMonths?: number | null | undefined;
  shortDescription: string;
  specialCases?: string | null | undefined;
  timesAndDeadlines?: string | null | undefined;
  title: string;
  topics?: Array<string> | null | undefined;
  whatYouGet: string;
  whatYouNeed?: string | null | undefined;
  whoIsItFor: string;
};

export type SheetListFilter = 'ALL' | 'DRAFT' | 'INCONSISTENT' | 'IN_REVIEW' | 'PUBLISHED' | 'REVIEW_OVERDUE';

export type SurveyInvitationStatus = 'ANSWERED' | 'EXPIRED' | 'PENDING';

/** What made a survey due. */
export type SurveyTrigger = 'CASE_CLOSED' | 'CONTACT_CLOSED' | 'ONLINE_SERVICE' | 'PROCEDURE_DECIDED';

export type SuspendCaseInput = {
  caseId: string | number;
  /** Why the clock stops (internal: the case history). */
  reason: string;
  /**
   * Cosa deve inviare il cittadino (obbligatorio): il testo gli arriva nel messaggio sulla pratica in attesa e
   * compare nella pagina di stato finché la pratica resta sospesa. Resta tra i messaggi pubblici della pratica.
   */
  request?: string | null | undefined;
};

export type SuspendProcedureInput = {
  /** document_request, third_party_objection or a kind the administration defines. */
  kind: string;
  reason: string;
  /** The day the suspending act was sent (default today). */
  start?: string | null | undefined;
};

export type SearchRequestersPersonalQueryVariables = Exact<{
  query: string;
  purpose: string;
  first?: number | null | undefined;
}>;

export type SearchRequestersPersonalQuery = {
  searchRequesters: Array<{
    id: string;
    kind: RequesterKind;
    createdAt: string;
    personalData: {
      name: string | null;
      fiscalCode: string | null;
      email: string | null;
      pec: string | null;
      phone: string | null;
    } | null;
  }>;
};

export type SearchRequestersIdsQueryVariables = Exact<{
  query: string;
  purpose: string;
  first?: number | null | undefined;
}>;

export type SearchRequestersIdsQuery = { searchRequesters: Array<{ id: string; kind: RequesterKind }> };

export type CreateCampaignMutationVariables = Exact<{
  input: CampaignInput;
}>;

export type CreateCampaignMutation = { createCampaign: { id: string } };

export type CampaignReadabilityQueryVariables = Exact<{
  text: string;
}>;

export type CampaignReadabilityQuery = {
  campaignReadability: {
    gulpease: number;
    level: string;
    words: number;
    sentences: number;
    suggestions: Array<string>;
  };
};

export type CampaignSegmentPreviewQueryVariables = Exact<{
  segment: CampaignSegmentInput;
  channel: CampaignChannel;
}>;

export type CampaignSegmentPreviewQuery = {
  campaignSegmentPreview: {
    count: number;
    consenting: number;
    excludedDoNotContact: number;
    excludedAnonymised: number;
    excludedNotInSegment: number;
  };
};

export type CampaignListQueryVariables = Exact<{
  status?: CampaignStatus | null | undefined;
  first?: number | null | undefined;
}>;

export type CampaignListQuery = {
  campaigns: Array<{
    id: string;
    title: string;
    status: CampaignStatus;
    startsAt: string;
    channels: Array<CampaignChannel>;
    authorId: string;
    deliveryStats: { sent: number; delivered: number; bounced: number };
  }>;
};

export type CampaignDetailQueryVariables = Exact<{
  id: string | number;
}>;

export type CampaignDetailQuery = {
  campaign: {
    id: string;
    revision: number;
    title: string;
    goal: string;
    topics: Array<string>;
    channels: Array<CampaignChannel>;
    startsAt: string;
    endsAt: string | null;
    ownerId: string;
    authorId: string;
    status: CampaignStatus;
    approvedBy: string | null;
    approvedAt: string | null;
    launchedAt: string | null;
    completedAt: string | null;
    segment: { topics: Array<string>; areas: Array<string>; servicesUsed: Array<string> };
    steps: Array<{
      stepId: string;
      channel: CampaignChannel;
      waitHours: number;
      subject: string | null;
      body: string;
      dueAt: string | null;
      readability: { gulpease: number; level: string; suggestions: Array<string> };
      progress: {
        startedAt: string;
        completedAt: string | null;
        recipients: number;
        sent: number;
        bounced: number;
        skipped: number;
      } | null;
    }>;
    history: Array<{ action: string; by: string; at: string; note: string | null }>;
    deliveryStats: {
      queued: number;
      sent: number;
      delivered: number;
      bounced: number;
      opened: number;
      clicked: number;
      unsubscribed: number;
    };
    effect: {
      changeDuringVsBeforePercent: number | null;
      changeDuringVsPreviousYearPercent: number | null;
      windows: Array<{
        label: string;
        from: string;
        to: string;
        complete: boolean;
        contactsOnTopics: number;
        sheetUsage: number;
        allContacts: number;
        previousYear: { contactsOnTopics: number } | null;
      }>;
    };
  } | null;
};

export type SubmitCampaignMutationVariables = Exact<{
  id: string | number;
}>;

export type SubmitCampaignMutation = { submitCampaign: { id: string; status: CampaignStatus } };

export type ApproveCampaignMutationVariables = Exact<{
  id: string | number;
}>;

export type ApproveCampaignMutation = { approveCampaign: { id: string; status: CampaignStatus } };

export type RejectCampaignMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;

export type RejectCampaignMutation = { rejectCampaign: { id: string; status: CampaignStatus } };

export type ScheduleCampaignMutationVariables = Exact<{
  id: string | number;
  startsAt?: string | null | undefined;
}>;

export type ScheduleCampaignMutation = { scheduleCampaign: { id: string; status: CampaignStatus } };

export type UnscheduleCampaignMutationVariables = Exact<{
  id: string | number;
}>;

export type UnscheduleCampaignMutation = { unscheduleCampaign: { id: string; status: CampaignStatus } };

export type PauseCampaignMutationVariables = Exact<{
  id: string | number;
}>;

export type PauseCampaignMutation = { pauseCampaign: { id: string; status: CampaignStatus } };

export type ResumeCampaignMutationVariables = Exact<{
  id: string | number;
}>;

export type ResumeCampaignMutation = { resumeCampaign: { id: string; status: CampaignStatus } };

export type CompleteCampaignMutationVariables = Exact<{
  id: string | number;
}>;

export type CompleteCampaignMutation = { completeCampaign: { id: string; status: CampaignStatus } };

export type ArchiveCampaignMutationVariables = Exact<{
  id: string | number;
}>;

export type ArchiveCampaignMutation = { archiveCampaign: { id: string; status: CampaignStatus } };

export type CaseDetailQueryVariables = Exact<{
  id: string | number;
}>;

export type CaseDetailQuery = {
  case: {
    id: string;
    protocolNumber: string;
    type: ContactType;
    channel: Channel;
    status: CaseStatus;
    statusLabel: string;
    priority: CasePriority;
    officeName: string | null;
    referentName: string | null;
    openedAt: string;
    dueAt: string;
    overdue: boolean;
    suspended: boolean;
    suspendedDays: number;
    closedAt: string | null;
    outcome: CaseOutcome | null;
    withinTerm: boolean | null;
    alerts: Array<CaseAlert>;
    contact: { subject: string; text: string | null } | null;
    history: Array<{ at: string; by: string; action: string; detail: string | null; dueAt: string | null }>;
    notes: Array<{ id: string; at: string; by: string; text: string }>;
    messages: Array<{ id: string; at: string; by: string; text: string; request: boolean | null }>;
    procedureStartRefusal: {
      code: string;
      reason: string;
      procedureTypeCode: string | null;
      at: string;
    } | null;
    deliveries: Array<{
      notificationId: string;
      channel: string;
      template: string;
      status: string;
      code: string | null;
      attempts: number;
      at: string;
    }>;
  } | null;
  cannedReplies: Array<{
    templateId: string;
    title: string;
    text: string;
    missingPlaceholders: Array<string>;
  }>;
};

export type SendCaseMessageMutationVariables = Exact<{
  input: SendCaseMessageInput;
}>;

export type SendCaseMessageMutation = { sendCaseMessage: { id: string } };

export type AddCaseNoteMutationVariables = Exact<{
  input: AddCaseNoteInput;
}>;

export type AddCaseNoteMutation = { addCaseNote: { id: string } };

export type SuspendCaseMutationVariables = Exact<{
  input: SuspendCaseInput;
}>;

export type SuspendCaseMutation = { suspendCase: { id: string } };

export type ResumeCaseMutationVariables = Exact<{
  input: CaseIdInput;
}>;

export type ResumeCaseMutation = { resumeCase: { id: string } };

export type CloseCaseMutationVariables = Exact<{
  input: CloseCaseInput;
}>;

export type CloseCaseMutation = { closeCase: { id: string } };

export type RouteCaseMutationVariables = Exact<{
  input: RouteCaseInput;
}>;

export type RouteCaseMutation = { routeCase: { id: string } };

export type ReopenCaseMutationVariables = Exact<{
  input: ReopenCaseInput;
}>;

export type ReopenCaseMutation = { reopenCase: { id: string } };

export type CaseDirectoryQueryVariables = Exact<{ [key: string]: never }>;

export type CaseDirectoryQuery = {
  offices: Array<{
    id: string;
    name: string;
    active: boolean;
    referents: Array<{ id: string; name: string; staffId: string | null; active: boolean }>;
  }>;
};

export type DashboardIndicatorsQueryVariables = Exact<{
  filter?: IndicatorFilter | null | undefined;
}>;

export type DashboardIndicatorsQuery = {
  contactVolumes: Array<{ month: string; channel: string; contactType: string; contacts: number }>;
  firstContactResolution: Array<{
    month: string;
    closed: number | null;
    resolvedAtFirstContact: number | null;
  }>;
  backlog: Array<{ officeId: string; open: number; overdue: number; suspended: number }>;
  caseTimes: Array<{
    key: string;
    closed: number | null;
    withinTermShare: number | null;
    closureMedianDays: number | null;
    closureP90Days: number | null;
    firstResponseMedianDays: number | null;
    belowMinimumSample: boolean;
  }>;
  satisfactionIndicators: Array<{
    key: string;
    answered: number | null;
    responseRate: number | null;
    satisfiedShare: number | null;
    neutralShare: number | null;
    dissatisfiedShare: number | null;
    meanStars: number | null;
    belowMinimumSample: boolean;
  }>;
};

export type OfficeNamesQueryVariables = Exact<{ [key: string]: never }>;

export type OfficeNamesQuery = { offices: Array<{ id: string; name: string }> };

export type ImprovementBoardQueryVariables = Exact<{ [key: string]: never }>;

export type ImprovementBoardQuery = {
  satisfactionAlerts: Array<{
    id: string;
    scope: AlertScope;
    scopeId: string;
    measure: string;
    value: number;
    threshold: number;
    sampleSize: number;
    windowStart: string;
    windowEnd: string;
    raisedAt: string;
  }>;
  improvementActions: Array<{
    id: string;
    alertId: string | null;
    scope: AlertScope;
    scopeId: string;
    title: string;
    description: string | null;
    status: ImprovementActionStatus;
    dueAt: string | null;
    revision: number;
    createdAt: string;
  }>;
};

export type ProposeImprovementActionMutationVariables = Exact<{
  input: ProposeImprovementActionInput;
}>;

export type ProposeImprovementActionMutation = {
  proposeImprovementAction: { id: string; status: ImprovementActionStatus };
};

export type ChangeImprovementActionMutationVariables = Exact<{
  input: ChangeImprovementActionInput;
}>;

export type ChangeImprovementActionMutation = {
  changeImprovementAction: { id: string; status: ImprovementActionStatus; revision: number };
};

export type KbFormsQueryVariables = Exact<{ [key: string]: never }>;

export type KbFormsQuery = {
  forms: Array<{
    id: string;
    code: string;
    title: string;
    status: ContentStatus;
    revision: number;
    version: number | null;
    versions: Array<{ version: number; revision: number; publishedAt: string }>;
  }>;
};

export type KbFormVersionsQueryVariables = Exact<{
  id: string | number;
}>;

export type KbFormVersionsQuery = {
  form: {
    id: string;
    versions: Array<{
      version: number;
      revision: number;
      title: string;
      publishedAt: string;
      fields: Array<{ name: string; label: string; type: FormFieldKind; required: boolean }>;
    }>;
  } | null;
};

export type KbTemplatesQueryVariables = Exact<{
  kind?: ReplyTemplateKind | null | undefined;
  status?: ContentStatus | null | undefined;
}>;

export type KbTemplatesQuery = {
  replyTemplates: Array<{
    id: string;
    code: string;
    kind: ReplyTemplateKind;
    title: string;
    body: string;
    placeholders: Array<string>;
    caseStatus: string | null;
    category: string | null;
    status: ContentStatus;
    revision: number;
    origin: string | null;
  }>;
};

export type KbSubmitContentMutationVariables = Exact<{
  input: ContentActionInput;
}>;

export type KbSubmitContentMutation = { submitContent: { status: ContentStatus } };

export type KbApproveContentMutationVariables = Exact<{
  input: ApproveContentInput;
}>;

export type KbApproveContentMutation = { approveContent: { status: ContentStatus } };

export type RejectionNoticeItemFragment = {
  sentOn: string;
  reasons: string;
  receivedOn: string | null;
  observationsOn: string | null;
  observations: string | null;
};

export type ProcedureDetailQueryVariables = Exact<{
  id: string | number;
}>;

export type ProcedureDetailQuery = {
  procedure: {
    id: string;
    typeName: string;
    kind: ProcedureKind;
    subject: string;
    protocolNumber: string;
    status: ProcedureStatus;
    phase: ProcedureClockPhase;
    receivedOn: string;
    responsibleName: string | null;
    officeId: string | null;
    officeName: string | null;
    permittedActs: Array<ProcedureAct>;
    legalTermDays: number;
    dueDate: string | null;
    latestDueDate: string | null;
    suspendedDays: number;
    overdue: boolean;
    type: { initiative: ProcedureInitiative; rejectionNoticeRequired: boolean } | null;
    suspensions: Array<{
      id: string;
      kind: string;
      reason: string;
      start: string;
      end: string | null;
      endedByLaw: boolean;
    }>;
    decision: { outcome: ProcedureOutcome; reasons: string; decidedOn: string; withinTerm: boolean } | null;
    substitute: { engagedOn: string; termDays: number; dueDate: string; ordinaryDueDate: string } | null;
    rejectionNotice: {
      sentOn: string;
      reasons: string;
      receivedOn: string | null;
      observationsOn: string | null;
      observations: string | null;
    } | null;
    earlierRejectionNotices: Array<{
      sentOn: string;
      reasons: string;
      receivedOn: string | null;
      observationsOn: string | null;
      observations: string | null;
    }>;
    timeline: Array<{
      at: string;
      type: string;
      summary: string;
      by: string | null;
      dueDate: string | null;
      previousDueDate: string | null;
    }>;
  } | null;
};

export type ProcedureStartNoticeQueryVariables = Exact<{
  id: string | number;
}>;

export type ProcedureStartNoticeQuery = { procedureStartNotice: { text: string } };

export type ProcedureNoticesQueryVariables = Exact<{
  id: string | number;
}>;

export type ProcedureNoticesQuery = {
  procedure: {
    id: string;
    documents: Array<{
      id: string;
      kind: string;
      title: string;
      createdAt: string;
      dueOn: string | null;
      notificationId: string | null;
      downloadUrl: string;
      delivery: { status: string; channel: string; code: string | null; at: string } | null;
    }>;
  } | null;
};

export type ProcedureSuspensionKindsQueryVariables = Exact<{ [key: string]: never }>;

export type ProcedureSuspensionKindsQuery = {
  suspensionKinds: Array<{ code: string; label: string; maxDays: number | null }>;
};

export type SuspendProcedureMutationVariables = Exact<{
  id: string | number;
  input: SuspendProcedureInput;
}>;

export type SuspendProcedureMutation = { suspendProcedure: { id: string } };

export type ResumeProcedureMutationVariables = Exact<{
  id: string | number;
  suspensionId: string | number;
  on?: string | null | undefined;
}>;

export type ResumeProcedureMutation = { resumeProcedure: { id: string } };

export type SendRejectionNoticeMutationVariables = Exact<{
  id: string | number;
  reasons: string;
  on?: string | null | undefined;
}>;

export type SendRejectionNoticeMutation = { sendRejectionNotice: { id: string } };

export type ReceiveObservationsMutationVariables = Exact<{
  id: string | number;
  on?: string | null | undefined;
  text?: string | null | undefined;
}>;

export type ReceiveObservationsMutation = { receiveObservations: { id: string } };

export type DecideProcedureMutationVariables = Exact<{
  id: string | number;
  input: DecideProcedureInput;
}>;

export type DecideProcedureMutation = { decideProcedure: { id: string } };

export type DeskItemFragment = {
  id: string;
  typeName: string;
  subject: string;
  protocolNumber: string;
  status: ProcedureStatus;
  dueDate: string | null;
  latestDueDate: string | null;
  daysLeft: number | null;
  undeliveredNotices: number;
};

export type DeskPageFragment = {
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
  items: Array<{
    id: string;
    typeName: string;
    subject: string;
    protocolNumber: string;
    status: ProcedureStatus;
    dueDate: string | null;
    latestDueDate: string | null;
    daysLeft: number | null;
    undeliveredNotices: number;
  }>;
};

export type ProcedureDeskQueryVariables = Exact<{ [key: string]: never }>;

export type ProcedureDeskQuery = {
  procedureDesk: { responsibleId: string; total: number };
  byNextDeadline: {
    totalCount: number;
    endCursor: string | null;
    hasNextPage: boolean;
    items: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
      undeliveredNotices: number;
    }>;
  };
  overdue: {
    totalCount: number;
    endCursor: string | null;
    hasNextPage: boolean;
    items: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
      undeliveredNotices: number;
    }>;
  };
  suspended: {
    totalCount: number;
    endCursor: string | null;
    hasNextPage: boolean;
    items: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
      undeliveredNotices: number;
    }>;
  };
  silentAssentForming: {
    totalCount: number;
    endCursor: string | null;
    hasNextPage: boolean;
    items: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
      undeliveredNotices: number;
    }>;
  };
  undelivered: {
    totalCount: number;
    endCursor: string | null;
    hasNextPage: boolean;
    items: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
      undeliveredNotices: number;
    }>;
  };
};

export type ProcedureDeskMoreQueryVariables = Exact<{
  list: ProcedureDeskList;
  first: number;
  after?: string | null | undefined;
}>;

export type ProcedureDeskMoreQuery = {
  procedureDeskList: {
    totalCount: number;
    endCursor: string | null;
    hasNextPage: boolean;
    items: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
      undeliveredNotices: number;
    }>;
  };
};

export type CaseQueueQueryVariables = Exact<{
  filter?: CaseQueueFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;

export type CaseQueueQuery = {
  caseQueue: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{
      node: {
        id: string;
        protocolNumber: string;
        type: ContactType;
        statusLabel: string;
        priority: CasePriority;
        dueAt: string;
        overdue: boolean;
        suspended: boolean;
        officeName: string | null;
        referentName: string | null;
        alerts: Array<CaseAlert>;
        contact: { subject: string } | null;
      };
    }>;
  };
};

export type MyReferentQueryVariables = Exact<{ [key: string]: never }>;

export type MyReferentQuery = {
  referents: Array<{ id: string; staffId: string | null; officeId: string; office: { name: string } }>;
};

export type SheetForEditQueryVariables = Exact<{
  id: string | number;
}>;

export type SheetForEditQuery = {
  sheet: {
    id: string;
    slug: string;
    status: ContentStatus;
    revision: number;
    publishedRevision: number | null;
    reviewDueAt: string | null;
    reviewOverdue: boolean;
    revisions: Array<{ revision: number; author: string; at: string; note: string }>;
    workingCopy: {
      title: string;
      shortDescription: string;
      whoIsItFor: string;
      howTo: string;
      whatYouNeed: string;
      whatYouGet: string;
      timesAndDeadlines: string;
      responseTimeDays: number | null;
      costs: string;
      officeIds: Array<string>;
      specialCases: string;
      moreInfo: string;
      conditions: string;
      category: string;
      lifeEvents: Array<string>;
      topics: Array<string>;
      procedureTypeCode: string | null;
      citizenWords: Array<string>;
      audience: ContentAudience;
      ownerReferentId: string | null;
      reviewIntervalMonths: number;
      accessChannels: Array<{
        channel: SheetAccessChannelKind;
        description: string;
        url: string | null;
        requiresSpidCie: boolean | null;
        bookingRequired: boolean | null;
      }>;
      offices: Array<{ name: string }>;
      attachments: Array<{ title: string; url: string | null; formCode: string | null }>;
    };
  } | null;
};

export type EditSheetMutationVariables = Exact<{
  input: EditSheetInput;
}>;

export type EditSheetMutation = { editSheet: { id: string; status: ContentStatus; revision: number } };

export type SubmitSheetMutationVariables = Exact<{
  input: ContentActionInput;
}>;

export type SubmitSheetMutation = { submitContent: { status: ContentStatus; revision: number } };

export type SheetDiffQueryVariables = Exact<{
  id: string | number;
  from: number;
  to: number;
}>;

export type SheetDiffQuery = {
  sheet: {
    id: string;
    diff: Array<{
      field: string;
      before: string;
      after: string;
      lines: Array<{ op: string; text: string }> | null;
    }>;
  } | null;
};

export type SheetListQueryVariables = Exact<{
  filter?: SheetListFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;

export type SheetListQuery = {
  sheetList: {
    totalCount: number;
    endCursor: string | null;
    hasNextPage: boolean;
    items: Array<{
      id: string;
      slug: string;
      title: string;
      category: string;
      status: ContentStatus;
      revision: number;
      publishedRevision: number | null;
      reviewDueAt: string | null;
      reviewOverdue: boolean;
      owner: { name: string } | null;
    }>;
  };
};

export type ApproveSheetMutationVariables = Exact<{
  input: ApproveContentInput;
}>;

export type ApproveSheetMutation = {
  approveContent: { status: ContentStatus; revision: number; publishedRevision: number | null };
};

export type DeskDataQueryVariables = Exact<{ [key: string]: never }>;

export type DeskDataQuery = {
  offices: Array<{
    id: string;
    name: string;
    referents: Array<{ id: string; name: string; active: boolean }>;
  }>;
  duePolicy: Array<{
    contactType: ContactType | null;
    categoryLevel1: string | null;
    days: number;
    workingDays: boolean | null;
  }>;
};

export type DeskHolidaysQueryVariables = Exact<{
  year: number;
  next: number;
}>;

export type DeskHolidaysQuery = { thisYear: Array<{ date: string }>; nextYear: Array<{ date: string }> };

export type DeskDuplicatesQueryVariables = Exact<{
  input: DuplicateProbeInput;
}>;

export type DeskDuplicatesQuery = {
  duplicateSuggestions: Array<{
    score: number;
    ageDays: number;
    reasons: Array<string>;
    case: { id: string; protocolNumber: string; statusLabel: string; officeName: string | null };
  }>;
};

export type DeskMarkDuplicateMutationVariables = Exact<{
  input: MarkDuplicateInput;
}>;

export type DeskMarkDuplicateMutation = {
  markDuplicate: { id: string; status: CaseStatus; duplicateOf: string | null };
};

export type ContactSurveyQueryVariables = Exact<{
  id: string | number;
}>;

export type ContactSurveyQuery = {
  contact: {
    id: string;
    surveyInvitation: {
      id: string;
      status: SurveyInvitationStatus;
      channel: string | null;
      expiresAt: string;
    } | null;
  } | null;
};

export type KbSearchQueryVariables = Exact<{
  query: string;
}>;

export type KbSearchQuery = {
  publicSearch: {
    total: number;
    hits: Array<{
      score: number;
      sheet: {
        id: string;
        slug: string;
        title: string;
        shortDescription: string;
        category: string;
        content: { officeIds: Array<string> };
      };
    }>;
  };
};

export type DeskProcedureTypesQueryVariables = Exact<{ [key: string]: never }>;

export type DeskProcedureTypesQuery = {
  procedureTypes: Array<{
    code: string;
    name: string;
    officeName: string | null;
    legalTermDays: number;
    initiative: ProcedureInitiative;
  }>;
};

export type DeskProcedureStartQueryVariables = Exact<{
  id: string | number;
}>;

export type DeskProcedureStartQuery = {
  contact: {
    id: string;
    procedureStart: { status: string; statusLabel: string; refusalReason: string | null } | null;
  } | null;
};

export type CreateRequesterMutationVariables = Exact<{
  input: RequesterInput;
}>;

export type CreateRequesterMutation = { createRequester: { id: string; kind: RequesterKind } };

export type RegisterContactMutationVariables = Exact<{
  input: RegisterContactInput;
}>;

export type RegisterContactMutation = {
  registerContactWithSuggestions: {
    contact: {
      id: string;
      status: ContactStatus;
      subject: string;
      protocolNumber: string | null;
      receiptCode: string | null;
      statusPageUrl: string | null;
      channel: Channel;
      resolvedAtFirstContact: boolean | null;
      sheetIds: Array<string>;
      type: ContactType;
      procedureTypeCode: string | null;
      case: {
        id: string;
        protocolNumber: string;
        dueAt: string;
        officeName: string | null;
        referentName: string | null;
        statusLabel: string;
      } | null;
    };
    duplicates: Array<{
      score: number;
      ageDays: number;
      reasons: Array<string>;
      case: { id: string; protocolNumber: string; statusLabel: string };
    }>;
  };
};

export type SendWeeklyBulletinMutationVariables = Exact<{
  periodEnd?: string | null | undefined;
}>;

export type SendWeeklyBulletinMutation = {
  sendWeeklyBulletins: { periodStart: string; periodEnd: string; sent: number; skipped: number };
};

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const RejectionNoticeItemFragmentDoc = new TypedDocumentString(
  `
    fragment RejectionNoticeItem on ProcedureRejectionNotice {
  sentOn
  reasons
  receivedOn
  observationsOn
  observations
}
    `,
  { fragmentName: 'RejectionNoticeItem' },
) as unknown as TypedDocumentString<RejectionNoticeItemFragment, unknown>;
export const DeskItemFragmentDoc = new TypedDocumentString(
  `
    fragment DeskItem on ProcedureDeskItem {
  id
  typeName
  subject
  protocolNumber
  status
  dueDate
  latestDueDate
  daysLeft
  undeliveredNotices
}
    `,
  { fragmentName: 'DeskItem' },
) as unknown as TypedDocumentString<DeskItemFragment, unknown>;
export const DeskPageFragmentDoc = new TypedDocumentString(
  `
    fragment DeskPage on ProcedureDeskPage {
  totalCount
  endCursor
  hasNextPage
  items {
    ...DeskItem
  }
}
    fragment DeskItem on ProcedureDeskItem {
  id
  typeName
  subject
  protocolNumber
  status
  dueDate
  latestDueDate
  daysLeft
  undeliveredNotices
}`,
  { fragmentName: 'DeskPage' },
) as unknown as TypedDocumentString<DeskPageFragment, unknown>;
export const SearchRequestersPersonalDocument = new TypedDocumentString(
  `
    query SearchRequestersPersonal($query: String!, $purpose: String!, $first: Int) {
  searchRequesters(query: $query, purpose: $purpose, first: $first) {
    id
    kind
    createdAt
    personalData(purpose: $purpose) {
      name
      fiscalCode
      email
      pec
      phone
    }
  }
}
    `,
  { hash: 'sha256:c97b098ef3e2dea4403921d8757f080e9196bc4096851f040bf0098481e63fd7' },
) as unknown as TypedDocumentString<SearchRequestersPersonalQuery, SearchRequestersPersonalQueryVariables>;
export const SearchRequestersIdsDocument = new TypedDocumentString(
  `
    query SearchRequestersIds($query: String!, $purpose: String!, $first: Int) {
  searchRequesters(query: $query, purpose: $purpose, first: $first) {
    id
    kind
  }
}
    `,
  { hash: 'sha256:43d0d1a4a6427625d98098793d606696f7ef6f1d195c4f7777cd12aae2fece15' },
) as unknown as TypedDocumentString<SearchRequestersIdsQuery, SearchRequestersIdsQueryVariables>;
export const CreateCampaignDocument = new TypedDocumentString(
  `
    mutation CreateCampaign($input: CampaignInput!) {
  createCampaign(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:1e26d1bb0726cca5becd3da62e13e77f20abae35a8accc8575f8def13def40f3' },
) as unknown as TypedDocumentString<CreateCampaignMutation, CreateCampaignMutationVariables>;
export const CampaignReadabilityDocument = new TypedDocumentString(
  `
    query CampaignReadability($text: String!) {
  campaignReadability(text: $text) {
    gulpease
    level
    words
    sentences
    suggestions
  }
}
    `,
  { hash: 'sha256:b410a0d92e97e32411420abaf724ccd663fd71c7fd0fa31ab3ff87fa511ad870' },
) as unknown as TypedDocumentString<CampaignReadabilityQuery, CampaignReadabilityQueryVariables>;
export const CampaignSegmentPreviewDocument = new TypedDocumentString(
  `
    query CampaignSegmentPreview($segment: CampaignSegmentInput!, $channel: CampaignChannel!) {
  campaignSegmentPreview(segment: $segment, channel: $channel) {
    count
    consenting
    excludedDoNotContact
    excludedAnonymised
    excludedNotInSegment
  }
}
    `,
  { hash: 'sha256:fa812e40d3366fc19378915679cdbc34e8562b518244131bfc7e6cac6ca40938' },
) as unknown as TypedDocumentString<CampaignSegmentPreviewQuery, CampaignSegmentPreviewQueryVariables>;
export const CampaignListDocument = new TypedDocumentString(
  `
    query CampaignList($status: CampaignStatus, $first: Int) {
  campaigns(status: $status, first: $first) {
    id
    title
    status
    startsAt
    channels
    authorId
    deliveryStats {
      sent
      delivered
      bounced
    }
  }
}
    `,
  { hash: 'sha256:53c700745fbbb2cd782596494a7122bb8553cb6ece5a39c2322226431c242e3c' },
) as unknown as TypedDocumentString<CampaignListQuery, CampaignListQueryVariables>;
export const CampaignDetailDocument = new TypedDocumentString(
  `
    query CampaignDetail($id: ID!) {
  campaign(id: $id) {
    id
    revision
    title
    goal
    topics
    channels
    segment {
      topics
      areas
      servicesUsed
    }
    steps {
      stepId
      channel
      waitHours
      subject
      body
      dueAt
      readability {
        gulpease
        level
        suggestions
      }
      progress {
        startedAt
        completedAt
        recipients
        sent
        bounced
        skipped
      }
    }
    startsAt
    endsAt
    ownerId
    authorId
    status
    approvedBy
    approvedAt
    launchedAt
    completedAt
    history {
      action
      by
      at
      note
    }
    deliveryStats {
      queued
      sent
      delivered
      bounced
      opened
      clicked
      unsubscribed
    }
    effect {
      changeDuringVsBeforePercent
      changeDuringVsPreviousYearPercent
      windows {
        label
        from
        to
        complete
        contactsOnTopics
        sheetUsage
        allContacts
        previousYear {
          contactsOnTopics
        }
      }
    }
  }
}
    `,
  { hash: 'sha256:edf0fc1fd8a8ee0422476913e927ee6096db23913f0c4168cc43a524b3bbbda8' },
) as unknown as TypedDocumentString<CampaignDetailQuery, CampaignDetailQueryVariables>;
export const SubmitCampaignDocument = new TypedDocumentString(
  `
    mutation SubmitCampaign($id: ID!) {
  submitCampaign(id: $id) {
    id
    status
  }
}
    `,
  { hash: 'sha256:aa503d1a28dfb3cc8fa0b9d15479a5022f4943f2cc74d2e996a77c5119873acb' },
) as unknown as TypedDocumentString<SubmitCampaignMutation, SubmitCampaignMutationVariables>;
export const ApproveCampaignDocument = new TypedDocumentString(
  `
    mutation ApproveCampaign($id: ID!) {
  approveCampaign(id: $id) {
    id
    status
  }
}
    `,
  { hash: 'sha256:cefebd5cf7023a125db729c33ebc1476f4360d65cc4e943506e60bf0f331326f' },
) as unknown as TypedDocumentString<ApproveCampaignMutation, ApproveCampaignMutationVariables>;
export const RejectCampaignDocument = new TypedDocumentString(
  `
    mutation RejectCampaign($id: ID!, $reason: String!) {
  rejectCampaign(id: $id, reason: $reason) {
    id
    status
  }
}
    `,
  { hash: 'sha256:827af3d8926b1888dc8fed9ebdb66df3a843b91d29473038d55b850fcfc71215' },
) as unknown as TypedDocumentString<RejectCampaignMutation, RejectCampaignMutationVariables>;
export const ScheduleCampaignDocument = new TypedDocumentString(
  `
    mutation ScheduleCampaign($id: ID!, $startsAt: String) {
  scheduleCampaign(id: $id, startsAt: $startsAt) {
    id
    status
  }
}
    `,
  { hash: 'sha256:d7d89f42c43c30bb4a327477ebe0156b068de771e2e9140144f34f672fc67068' },
) as unknown as TypedDocumentString<ScheduleCampaignMutation, ScheduleCampaignMutationVariables>;
export const UnscheduleCampaignDocument = new TypedDocumentString(
  `
    mutation UnscheduleCampaign($id: ID!) {
  unscheduleCampaign(id: $id) {
    id
    status
  }
}
    `,
  { hash: 'sha256:0795f6af46cb8fef5c7eba1ae596fe548c86a26f629ea56965718dc430d3b4a0' },
) as unknown as TypedDocumentString<UnscheduleCampaignMutation, UnscheduleCampaignMutationVariables>;
export const PauseCampaignDocument = new TypedDocumentString(
  `
    mutation PauseCampaign($id: ID!) {
  pauseCampaign(id: $id) {
    id
    status
  }
}
    `,
  { hash: 'sha256:e60a3d7b9acc6f320aab6b5a0e3d5d850bdb38ef03bc1db0c3f43760a8f6e0c1' },
) as unknown as TypedDocumentString<PauseCampaignMutation, PauseCampaignMutationVariables>;
export const ResumeCampaignDocument = new TypedDocumentString(
  `
    mutation ResumeCampaign($id: ID!) {
  resumeCampaign(id: $id) {
    id
    status
  }
}
    `,
  { hash: 'sha256:a27a70ab6b9185c0ceae630e53ad325c51e08f27968d6d27bb66c1ac2aae6aee' },
) as unknown as TypedDocumentString<ResumeCampaignMutation, ResumeCampaignMutationVariables>;
export const CompleteCampaignDocument = new TypedDocumentString(
  `
    mutation CompleteCampaign($id: ID!) {
  completeCampaign(id: $id) {
    id
    status
  }
}
    `,
  { hash: 'sha256:fdda61aa5248f8fae773bbb8636de4261e6d9207dae92d3ba22c99b987dfd2b4' },
) as unknown as TypedDocumentString<CompleteCampaignMutation, CompleteCampaignMutationVariables>;
export const ArchiveCampaignDocument = new TypedDocumentString(
  `
    mutation ArchiveCampaign($id: ID!) {
  archiveCampaign(id: $id) {
    id
    status
  }
}
    `,
  { hash: 'sha256:1d85dc369e26590574897815e1ed0e5114fb8562f9e02aad7b923e684734a913' },
) as unknown as TypedDocumentString<ArchiveCampaignMutation, ArchiveCampaignMutationVariables>;
export const CaseDetailDocument = new TypedDocumentString(
  `
    query CaseDetail($id: ID!) {
  case(id: $id) {
    id
    protocolNumber
    type
    channel
    status
    statusLabel
    priority
    officeName
    referentName
    openedAt
    dueAt
    overdue
    suspended
    suspendedDays
    closedAt
    outcome
    withinTerm
    contact {
      subject
      text
    }
    history {
      at
      by
      action
      detail
      dueAt
    }
    notes {
      id
      at
      by
      text
    }
    messages {
      id
      at
      by
      text
      request
    }
    alerts
    procedureStartRefusal {
      code
      reason
      procedureTypeCode
      at
    }
    deliveries {
      notificationId
      channel
      template
      status
      code
      attempts
      at
    }
  }
  cannedReplies(caseId: $id) {
    templateId
    title
    text
    missingPlaceholders
  }
}
    `,
  { hash: 'sha256:fda165b73b4c81e9a69f12634ce894a681f526e57593791ccf02f29f52f8307d' },
) as unknown as TypedDocumentString<CaseDetailQuery, CaseDetailQueryVariables>;
export const SendCaseMessageDocument = new TypedDocumentString(
  `
    mutation SendCaseMessage($input: SendCaseMessageInput!) {
  sendCaseMessage(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:0cb91483fe970b2703b190e5801a6f9cad705b28ff53dffe32b85e3bd809f7dd' },
) as unknown as TypedDocumentString<SendCaseMessageMutation, SendCaseMessageMutationVariables>;
export const AddCaseNoteDocument = new TypedDocumentString(
  `
    mutation AddCaseNote($input: AddCaseNoteInput!) {
  addCaseNote(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:1ca39e053867c7b213d1d368d50ba0f5ed0610bb14eeb099fdaf183103b37c7b' },
) as unknown as TypedDocumentString<AddCaseNoteMutation, AddCaseNoteMutationVariables>;
export const SuspendCaseDocument = new TypedDocumentString(
  `
    mutation SuspendCase($input: SuspendCaseInput!) {
  suspendCase(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:43a3db3d65db9dc72f18a54532ed567ba0447a1eabf92800df6eb065cb7c7174' },
) as unknown as TypedDocumentString<SuspendCaseMutation, SuspendCaseMutationVariables>;
export const ResumeCaseDocument = new TypedDocumentString(
  `
    mutation ResumeCase($input: CaseIdInput!) {
  resumeCase(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:0b79069f084e530e6ecc453b38f4ec0444bf5fd06bd8a3ff081701a7078491e0' },
) as unknown as TypedDocumentString<ResumeCaseMutation, ResumeCaseMutationVariables>;
export const CloseCaseDocument = new TypedDocumentString(
  `
    mutation CloseCase($input: CloseCaseInput!) {
  closeCase(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:b46bd9b36e1d1e2507c3de5399c114437ef5bca76b3158176672a54eb87f6fcf' },
) as unknown as TypedDocumentString<CloseCaseMutation, CloseCaseMutationVariables>;
export const RouteCaseDocument = new TypedDocumentString(
  `
    mutation RouteCase($input: RouteCaseInput!) {
  routeCase(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:382f9973c80bac7996d0024e2650b652963cdba20bb444de91fef6b9b82b7d0b' },
) as unknown as TypedDocumentString<RouteCaseMutation, RouteCaseMutationVariables>;
export const ReopenCaseDocument = new TypedDocumentString(
  `
    mutation ReopenCase($input: ReopenCaseInput!) {
  reopenCase(input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:90ad4472d2499cfda15e8ebb0e401f12cbf78f34ce50d97f0abdd930ae825571' },
) as unknown as TypedDocumentString<ReopenCaseMutation, ReopenCaseMutationVariables>;
export const CaseDirectoryDocument = new TypedDocumentString(
  `
    query CaseDirectory {
  offices {
    id
    name
    active
    referents {
      id
      name
      staffId
      active
    }
  }
}
    `,
  { hash: 'sha256:b982bc731dc022e9e49b7e1b023556658e42ee65a15033d24d47d7be98b6bfc3' },
) as unknown as TypedDocumentString<CaseDirectoryQuery, CaseDirectoryQueryVariables>;
export const DashboardIndicatorsDocument = new TypedDocumentString(
  `
    query DashboardIndicators($filter: IndicatorFilter) {
  contactVolumes(filter: $filter) {
    month
    channel
    contactType
    contacts
  }
  firstContactResolution(filter: $filter) {
    month
    closed
    resolvedAtFirstContact
  }
  backlog(filter: $filter) {
    officeId
    open
    overdue
    suspended
  }
  caseTimes(filter: $filter, groupBy: NONE) {
    key
    closed
    withinTermShare
    closureMedianDays
    closureP90Days
    firstResponseMedianDays
    belowMinimumSample
  }
  satisfactionIndicators(filter: $filter, groupBy: NONE) {
    key
    answered
    responseRate
    satisfiedShare
    neutralShare
    dissatisfiedShare
    meanStars
    belowMinimumSample
  }
}
    `,
  { hash: 'sha256:15c9f4b9d1a6bdec263426fe92048615e8e56b9bf5734b4811bae83ca1df49a1' },
) as unknown as TypedDocumentString<DashboardIndicatorsQuery, DashboardIndicatorsQueryVariables>;
export const OfficeNamesDocument = new TypedDocumentString(
  `
    query OfficeNames {
  offices {
    id
    name
  }
}
    `,
  { hash: 'sha256:43e7184fb146804e47794c723dad8dd75c74d9a07581c28c198304c85f18da57' },
) as unknown as TypedDocumentString<OfficeNamesQuery, OfficeNamesQueryVariables>;
export const ImprovementBoardDocument = new TypedDocumentString(
  `
    query ImprovementBoard {
  satisfactionAlerts(first: 50) {
    id
    scope
    scopeId
    measure
    value
    threshold
    sampleSize
    windowStart
    windowEnd
    raisedAt
  }
  improvementActions(first: 50) {
    id
    alertId
    scope
    scopeId
    title
    description
    status
    dueAt
    revision
    createdAt
  }
}
    `,
  { hash: 'sha256:ec289dda202a83a3e953502c7f58ba501c6904c0c62f7ae5c0e3f9e5ec145916' },
) as unknown as TypedDocumentString<ImprovementBoardQuery, ImprovementBoardQueryVariables>;
export const ProposeImprovementActionDocument = new TypedDocumentString(
  `
    mutation ProposeImprovementAction($input: ProposeImprovementActionInput!) {
  proposeImprovementAction(input: $input) {
    id
    status
  }
}
    `,
  { hash: 'sha256:b3e8660e1af241593a4d1555e5882f851cb98908ea29af07dd5325a712fdb90f' },
) as unknown as TypedDocumentString<
  ProposeImprovementActionMutation,
  ProposeImprovementActionMutationVariables
>;
export const ChangeImprovementActionDocument = new TypedDocumentString(
  `
    mutation ChangeImprovementAction($input: ChangeImprovementActionInput!) {
  changeImprovementAction(input: $input) {
    id
    status
    revision
  }
}
    `,
  { hash: 'sha256:ea0c7e61b0e6e37b6ef13e3dc5414d847c2bc1450e0fc845acd74ebd4bce35ff' },
) as unknown as TypedDocumentString<
  ChangeImprovementActionMutation,
  ChangeImprovementActionMutationVariables
>;
export const KbFormsDocument = new TypedDocumentString(
  `
    query KbForms {
  forms(first: 100) {
    id
    code
    title
    status
    revision
    version
    versions {
      version
      revision
      publishedAt
    }
  }
}
    `,
  { hash: 'sha256:7d77d217cba12970ccd88555e68a72e940c8af81d31106eed4733dc0ef571f96' },
) as unknown as TypedDocumentString<KbFormsQuery, KbFormsQueryVariables>;
export const KbFormVersionsDocument = new TypedDocumentString(
  `
    query KbFormVersions($id: ID!) {
  form(id: $id) {
    id
    versions {
      version
      revision
      title
      publishedAt
      fields {
        name
        label
        type
        required
      }
    }
  }
}
    `,
  { hash: 'sha256:aba1543e0a0fb7581349e08edb8d7106d2b542efea999db9e88248cd41174859' },
) as unknown as TypedDocumentString<KbFormVersionsQuery, KbFormVersionsQueryVariables>;
export const KbTemplatesDocument = new TypedDocumentString(
  `
    query KbTemplates($kind: ReplyTemplateKind, $status: ContentStatus) {
  replyTemplates(kind: $kind, status: $status, first: 200) {
    id
    code
    kind
    title
    body
    placeholders
    caseStatus
    category
    status
    revision
    origin
  }
}
    `,
  { hash: 'sha256:6a4b41e989fa6623e38a46395f351a2b5a4587678e3be5294ab357502985c069' },
) as unknown as TypedDocumentString<KbTemplatesQuery, KbTemplatesQueryVariables>;
export const KbSubmitContentDocument = new TypedDocumentString(
  `
    mutation KbSubmitContent($input: ContentActionInput!) {
  submitContent(input: $input) {
    status
  }
}
    `,
  { hash: 'sha256:ac8249831652c4a02a9b63a349dd44a3093f4caa193bc49766a3d0441ee100bd' },
) as unknown as TypedDocumentString<KbSubmitContentMutation, KbSubmitContentMutationVariables>;
export const KbApproveContentDocument = new TypedDocumentString(
  `
    mutation KbApproveContent($input: ApproveContentInput!) {
  approveContent(input: $input) {
    status
  }
}
    `,
  { hash: 'sha256:df44fa85e49d31a354e7ecf4bed007018a09b3aaeeeca92915ad3232ee5b766b' },
) as unknown as TypedDocumentString<KbApproveContentMutation, KbApproveContentMutationVariables>;
export const ProcedureDetailDocument = new TypedDocumentString(
  `
    query ProcedureDetail($id: ID!) {
  procedure(id: $id) {
    id
    typeName
    kind
    subject
    protocolNumber
    status
    phase
    receivedOn
    responsibleName
    officeId
    officeName
    permittedActs
    legalTermDays
    dueDate
    latestDueDate
    suspendedDays
    overdue
    type {
      initiative
      rejectionNoticeRequired
    }
    suspensions {
      id
      kind
      reason
      start
      end
      endedByLaw
    }
    decision {
      outcome
      reasons
      decidedOn
      withinTerm
    }
    substitute {
      engagedOn
      termDays
      dueDate
      ordinaryDueDate
    }
    rejectionNotice {
      ...RejectionNoticeItem
    }
    earlierRejectionNotices {
      ...RejectionNoticeItem
    }
    timeline {
      at
      type
      summary
      by
      dueDate
      previousDueDate
    }
  }
}
    fragment RejectionNoticeItem on ProcedureRejectionNotice {
  sentOn
  reasons
  receivedOn
  observationsOn
  observations
}`,
  { hash: 'sha256:fffe8333389b1cbefa31c72c6ba31933873db31ce315f27c618e6af30246db91' },
) as unknown as TypedDocumentString<ProcedureDetailQuery, ProcedureDetailQueryVariables>;
export const ProcedureStartNoticeDocument = new TypedDocumentString(
  `
    query ProcedureStartNotice($id: ID!) {
  procedureStartNotice(id: $id) {
    text
  }
}
    `,
  { hash: 'sha256:ae7a1b7ccdfe5e5345f68681385ab4acc6ba1c825676fdf7e48b09057a7097ec' },
) as unknown as TypedDocumentString<ProcedureStartNoticeQuery, ProcedureStartNoticeQueryVariables>;
export const ProcedureNoticesDocument = new TypedDocumentString(
  `
    query ProcedureNotices($id: ID!) {
  procedure(id: $id) {
    id
    documents {
      id
      kind
      title
      createdAt
      dueOn
      notificationId
      downloadUrl
      delivery {
        status
        channel
        code
        at
      }
    }
  }
}
    `,
  { hash: 'sha256:abf75e2b3befc0ea3348db68907427c653ecaf17b420f97e0f6c9f92793f4e18' },
) as unknown as TypedDocumentString<ProcedureNoticesQuery, ProcedureNoticesQueryVariables>;
export const ProcedureSuspensionKindsDocument = new TypedDocumentString(
  `
    query ProcedureSuspensionKinds {
  suspensionKinds {
    code
    label
    maxDays
  }
}
    `,
  { hash: 'sha256:31ba541f6adda65fcd811a0bb526ee592015150acd04771d669ecace410b5c5d' },
) as unknown as TypedDocumentString<ProcedureSuspensionKindsQuery, ProcedureSuspensionKindsQueryVariables>;
export const SuspendProcedureDocument = new TypedDocumentString(
  `
    mutation SuspendProcedure($id: ID!, $input: SuspendProcedureInput!) {
  suspendProcedure(id: $id, input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:e2c7bd1228a70afd248e32dcd2513355342f6fab89271aa22bd40caf40608967' },
) as unknown as TypedDocumentString<SuspendProcedureMutation, SuspendProcedureMutationVariables>;
export const ResumeProcedureDocument = new TypedDocumentString(
  `
    mutation ResumeProcedure($id: ID!, $suspensionId: ID!, $on: String) {
  resumeProcedure(id: $id, suspensionId: $suspensionId, on: $on) {
    id
  }
}
    `,
  { hash: 'sha256:b963c3a1252b0db3705687e9e3729504017d1b72b64d79734e4e352f10a99ed7' },
) as unknown as TypedDocumentString<ResumeProcedureMutation, ResumeProcedureMutationVariables>;
export const SendRejectionNoticeDocument = new TypedDocumentString(
  `
    mutation SendRejectionNotice($id: ID!, $reasons: String!, $on: String) {
  sendRejectionNotice(id: $id, reasons: $reasons, on: $on) {
    id
  }
}
    `,
  { hash: 'sha256:94973d30aba4fb54b475711ed42f1ec8157c2c269d6a4cb6b4cf0568f534e89d' },
) as unknown as TypedDocumentString<SendRejectionNoticeMutation, SendRejectionNoticeMutationVariables>;
export const ReceiveObservationsDocument = new TypedDocumentString(
  `
    mutation ReceiveObservations($id: ID!, $on: String, $text: String) {
  receiveObservations(id: $id, on: $on, text: $text) {
    id
  }
}
    `,
  { hash: 'sha256:1cb0968361a5d43388d1b892299024430eb0c36b4c52b8ac1c154f2495e345ab' },
) as unknown as TypedDocumentString<ReceiveObservationsMutation, ReceiveObservationsMutationVariables>;
export const DecideProcedureDocument = new TypedDocumentString(
  `
    mutation DecideProcedure($id: ID!, $input: DecideProcedureInput!) {
  decideProcedure(id: $id, input: $input) {
    id
  }
}
    `,
  { hash: 'sha256:fd501612db3e089a630d3080f00e441f74e4d28b199e731600873f464dc0e7ba' },
) as unknown as TypedDocumentString<DecideProcedureMutation, DecideProcedureMutationVariables>;
export const ProcedureDeskDocument = new TypedDocumentString(
  `
    query ProcedureDesk {
  procedureDesk(first: 1) {
    responsibleId
    total
  }
  byNextDeadline: procedureDeskList(list: byNextDeadline, first: 20) {
    ...DeskPage
  }
  overdue: procedureDeskList(list: overdue, first: 20) {
    ...DeskPage
  }
  suspended: procedureDeskList(list: suspended, first: 20) {
    ...DeskPage
  }
  silentAssentForming: procedureDeskList(list: silentAssentForming, first: 20) {
    ...DeskPage
  }
  undelivered: procedureDeskList(list: undelivered, first: 20) {
    ...DeskPage
  }
}
    fragment DeskItem on ProcedureDeskItem {
  id
  typeName
  subject
  protocolNumber
  status
  dueDate
  latestDueDate
  daysLeft
  undeliveredNotices
}
fragment DeskPage on ProcedureDeskPage {
  totalCount
  endCursor
  hasNextPage
  items {
    ...DeskItem
  }
}`,
  { hash: 'sha256:859987f3cb0eacbe0ba4c9bb65efe32967024986f8403d03a490d916fab2903d' },
) as unknown as TypedDocumentString<ProcedureDeskQuery, ProcedureDeskQueryVariables>;
export const ProcedureDeskMoreDocument = new TypedDocumentString(
  `
    query ProcedureDeskMore($list: ProcedureDeskList!, $first: Int!, $after: String) {
  procedureDeskList(list: $list, first: $first, after: $after) {
    ...DeskPage
  }
}
    fragment DeskItem on ProcedureDeskItem {
  id
  typeName
  subject
  protocolNumber
  status
  dueDate
  latestDueDate
  daysLeft
  undeliveredNotices
}
fragment DeskPage on ProcedureDeskPage {
  totalCount
  endCursor
  hasNextPage
  items {
    ...DeskItem
  }
}`,
  { hash: 'sha256:1f74c524b6f4335bf22d3dc4d64944c6ee0db79892e4bc4e648082dac30fd131' },
) as unknown as TypedDocumentString<ProcedureDeskMoreQuery, ProcedureDeskMoreQueryVariables>;
export const CaseQueueDocument = new TypedDocumentString(
  `
    query CaseQueue($filter: CaseQueueFilter, $first: Int, $after: String) {
  caseQueue(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        protocolNumber
        type
        statusLabel
        priority
        dueAt
        overdue
        suspended
        officeName
        referentName
        alerts
        contact {
          subject
        }
      }
    }
  }
}
    `,
  { hash: 'sha256:dcd3c144856c540003acf41943755193154ba6ca0d8714df21e45ac55dcc2141' },
) as unknown as TypedDocumentString<CaseQueueQuery, CaseQueueQueryVariables>;
export const MyReferentDocument = new TypedDocumentString(
  `
    query MyReferent {
  referents {
    id
    staffId
    officeId
    office {
      name
    }
  }
}
    `,
  { hash: 'sha256:576987d1693b2687e3436349d093102590593f49686a455604d05d4291f7a70d' },
) as unknown as TypedDocumentString<MyReferentQuery, MyReferentQueryVariables>;
export const SheetForEditDocument = new TypedDocumentString(
  `
    query SheetForEdit($id: ID!) {
  sheet(id: $id) {
    id
    slug
    status
    revision
    publishedRevision
    reviewDueAt
    reviewOverdue
    revisions {
      revision
      author
      at
      note
    }
    workingCopy {
      title
      shortDescription
      whoIsItFor
      howTo
      whatYouNeed
      whatYouGet
      timesAndDeadlines
      responseTimeDays
      costs
      accessChannels {
        channel
        description
        url
        requiresSpidCie
        bookingRequired
      }
      officeIds
      offices {
        name
      }
      specialCases
      moreInfo
      attachments {
        title
        url
        formCode
      }
      conditions
      category
      lifeEvents
      topics
      procedureTypeCode
      citizenWords
      audience
      ownerReferentId
      reviewIntervalMonths
    }
  }
}
    `,
  { hash: 'sha256:80f89e1609ea1d34581c08f960bab0fadd3dc2d5da39d21f678f1d39933e6cc3' },
) as unknown as TypedDocumentString<SheetForEditQuery, SheetForEditQueryVariables>;
export const EditSheetDocument = new TypedDocumentString(
  `
    mutation EditSheet($input: EditSheetInput!) {
  editSheet(input: $input) {
    id
    status
    revision
  }
}
    `,
  { hash: 'sha256:2835bc8aebffbe04e61b28391bbcf5fbdb23007623d5b77732bc67994a3acce5' },
) as unknown as TypedDocumentString<EditSheetMutation, EditSheetMutationVariables>;
export const SubmitSheetDocument = new TypedDocumentString(
  `
    mutation SubmitSheet($input: ContentActionInput!) {
  submitContent(input: $input) {
    status
    revision
  }
}
    `,
  { hash: 'sha256:7ce64abe86f32b68698f4c10c32861a047719254238f373cd51d51b18fd12c84' },
) as unknown as TypedDocumentString<SubmitSheetMutation, SubmitSheetMutationVariables>;
export const SheetDiffDocument = new TypedDocumentString(
  `
    query SheetDiff($id: ID!, $from: Int!, $to: Int!) {
  sheet(id: $id) {
    id
    diff(from: $from, to: $to) {
      field
      before
      after
      lines {
        op
        text
      }
    }
  }
}
    `,
  { hash: 'sha256:2b3523b0a97d4eb022cda6c4c99591853099caac49b0bb6932404c155f85f57d' },
) as unknown as TypedDocumentString<SheetDiffQuery, SheetDiffQueryVariables>;
export const SheetListDocument = new TypedDocumentString(
  `
    query SheetList($filter: SheetListFilter, $first: Int!, $after: String) {
  sheetList(filter: $filter, first: $first, after: $after) {
    totalCount
    endCursor
    hasNextPage
    items {
      id
      slug
      title
      category
      status
      revision
      publishedRevision
      reviewDueAt
      reviewOverdue
      owner {
        name
      }
    }
  }
}
    `,
  { hash: 'sha256:294076c7e79a4a4a27972950135a291e0c53f5de42249685a214a1613d23d908' },
) as unknown as TypedDocumentString<SheetListQuery, SheetListQueryVariables>;
export const ApproveSheetDocument = new TypedDocumentString(
  `
    mutation ApproveSheet($input: ApproveContentInput!) {
  approveContent(input: $input) {
    status
    revision
    publishedRevision
  }
}
    `,
  { hash: 'sha256:05210c2e83bd53d006189bc9f9f71e4bec902301fe8bbe5061232b6d52189b14' },
) as unknown as TypedDocumentString<ApproveSheetMutation, ApproveSheetMutationVariables>;
export const DeskDataDocument = new TypedDocumentString(
  `
    query DeskData {
  offices {
    id
    name
    referents {
      id
      name
      active
    }
  }
  duePolicy {
    contactType
    categoryLevel1
    days
    workingDays
  }
}
    `,
  { hash: 'sha256:d3bc100b7f7ee626e444ff95e5fc140cf5b8873ed3a1b3e8e7a935745f0e0e87' },
) as unknown as TypedDocumentString<DeskDataQuery, DeskDataQueryVariables>;
export const DeskHolidaysDocument = new TypedDocumentString(
  `
    query DeskHolidays($year: Int!, $next: Int!) {
  thisYear: legalHolidays(year: $year) {
    date
  }
  nextYear: legalHolidays(year: $next) {
    date
  }
}
    `,
  { hash: 'sha256:72c45de57736f5ec5e52c4337ef0763c618f00cb76dee54e6ec886abc8df85ce' },
) as unknown as TypedDocumentString<DeskHolidaysQuery, DeskHolidaysQueryVariables>;
export const DeskDuplicatesDocument = new TypedDocumentString(
  `
    query DeskDuplicates($input: DuplicateProbeInput!) {
  duplicateSuggestions(input: $input) {
    score
    ageDays
    reasons
    case {
      id
      protocolNumber
      statusLabel
      officeName
    }
  }
}
    `,
  { hash: 'sha256:07189beb7db8ef53d74dcc1949ec0cc91553d1c859715b89ca605553e046dae5' },
) as unknown as TypedDocumentString<DeskDuplicatesQuery, DeskDuplicatesQueryVariables>;
export const DeskMarkDuplicateDocument = new TypedDocumentString(
  `
    mutation DeskMarkDuplicate($input: MarkDuplicateInput!) {
  markDuplicate(input: $input) {
    id
    status
    duplicateOf
  }
}
    `,
  { hash: 'sha256:a7b2738d9524118179bd058a4828d81dba1d1d9633839f7847c1636b29dcdfb7' },
) as unknown as TypedDocumentString<DeskMarkDuplicateMutation, DeskMarkDuplicateMutationVariables>;
export const ContactSurveyDocument = new TypedDocumentString(
  `
    query ContactSurvey($id: ID!) {
  contact(id: $id) {
    id
    surveyInvitation {
      id
      status
      channel
      expiresAt
    }
  }
}
    `,
  { hash: 'sha256:98c5d04fa86ea85da31ad03e54286719b212d1a8b9004e2890bbc9dc1084ea76' },
) as unknown as TypedDocumentString<ContactSurveyQuery, ContactSurveyQueryVariables>;
export const KbSearchDocument = new TypedDocumentString(
  `
    query KbSearch($query: String!) {
  publicSearch(query: $query, first: 5) {
    total
    hits {
      score
      sheet {
        id
        slug
        title
        shortDescription
        category
        content {
          officeIds
        }
      }
    }
  }
}
    `,
  { hash: 'sha256:6f3655e1426d166e1eac904307c8331912a3cfe3c7f0e4edbd83ddbc92cf045f' },
) as unknown as TypedDocumentString<KbSearchQuery, KbSearchQueryVariables>;
export const DeskProcedureTypesDocument = new TypedDocumentString(
  `
    query DeskProcedureTypes {
  procedureTypes(activeOnly: true) {
    code
    name
    officeName
    legalTermDays
    initiative
  }
}
    `,
  { hash: 'sha256:57d962afecc944179ed67184c2d01b5cbf5efea85e1ba47f91b6ea464c0eabd5' },
) as unknown as TypedDocumentString<DeskProcedureTypesQuery, DeskProcedureTypesQueryVariables>;
export const DeskProcedureStartDocument = new TypedDocumentString(
  `
    query DeskProcedureStart($id: ID!) {
  contact(id: $id) {
    id
    procedureStart {
      status
      statusLabel
      refusalReason
    }
  }
}
    `,
  { hash: 'sha256:4a7fc3ca605112e22a32bd62a665a18bb31fb8c968f02611b3dfc101300b8a58' },
) as unknown as TypedDocumentString<DeskProcedureStartQuery, DeskProcedureStartQueryVariables>;
export const CreateRequesterDocument = new TypedDocumentString(
  `
    mutation CreateRequester($input: RequesterInput!) {
  createRequester(input: $input) {
    id
    kind
  }
}
    `,
  { hash: 'sha256:89581fc65adbf62cbe7d794cd1bd94bc4f458797f364e06500917859420ccc1c' },
) as unknown as TypedDocumentString<CreateRequesterMutation, CreateRequesterMutationVariables>;
export const RegisterContactDocument = new TypedDocumentString(
  `
    mutation RegisterContact($input: RegisterContactInput!) {
  registerContactWithSuggestions(input: $input) {
    contact {
      id
      status
      subject
      protocolNumber
      receiptCode
      statusPageUrl
      channel
      resolvedAtFirstContact
      sheetIds
      type
      procedureTypeCode
      case {
        id
        protocolNumber
        dueAt
        officeName
        referentName
        statusLabel
      }
    }
    duplicates {
      score
      ageDays
      reasons
      case {
        id
        protocolNumber
        statusLabel
      }
    }
  }
}
    `,
  { hash: 'sha256:c02f5210f1557bfd2722edef0004553047057f79e8e73aac3bf7aa3f81dc6a8f' },
) as unknown as TypedDocumentString<RegisterContactMutation, RegisterContactMutationVariables>;
export const SendWeeklyBulletinDocument = new TypedDocumentString(
  `
    mutation SendWeeklyBulletin($periodEnd: String) {
  sendWeeklyBulletins(periodEnd: $periodEnd) {
    periodStart
    periodEnd
    sent
    skipped
  }
}
    `,
  { hash: 'sha256:34d3750e4f15836c443ad3fb4c191aaad0108fc9a78cc7a182deffb0bffdce1a' },
) as unknown as TypedDocumentString<SendWeeklyBulletinMutation, SendWeeklyBulletinMutationVariables>;
