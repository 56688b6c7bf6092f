import { dbStatementShape, DEFAULT_SAMPLE_RATIO, traceSampling } from './tracing';

describe('trace sampling settings', () => {
  it('records every trace for a local file, one in ten for a collector, unless told', () => {
    expect(traceSampling({})).toEqual({ parentBasedRatio: DEFAULT_SAMPLE_RATIO.file });
    expect(traceSampling({ URP_TRACES_FILE: '/tmp/t.jsonl' })).toEqual({ parentBasedRatio: 1 });
    expect(traceSampling({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      parentBasedRatio: 0.1,
    });
    expect(traceSampling({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toEqual({
      parentBasedRatio: 0.1,
    });
  });

  it('takes the ratio from OTEL_TRACES_SAMPLER_ARG and leaves a named sampler to the SDK', () => {
    expect(traceSampling({ OTEL_TRACES_SAMPLER_ARG: '0.25' })).toEqual({ parentBasedRatio: 0.25 });
    expect(
      traceSampling({ OTEL_TRACES_SAMPLER_ARG: '1', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }),
    ).toEqual({ parentBasedRatio: 1 });
    // out of range or not a number: the default
    expect(traceSampling({ OTEL_TRACES_SAMPLER_ARG: '2' })).toEqual({ parentBasedRatio: 1 });
    expect(
      traceSampling({ OTEL_TRACES_SAMPLER_ARG: 'tanto', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toEqual({ parentBasedRatio: 0.1 });
    expect(traceSampling({ OTEL_TRACES_SAMPLER: 'always_off' })).toEqual({ sdk: 'always_off' });
  });
});

describe('MongoDB spans: the command shape, never its values', () => {
  it('names an insert and counts its documents, without a byte of them', () => {
    const text = dbStatementShape({
      insert: 'contacts',
      documents: [
        { _id: 'c1', text: 'Mario Rossi, via Roma 1', requesterId: 'req_1' },
        { _id: 'c2', text: 'tel. 3331234567' },
      ],
      ordered: false,
    });
    expect(JSON.parse(text)).toEqual({ insert: '?', documents: '[2]', ordered: '?' });
    for (const v of ['Mario', 'via Roma', '3331234567', 'req_1', 'contacts']) expect(text).not.toContain(v);
  });

  it("keeps a filter's field names and hides its values", () => {
    const text = dbStatementShape({
      find: 'requesters',
      filter: { fiscalCode: 'RSSMRA80A01H501U', _id: 'r1' },
      limit: 1,
    });
    expect(JSON.parse(text)).toEqual({ find: '?', filter: { fiscalCode: '?', _id: '?' }, limit: '?' });
    expect(text).not.toContain('RSSMRA80A01H501U');
  });
});
