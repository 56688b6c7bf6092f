import {
  FixedClock,
  InMemoryAggregateStore,
  ServiceKernel,
  type Actor,
  type AggregateStore,
  type Commit,
} from '@urp/kernel';
import { scrubPersonalData } from '@urp/privacy';
import type { ProcedureType } from '../catalogue/procedure-type.rules';
import { ProcedureTypeUseCases } from '../catalogue/procedure-type.use-cases';
import type { SuspensionKind } from '../catalogue/suspension-kind.rules';
import { SuspensionKindUseCases } from '../catalogue/suspension-kind.use-cases';
import { deskItem } from './desk.rules';
import type { FormVersion } from './form-versions.read-model';
import { LegalClockUseCases } from './legal-clock.use-cases';
import { ProcedureContexts } from './procedure.context';
import { ProcedureReadModel } from './procedure.read-model';
import type { Procedure } from './procedure.state';
import type { ClockClaim } from './procedure.store';
import { ProcedureUseCases } from './procedure.use-cases';
import type { DirectoryOffice, DirectoryReferent } from '../directory/directory.rules';

/** The use cases on in-memory stores (no database, no broker): what an operator and the topics would see. */
class MemoryProcedures extends InMemoryAggregateStore<Procedure> {}
class MemoryTypes implements AggregateStore<ProcedureType> {
  readonly name = 'procedure_types';
  private readonly memory = new InMemoryAggregateStore<ProcedureType>(this.name);
  readonly events = this.memory.events;
  get = (id: string) => this.memory.get(id);
  getMany = (ids: readonly string[]) => this.memory.getMany(ids);
  commit = (change: Commit<ProcedureType>) => this.memory.commit(change);
  all = async () => this.memory.all();
}

class MemoryKinds implements AggregateStore<SuspensionKind> {
  readonly name = 'suspension_kinds';
  private readonly memory = new InMemoryAggregateStore<SuspensionKind>(this.name);
  readonly events = this.memory.events;
  get = (id: string) => this.memory.get(id);
  getMany = (ids: readonly string[]) => this.memory.getMany(ids);
  commit = (change: Commit<SuspensionKind>) => this.memory.commit(change);
  all = async () => this.memory.all();
}

/** The head of the offices whose procedures these tests act on (commands are the competent office's). */
const manager: Actor = {
  sub: 'mgr-1',
  roles: ['manager'],
  offices: ['servizi_sociali', 'tributi', 'off_soc'],
};
const referent: Actor = { sub: 'ref-1', roles: ['referent'], offices: ['servizi_sociali'] };
const operator: Actor = { sub: 'op-1', roles: ['operator'] };
/**
 * These tests replay applications received before the clock's day (their protocol dates): registered by an
 * administrator, the one who may date a receipt before today (`procedure.backdate`).
 */
const registrar: Actor = { sub: 'op-1', roles: ['admin'] };
const analyst: Actor = { sub: 'an-1', roles: ['analyst'] };

function setup(today = '2026-01-20T10:00:00Z') {
  const clock = new FixedClock(new Date(today));
  const kernel = new ServiceKernel({ source: '/urp/procedures', scrub: (t) => scrubPersonalData(t) }, clock);
  const contexts = new ProcedureContexts(
    {
      PATRON_SAINT_DAY: { month: 8, day: 10 },
      PATRON_SAINT_NAME: 'San Lorenzo',
      SATURDAY_IS_WORKING_DAY: true,
      WARNING_DAYS: [7, 2],
      ADMINISTRATION_NAME: 'Comune di Borgo Aurelio',
      ADMINISTRATION_PEC: 'protocollo@pec.it',
      ACTS_VIEWING: 'online',
      INACTION_REMEDIES: 'TAR',
    },
    kernel,
  );
  const store = new MemoryProcedures('procedures');
  const typeStore = new MemoryTypes();
  const claims = new InMemoryAggregateStore<ClockClaim>('clock_claims');
  const forms = new Map<string, FormVersion>();
  const projected: Procedure[] = [];
  // this instance's read model, kept current by its own writes (as ProcedureProjections does)
  const reads = new ProcedureReadModel();
  const project = async (p: Procedure) => {
    projected.push(p);
    reads.upsert(p);
  };
  const types = new ProcedureTypeUseCases(typeStore, kernel);
  const kindStore = new MemoryKinds();
  const kinds = new SuspensionKindUseCases(kindStore, kernel);
  // the knowledge base's directory as procedures projects it (empty: nothing published yet)
  const staff: { offices: DirectoryOffice[]; referents: DirectoryReferent[] } = {
    offices: [],
    referents: [],
  };
  const procedures = new ProcedureUseCases(
    {
      ADMINISTRATION_NAME: 'Comune di Borgo Aurelio',
      ADMINISTRATION_PEC: 'protocollo@pec.it',
      ACTS_VIEWING: 'online',
      INACTION_REMEDIES: 'TAR',
    },
    store,
    typeStore,
    { get: async (formId, version) => forms.get(`${formId}@${version}`) ?? null },
    reads,
    { project },
    contexts,
    kinds,
    { directory: async () => staff },
  );
  const legalClock = new LegalClockUseCases(
    { CLOCK_TICK_MS: 1000 },
    store,
    claims,
    reads,
    { project },
    contexts,
    { every: () => undefined },
  );
  return {
    clock,
    store,
    typeStore,
    claims,
    forms,
    projected,
    types,
    procedures,
    legalClock,
    kinds,
    kindStore,
    reads,
    staff,
  };
}

const TYPE = {
  code: 'contributo',
  name: 'Contributo economico',
  legalBasis: 'Regolamento comunale',
  officeId: 'servizi_sociali',
  officeName: 'Servizi sociali',
  responsibleId: 'ref-1',
  responsibleName: 'Elena Ferri',
  substituteId: 'seg',
  substituteName: 'Segretario generale',
};
const SUBMIT = {
  procedureTypeCode: 'contributo',
  subject: 'Sostegno al reddito',
  protocolNumber: '2026/0000123',
  receivedAt: '2026-01-07T10:00:00+01:00',
  requesterId: 'req_abcdef01',
};
const typesOf = (store: { events: readonly { type: string }[] }) =>
  store.events.map((e) => e.type.replace(/^it\.urp\.procedures\.(\w+)\.v\d+$/, '$1'));

describe('procedure type use cases', () => {
  it('creates a type, ignores an unchanged save, refuses a stale edit', async () => {
    const { types, typeStore } = setup();
    const created = await types.save(manager, TYPE);
    expect(created).toMatchObject({ id: 'pt_contributo', revision: 1, rejectionNoticeRequired: true });
    expect((await types.save(manager, TYPE)).revision).toBe(1);
    const changed = await types.save(manager, { ...TYPE, legalTermDays: 60 }, 1);
    expect(changed.revision).toBe(2);
    await expect(types.save(manager, { ...TYPE, legalTermDays: 45 }, 1)).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    expect(typesOf(typeStore)).toEqual(['ProcedureTypeChanged', 'ProcedureTypeChanged']);
    expect(typeStore.events[1].data).toMatchObject({ legalTermDays: 60, previousLegalTermDays: 30 });
  });

  it('refuses bad input field by field, and anyone but a manager', async () => {
    const { types, typeStore } = setup();
    await expect(types.save(manager, { ...TYPE, legalTermDays: 120 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.termJustification': expect.any(String) } },
    });
    await expect(types.save(referent, TYPE)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await typeStore.all()).toHaveLength(0);
  });
});

describe('procedure use cases', () => {
  const ready = async (today?: string) => {
    const s = setup(today);
    await s.types.save(manager, TYPE);
    return s;
  };

  it('submits from the desk, then suspends, resumes and decides, each change with its events', async () => {
    const { procedures, store, projected, clock } = await ready('2026-01-10T10:00:00Z');
    const p = await procedures.submitFromDesk(registrar, SUBMIT);
    expect(p).toMatchObject({ status: 'started', dueDate: '2026-02-06', revision: 1 });
    // the request for documents goes out today (it is never backdated)
    const s = await procedures.suspend(referent, p.id, {
      kind: 'document_request',
      reason: 'Planimetria',
      start: '2026-01-10',
    });
    const sid = s.suspensions[0].id;
    // every act is dated the day it is recorded (`procedure.backdate` is an administrator's)
    clock.set(new Date('2026-01-15T10:00:00Z'));
    await procedures.resume(referent, p.id, sid, '2026-01-15');
    clock.set(new Date('2026-01-20T10:00:00Z'));
    const d = await procedures.decide(referent, p.id, { outcome: 'accepted', reasons: 'Requisiti presenti' });
    expect(d).toMatchObject({ status: 'decided', revision: 4, decision: { withinTerm: true } });
    expect(typesOf(store)).toEqual([
      'ProcedureSubmitted',
      'ProcedureStarted',
      'ApplicantNotificationRequested',
      'ProcedureSuspended',
      'ApplicantNotificationRequested', // the request for documents (art. 2 c.7)
      'ProcedureResumed',
      'ApplicantNotificationRequested', // the term runs again
      'ProcedureDecided',
      'ApplicantNotificationRequested',
    ]);
    expect(projected.map((x) => x.status)).toEqual(['started', 'suspended', 'started', 'decided']);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const { procedures, store, forms } = await ready();
    await expect(
      procedures.submitFromDesk(registrar, { ...SUBMIT, procedureTypeCode: 'nessuno' }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.procedureTypeCode': expect.any(String) } },
    });
    await expect(procedures.submitFromDesk(registrar, { ...SUBMIT, formData: '{' })).rejects.toMatchObject({
      extensions: { fields: { 'input.formData': 'non è JSON' } },
    });
    forms.set('f@1', {
      formId: 'f',
      code: 'f',
      version: 1,
      title: 'Modulo',
      publishedAt: '2026-01-01T00:00:00Z',
      fields: [{ name: 'iban', label: 'IBAN', type: 'text', required: true, order: 1 }],
    });
    await expect(
      procedures.submitFromDesk(registrar, { ...SUBMIT, formId: 'f', formVersion: 1, formData: '{}' }),
    ).rejects.toMatchObject({ extensions: { fields: { 'input.formData.iban': expect.any(String) } } });
    await expect(
      procedures.submitFromDesk(registrar, { ...SUBMIT, formId: 'f', formVersion: 2, formData: '{}' }),
    ).rejects.toMatchObject({ extensions: { fields: { 'input.formVersion': expect.any(String) } } });
    expect(store.all()).toHaveLength(0);
  });

  it('assigns only to an active referent of the procedure’s office (issue 12), after the caller’s refusal', async () => {
    const { procedures, store, staff } = await ready();
    const p = await procedures.submitFromDesk(registrar, SUBMIT);
    // nothing published by the knowledge base yet: taken as given
    expect((await procedures.assign(manager, p.id, 'ref-x')).responsibleId).toBe('ref-x');
    staff.offices.push(
      { id: 'off_soc', code: 'servizi_sociali', name: 'Servizi sociali', active: true },
      { id: 'off_tri', code: 'tributi', name: 'Tributi', active: true },
    );
    staff.referents.push(
      { id: 'rf_1', staffId: 'ref-1', name: 'Elena Ferri', officeId: 'off_soc', active: true },
      { id: 'rf_9', staffId: 'ref-9', name: 'Paolo Neri', officeId: 'off_tri', active: true },
      { id: 'rf_8', staffId: 'ref-8', name: 'Ada Bassi', officeId: 'servizi_sociali', active: false },
    );
    const before = (await store.get(p.id))!.revision;
    for (const who of ['ref-9', 'ref-8', 'sconosciuto']) {
      const e = await procedures.assign(manager, p.id, who).catch((x: unknown) => x);
      expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect((e as { extensions: { fields: Record<string, string> } }).extensions.fields).toHaveProperty([
        'input.assigneeId',
      ]);
    }
    expect(
      (await procedures.assign(manager, p.id, 'ref-9').catch((x: Error) => x.message)) as string,
    ).toContain('Paolo Neri non è referente dell’ufficio Servizi sociali');
    expect((await store.get(p.id))!.revision).toBe(before);
    // by staff account or referent id; the name from the directory
    expect(await procedures.assign(manager, p.id, 'ref-1')).toMatchObject({
      responsibleId: 'ref-1',
      responsibleName: 'Elena Ferri',
    });
    expect((await procedures.assign(manager, p.id, 'rf_1')).responsibleId).toBe('rf_1');
    // a referent of another office is refused as a caller first (FORBIDDEN), whoever they name
    const tributi: Actor = { sub: 'ref-9', roles: ['referent'], offices: ['tributi'] };
    await expect(procedures.assign(tributi, p.id, 'ref-9')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    // naming a responsible person at submission is an assignment too
    await expect(
      procedures.submitFromDesk(registrar, { ...SUBMIT, responsibleId: 'ref-9' }),
    ).rejects.toMatchObject({ extensions: { fields: { 'input.responsibleId': expect.any(String) } } });
  });

  it('names in the notices the office and the responsible person as the directory names them at issue', async () => {
    const { procedures, staff } = await ready();
    const section = (p: { documents?: { content: { sections: { element: string; text: string }[] } }[] }) =>
      ['office', 'responsiblePerson'].map(
        (el) => p.documents?.[0]?.content.sections.find((x) => x.element === el)?.text,
      );
    // nothing published yet: the names the procedure holds (its type's)
    expect(section(await procedures.submitFromDesk(registrar, SUBMIT))).toEqual([
      'Servizi sociali',
      'Elena Ferri',
    ]);
    staff.offices.push({
      id: 'off_soc',
      code: 'servizi_sociali',
      name: 'Area Servizi sociali',
      active: true,
    });
    staff.referents.push({
      id: 'rf_1',
      staffId: 'ref-1',
      name: 'Elena Ferri Rossi',
      officeId: 'off_soc',
      active: true,
    });
    const p = await procedures.submitFromDesk(registrar, { ...SUBMIT, protocolNumber: '2026/0000999' });
    expect(section(p)).toEqual(['Area Servizi sociali', 'Elena Ferri Rossi']);
    expect(p).toMatchObject({ officeName: 'Servizi sociali', responsibleName: 'Elena Ferri' }); // held as it was
  });

  it('authorizes every command by the roles allowed today', async () => {
    const { procedures, store } = await ready();
    await expect(procedures.submitFromDesk(analyst, SUBMIT)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const p = await procedures.submitFromDesk(registrar, SUBMIT);
    await expect(procedures.assign(operator, p.id, 'ref-2')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(
      procedures.decide(operator, p.id, { outcome: 'accepted', reasons: 'Requisiti presenti' }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await store.get(p.id))!.revision).toBe(1);
    expect(await procedures.get(analyst, p.id)).toMatchObject({ id: p.id });
    await expect(procedures.desk(analyst, undefined)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('a redelivered request creates the procedure once', async () => {
    const { procedures, store } = await ready();
    const ctx = procedures.contexts.of(operator);
    const cmd = { ...SUBMIT, receivedAt: '2026-01-07T10:00:00+01:00' };
    const a = await procedures.submit(cmd, ctx, 'prc_fixed');
    const b = await procedures.submit(cmd, ctx, 'prc_fixed');
    expect(b).toEqual(a);
    expect(typesOf(store)).toEqual([
      'ProcedureSubmitted',
      'ProcedureStarted',
      'ApplicantNotificationRequested',
    ]);
  });

  it('the public status answers only to the right reference', async () => {
    const { procedures } = await ready();
    const p = await procedures.submitFromDesk(registrar, SUBMIT);
    expect(await procedures.publicStatus(`${p.id}.${p.publicToken}`)).toMatchObject({
      protocolNumber: '2026/0000123',
      phase: 'In istruttoria',
      dueDate: '2026-02-06',
      overdue: false,
    });
    expect(await procedures.publicStatus(`${p.id}.${p.publicToken}.x`)).toBeNull();
    expect(await procedures.publicStatus(`${p.id}.guess`)).toBeNull();
    expect(await procedures.publicStatus('nonsense')).toBeNull();
  });

  it('a review of a refused civic access is a new procedure, linked once', async () => {
    const { procedures, types, store } = await ready();
    await types.save(manager, { ...TYPE, code: 'foia', name: 'FOIA', kind: 'generalised_civic_access' });
    // a type without an office (the RPCT's): an administrator's
    await types.save(
      { sub: 'adm-1', roles: ['admin'] },
      {
        code: 'riesame_accesso',
        name: 'Riesame',
        kind: 'review_request',
        legalTermDays: 20,
        legalBasis: 'D.Lgs 33/2013 art. 5 c.7',
        responsibleId: 'rpct',
      },
    );
    const foia = await procedures.submitFromDesk(registrar, { ...SUBMIT, procedureTypeCode: 'foia' });
    await procedures.decide(referent, foia.id, { outcome: 'rejected', reasons: 'Pregiudizio concreto' });
    const review = await procedures.requestReview(operator, foia.id, '2026/0000999');
    expect(review).toMatchObject({ kind: 'review_request', reviewOf: foia.id, dueDate: '2026-02-09' });
    expect((await store.get(foia.id))!.reviewProcedureId).toBe(review.id);
    await expect(procedures.requestReview(operator, foia.id, '2026/0001000')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { id: expect.stringMatching(/già/) } },
    });
  });

  it('the legal clock fires each time-driven event once, however often it runs', async () => {
    const { procedures, legalClock, claims, store, clock } = await ready();
    const p = await procedures.submitFromDesk(registrar, SUBMIT);
    clock.set(new Date('2026-02-05T10:00:00Z'));
    const warned = await Promise.all([legalClock.tick(), legalClock.tick()]);
    expect(warned[0] + warned[1]).toBe(2); // 7 and 2 days before the deadline of 6 February
    clock.set(new Date('2026-02-10T10:00:00Z'));
    const missed = await Promise.all([legalClock.tick(), legalClock.tick()]);
    expect(missed[0] + missed[1]).toBe(2); // the missed deadline, the substitute engaged
    expect(await legalClock.tick()).toBe(0);
    expect(claims.events.map((e) => e.type.split('.')[3]).sort()).toEqual([
      'DeadlineApproaching',
      'DeadlineApproaching',
      'DeadlineMissed',
      'SubstituteEngaged',
    ]);
    expect(await store.get(p.id)).toMatchObject({ phase: 'substitute', dueDate: '2026-02-23' });
  });

  it('the engaged substitute official, of another office, reads and decides; nobody else of that office', async () => {
    const { procedures, legalClock, store, clock } = await ready();
    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    const p = await procedures.submitFromDesk(registrar, SUBMIT); // servizi_sociali, substitute 'seg'
    const substitute: Actor = { sub: 'seg', roles: ['manager'], offices: ['segreteria'] };
    const colleague: Actor = { sub: 'seg-2', roles: ['manager'], offices: ['segreteria'] };
    const asReferent: Actor = { sub: 'seg', roles: ['referent'], offices: ['segreteria'] };
    // before the deadline is missed the procedure is the office's only
    await expect(
      procedures.decide(substitute, p.id, { outcome: 'accepted', reasons: 'Requisiti presenti' }),
    ).rejects.toMatchObject(forbidden);
    clock.set(new Date('2026-02-10T10:00:00Z'));
    await legalClock.tick();
    expect(await store.get(p.id)).toMatchObject({ phase: 'substitute' });
    await expect(
      procedures.decide(colleague, p.id, { outcome: 'accepted', reasons: 'Requisiti presenti' }),
    ).rejects.toMatchObject(forbidden);
    expect(await procedures.get(asReferent, p.id)).toMatchObject({ id: p.id });
    // the substitute's term does not suspend: the rule says so, field by field
    await expect(
      procedures.suspend(substitute, p.id, { kind: 'document_request', reason: 'Planimetria' }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.kind': expect.stringMatching(/sostitutivo/) } },
    });
    const d = await procedures.decide(substitute, p.id, {
      outcome: 'accepted',
      reasons: 'Requisiti presenti',
    });
    expect(d).toMatchObject({ status: 'decided', decision: { bySubstitute: true, decidedBy: 'seg' } });
  });
});

describe('suspension kinds (issue 13)', () => {
  const admin: Actor = { sub: 'adm-1', roles: ['admin'] };
  const PARERE = {
    code: 'parere_tecnico',
    label: 'Parere tecnico',
    legalBasis: 'Reg. comunale art. 4',
    maxDays: 20,
  };

  it('only an administrator adds a kind, with its declared limit; a bad one is refused field by field', async () => {
    const { kinds, kindStore } = setup();
    await expect(kinds.define(manager, PARERE)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(kinds.define(admin, { ...PARERE, code: 'Parere Tecnico' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.code': expect.stringMatching(/snake_case/) } },
    });
    await expect(kinds.define(admin, { ...PARERE, maxDays: 45 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.maxDays': expect.any(String) } },
    });
    expect(await kindStore.all()).toHaveLength(0);
    expect(await kinds.define(admin, PARERE)).toMatchObject({ code: 'parere_tecnico', maxDays: 20 });
    expect(kindStore.events.map((e) => e.type)).toEqual(['it.urp.procedures.SuspensionKindDefined.v1']);
    expect((await kinds.list(operator)).map((k) => k.code)).toEqual([
      'document_request',
      'rejection_notice',
      'third_party_objection',
      'parere_tecnico',
    ]);
  });

  it('a suspension names a known kind: unknown or malformed ones are refused and nothing is written', async () => {
    const s = setup();
    await s.types.save(manager, TYPE);
    const p = await s.procedures.submitFromDesk(registrar, SUBMIT);
    await s.procedures.suspend(manager, p.id, {
      kind: 'document_request',
      reason: 'Planimetria',
      start: '2026-01-20',
    });
    const before = await s.store.get(p.id);
    // the bypass: a made-up kind after a document request gave 74 suspended days on a 30-day term
    await expect(
      s.procedures.suspend(manager, p.id, {
        kind: 'integrazione_documentale',
        reason: 'Altri documenti',
        start: '2026-01-12',
      }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.kind': expect.stringMatching(/sconosciuto/) } },
    });
    await expect(
      s.procedures.suspend(manager, p.id, {
        kind: 'Integrazione Documentale',
        reason: 'x',
        start: '2026-01-12',
      }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { 'input.kind': expect.any(String) } },
    });
    expect(await s.store.get(p.id)).toEqual(before);
    expect(await s.kindStore.all()).toHaveLength(0);
  });

  it('an administration-defined kind ends by law at its declared maximum, kept with the procedure', async () => {
    const s = setup('2026-03-20T10:00:00Z');
    await s.types.save(manager, TYPE);
    await s.kinds.define(admin, PARERE);
    const p = await s.procedures.submitFromDesk(registrar, {
      ...SUBMIT,
      receivedAt: '2026-03-02T09:00:00+01:00',
    });
    // recorded after the fact (the 5th, on the 20th): an administrator's act
    const suspended = await s.procedures.suspend(admin, p.id, {
      kind: 'parere_tecnico',
      reason: 'Parere della commissione',
      start: '2026-03-05',
    });
    expect(suspended).toMatchObject({ status: 'suspended', dueDate: null });
    expect(suspended.suspensions[0].rule).toMatchObject({ maxDays: 20 });
    // the latest deadline assumes the 20 days: 1 April + 20 = 21 April
    expect(suspended.latestDueDate).toBe('2026-04-21');
  });
});

describe('strict input (issue 13)', () => {
  it('refuses impossible or ambiguous dates and instants field by field, and writes nothing', async () => {
    const s = setup();
    await s.types.save(manager, TYPE);
    for (const receivedAt of [
      '2026-02-30T10:00:00+01:00',
      '04/12/2026',
      '0001-01-01T00:00:00Z',
      '1900-01-01T00:00:00Z',
      '12345-01-01T00:00:00Z',
      '2026-01-07T10:00:00',
    ]) {
      await expect(s.procedures.submitFromDesk(registrar, { ...SUBMIT, receivedAt })).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', fields: { 'input.receivedAt': expect.any(String) } },
      });
    }
    expect(s.store.all()).toHaveLength(0);
    const p = await s.procedures.submitFromDesk(registrar, SUBMIT);
    for (const start of ['2026-02-30', '04/12/2026', '0001-01-10', '1900-01-10', '12345-01-10']) {
      await expect(
        s.procedures.suspend(manager, p.id, { kind: 'document_request', reason: 'Planimetria', start }),
      ).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', fields: { 'input.start': expect.any(String) } },
      });
    }
    await expect(
      s.procedures.requestReview(operator, p.id, '2026/0000999', '2026-13-01T00:00:00Z'),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { receivedAt: expect.any(String) } },
    });
    expect(await s.store.get(p.id)).toMatchObject({ revision: 1, suspensions: [] });
  });
});

describe('authorization by office (issue 12)', () => {
  const TRIBUTI = {
    ...TYPE,
    code: 'rimborso_tari',
    name: 'Rimborso TARI',
    officeId: 'tributi',
    officeName: 'Tributi',
    responsibleId: 'ref-9',
  };
  const ready = async () => {
    const s = setup();
    await s.types.save(manager, TYPE);
    await s.types.save(manager, TRIBUTI);
    return s;
  };

  it("a desk shows a referent only their offices' procedures, whoever's desk they ask for", async () => {
    const { procedures } = await ready();
    const mine = await procedures.submitFromDesk(registrar, SUBMIT);
    const other = await procedures.submitFromDesk(registrar, {
      ...SUBMIT,
      procedureTypeCode: 'rimborso_tari',
      protocolNumber: '2026/0000124',
    });
    expect(deskItem(other)).toMatchObject({ officeId: 'tributi' });
    await procedures.assign(manager, other.id, 'ref-1'); // both on ref-1's desk now
    const seen = await procedures.desk(referent, 'ref-1');
    expect(seen.byNextDeadline.map((i) => i.id)).toEqual([mine.id]);
    expect(seen.total).toBe(1);
    const tributi: Actor = { sub: 'ref-9', roles: ['referent'], offices: ['tributi'] };
    expect((await procedures.desk(tributi, 'ref-1')).byNextDeadline.map((i) => i.id)).toEqual([other.id]);
    const none: Actor = { sub: 'ref-0', roles: ['referent'] };
    expect((await procedures.desk(none, 'ref-1')).total).toBe(0);
    expect((await procedures.desk(manager, 'ref-1')).total).toBe(2);
    expect((await procedures.desk(manager, 'ref-9')).total).toBe(0); // moved off its first desk
  });

  it('pages a desk list by its cursor: in order, no repeats, a write between pages, office scope kept', async () => {
    const { procedures } = await ready();
    const submit = (day: number, type = 'contributo') =>
      procedures.submitFromDesk(registrar, {
        ...SUBMIT,
        procedureTypeCode: type,
        protocolNumber: `2026/00001${String(day).padStart(2, '0')}`,
        receivedAt: `2026-01-${String(day).padStart(2, '0')}T10:00:00+01:00`,
      });
    for (const day of [5, 2, 9, 7, 3, 8, 4]) await submit(day);
    const other = await submit(6, 'rimborso_tari');
    await procedures.assign(manager, other.id, 'ref-1'); // on ref-1's desk, not in the referent's office
    const whole = (await procedures.desk(referent, 'ref-1', 1000)).byNextDeadline.map((i) => i.id);
    expect(whole).toHaveLength(7);

    const seen: string[] = [];
    let page = await procedures.deskList(referent, 'ref-1', 'byNextDeadline', 3);
    expect(page).toMatchObject({ totalCount: 7, hasNextPage: true });
    seen.push(...page.items.map((i) => i.id));
    // a write between two pages: a procedure received later (its deadline after the cursor) joins the rest
    const late = await submit(12);
    while (page.hasNextPage) {
      page = await procedures.deskList(referent, 'ref-1', 'byNextDeadline', 3, page.endCursor ?? undefined);
      seen.push(...page.items.map((i) => i.id));
    }
    expect(page.totalCount).toBe(8);
    expect(seen).toEqual([...whole, late.id]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(other.id);
    // a manager sees the other office's item too
    expect((await procedures.deskList(manager, 'ref-1', 'byNextDeadline', 100)).totalCount).toBe(9);

    await expect(
      procedures.deskList(referent, 'ref-1', 'byNextDeadline', 3, 'non-un-cursore'),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: { after: expect.any(String) } },
    });
    await expect(procedures.deskList(analyst, 'ref-1', 'byNextDeadline')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('a refused caller gets FORBIDDEN before any validation or lookup (nothing learnt about existence)', async () => {
    const { procedures, types, store } = await ready();
    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    // wrong role: bad input, unknown type, unknown procedure, unknown kind all answer FORBIDDEN
    await expect(procedures.submitFromDesk(analyst, { procedureTypeCode: 'nessuno' })).rejects.toMatchObject(
      forbidden,
    );
    await expect(types.save(referent, { code: '' })).rejects.toMatchObject(forbidden);
    await expect(procedures.assign(operator, 'prc_nessuno', 'ref-2')).rejects.toMatchObject(forbidden);
    await expect(
      procedures.decide(operator, 'prc_nessuno', { outcome: 'accepted', reasons: 'x' }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      procedures.suspend(operator, 'prc_nessuno', { kind: 'nessuno', reason: 'x', start: '2026-13-01' }),
    ).rejects.toMatchObject(forbidden);
    await expect(procedures.resume(operator, 'prc_nessuno', 'sus_x')).rejects.toMatchObject(forbidden);
    await expect(
      procedures.requestReview(analyst, 'prc_nessuno', '2026/1', '2026-13-01T00:00:00Z'),
    ).rejects.toMatchObject(forbidden);
    // right role, other office: FORBIDDEN on the procedure, nothing written
    const other = await procedures.submitFromDesk(registrar, {
      ...SUBMIT,
      procedureTypeCode: 'rimborso_tari',
    });
    await expect(procedures.assign(referent, other.id, 'ref-1')).rejects.toMatchObject(forbidden);
    await expect(
      procedures.suspend(referent, other.id, { kind: 'document_request', reason: 'Planimetria' }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      procedures.suspend(referent, other.id, { kind: 'nessuno', reason: 'x', start: '2026-13-01' }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      procedures.submitFromDesk(referent, { ...SUBMIT, procedureTypeCode: 'rimborso_tari' }),
    ).rejects.toMatchObject(forbidden);
    expect((await store.get(other.id))!.revision).toBe(1);
    expect(store.all()).toHaveLength(1);
  });

  it("acts on a procedure are its office's: the URP back office and another office's head read, never act", async () => {
    const { procedures, store } = await ready();
    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    const p = await procedures.submitFromDesk(registrar, SUBMIT); // servizi_sociali
    const backoffice: Actor = { sub: 'bo-1', roles: ['backoffice'], offices: ['urp'] };
    const urpHead: Actor = { sub: 'mgr-urp', roles: ['manager'], offices: ['urp'] };
    const noOffice: Actor = { sub: 'mgr-0', roles: ['manager'] };
    for (const who of [backoffice, urpHead, noOffice]) {
      await expect(
        procedures.decide(who, p.id, { outcome: 'accepted', reasons: 'Requisiti presenti' }),
      ).rejects.toMatchObject(forbidden);
      await expect(
        procedures.suspend(who, p.id, { kind: 'document_request', reason: 'Planimetria' }),
      ).rejects.toMatchObject(forbidden);
      await expect(procedures.sendRejectionNotice(who, p.id, 'ISEE oltre la soglia')).rejects.toMatchObject(
        forbidden,
      );
      await expect(procedures.assign(who, p.id, 'ref-1')).rejects.toMatchObject(forbidden);
    }
    expect((await store.get(p.id))!.revision).toBe(1);
    // they still read it
    expect(await procedures.get(backoffice, p.id)).toMatchObject({ id: p.id });
    // the office's own back office acts on the office's procedures; so does its head, and an administrator
    const socialBackoffice: Actor = { sub: 'bo-2', roles: ['backoffice'], offices: ['servizi_sociali'] };
    const s = await procedures.suspend(socialBackoffice, p.id, { kind: 'document_request', reason: 'ISEE' });
    expect(s.status).toBe('suspended');
    await procedures.resume(manager, p.id, s.suspensions[0].id);
    const admin: Actor = { sub: 'adm-1', roles: ['admin'] };
    expect(
      await procedures.decide(admin, p.id, { outcome: 'accepted', reasons: 'Requisiti presenti' }),
    ).toMatchObject({ status: 'decided' });
  });
});
