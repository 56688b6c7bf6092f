import type { Role } from '@urp/auth';
import { definePolicy, rule } from '@urp/kernel';
import { officesOfContent, type ContentAggregate } from './content/content.rules';
import type { Form } from './form/form.rules';
import type { Office, Referent } from './organisation/organisation.rules';
import type { ReplyTemplate } from './reply-template/reply-template.rules';
import type { SheetSummary } from './sheet/sheet.read-model';

/** Every staff role reads the knowledge base; the back office edits it. */
const STAFF: Role[] = ['operator', 'backoffice', 'referent', 'manager', 'analyst'];
const EDITORS: Role[] = ['backoffice'];
/** Who approves, sends back, withdraws and archives content (four eyes: not the author). */
const APPROVERS: Role[] = ['backoffice', 'manager'];
/** Referents act on and see only the content of their own office(s) (need to know, GDPR art. 5 and 25). */
const OFFICE_SCOPED: Role[] = ['referent'];

const sheetOffices = (s: SheetSummary) => officesOfContent(s);
const contentOffices = (c: ContentAggregate<object>) => officesOfContent(c);

/**
 * Who may do what in the knowledge base: every query and mutation of the subgraph, with the roles allowed
 * today and the office(s) of each resource. Referents are scoped to their offices (`actor.offices`; none: no
 * office) on sheets, forms and the editorial workflow; the directory of referents and the canned replies are
 * for every staff member. `admin` may do everything; public actions need no account (the citizens' site).
 */
export const knowledgePolicy = definePolicy({
  // editorial workflow, any kind
  'content.state': rule<ContentAggregate<object>>({
    roles: STAFF,
    officeScoped: OFFICE_SCOPED,
    officesOf: contentOffices,
  }),
  'content.submit': rule<ContentAggregate<object>>({
    roles: [...EDITORS, 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: contentOffices,
  }),
  'content.approve': rule<ContentAggregate<object>>({
    roles: APPROVERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: contentOffices,
  }),
  'content.reject': rule<ContentAggregate<object>>({
    roles: APPROVERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: contentOffices,
  }),
  'content.expire': rule<ContentAggregate<object>>({
    roles: APPROVERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: contentOffices,
  }),
  'content.archive': rule<ContentAggregate<object>>({
    roles: APPROVERS,
    officeScoped: OFFICE_SCOPED,
    officesOf: contentOffices,
  }),
  // sheets
  'sheet.read': rule<SheetSummary>({ roles: STAFF, officeScoped: OFFICE_SCOPED, officesOf: sheetOffices }),
  'sheet.list': rule<SheetSummary>({ roles: STAFF, officeScoped: OFFICE_SCOPED, officesOf: sheetOffices }),
  'sheet.search': rule<SheetSummary>({ roles: STAFF, officeScoped: OFFICE_SCOPED, officesOf: sheetOffices }),
  'sheet.unclear': rule<SheetSummary>({ roles: STAFF, officeScoped: OFFICE_SCOPED, officesOf: sheetOffices }),
  'sheet.create': rule<SheetSummary>({
    roles: EDITORS,
    officeScoped: OFFICE_SCOPED,
    officesOf: sheetOffices,
  }),
  'sheet.edit': rule<SheetSummary>({ roles: EDITORS, officeScoped: OFFICE_SCOPED, officesOf: sheetOffices }),
  /** Referents: only the sheets they own (checked by the rule on the sheet's owner). */
  'sheet.markReviewed': rule<SheetSummary>({
    roles: [...EDITORS, 'referent'],
    officeScoped: OFFICE_SCOPED,
    officesOf: sheetOffices,
  }),
  'sheet.rebuildIndex': rule<SheetSummary>({ roles: ['admin'] }),
  'sheet.public.read': rule<SheetSummary>({ roles: 'public' }),
  'sheet.public.list': rule<SheetSummary>({ roles: 'public' }),
  'sheet.public.search': rule<SheetSummary>({ roles: 'public' }),
  'feedback.submit': rule<SheetSummary>({ roles: 'public' }),
  // forms
  'form.list': rule<Form>({
    roles: STAFF,
    officeScoped: OFFICE_SCOPED,
    officesOf: (f) => f.content.officeId,
  }),
  'form.read': rule<Form>({ roles: 'public' }),
  'form.validate': rule<Form>({ roles: 'public' }),
  'form.create': rule<Form>({
    roles: EDITORS,
    officeScoped: OFFICE_SCOPED,
    officesOf: (f) => f.content.officeId,
  }),
  'form.edit': rule<Form>({
    roles: EDITORS,
    officeScoped: OFFICE_SCOPED,
    officesOf: (f) => f.content.officeId,
  }),
  // organisation
  'office.list': rule<Office>({ roles: 'public' }),
  'office.read': rule<Office>({ roles: 'public' }),
  'office.save': rule<Office>({ roles: EDITORS, officesOf: (o) => o.id }),
  'referent.list': rule<Referent>({ roles: STAFF, officesOf: (r) => r.officeId }),
  'referent.read': rule<Referent>({ roles: STAFF, officesOf: (r) => r.officeId }),
  'referent.save': rule<Referent>({ roles: EDITORS, officesOf: (r) => r.officeId }),
  // canned replies and FAQ
  'replyTemplate.list': rule<ReplyTemplate>({ roles: STAFF }),
  'replyTemplate.read': rule<ReplyTemplate>({ roles: STAFF }),
  'replyTemplate.create': rule<ReplyTemplate>({ roles: EDITORS }),
  'replyTemplate.edit': rule<ReplyTemplate>({ roles: EDITORS }),
  'faq.public.list': rule<ReplyTemplate>({ roles: 'public' }),
});
export type KnowledgePolicy = typeof knowledgePolicy;
