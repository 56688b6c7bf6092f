/**
 * A realistic stream of the events the satisfaction indicators are built from: contacts registered and
 * closed, cases opened/routed/answered/closed, procedures submitted/decided, surveys issued/answered,
 * clarity feedback — spread over 14 months, 12 offices, all channels. Deterministic (seeded).
 */
import {
  CaseAnsweredV1,
  CaseClosedV1,
  CaseOpenedV1,
  CaseRoutedV1,
  ClarityFeedbackReceivedV1,
  ContactClosedV1,
  ContactRegisteredV1,
  createEvent,
  ProcedureDecidedV1,
  ProcedureSubmittedV1,
  SurveyAnsweredV1,
  SurveyInvitationIssuedV1,
  toKafkaRecord,
  type EventDefinition,
  type KafkaRecord,
} from '@urp/contracts';

const OFFICES = [
  'urp',
  'anagrafe',
  'tributi',
  'polizia_locale',
  'lavori_pubblici',
  'ambiente',
  'servizi_sociali',
  'istruzione',
  'edilizia_privata',
  'suap',
  'segreteria_generale',
  'mobilita',
];
const CATEGORIES = [
  'anagrafe_stato_civile',
  'tributi',
  'ambiente_rifiuti',
  'strade_viabilita',
  'mobilita_ztl',
  'scuola_infanzia',
  'servizi_sociali',
  'edilizia',
  'commercio_suap',
  'accesso_atti',
  'cultura_sport',
  'urp_generale',
];
const CHANNELS = ['desk', 'phone', 'email', 'pec', 'web_form', 'app', 'social', 'letter'] as const;
const TYPES = [
  'information',
  'information',
  'information',
  'forms',
  'report',
  'complaint',
  'suggestion',
  'document_access',
] as const;
const PROC = [
  ['accesso_documentale', 'document_access'],
  ['accesso_civico_generalizzato', 'generalised_civic_access'],
  ['permesso_ztl', 'generic'],
  ['cambio_residenza', 'generic'],
] as const;
const EMOTICONS = ['satisfied', 'satisfied', 'satisfied', 'neutral', 'dissatisfied'] as const;
const REASONS = ['waiting_time', 'courtesy', 'clarity', 'outcome', 'need_to_come_back'] as const;

const HOUR = 3_600_000;
const START = Date.parse('2025-10-01T08:00:00+02:00');
const SPAN = Date.parse('2026-11-25T18:00:00+01:00') - START;

/** Park-Miller: the same stream on every run. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 48271) % 0x7fffffff) / 0x7fffffff;
}

export interface BenchEvent {
  topic: string;
  record: KafkaRecord;
}

export function generateEvents(count: number, topicPrefix: string, seed = 42): BenchEvent[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const out: BenchEvent[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const add = <D extends EventDefinition>(def: D, subject: string, data: unknown, at: number) => {
    const e = createEvent(def, subject, data as never, { source: '/bench', time: new Date(at) });
    out.push({ topic: `${topicPrefix}${def.topic.name}`, record: toKafkaRecord(e) });
  };
  for (let i = 0; out.length < count; i++) {
    const at = START + Math.floor(r() * SPAN);
    const contactId = `bc-${seed}-${i}`;
    const channel = pick(CHANNELS);
    const contactType = pick(TYPES);
    const office = pick(OFFICES);
    const category = { level1: pick(CATEGORIES) };
    const requesterId = `req_bench${seed}x${i % 20000}`;
    const withCase = contactType !== 'information' && r() < 0.7;
    add(
      ContactRegisteredV1,
      contactId,
      {
        contactId,
        channel,
        contactType,
        requesterId,
        operatorId: `op-${i % 25}`,
        registeredAt: iso(at),
        category,
        officeId: office,
        ...(r() < 0.3 ? { sheetIds: [`sheet-${Math.floor(r() * 40)}`] } : {}),
        resolvedAtFirstContact: !withCase,
      },
      at,
    );
    add(
      ContactClosedV1,
      contactId,
      {
        contactId,
        channel,
        contactType,
        requesterId,
        operatorId: `op-${i % 25}`,
        resolvedAtFirstContact: !withCase,
        registeredAt: iso(at),
        closedAt: iso(at + 10 * 60_000),
        category,
        officeId: office,
      },
      at + 10 * 60_000,
    );
    let rated = !withCase && r() < 0.25;
    if (withCase) {
      const caseId = `bk-${seed}-${i}`;
      const dueAt = at + 30 * 24 * HOUR;
      const common = { caseId, contactId, contactType, channel, officeId: office };
      add(
        CaseOpenedV1,
        caseId,
        {
          ...common,
          category,
          requesterId,
          referentId: `ref-${i % 40}`,
          priority: 'normal',
          openedAt: iso(at),
          dueAt: iso(dueAt),
          protocolNumber: String(1000000 + i),
        },
        at,
      );
      if (r() < 0.3)
        add(
          CaseRoutedV1,
          caseId,
          {
            caseId,
            officeId: pick(OFFICES),
            referentId: `ref-${i % 40}`,
            routedAt: iso(at + HOUR),
            routedBy: 'bo-1',
          },
          at + HOUR,
        );
      const answeredAt = at + Math.floor(r() * 10 * 24 * HOUR) + HOUR;
      add(
        CaseAnsweredV1,
        caseId,
        { caseId, answeredAt: iso(answeredAt), officeId: office, firstResponse: true },
        answeredAt,
      );
      if (r() < 0.85) {
        const closedAt = answeredAt + Math.floor(r() * 30 * 24 * HOUR);
        add(
          CaseClosedV1,
          caseId,
          {
            ...common,
            category,
            requesterId,
            operatorId: `op-${i % 25}`,
            outcome: 'answered',
            openedAt: iso(at),
            closedAt: iso(closedAt),
            dueAt: iso(dueAt),
            suspendedDays: 0,
            withinTerm: closedAt <= dueAt,
          },
          closedAt,
        );
        rated = r() < 0.4;
      }
    }
    if (rated) {
      const invitationId = `binv-${seed}-${i}`;
      const ctx = {
        invitationId,
        surveyId: 'mettiamoci-la-faccia',
        surveyKind: 'emoticons',
        trigger: withCase ? 'case_closed' : 'contact_closed',
        serviceCode: category.level1,
        officeId: office,
        channel,
      };
      add(
        SurveyInvitationIssuedV1,
        invitationId,
        { ...ctx, issuedAt: iso(at + 2 * HOUR), expiresAt: iso(at + 14 * 24 * HOUR) },
        at + 2 * HOUR,
      );
      if (r() < 0.6)
        add(
          SurveyAnsweredV1,
          invitationId,
          {
            ...ctx,
            issuedAt: iso(at + 2 * HOUR),
            answeredAt: iso(at + 5 * HOUR),
            emoticon: pick(EMOTICONS),
            reasons: [pick(REASONS)],
          },
          at + 5 * HOUR,
        );
    }
    if (r() < 0.08) {
      const procedureId = `bp-${seed}-${i}`;
      const [code, kind] = pick(PROC);
      add(
        ProcedureSubmittedV1,
        procedureId,
        {
          procedureId,
          procedureTypeCode: code,
          kind,
          requesterId,
          protocolNumber: String(2000000 + i),
          submittedAt: iso(at),
        },
        at,
      );
      const decidedAt = at + Math.floor(r() * 40 * 24 * HOUR);
      add(
        ProcedureDecidedV1,
        procedureId,
        {
          procedureId,
          procedureTypeCode: code,
          kind,
          requesterId,
          officeId: office,
          outcome: r() < 0.8 ? 'accepted' : 'rejected',
          submittedAt: iso(at),
          decidedAt: iso(decidedAt),
          dueAt: iso(at + 30 * 24 * HOUR),
          withinTerm: decidedAt <= at + 30 * 24 * HOUR,
          suspendedDays: 0,
        },
        decidedAt,
      );
    }
    if (r() < 0.05)
      add(
        ClarityFeedbackReceivedV1,
        `sheet-${i % 40}`,
        { feedbackId: `bf-${seed}-${i}`, sheetId: `sheet-${i % 40}`, clear: r() < 0.8, receivedAt: iso(at) },
        at,
      );
  }
  return out.slice(0, count);
}
