import { LegalCalendar, romeCivilDate } from '@urp/legal-clock';
import {
  applyProcedureType,
  ProcedureTypeInput,
  type ProcedureType,
} from '../catalogue/procedure-type.rules';
import { registerCsv, registerRow } from '../register/access-register.rules';
import {
  decide,
  dueTimeEvents,
  receiveObservations,
  RuleViolation,
  sendRejectionNotice,
  submit,
  suspend,
  type ClockContext,
  type Procedure,
} from './procedure.rules';
import { startNotice } from './start-notice';

const calendar = new LegalCalendar({ patronSaint: { month: 8, day: 10 } });
const at = (iso: string): ClockContext => {
  const now = new Date(iso);
  return { calendar, now, today: romeCivilDate(now), warningDays: [7, 2] };
};
const typeOf = (over: Record<string, unknown> = {}): ProcedureType =>
  applyProcedureType(
    ProcedureTypeInput.parse({
      code: 'contributo',
      name: 'Contributo economico',
      legalBasis: 'Regolamento comunale',
      officeName: 'Servizi sociali',
      responsibleId: 'ref-1',
      responsibleName: 'Elena Ferri',
      substituteId: 'seg',
      substituteName: 'Segretario generale',
      ...over,
    }),
    null,
    new Date('2026-01-01T00:00:00Z'),
  ).type;
const facts = (receivedAt: string) => ({
  id: 'prc_1',
  publicToken: 'tok',
  subject: 'Sostegno al reddito per la famiglia Rossi',
  protocolNumber: '2026/0000123',
  receivedAt,
  requesterId: 'req_abcdef01',
  formCheck: 'none' as const,
  formErrors: [],
  by: 'op-1',
});
const violation = (f: () => unknown): Record<string, string> => {
  try {
    f();
  } catch (e) {
    if (e instanceof RuleViolation) return e.fields;
    throw e;
  }
  throw new Error('expected a rule violation');
};
const started = (type = typeOf(), receivedAt = '2026-01-07T10:00:00+01:00', now = '2026-01-08T10:00:00Z') =>
  submit(type, facts(receivedAt), at(now)).procedure;

describe('procedure rules', () => {
  it('starts with the responsible person and the deadline from receipt', () => {
    const c = submit(typeOf(), facts('2026-01-07T23:30:00+01:00'), at('2026-01-08T10:00:00Z'));
    expect(c.procedure).toMatchObject({ status: 'started', dueDate: '2026-02-06', responsibleId: 'ref-1' });
    expect(c.events.map(([d]) => d.name)).toEqual(['ProcedureSubmitted', 'ProcedureStarted']);
    // received late in the evening of 31 December in Italy (already 1 January in no time zone that matters)
    const nye = submit(typeOf(), facts('2026-12-31T22:30:00Z'), at('2027-01-02T10:00:00Z')).procedure;
    expect(nye.receivedOn).toBe('2026-12-31');
    expect(
      violation(() => submit(typeOf(), facts('2026-03-01T10:00:00Z'), at('2026-02-01T10:00:00Z'))),
    ).toHaveProperty('receivedAt');
  });

  it('suspends for documents once, and only access requests for third parties', () => {
    const p = started();
    const ctx = at('2026-01-20T10:00:00Z');
    const s = suspend(
      p,
      { id: 's1', kind: 'document_request', reason: 'planimetria', start: '2026-01-10' },
      'r',
      ctx,
    );
    expect(s.procedure.status).toBe('suspended');
    expect(s.procedure.dueDate).toBeNull();
    expect(s.procedure.latestDueDate).toBe('2026-03-09');
    expect(
      violation(() => suspend(s.procedure, { id: 's2', kind: 'document_request', reason: 'x' }, 'r', ctx))
        .kind,
    ).toMatch(/only once/);
    expect(
      violation(() => suspend(p, { id: 's3', kind: 'third_party_objection', reason: 'x' }, 'r', ctx)),
    ).toHaveProperty('kind');
  });

  it('rejects only after a rejection notice and the observations or 10 days (art. 10-bis)', () => {
    const p = started();
    const ctx = at('2026-01-20T10:00:00Z');
    expect(
      violation(() => decide(p, { outcome: 'rejected', reasons: 'Requisiti assenti' }, 'r', ctx)).outcome,
    ).toMatch(/10-bis/);
    expect(violation(() => decide(p, { outcome: 'accepted', reasons: ' ' }, 'r', ctx))).toHaveProperty(
      'reasons',
    );
    const noticed = sendRejectionNotice(p, 'ISEE oltre la soglia', 'rn', '2026-01-15', 'r', ctx).procedure;
    expect(noticed.status).toBe('suspended');
    expect(
      violation(() => decide(noticed, { outcome: 'rejected', reasons: 'ISEE oltre la soglia' }, 'r', ctx))
        .outcome,
    ).toMatch(/2026-01-25/);
    const observed = receiveObservations(noticed, '2026-01-18', 'r', ctx);
    expect(observed.procedure.suspendedDays).toBe(3);
    expect(observed.procedure.dueDate).toBe('2026-02-09');
    const d = decide(
      observed.procedure,
      { outcome: 'rejected', reasons: 'Osservazioni non accolte' },
      'r',
      ctx,
    );
    expect(d.procedure.decision).toMatchObject({ outcome: 'rejected', withinTerm: true });
    expect(
      violation(() => decide(d.procedure, { outcome: 'accepted', reasons: 'ripensamento' }, 'r', ctx)),
    ).toHaveProperty('id');
  });

  it('ends a rejection notice by law after 10 days, once', () => {
    const noticed = sendRejectionNotice(
      started(),
      'ISEE oltre la soglia',
      'rn',
      '2026-01-15',
      'r',
      at('2026-01-15T10:00:00Z'),
    );
    const ctx = at('2026-01-30T10:00:00Z');
    const [ended] = dueTimeEvents(noticed.procedure, ctx);
    expect(ended.claimId).toBe('prc_1:ended_by_law:rn');
    const after = ended.apply(noticed.procedure, ctx);
    expect(after.procedure.dueDate).toBe('2026-02-16');
    expect(after.events[0][0].name).toBe('ProcedureResumed');
  });

  it('forms silent assent at the deadline for eligible types; engages the substitute otherwise', () => {
    const ctx = at('2026-02-10T10:00:00Z');
    const assent = started(typeOf({ silenceRule: 'silent_assent' }));
    const events = dueTimeEvents(assent, ctx);
    expect(events.map((e) => e.claimId.split(':')[1])).toEqual(['missed', 'silent_assent']);
    const formed = events[1].apply(assent, ctx);
    expect(formed.procedure.decision).toMatchObject({ outcome: 'silent_assent', decidedOn: '2026-02-07' });
    expect(formed.events.map(([d]) => d.name)).toEqual(['SilentAssentFormed', 'ProcedureDecided']);
    const plain = started();
    const sub = dueTimeEvents(plain, ctx)[1];
    const engaged = sub.apply(plain, ctx).procedure;
    expect(engaged).toMatchObject({ phase: 'substitute', dueDate: '2026-02-23' }); // 7 Feb + 15 = 22 Feb, a Sunday
    const fired = { ...engaged, fired: dueTimeEvents(plain, ctx).map((e) => e.claimId) };
    expect(dueTimeEvents(fired, ctx)).toEqual([]);
    expect(dueTimeEvents(fired, at('2026-02-17T10:00:00Z')).map((e) => e.claimId)).toEqual([
      'prc_1:warn:substitute:2026-02-23:7',
    ]);
  });

  it('warns 7 and 2 days before, once each', () => {
    const p = started();
    expect(dueTimeEvents(p, at('2026-01-29T10:00:00Z'))).toHaveLength(0);
    expect(dueTimeEvents(p, at('2026-01-30T10:00:00Z')).map((e) => e.claimId)).toEqual([
      'prc_1:warn:ordinary:2026-02-06:7',
    ]);
    const both = dueTimeEvents(p, at('2026-02-05T10:00:00Z')).map((e) => e.claimId);
    expect(both).toHaveLength(2);
    expect(dueTimeEvents({ ...p, fired: both }, at('2026-02-05T10:00:00Z'))).toHaveLength(0);
  });
});

describe('FOIA with third parties', () => {
  it('suspends up to 10 days for their objection and releases no earlier than 15 days after the decision', () => {
    const foia = started(typeOf({ code: 'foia', name: 'FOIA', kind: 'generalised_civic_access' }));
    const ctx = at('2026-01-30T10:00:00Z');
    const told = suspend(
      foia,
      { id: 'tp', kind: 'third_party_objection', reason: 'controinteressato', start: '2026-01-10' },
      'r',
      ctx,
    );
    expect(told.procedure).toMatchObject({ status: 'started', suspendedDays: 10, dueDate: '2026-02-16' }); // ended by law
    const d = decide(
      told.procedure,
      { outcome: 'accepted', reasons: 'Nessun pregiudizio concreto', on: '2026-01-30' },
      'r',
      ctx,
    );
    expect(d.procedure.decision?.releaseNotBefore).toBe('2026-02-14');
  });
});

describe('start notice (art. 8 L. 241/1990)', () => {
  const settings = {
    administrationName: 'Comune',
    digitalAddress: 'pec@comune.it',
    actsViewing: 'online',
    inactionRemedies: 'TAR',
  };
  it('has every element the law lists', () => {
    const r = startNotice(started(), settings);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.notice).toMatchObject({
        closingDate: '2026-02-06',
        submissionDate: '2026-01-07',
        responsiblePerson: 'Elena Ferri',
      });
      expect(r.notice.text).toContain('06/02/2026');
    }
  });
  it('is refused naming what is missing', () => {
    const p: Procedure = { ...started(), responsibleName: undefined, officeName: undefined };
    const r = startNotice(p, { ...settings, digitalAddress: '' });
    expect(r).toEqual({
      ok: false,
      missing: [
        "l'ufficio competente (lett. c)",
        "il domicilio digitale dell'amministrazione (lett. c)",
        'la persona responsabile del procedimento (lett. c)',
      ],
    });
  });
});

describe('access register', () => {
  it('exports CSV without personal data', () => {
    const foia = started(
      typeOf({ code: 'foia', name: 'Accesso civico generalizzato', kind: 'generalised_civic_access' }),
    );
    const p = { ...foia, thirdParties: [{ ref: 'req_third0001' }] };
    const decided = decide(
      p,
      { outcome: 'partly_accepted', reasons: 'Oscurati i dati di Mario Bianchi' },
      'r',
      at('2026-01-20T10:00:00Z'),
    );
    const csv = registerCsv([registerRow(decided.procedure)!]);
    expect(csv.split('\r\n')[1]).toBe(
      '2026/0000123,Accesso civico generalizzato (D.Lgs 33/2013 art. 5 c.2),Accesso civico generalizzato,2026-01-07,Servizi sociali,accoglimento parziale,2026-01-20,sì,sì,no,no,no',
    );
    for (const secret of ['req_abcdef01', 'req_third0001', 'Rossi', 'Bianchi', 'famiglia'])
      expect(csv).not.toContain(secret);
    expect(registerRow(started())).toBeNull(); // not an access request
  });
});

describe('catalogue rules', () => {
  it('needs recorded reasons over 90 days and refuses contradictions', () => {
    const issues = (x: Record<string, unknown>) =>
      ProcedureTypeInput.safeParse({ code: 'abc', name: 'Abc', legalBasis: 'legge', ...x }).error?.issues.map(
        (i) => i.path[0],
      );
    expect(issues({ legalTermDays: 120 })).toEqual(['termJustification']);
    expect(issues({ legalTermDays: 181, termJustification: 'x'.repeat(30) })).toEqual(['legalTermDays']);
    expect(
      issues({
        legalTermDays: 120,
        termJustification: 'Complessità istruttoria documentata nel regolamento',
      }),
    ).toBeUndefined();
    expect(issues({ kind: 'document_access', silenceRule: 'silent_assent' })).toEqual(['silenceRule']);
    expect(issues({ silenceRule: 'silent_assent', silentAssentExcluded: true })).toEqual([
      'silentAssentExcluded',
    ]);
    expect(issues({ formId: 'f' })).toEqual(['formVersion']);
  });
  it('notices a term change and ignores an unchanged save', () => {
    const t = typeOf();
    const same = applyProcedureType(ProcedureTypeInput.parse({ ...t }), t, new Date());
    expect(same.changed).toBe(false);
    const longer = applyProcedureType(ProcedureTypeInput.parse({ ...t, legalTermDays: 60 }), t, new Date());
    expect(longer).toMatchObject({ changed: true, termChanged: true, type: { revision: 2 } });
  });
});
