import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signDevToken, type Role } from '@urp/auth';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql';
import {
  freePorts,
  REPO_ROOT,
  spawnGateway,
  startStack,
  waitFor,
  type RunningProcess,
  type Stack,
} from '@urp/testing';

/**
 * The direct path (src/single-fetch.ts) answers exactly what Apollo Gateway's executor answers. Two gateways
 * in front of the same five real services (real Kafka and FerretDB): the stack's, with the direct path (the
 * default), and one with `GATEWAY_DIRECT_FETCH=false`. Every operation the console registers, the public ones
 * and hand-written edge cases (aliases, fragments, `__typename`, variable defaults, `@include`, errors with
 * extensions, partial data, two operations in one document, fields of two subgraphs) are sent through both, as
 * staff and as a citizen, and the HTTP status and the response body are compared byte for byte (mutations after
 * masking the ids and instants each one creates). The direct gateway's `/metrics` says which path answered.
 *
 *   npx jest --runInBand gateway/test/direct-fetch.int-spec.ts
 */
const schema = buildSchema(readFileSync(join(REPO_ROOT, 'gateway', 'supergraph.graphql'), 'utf8'), {
  assumeValidSDL: true,
});
const CONSOLE = JSON.parse(
  readFileSync(join(REPO_ROOT, 'apps', 'console', 'src', 'gql', 'persisted-documents.json'), 'utf8'),
) as Record<string, string>;

/** A placeholder value of an input type: required fields only, enums their first value. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = sample(f.type);
    return out;
  }
  const name = getNamedType(type).name;
  return name === 'Int' || name === 'Float' ? 1 : name === 'Boolean' ? false : 'direct-x';
}

function operationOf(query: string): OperationDefinitionNode {
  return parse(query).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
}

/** Every variable of the operation: the override, else a placeholder for the required ones. */
function variablesFor(query: string, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of operationOf(query).variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (name in override) out[name] = override[name];
    else if (def.type.kind === Kind.NON_NULL_TYPE && !def.defaultValue)
      out[name] = sample(typeFromAST(schema, def.type) as GraphQLInputType);
  }
  return out;
}

/** What each mutation creates anew (ids, instants, protocol numbers): masked before comparing mutations. */
const mask = (text: string) =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\b[0-9a-f]{24}\b/gi, '<objectid>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>')
    .replace(/\b\d{4}\/\d{7}\b/g, '<protocol>');

interface Case {
  label: string;
  caller: 'admin' | 'operator' | 'anonymous';
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

describe('the direct path answers what the query-plan executor answers', () => {
  let stack: Stack;
  let executorOnly: RunningProcess;
  let executorUrl: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({ prefix: 'direct' });
    const [port] = await freePorts(1);
    const subgraphs = Object.fromEntries(
      (['contacts', 'satisfaction', 'knowledge', 'procedures', 'campaigns'] as const).map((s) => [
        s,
        stack.url(s),
      ]),
    );
    executorOnly = await spawnGateway(subgraphs, port, { GATEWAY_DIRECT_FETCH: 'false', LOG_LEVEL: 'warn' });
    executorUrl = `http://127.0.0.1:${port}/graphql`;
    const staff: [string, Role[], string[]][] = [
      ['admin', ['admin'], []],
      ['operator', ['operator'], ['urp']],
    ];
    for (const [name, roles, offices] of staff)
      tokens[name] = await signDevToken({ sub: `direct-${name}`, roles, offices }, stack.auth);
  }, 900_000);

  afterAll(async () => {
    await executorOnly?.stop();
    await stack?.stop();
  });

  const post = async (url: string, c: Case) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(c.caller === 'anonymous' ? {} : { authorization: `Bearer ${tokens[c.caller]}` }),
      },
      body: JSON.stringify({
        query: c.query,
        variables: c.variables,
        ...(c.operationName ? { operationName: c.operationName } : {}),
      }),
    });
    return { status: res.status, text: await res.text() };
  };
  const directCount = async () => {
    const text = await (await fetch(`${stack.url('gateway')}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(`^urp_gateway_direct_fetch_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm').exec(
          text,
        )?.[1] ?? 0,
      );
    return { direct: count('direct'), replayed: count('replayed') };
  };

  it('gives the same status and body for every console and public operation and the edge cases', async () => {
    const ask = async (caller: string, query: string, variables: Record<string, unknown> = {}) => {
      const r = await post(stack.gatewayUrl, {
        label: '',
        caller: caller as Case['caller'],
        query,
        variables,
      });
      return JSON.parse(r.text) as { data?: any; errors?: unknown[] };
    };
    // a little of everything: an office, a published sheet, a contact with a case, a procedure
    const office = `direct_${Date.now().toString(36)}`;
    expect(
      (
        await ask('admin', `mutation($i: OfficeInput!) { saveOffice(input: $i) { id } }`, {
          i: { code: office, name: 'Ufficio relazioni con il pubblico' },
        })
      ).errors,
    ).toBeUndefined();
    const content = {
      title: 'Carta di identità elettronica',
      shortDescription: 'Come richiedere la carta di identità elettronica, i documenti e i costi.',
      whoIsItFor: 'I residenti nel Comune.',
      howTo: 'Prenotare un appuntamento allo sportello anagrafe.',
      whatYouGet: 'La carta di identità elettronica.',
      category: 'anagrafe_stato_civile',
      officeIds: [office],
    };
    const created = await ask('admin', `mutation($i: CreateSheetInput!) { createSheet(input: $i) { id } }`, {
      i: { slug: `carta-identita-${office.replace(/_/g, '-')}`, content, note: 'prova' },
    });
    expect(created.errors).toBeUndefined();
    const sheetId = created.data.createSheet.id as string;
    const slug = `carta-identita-${office.replace(/_/g, '-')}`;
    for (const m of ['submitContent', 'approveContent'])
      await ask(
        'admin',
        `mutation($i: ${m === 'submitContent' ? 'ContentActionInput' : 'ApproveContentInput'}!) { ${m}(input: $i) { id } }`,
        {
          i: { kind: 'SHEET', id: sheetId },
        },
      );
    const registration = await waitFor(
      async () =>
        (
          await ask(
            'operator',
            `mutation($i: RegisterContactInput!) { registerContact(input: $i) { id case { id } } }`,
            {
              i: {
                channel: 'PHONE',
                type: 'INFORMATION',
                subject: 'Carta di identità scaduta',
                openCase: true,
                officeId: office,
              },
            },
          )
        ).data?.registerContact as { id: string; case: { id: string } } | undefined,
      { timeoutMs: 60_000, intervalMs: 500, what: `contacts to know office ${office}` },
    );
    const registered = registration!;
    const typeCode = `tipo_${office}`;
    expect(
      (
        await ask('admin', `mutation($i: ProcedureTypeInput!) { saveProcedureType(input: $i) { code } }`, {
          i: {
            code: typeCode,
            name: 'Contributo economico',
            legalBasis: 'Regolamento comunale',
            officeId: office,
            officeName: 'Ufficio relazioni con il pubblico',
            responsibleId: 'direct-responsabile',
            responsibleName: 'Responsabile del procedimento',
          },
        })
      ).errors,
    ).toBeUndefined();
    const submitted = await ask(
      'admin',
      `mutation($i: SubmitProcedureInput!) { submitProcedure(input: $i) { id } }`,
      {
        i: {
          procedureTypeCode: typeCode,
          subject: 'Contributo per la mensa',
          protocolNumber: '2026/0000042',
          receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        },
      },
    );
    expect(submitted.errors).toBeUndefined();
    const procedureId = submitted.data.submitProcedure.id as string;

    const overrides: Record<string, Record<string, unknown>> = {
      SearchRequestersPersonal: { query: 'Rossi', purpose: 'verifica', first: 5 },
      SearchRequestersIds: { query: 'Rossi', purpose: 'verifica', first: 5 },
      CampaignReadability: { text: 'Un testo semplice, con frasi brevi e parole comuni.' },
      CampaignList: { first: 10 },
      CaseDetail: { id: registered.case.id },
      ProcedureDetail: { id: procedureId },
      ProcedureStartNotice: { id: procedureId },
      CaseQueue: { first: 20 },
      SheetForEdit: { id: sheetId },
      SheetDiff: { id: sheetId, from: 1, to: 1 },
      DeskHolidays: { year: 2026, next: 2027 },
      ContactSurvey: { id: registered.id },
      KbSearch: { query: 'carta di identità' },
    };
    const cases: Case[] = [];
    for (const query of Object.values(CONSOLE)) {
      const op = operationOf(query);
      const name = op.name?.value ?? '';
      const variables = variablesFor(query, overrides[name] ?? {});
      cases.push({ label: name, caller: 'admin', query, variables });
      if (op.operation === 'query') cases.push({ label: name, caller: 'operator', query, variables });
    }
    const publicOps: [string, string, Record<string, unknown>][] = [
      [
        'publicSheets',
        `query($n: Int) { publicSheets(first: $n) { slug title shortDescription category } }`,
        { n: 5 },
      ],
      [
        'publicSheet',
        `query($s: String!) { publicSheet(slug: $s) { id slug title content { howTo } } }`,
        { s: slug },
      ],
      [
        'publicSheet (missing)',
        `query($s: String!) { publicSheet(slug: $s) { id title } }`,
        { s: 'non-esiste' },
      ],
      [
        'publicSearch',
        `query($q: String!) { publicSearch(query: $q) { total expandedQuery hits { score sheet { slug title } } } }`,
        { q: 'carta identità' },
      ],
      ['publicFaq', `{ publicFaq { code title body } }`, {}],
      ['offices', `{ offices { code name email } }`, {}],
      ['office', `query($c: String) { office(code: $c) { code name head { name } } }`, { c: office }],
      ['form (missing)', `{ form(code: "non-esiste") { id title } }`, {}],
      [
        'validateFormSubmission',
        `{ validateFormSubmission(code: "non-esiste", dataJson: "{}") { ok errors { field message } } }`,
        {},
      ],
      [
        'procedureStatus',
        `query($r: String!) { procedureStatus(reference: $r) { phase dueDate } }`,
        { r: 'non-esiste' },
      ],
    ];
    for (const [label, query, variables] of publicOps)
      for (const caller of ['anonymous', 'operator'] as const)
        cases.push({ label, caller, query, variables });
    const edge: [string, Case['caller'], string, Record<string, unknown>, string?][] = [
      [
        'aliases, fragments, __typename, defaults, @include',
        'anonymous',
        `query Edge($q: String!, $n: Int = 2, $score: Boolean = true, $title: Boolean!) {
           found: publicSearch(query: $q, first: $n) { total ...Hits }
           list: publicSheets(first: $n) { __typename slug t: title @include(if: $title) category @skip(if: $title) }
         }
         fragment Hits on SheetSearchResult { hits { score @include(if: $score) sheet { ... on ServiceSheet { id slug } __typename } } }`,
        { q: 'carta', title: false },
      ],
      [
        'a default left to the schema',
        'anonymous',
        `query($n: Int) { publicSheets(first: $n) { slug } }`,
        {},
      ],
      ['__typename of the root', 'anonymous', `{ __typename offices { code } }`, {}],
      ['the same field twice, merged', 'anonymous', `{ offices { code } offices { name code } }`, {}],
      [
        'two operations, one chosen',
        'anonymous',
        `query A { offices { code } } query B { publicSheets(first: 1) { slug } }`,
        {},
        'B',
      ],
      ['an error with extensions (refused)', 'operator', `{ campaigns(first: 5) { id title } }`, {}],
      [
        'a missing sheet beside data',
        'operator',
        `{ offices { code } sheet(id: "non-esiste") { id title } }`,
        {},
      ],
      [
        'partial data: an error beside data',
        'admin',
        `query($id: ID!) { offices { code } sheet(id: $id) { id diff(from: 1, to: 99) { field } } }`,
        { id: sheetId },
      ],
      [
        'a staff-only field asked by a citizen',
        'anonymous',
        `query($s: String!) { offices { code } publicSheet(slug: $s) { slug workingCopy { title } } }`,
        { s: slug },
      ],
      ['an empty search', 'operator', `{ searchSheets(input: { query: "" }) { total } }`, {}],
      ['bad variables', 'anonymous', `query($n: Int) { publicSheets(first: $n) { slug } }`, { n: 'tanti' }],
      [
        'fields of two subgraphs',
        'operator',
        `{ offices { code } procedureStatus(reference: "x") { phase } }`,
        {},
      ],
      [
        'a case with its contact',
        'admin',
        `query($id: ID!) { case(id: $id) { id contact { subject } } }`,
        { id: registered.case.id },
      ],
    ];
    for (const [label, caller, query, variables, operationName] of edge)
      cases.push({ label, caller, query, variables, operationName });

    const differences: string[] = [];
    const byPath: Record<string, string[]> = { direct: [], replayed: [], executor: [] };
    for (const c of cases) {
      const isMutation = operationOf(c.query).operation === 'mutation';
      const norm = (t: string) => (isMutation ? mask(t) : t);
      // the first request of a document learns its plan (executor); the second may take the direct path
      const first = await post(stack.gatewayUrl, c);
      const before = await directCount();
      const second = await post(stack.gatewayUrl, c);
      const after = await directCount();
      const reference = await post(executorUrl, c);
      const path =
        after.direct > before.direct ? 'direct' : after.replayed > before.replayed ? 'replayed' : 'executor';
      byPath[path].push(`${c.label} (${c.caller})`);
      for (const [which, got] of [
        ['first', first],
        ['second', second],
      ] as const)
        if (got.status !== reference.status || norm(got.text) !== norm(reference.text))
          differences.push(
            `${c.label} (${c.caller}), ${which} request, ${path}:\n  direct gateway   ${got.status} ${got.text.slice(0, 600)}\n  executor gateway ${reference.status} ${reference.text.slice(0, 600)}`,
          );
    }
    console.log(
      [
        `${cases.length} cases through both gateways`,
        ...Object.entries(byPath).map(([p, labels]) => `${p} (${labels.length}): ${labels.join(', ')}`),
      ].join('\n'),
    );
    expect(differences).toEqual([]);
    // the direct path was really taken, for search among others, and errors were replayed
    expect(byPath.direct).toEqual(expect.arrayContaining(['KbSearch (admin)', 'publicSearch (anonymous)']));
    expect(byPath.replayed).toEqual(
      expect.arrayContaining([
        'partial data: an error beside data (admin)',
        'an error with extensions (refused) (operator)',
      ]),
    );
    expect(byPath.executor).toEqual(expect.arrayContaining(['fields of two subgraphs (operator)']));
  }, 600_000);
});
