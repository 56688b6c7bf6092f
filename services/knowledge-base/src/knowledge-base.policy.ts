import type { Role } from '@urp/auth';
import { definePolicy, rule } from '@urp/kernel';
import { officesOfContent, type ContentAggregate } from './content/content.rules';
import type { Form } from './form/form.rules';
import type { Office, Referent } from './organisation/organisation.rules';
import type { ReplyTemplate } from './reply-template/reply-template.rules';
import type { Sheet } from './sheet/sheet.rules';

/** Every staff role reads the knowledge base; the back office edits it. */
const STAFF: Role[] = ['operator', 'backoffice', 'referent', 'manager', 'analyst'];
const EDITORS: Role[] = ['backoffice'];
/** Who approves, sends back, withdraws and archives content (four eyes: not the author). */
const APPROVERS: Role[] = ['backoffice', 'manager'];

const sheetOffices = (s: Sheet) => officesOfContent(s);
const contentOffices = (c: ContentAggregate<object>) => officesOfContent(c);

/**
 * Who may do what in the knowledge base: every query and mutation of the subgraph, with the roles allowed
 * today and the office(s) of each resource. `officeScoped` is empty for now (issue 12 scopes referents to
 * their offices); `admin` may do everything; public actions need no account (the citizens' site).
 */
export const knowledgePolicy = definePolicy({
  // editorial workflow, any kind
  'content.state': rule<ContentAggregate<object>>({ roles: STAFF, officesOf: contentOffices }),
  'content.submit': rule<ContentAggregate<object>>({
    roles: [...EDITORS, 'referent'],
    officesOf: contentOffices,
  }),
  'content.approve': rule<ContentAggregate<object>>({ roles: APPROVERS, officesOf: contentOffices }),
  'content.reject': rule<ContentAggregate<object>>({ roles: APPROVERS, officesOf: contentOffices }),
  'content.expire': rule<ContentAggregate<object>>({ roles: APPROVERS, officesOf: contentOffices }),
  'content.archive': rule<ContentAggregate<object>>({ roles: APPROVERS, officesOf: contentOffices }),
  // sheets
  'sheet.read': rule<Sheet>({ roles: STAFF, officesOf: sheetOffices }),
  'sheet.list': rule<Sheet>({ roles: STAFF, officesOf: sheetOffices }),
  'sheet.search': rule<Sheet>({ roles: STAFF, officesOf: sheetOffices }),
  'sheet.unclear': rule<Sheet>({ roles: STAFF, officesOf: sheetOffices }),
  'sheet.create': rule<Sheet>({ roles: EDITORS, officesOf: sheetOffices }),
  'sheet.edit': rule<Sheet>({ roles: EDITORS, officesOf: sheetOffices }),
  /** Referents: only the sheets they own (checked by the rule on the sheet's owner). */
  'sheet.markReviewed': rule<Sheet>({ roles: [...EDITORS, 'referent'], officesOf: sheetOffices }),
  'sheet.rebuildIndex': rule<Sheet>({ roles: ['admin'] }),
  'sheet.public.read': rule<Sheet>({ roles: 'public' }),
  'sheet.public.list': rule<Sheet>({ roles: 'public' }),
  'sheet.public.search': rule<Sheet>({ roles: 'public' }),
  'feedback.submit': rule<Sheet>({ roles: 'public' }),
  // forms
  'form.list': rule<Form>({ roles: STAFF, officesOf: (f) => f.content.officeId }),
  'form.read': rule<Form>({ roles: 'public' }),
  'form.validate': rule<Form>({ roles: 'public' }),
  'form.create': rule<Form>({ roles: EDITORS, officesOf: (f) => f.content.officeId }),
  'form.edit': rule<Form>({ roles: EDITORS, officesOf: (f) => f.content.officeId }),
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
