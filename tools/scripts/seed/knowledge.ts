// Demo content of the knowledge base (Comune di Borgo Aurelio), loaded through the gateway as the back office
// would: offices and referents, forms, 60+ service sheets, canned replies and FAQ. Each item is written by the
// back office (bo-marco) and approved by the URP manager (mgr-paolo): four eyes, as in production.
// Idempotent: what exists (by code or slug) is left as it is.
import type { SeedContext } from './lib';
import { sheetContentInput } from './knowledge/content';
import { FORMS } from './knowledge/forms';
import { OFFICES, REFERENTS } from './knowledge/organisation';
import { SHEETS } from './knowledge/sheets';
import { TEMPLATES } from './knowledge/templates';

const SAVE_OFFICE = `mutation($i: OfficeInput!) { saveOffice(input: $i) { id } }`;
const SAVE_REFERENT = `mutation($i: ReferentInput!) { saveReferent(input: $i) { id } }`;
const SUBMIT = `mutation($i: ContentActionInput!) { submitContent(input: $i) { status } }`;
const APPROVE = `mutation($i: ApproveContentInput!) { approveContent(input: $i) { status } }`;

async function publish(ctx: SeedContext, kind: string, id: string): Promise<void> {
  await ctx.call('backoffice', SUBMIT, { i: { kind, id, note: 'contenuto demo' } });
  await ctx.call('manager', APPROVE, { i: { kind, id, note: 'verificato' } });
}

/** `only`: seed just these sheet slugs (tests); by default everything. */
export async function seed(ctx: SeedContext, only?: { slugs?: string[] }): Promise<void> {
  // offices first without their head (the referents need the office), then referents, then the heads
  const office = (o: (typeof OFFICES)[number], withHead: boolean) => ({
    code: o.code,
    name: o.name,
    email: o.email,
    pec: o.pec,
    phone: o.phone,
    address: o.address,
    openingHours: o.openingHours,
    ...(withHead ? { headReferentId: o.head } : {}),
  });
  const existing = await ctx.call('backoffice', `{ offices { code head { id } } }`);
  const known = new Map<string, string | undefined>(
    existing.offices.map((o: { code: string; head?: { id: string } }) => [o.code, o.head?.id]),
  );
  for (const o of OFFICES)
    if (!known.has(o.code)) await ctx.call('backoffice', SAVE_OFFICE, { i: office(o, false) });
  for (const r of REFERENTS)
    await ctx.call('backoffice', SAVE_REFERENT, {
      i: {
        id: r.id,
        name: r.name,
        officeId: r.office,
        role: r.role,
        email: r.email,
        staffId: r.staffId ?? null,
      },
    });
  for (const o of OFFICES)
    if (known.get(o.code) !== o.head) await ctx.call('backoffice', SAVE_OFFICE, { i: office(o, true) });
  ctx.log(`knowledge: ${OFFICES.length} offices, ${REFERENTS.length} referents`);

  // what exists already: one query per kind (the seed is idempotent)
  const have = await ctx.call(
    'backoffice',
    `{ forms(first: 500) { code } sheets(first: 500) { id slug } replyTemplates(first: 500) { code } }`,
  );
  const formCodes = new Set(have.forms.map((f: { code: string }) => f.code));
  const sheetIds = new Map<string, string>(
    have.sheets.map((s: { id: string; slug: string }) => [s.slug, s.id]),
  );
  const templateCodes = new Set(have.replyTemplates.map((t: { code: string }) => t.code));

  let forms = 0;
  for (const f of FORMS) {
    if (formCodes.has(f.code)) continue;
    const created = await ctx.call(
      'backoffice',
      `mutation($i: CreateFormInput!) { createForm(input: $i) { id } }`,
      {
        i: {
          code: f.code,
          content: { title: f.title, description: f.description, officeId: f.office, fields: f.fields },
          note: 'modulo demo',
        },
      },
    );
    await publish(ctx, 'FORM', created.createForm.id);
    forms++;
  }

  let sheets = 0;
  for (const s of SHEETS) {
    if (sheetIds.has(s.slug) || (only?.slugs && !only.slugs.includes(s.slug))) continue;
    const created = await ctx.call(
      'backoffice',
      `mutation($i: CreateSheetInput!) { createSheet(input: $i) { id } }`,
      { i: { slug: s.slug, content: sheetContentInput(s), note: 'scheda demo' } },
    );
    sheetIds.set(s.slug, created.createSheet.id);
    await publish(ctx, 'SHEET', created.createSheet.id);
    sheets++;
  }

  let templates = 0;
  for (const t of TEMPLATES) {
    if (templateCodes.has(t.code)) continue;
    const created = await ctx.call(
      'backoffice',
      `mutation($i: CreateReplyTemplateInput!) { createReplyTemplate(input: $i) { id } }`,
      {
        i: {
          code: t.code,
          note: 'risposta tipo demo',
          content: {
            kind: t.kind,
            title: t.title,
            body: t.body,
            audience: t.audience,
            caseStatus: t.caseStatus ?? null,
            category: t.category ?? null,
            sheetIds: (t.sheets ?? []).map((slug) => sheetIds.get(slug)).filter(Boolean),
          },
        },
      },
    );
    await publish(ctx, 'REPLY_TEMPLATE', created.createReplyTemplate.id);
    templates++;
  }
  ctx.log(
    `knowledge: ${forms} forms, ${sheets} sheets, ${templates} reply templates published (of ${FORMS.length}, ${SHEETS.length}, ${TEMPLATES.length})`,
  );
}
