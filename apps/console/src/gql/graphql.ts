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

export type ApproveContentInput = {
  /** Scheduled expiry (ISO-8601). */
  expireAt?: string | null | undefined;
  id: string | number;
  kind: ContentKind;
  note?: string | null | undefined;
  /** Scheduled publication (ISO-8601); now when absent. */
  publishAt?: string | null | undefined;
};

export type CaseIdInput = {
  caseId: string | number;
};

export type CaseOutcome =
  'ACCEPTED' | 'ANSWERED' | 'FORWARDED' | 'PARTLY_ACCEPTED' | 'REJECTED' | 'WITHDRAWN';

export type CasePriority = 'HIGH' | 'LOW' | 'NORMAL' | 'URGENT';

export type CaseQueueFilter = {
  categoryLevel1?: string | null | undefined;
  /** Include closed and merged cases (default: open only). */
  includeClosed?: boolean | null | undefined;
  /** Cases I registered (front office), assigned to me (referent) or mentioning me. */
  mine?: boolean | null | undefined;
  officeId?: string | null | undefined;
  overdue?: boolean | null | undefined;
  priority?: CasePriority | null | undefined;
  referentId?: string | null | undefined;
  status?: Array<CaseStatus> | null | undefined;
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

export type EditSheetInput = {
  content: SheetContentInput;
  /** The revision the edit starts from (the sheet's `revision` as read): a newer one means CONFLICT, not an overwrite. */
  expectedRevision?: number | null | undefined;
  id: string | number;
  /** What changed (required). */
  note: string;
};

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

/** Which clock runs: the ordinary term or the substitute official's (art. 2 c.9-ter). */
export type ProcedureClockPhase = 'ORDINARY' | 'SUBSTITUTE';

export type ProcedureOutcome =
  'ACCEPTED' | 'DEFERRED' | 'INADMISSIBLE' | 'PARTLY_ACCEPTED' | 'REJECTED' | 'SILENT_ASSENT';

export type ProcedureStatus = 'DECIDED' | 'STARTED' | 'SUBMITTED' | 'SUSPENDED';

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

/** What made a survey due. */
export type SurveyTrigger = 'CASE_CLOSED' | 'CONTACT_CLOSED' | 'ONLINE_SERVICE' | 'PROCEDURE_DECIDED';

export type SuspendCaseInput = {
  caseId: string | number;
  reason: string;
};

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
    contact: { subject: string; text: string | null } | null;
    history: Array<{ at: string; by: string; action: string; detail: string | null; dueAt: string | null }>;
    notes: Array<{ id: string; at: string; by: string; text: string }>;
    messages: Array<{ id: string; at: string; by: string; text: string }>;
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

export type ProcedureDeskQueryVariables = Exact<{ [key: string]: never }>;

export type ProcedureDeskQuery = {
  procedureDesk: {
    responsibleId: string;
    upcomingCount: number;
    overdueCount: number;
    suspendedCount: number;
    total: number;
    byNextDeadline: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
    }>;
    overdue: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
    }>;
    suspended: Array<{
      id: string;
      typeName: string;
      subject: string;
      protocolNumber: string;
      status: ProcedureStatus;
      dueDate: string | null;
      latestDueDate: string | null;
      daysLeft: number | null;
    }>;
  };
};

export type ProcedureDetailQueryVariables = Exact<{
  id: string | number;
}>;

export type ProcedureDetailQuery = {
  procedure: {
    id: string;
    typeName: string;
    subject: string;
    protocolNumber: string;
    status: ProcedureStatus;
    phase: ProcedureClockPhase;
    receivedOn: string;
    responsibleName: string | null;
    officeName: string | null;
    legalTermDays: number;
    dueDate: string | null;
    latestDueDate: string | null;
    suspendedDays: number;
    overdue: boolean;
    suspensions: Array<{ kind: string; reason: string; start: string; end: string | null }>;
    decision: { outcome: ProcedureOutcome; decidedOn: string; withinTerm: boolean } | null;
    timeline: Array<{
      at: string;
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

export type SheetListQueryVariables = Exact<{
  filter?: SheetListFilter | null | undefined;
}>;

export type SheetListQuery = {
  sheets: Array<{
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
  duePolicy: Array<{ contactType: ContactType | null; categoryLevel1: string | null; days: number }>;
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

export type FindRequestersQueryVariables = Exact<{
  fiscalCode: string;
  purpose: string;
}>;

export type FindRequestersQuery = {
  findRequesters: Array<{
    id: string;
    kind: RequesterKind;
    personalData: { name: string | null; fiscalCode: string | null } | null;
  }>;
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
      resolvedAtFirstContact: boolean | null;
      sheetIds: Array<string>;
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
  { hash: 'sha256:3e8186b3d2c76ce47849ace04d122a8dec7d0ae563a16cb1e73c5093c6132819' },
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
export const ProcedureDeskDocument = new TypedDocumentString(
  `
    query ProcedureDesk {
  procedureDesk(first: 20) {
    responsibleId
    upcomingCount
    overdueCount
    suspendedCount
    total
    byNextDeadline {
      id
      typeName
      subject
      protocolNumber
      status
      dueDate
      latestDueDate
      daysLeft
    }
    overdue {
      id
      typeName
      subject
      protocolNumber
      status
      dueDate
      latestDueDate
      daysLeft
    }
    suspended {
      id
      typeName
      subject
      protocolNumber
      status
      dueDate
      latestDueDate
      daysLeft
    }
  }
}
    `,
  { hash: 'sha256:8883e102de0de0977924543585f078c7ab31225216097b8345b59dbd6a34dba5' },
) as unknown as TypedDocumentString<ProcedureDeskQuery, ProcedureDeskQueryVariables>;
export const ProcedureDetailDocument = new TypedDocumentString(
  `
    query ProcedureDetail($id: ID!) {
  procedure(id: $id) {
    id
    typeName
    subject
    protocolNumber
    status
    phase
    receivedOn
    responsibleName
    officeName
    legalTermDays
    dueDate
    latestDueDate
    suspendedDays
    overdue
    suspensions {
      kind
      reason
      start
      end
    }
    decision {
      outcome
      decidedOn
      withinTerm
    }
    timeline {
      at
      summary
      by
      dueDate
      previousDueDate
    }
  }
}
    `,
  { hash: 'sha256:e316a5390405f79f8c21d37813cc1cbd6273b220b72982e3a8254490fd967fc8' },
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
        contact {
          subject
        }
      }
    }
  }
}
    `,
  { hash: 'sha256:81ea2df1772a884bbe73e0ee877eff93580f8de177f3c948cbb9ed8b7f77ded0' },
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
  { hash: 'sha256:a2e0bdd13d77dd1ea8510d18c337722bfc620d11ae5958fa21083ac570b6846d' },
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
export const SheetListDocument = new TypedDocumentString(
  `
    query SheetList($filter: SheetListFilter) {
  sheets(filter: $filter, first: 200) {
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
    `,
  { hash: 'sha256:c42eb328aea6c7fd168da9a97be1f176a38e5b532560b309ae5576f47e10ac38' },
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
  }
}
    `,
  { hash: 'sha256:c043c008b48713f4235b6dda1368ad0ea57b81a2eeb9ef8c9617423974f7eb7d' },
) as unknown as TypedDocumentString<DeskDataQuery, DeskDataQueryVariables>;
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
export const FindRequestersDocument = new TypedDocumentString(
  `
    query FindRequesters($fiscalCode: String!, $purpose: String!) {
  findRequesters(fiscalCode: $fiscalCode, purpose: $purpose) {
    id
    kind
    personalData(purpose: $purpose) {
      name
      fiscalCode
    }
  }
}
    `,
  { hash: 'sha256:e6216ea4e1ce7ae71192df63882326d1b35b4e04fc59cb23b2c42b8f15af8d61' },
) as unknown as TypedDocumentString<FindRequestersQuery, FindRequestersQueryVariables>;
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
      resolvedAtFirstContact
      sheetIds
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
  { hash: 'sha256:92098545bf561ab5088fb02178c47a17ff072ed5908282e2d2669c6c3148daab' },
) as unknown as TypedDocumentString<RegisterContactMutation, RegisterContactMutationVariables>;
