/**
 * The knowledge base maps its GraphQL enums to the domain's lowercase values at runtime (`enumResolver` in
 * app.module.ts: IN_REVIEW ↔ in_review); the generated types say the same, so resolvers see domain values.
 */
const lower = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

/** What the resolvers return for the entities: the views of src/graphql-view.ts and the domain's own shapes. */
const mappers = {
  ServiceSheet: '../graphql-view#SheetView',
  Form: '../graphql-view#FormView',
  ReplyTemplate: '../graphql-view#TemplateView',
  SheetContent: '../sheet/sheet.rules#SheetContent',
  Office: '../organisation/organisation.rules#Office',
  Referent: '../organisation/organisation.rules#Referent',
  FormFieldDefinition: '@urp/forms#FormField',
};

export default {
  mappers,
  enumValues: {
    ContentStatus: lower(['draft', 'in_review', 'published', 'expired', 'archived']),
    ContentKind: lower(['sheet', 'form', 'reply_template']),
    ContentAudience: lower(['public', 'internal']),
    SheetAccessChannelKind: lower(['online', 'desk', 'post', 'email', 'pec', 'phone']),
    SheetListFilter: lower(['all', 'published', 'review_overdue', 'inconsistent', 'in_review', 'draft']),
    FormFieldKind: lower(['text', 'number', 'date', 'single_choice', 'multiple_choice', 'file']),
    ReplyTemplateKind: lower(['reply', 'faq']),
  },
};
