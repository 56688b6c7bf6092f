/**
 * What the subgraph returns for its entities: domain states mapped to the GraphQL shapes (ISO strings for
 * instants, null for absent), the domain object riding along (`_doc`) for the staff-only field resolvers.
 * Enum values stay domain values (lowercase): the enum resolvers map them. No resolver imports another:
 * they share this (codegen.config.ts maps the entities to these types).
 */
import { iso } from './content/content.graphql-mapping';
import type { Form, FormVersion } from './form/form.rules';
import { placeholdersOf, type ReplyTemplate } from './reply-template/reply-template.rules';
import type { SheetSummary } from './sheet/sheet.read-model';
import { readContent } from './sheet/sheet.rules';

/** What every caller may see of a sheet; the rest is resolved per field, for staff only. */
export const sheetToGraphQL = (doc: SheetSummary) => {
  const content = readContent(doc);
  return {
    id: doc.id,
    slug: doc.slug,
    content,
    title: content.title,
    shortDescription: content.shortDescription,
    category: content.category,
    publishedAt: iso(doc.live?.publishedAt),
    publishedRevision: doc.live?.revision ?? null,
    _doc: doc,
  };
};
export type SheetView = ReturnType<typeof sheetToGraphQL>;

export const versionToGraphQL = (v: FormVersion) => ({
  ...v,
  publishedAt: new Date(v.publishedAt).toISOString(),
});

/** Public fields: the latest published version (or, for staff, the working copy of a never-published form). */
export const formToGraphQL = (f: Form) => {
  const latest = f.versions[f.versions.length - 1];
  const content = f.live?.content ?? f.content;
  return {
    id: f.id,
    code: f.code,
    title: latest?.title ?? content.title,
    description: content.description ?? null,
    officeId: content.officeId ?? null,
    version: latest?.version ?? null,
    fields: latest?.fields ?? content.fields,
    versions: f.versions.map(versionToGraphQL),
    _doc: f,
  };
};
export type FormView = ReturnType<typeof formToGraphQL>;

/** Public fields show the published revision (or, for staff, the working copy of a never-published one). */
export const templateToGraphQL = (t: ReplyTemplate) => {
  const c = t.live?.content ?? t.content;
  return {
    id: t.id,
    code: t.code,
    kind: c.kind,
    title: c.title,
    body: c.body,
    placeholders: placeholdersOf(c.body),
    audience: c.audience,
    caseStatus: c.caseStatus ?? null,
    category: c.category ?? null,
    sheetIds: c.sheetIds ?? [],
    publishedRevision: t.live?.revision ?? null,
    _doc: t,
  };
};
export type TemplateView = ReturnType<typeof templateToGraphQL>;
