import { catalog, createEvent, SurveyExpiredV1, toKafkaRecord } from '@urp/contracts';
import { csvHeader, parseArgs, pseudonymise, toCsvLine, toRecord, type StreamRecord } from './stream';

const event = createEvent(
  SurveyExpiredV1,
  'inv_1',
  {
    invitationId: 'inv_1',
    surveyId: 'mettiamoci-la-faccia',
    surveyKind: 'emoticons',
    trigger: 'case_closed',
    issuedAt: '2026-11-01T10:00:00+01:00',
    expiredAt: '2026-11-15T10:00:00+01:00',
  },
  { source: '/urp/satisfaction' },
);
const message = (over: Partial<ReturnType<typeof toKafkaRecord>> = {}) => {
  const r = { ...toKafkaRecord(event), ...over };
  return { key: r.key, value: r.value, headers: r.headers, offset: '7', timestamp: '1795824000000' };
};

describe('stream records', () => {
  it('validates an event against its schema in the catalog', () => {
    const r = toRecord(catalog, 'urp.satisfaction.survey.v1', 2, message());
    expect(r).toMatchObject({
      topic: 'urp.satisfaction.survey.v1',
      partition: 2,
      offset: '7',
      key: 'inv_1',
      id: event.id,
      type: 'it.urp.satisfaction.SurveyExpired.v1',
      validation: 'valid',
      errors: [],
      data: event.data,
    });
  });

  it('flags a payload that breaks its contract, a non-CloudEvent, and an unknown type', () => {
    const bad = toRecord(
      catalog,
      't',
      0,
      message({ value: JSON.stringify({ ...event.data, surveyKind: 'smiley' }) }),
    );
    expect(bad.validation).toBe('invalid');
    expect(bad.errors[0]).toMatch(/^surveyKind: /);
    const notCe = toRecord(catalog, 't', 0, {
      key: null,
      value: 'hello',
      offset: '1',
      timestamp: '0',
      headers: {},
    });
    expect(notCe).toMatchObject({ validation: 'invalid', data: 'hello' });
    expect(notCe.errors).toContain('missing header ce_id');
    const unknown = toRecord(
      catalog,
      't',
      0,
      message({ headers: { ...toKafkaRecord(event).headers, ce_type: 'it.urp.x.Y.v1' } }),
    );
    expect(unknown.validation).toBe('unknown_type');
  });

  it('writes CSV lines with the payload as JSON, quoted', () => {
    const line = toCsvLine(toRecord(catalog, 'urp.satisfaction.survey.v1', 0, message()));
    expect(csvHeader().split(',')).toHaveLength(15);
    expect(line).toContain(',valid,,"{""invitationId"":""inv_1""');
  });
});

describe('stream CLI arguments', () => {
  it('parses tail and replay', () => {
    expect(parseArgs(['tail', 'urp.contacts.case.v1'], { URP_KAFKA_PORT: '19592' })).toMatchObject({
      command: 'tail',
      topic: 'urp.contacts.case.v1',
      format: 'jsonl',
      brokers: ['127.0.0.1:19592'],
    });
    const r = parseArgs([
      'replay',
      't',
      '--from',
      '2026-11-01T00:00:00+01:00',
      '--format',
      'csv',
      '--limit',
      '5',
    ]);
    expect(r).toMatchObject({ command: 'replay', format: 'csv', limit: 5 });
    expect(r.from).toEqual(new Date('2026-10-31T23:00:00Z'));
    expect(parseArgs(['replay', 't', '--from', 'beginning']).from).toBe('beginning');
  });

  it('refuses what it does not understand', () => {
    expect(() => parseArgs(['follow', 't'])).toThrow(/usage/);
    expect(() => parseArgs(['replay'])).toThrow(/which topic/);
    expect(() => parseArgs(['replay', 't', '--format', 'xml'])).toThrow(/jsonl or csv/);
    expect(() => parseArgs(['replay', 't', '--from', 'yesterday'])).toThrow(/ISO-8601/);
  });
});

describe('pseudonymised facts', () => {
  const record = {
    key: 'k1',
    subject: 'k1',
    data: {
      caseId: 'k1',
      operatorId: 'mario.rossi',
      requesterId: 'req_abc123',
      officeId: 'anagrafe',
      reason: 'il signor Bianchi chiede…',
      category: { level1: 'tributi' },
      history: [{ changedBy: 'anna.verdi', status: 'done' }],
    },
  } as unknown as StreamRecord;

  it('replaces staff and requester ids with keyed pseudonyms and drops free text', () => {
    const out = pseudonymise(record, 'k').data as Record<string, any>;
    expect(out.caseId).toBe('k1');
    expect(out.officeId).toBe('anagrafe');
    expect(out.category).toEqual({ level1: 'tributi' });
    expect(out.operatorId).toMatch(/^staff_[0-9a-f]{16}$/);
    expect(out.requesterId).toMatch(/^req_p[0-9a-f]{16}$/);
    expect(out.history[0].changedBy).toMatch(/^staff_/);
    expect(out).not.toHaveProperty('reason');
    expect(JSON.stringify(out)).not.toMatch(/mario|anna|Bianchi|req_abc123/);
  });

  it('gives the same pseudonym for the same id under one key (facts still join), another under another key', () => {
    const a = pseudonymise(record, 'k').data as Record<string, string>;
    expect((pseudonymise(record, 'k').data as Record<string, string>).operatorId).toBe(a.operatorId);
    expect((pseudonymise(record, 'other').data as Record<string, string>).operatorId).not.toBe(a.operatorId);
  });
});
