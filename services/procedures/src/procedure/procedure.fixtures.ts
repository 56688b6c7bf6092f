import { DomainError, type Actor } from '@urp/kernel';
import { LegalCalendar, romeCivilDate } from '@urp/legal-clock';
import {
  applyProcedureType,
  ProcedureTypeInput,
  type ProcedureType,
} from '../catalogue/procedure-type.rules';
import { submit, type SubmitFacts } from './procedure.rules';
import type { ClockContext, Procedure } from './procedure.state';

/** Test fixtures of the procedure rules (unit tests only): Borgo Aurelio's calendar, a type, a request. */
export const calendar = new LegalCalendar({ patronSaint: { month: 8, day: 10 } });

/** The administration's notice data (art. 8 c.2 a, c, c-bis, d). */
export const NOTICES = {
  administrationName: 'Comune di Borgo Aurelio',
  digitalAddress: 'protocollo@pec.comune.borgoaurelio.it',
  actsViewing: 'Portale dei servizi online e, su appuntamento, l’ufficio responsabile',
  inactionRemedies: 'Titolare del potere sostitutivo (art. 2 c.9-bis L. 241/1990); ricorso al TAR',
};

/** The office's referent: dates every act today (`procedure.backdate` is an administrator's). */
export const REFERENT: Actor = { sub: 'ref-1', roles: ['referent'] };
/** The rules' tests replay a history with past dates: recorded by an administrator, the one who may. */
export const HISTORIAN: Actor = { sub: 'ref-1', roles: ['admin'] };

export const at = (iso: string, actor: Actor = HISTORIAN): ClockContext => {
  const now = new Date(iso);
  return {
    actor,
    now,
    source: '/urp/procedures',
    calendar,
    today: romeCivilDate(now),
    warningDays: [7, 2],
    notices: NOTICES,
  };
};

export const typeOf = (over: Record<string, unknown> = {}): ProcedureType =>
  applyProcedureType(
    ProcedureTypeInput.parse({
      code: 'contributo',
      name: 'Contributo economico',
      legalBasis: 'Regolamento comunale',
      officeId: 'servizi_sociali',
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

export const facts = (receivedAt: string, over: Partial<SubmitFacts> = {}): SubmitFacts => ({
  id: 'prc_1',
  publicToken: 'tok',
  subject: 'Sostegno al reddito per la famiglia Rossi',
  protocolNumber: '2026/0000123',
  receivedAt,
  requesterId: 'req_abcdef01',
  formCheck: 'none',
  formErrors: [],
  by: 'op-1',
  ...over,
});

/** A procedure received on 7 January 2026 with its responsible person: due 6 February. */
export const started = (
  type = typeOf(),
  receivedAt = '2026-01-07T10:00:00+01:00',
  now = '2026-01-08T10:00:00Z',
): Procedure => submit(type, facts(receivedAt), at(now)).state;

/** The fields a refusal names (field → message); fails when the rule does not refuse. */
export const refusal = (f: () => unknown): Record<string, string> => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError && e.fields) return e.fields;
    throw e;
  }
  throw new Error('expected a refusal');
};

/** The event names of a change, in order. */
export const names = (c: { events: readonly { type: string }[] }): string[] =>
  c.events.map((e) => e.type.replace(/^it\.urp\.procedures\.(\w+)\.v\d+$/, '$1'));
