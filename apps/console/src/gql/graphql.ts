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
  firstContactResolution: Array<{ month: string; closed: number; resolvedAtFirstContact: number }>;
  backlog: Array<{ officeId: string; open: number; overdue: number; suspended: number }>;
  caseTimes: Array<{
    key: string;
    closed: number;
    withinTermShare: number | null;
    closureMedianDays: number | null;
    closureP90Days: number | null;
    firstResponseMedianDays: number | null;
    belowMinimumSample: boolean;
  }>;
  satisfactionIndicators: Array<{
    key: string;
    answered: number;
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

export const CaseDetailDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CaseDetailQuery, CaseDetailQueryVariables>;
export const SendCaseMessageDocument = new TypedDocumentString(`
    mutation SendCaseMessage($input: SendCaseMessageInput!) {
  sendCaseMessage(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<SendCaseMessageMutation, SendCaseMessageMutationVariables>;
export const AddCaseNoteDocument = new TypedDocumentString(`
    mutation AddCaseNote($input: AddCaseNoteInput!) {
  addCaseNote(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AddCaseNoteMutation, AddCaseNoteMutationVariables>;
export const SuspendCaseDocument = new TypedDocumentString(`
    mutation SuspendCase($input: SuspendCaseInput!) {
  suspendCase(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<SuspendCaseMutation, SuspendCaseMutationVariables>;
export const ResumeCaseDocument = new TypedDocumentString(`
    mutation ResumeCase($input: CaseIdInput!) {
  resumeCase(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ResumeCaseMutation, ResumeCaseMutationVariables>;
export const CloseCaseDocument = new TypedDocumentString(`
    mutation CloseCase($input: CloseCaseInput!) {
  closeCase(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CloseCaseMutation, CloseCaseMutationVariables>;
export const DashboardIndicatorsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DashboardIndicatorsQuery, DashboardIndicatorsQueryVariables>;
export const OfficeNamesDocument = new TypedDocumentString(`
    query OfficeNames {
  offices {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<OfficeNamesQuery, OfficeNamesQueryVariables>;
export const ProcedureDeskDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ProcedureDeskQuery, ProcedureDeskQueryVariables>;
export const ProcedureDetailDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<ProcedureDetailQuery, ProcedureDetailQueryVariables>;
export const ProcedureStartNoticeDocument = new TypedDocumentString(`
    query ProcedureStartNotice($id: ID!) {
  procedureStartNotice(id: $id) {
    text
  }
}
    `) as unknown as TypedDocumentString<ProcedureStartNoticeQuery, ProcedureStartNoticeQueryVariables>;
export const CaseQueueDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<CaseQueueQuery, CaseQueueQueryVariables>;
export const MyReferentDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<MyReferentQuery, MyReferentQueryVariables>;
export const SheetForEditDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<SheetForEditQuery, SheetForEditQueryVariables>;
export const EditSheetDocument = new TypedDocumentString(`
    mutation EditSheet($input: EditSheetInput!) {
  editSheet(input: $input) {
    id
    status
    revision
  }
}
    `) as unknown as TypedDocumentString<EditSheetMutation, EditSheetMutationVariables>;
export const SubmitSheetDocument = new TypedDocumentString(`
    mutation SubmitSheet($input: ContentActionInput!) {
  submitContent(input: $input) {
    status
    revision
  }
}
    `) as unknown as TypedDocumentString<SubmitSheetMutation, SubmitSheetMutationVariables>;
export const SheetListDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<SheetListQuery, SheetListQueryVariables>;
export const ApproveSheetDocument = new TypedDocumentString(`
    mutation ApproveSheet($input: ApproveContentInput!) {
  approveContent(input: $input) {
    status
    revision
    publishedRevision
  }
}
    `) as unknown as TypedDocumentString<ApproveSheetMutation, ApproveSheetMutationVariables>;
export const DeskDataDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<DeskDataQuery, DeskDataQueryVariables>;
export const KbSearchDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<KbSearchQuery, KbSearchQueryVariables>;
export const FindRequestersDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<FindRequestersQuery, FindRequestersQueryVariables>;
export const CreateRequesterDocument = new TypedDocumentString(`
    mutation CreateRequester($input: RequesterInput!) {
  createRequester(input: $input) {
    id
    kind
  }
}
    `) as unknown as TypedDocumentString<CreateRequesterMutation, CreateRequesterMutationVariables>;
export const RegisterContactDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<RegisterContactMutation, RegisterContactMutationVariables>;
