import { parseInput, type UseCaseContext } from '@urp/kernel';
import { csvGroup, IndicatorFilterSchema, recordRebuild } from './indicators.rules';

const ctx: UseCaseContext = {
  actor: { sub: 'satisfaction', roles: ['service'] },
  now: new Date('2026-11-30T10:00:05Z'),
  source: '/urp/satisfaction',
};

describe('indicator rules', () => {
  it('record a rebuild and announce it with what was replayed and its checksum', () => {
    const { state, events } = recordRebuild(
      null,
      {
        rebuildId: 'r1',
        topics: ['urp.contacts.case.v1'],
        events: 42,
        startedAt: new Date('2026-11-30T10:00:00Z'),
        finishedAt: new Date('2026-11-30T10:00:05Z'),
        checksum: 'abc',
      },
      ctx,
    );
    expect(state).toMatchObject({ id: 'r1', events: 42, checksum: 'abc' });
    expect(events.map((e) => e.data)).toEqual([
      {
        rebuildId: 'r1',
        topics: ['urp.contacts.case.v1'],
        eventsReplayed: 42,
        startedAt: '2026-11-30T10:00:00.000Z',
        finishedAt: '2026-11-30T10:00:05.000Z',
        durationMs: 5000,
        checksum: 'abc',
      },
    ]);
  });

  it('check the filters field by field, in Italian', () => {
    expect(
      parseInput(IndicatorFilterSchema, { from: '2026-01', to: '2026-03', officeId: null }, 'filter'),
    ).toEqual({
      from: '2026-01',
      to: '2026-03',
    });
    expect(() => parseInput(IndicatorFilterSchema, { from: '2026-13' }, 'filter')).toThrow(
      expect.objectContaining({ fields: { 'filter.from': 'un mese nella forma AAAA-MM' } }),
    );
    expect(() => parseInput(IndicatorFilterSchema, { from: '2026-05', to: '2026-04' }, 'filter')).toThrow(
      expect.objectContaining({ fields: { 'filter.from': 'non può essere successivo a `to`' } }),
    );
  });

  it('group a CSV export only as its indicator allows', () => {
    expect(csvGroup('satisfaction', 'OFFICE')).toBe('office');
    expect(csvGroup('case_times', undefined)).toBeUndefined();
    expect(() => csvGroup('backlog', 'office')).toThrow(
      expect.objectContaining({ fields: { groupBy: "non usato dall'indicatore backlog" } }),
    );
  });
});
