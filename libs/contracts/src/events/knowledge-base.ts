import { z } from 'zod';
import { FormField } from '@urp/forms';
import { defineEvent, defineTopic, type EventDefinition } from '../catalog';
import { StaffId, Timestamp } from './shared';

/**
 * Events of the knowledge-base service: service sheets (schede informative, AgID service-page model),
 * forms (modulistica, with their field definitions so others validate without calling), canned replies
 * (risposte tipo), the organisation (offices and referents: this service is their source of truth) and the
 * public "was this clear?" feedback. No citizen's personal data: staff and office data only.
 *
 * Free text (`urpFreeText`): none of these fields is marked. Every text here is either content published
 * after a second person approved it (titles, descriptions, reply bodies: what citizens read on the site) or
 * the organisation's own directory (office names and addresses, referents' names and roles), which other
 * services consume as it is (contacts' directory, campaigns' bulletins). Run through the personal-data
 * scrubber it would be destroyed, not protected: on the demo data it blanks all 13 office addresses, all 17
 * referents' names and the Polizia Locale's phone in a canned reply. Citizens' text reaches this service only
 * as `FaqProposed`, which contacts scrubs before it leaves; the draft it becomes is reviewed by two people.
 */

export const SheetTopic = defineTopic({
  service: 'knowledge-base',
  aggregate: 'sheet',
  partitions: 3,
  description:
    'Service sheets (schede informative): publication, updates, expiry, review dates, consistency. Key: the sheet id.',
});

export const FormTopic = defineTopic({
  service: 'knowledge-base',
  aggregate: 'form',
  partitions: 1,
  description: 'Published form versions (modulistica) with their field definitions. Key: the form id.',
});

export const ReplyTemplateTopic = defineTopic({
  service: 'knowledge-base',
  aggregate: 'reply-template',
  partitions: 1,
  description: 'Canned replies and FAQ (risposte tipo) with placeholders. Key: the template id.',
});

export const OrganisationTopic = defineTopic({
  service: 'knowledge-base',
  aggregate: 'organisation',
  partitions: 1,
  description: 'Offices (unità organizzative) and internal referents. Key: the office id or the referent id.',
});

export const FeedbackTopic = defineTopic({
  service: 'knowledge-base',
  aggregate: 'feedback',
  partitions: 3,
  description:
    'Anonymous "was this clear?" feedback on service sheets from the public site. Key: the sheet id.',
});

/** Who may read a piece of content: the public website, or staff only. */
export const ContentAudience = z.enum(['public', 'internal']);
export type ContentAudience = z.infer<typeof ContentAudience>;

/** A lowercase snake_case code (categories, topics, life events, procedure type codes). */
const Code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase snake_case code');

const SheetState = z.object({
  sheetId: z.string(),
  /** The revision number that is now published (1, 2, …). */
  revision: z.number().int().min(1),
  slug: z.string(),
  title: z.string(),
  category: Code,
  topics: z.array(z.string()),
  lifeEvents: z.array(z.string()),
  officeIds: z.array(z.string()),
  ownerReferentId: z.string().optional(),
  /** The structured response time (tempi e scadenze) in days; equals the linked procedure type's legal term. */
  responseTimeDays: z.number().int().min(0).optional(),
  procedureTypeCode: Code.optional(),
  audience: ContentAudience,
  publishedAt: Timestamp,
  reviewDueAt: Timestamp,
  /** Optional extras. */
  shortDescription: z.string().optional(),
  approvedBy: StaffId.optional(),
  expiresAt: Timestamp.optional(),
});

export const SheetPublishedV1 = defineEvent(SheetTopic, {
  name: 'SheetPublished',
  version: 1,
  summary:
    'A service sheet was published for the first time (or republished after expiry), after a second person approved it.',
  subject: 'the sheet id',
  schema: SheetState,
});

export const SheetUpdatedV1 = defineEvent(SheetTopic, {
  name: 'SheetUpdated',
  version: 1,
  summary:
    'A new revision of a published service sheet was published (approved by someone other than its author).',
  subject: 'the sheet id',
  schema: SheetState,
});

export const SheetExpiredV1 = defineEvent(SheetTopic, {
  name: 'SheetExpired',
  version: 1,
  summary: 'A published sheet reached its expiry date (or was withdrawn) and is no longer shown.',
  subject: 'the sheet id',
  schema: z.object({ sheetId: z.string(), expiredAt: Timestamp }),
});

export const SheetArchivedV1 = defineEvent(SheetTopic, {
  name: 'SheetArchived',
  version: 1,
  summary: 'A sheet was archived: kept for history only.',
  subject: 'the sheet id',
  schema: z.object({ sheetId: z.string(), archivedAt: Timestamp }),
});

export const SheetReviewDueV1 = defineEvent(SheetTopic, {
  name: 'SheetReviewDue',
  version: 1,
  summary:
    'A published sheet reached its review date: the owner referent must review it (emitted once per review date).',
  subject: 'the sheet id',
  schema: z.object({
    sheetId: z.string(),
    ownerReferentId: z.string().optional(),
    officeIds: z.array(z.string()),
    reviewDueAt: Timestamp,
    slug: z.string().optional(),
    title: z.string().optional(),
  }),
});

/**
 * Any write of a sheet (drafts included): the knowledge base's instances keep their in-memory read model
 * current with it (each re-reads the sheet by id). Carries no content; other services need not consume it.
 */
export const SheetChangedV1 = defineEvent(SheetTopic, {
  name: 'SheetChanged',
  version: 1,
  summary:
    "A sheet was written (any change, drafts included): the knowledge base's instances refresh their read model from it.",
  subject: 'the sheet id',
  schema: z.object({
    sheetId: z.string(),
    changedAt: Timestamp,
  }),
});

export const SheetFlaggedInconsistentV1 = defineEvent(SheetTopic, {
  name: 'SheetFlaggedInconsistent',
  version: 1,
  summary:
    "A sheet's stated response time differs from the legal term of its procedure type: flagged until an editor fixes it.",
  subject: 'the sheet id',
  schema: z.object({
    sheetId: z.string(),
    procedureTypeCode: Code,
    sheetResponseTimeDays: z.number().int().min(0).optional(),
    legalTermDays: z.number().int().min(0),
    flaggedAt: Timestamp,
  }),
});

export const FormPublishedV1 = defineEvent(FormTopic, {
  name: 'FormPublished',
  version: 1,
  summary:
    'A form version was published with its field definitions; a submission is validated against the version it was made with (@urp/forms validateSubmission).',
  subject: 'the form id',
  schema: z.object({
    formId: z.string(),
    code: Code,
    version: z.number().int().min(1),
    title: z.string(),
    fields: z.array(FormField),
    publishedAt: Timestamp,
    description: z.string().optional(),
    officeId: z.string().optional(),
  }),
});

export const ReplyTemplatePublishedV1 = defineEvent(ReplyTemplateTopic, {
  name: 'ReplyTemplatePublished',
  version: 1,
  summary:
    'A canned reply (risposta tipo) or FAQ was published. The body uses {{due_date}}, {{responsible_person}}, {{office}}, {{procedure_term}}, {{protocol_number}}.',
  subject: 'the template id',
  schema: z.object({
    templateId: z.string(),
    revision: z.number().int().min(1),
    code: Code,
    title: z.string(),
    body: z.string(),
    placeholders: z.array(z.string()),
    audience: ContentAudience,
    caseStatus: z.string().optional(),
    category: z.string().optional(),
    publishedAt: Timestamp,
    kind: z.enum(['reply', 'faq']).optional(),
  }),
});

export const OfficeChangedV1 = defineEvent(OrganisationTopic, {
  name: 'OfficeChanged',
  version: 1,
  summary: 'An office (unità organizzativa) was created or changed; the full current state.',
  subject: 'the office id',
  schema: z.object({
    officeId: z.string(),
    code: Code,
    name: z.string(),
    email: z.string().optional(),
    pec: z.string().optional(),
    phone: z.string().optional(),
    address: z.string().optional(),
    openingHours: z.string().optional(),
    headReferentId: z.string().optional(),
    active: z.boolean(),
    changedAt: Timestamp,
  }),
});

export const ReferentChangedV1 = defineEvent(OrganisationTopic, {
  name: 'ReferentChanged',
  version: 1,
  summary: 'An internal referent was created or changed; the full current state.',
  subject: 'the referent id',
  schema: z.object({
    referentId: z.string(),
    name: z.string(),
    officeId: z.string(),
    email: z.string().optional(),
    active: z.boolean(),
    changedAt: Timestamp,
    role: z.string().optional(),
    staffId: StaffId.optional(),
  }),
});

export const ClarityFeedbackReceivedV1 = defineEvent(FeedbackTopic, {
  name: 'ClarityFeedbackReceived',
  version: 1,
  summary: 'Anonymous "was this clear?" answer on a sheet from the public site (AgID widget). No free text.',
  subject: 'the sheet id',
  schema: z.object({
    feedbackId: z.string(),
    sheetId: z.string(),
    clear: z.boolean(),
    /** A code (e.g. `incomplete`, `unclear`, `outdated`, `too_technical`), never free text. */
    reason: Code.optional(),
    receivedAt: Timestamp,
  }),
});

/** Every event of the knowledge-base service (the catalog in ../index.ts collects them). */
export const knowledgeBaseEvents: EventDefinition[] = [
  SheetPublishedV1,
  SheetUpdatedV1,
  SheetExpiredV1,
  SheetArchivedV1,
  SheetReviewDueV1,
  SheetFlaggedInconsistentV1,
  SheetChangedV1,
  FormPublishedV1,
  ReplyTemplatePublishedV1,
  OfficeChangedV1,
  ReferentChangedV1,
  ClarityFeedbackReceivedV1,
];
