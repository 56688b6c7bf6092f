import { IDLE_SWEEP_SPACING, idleSweepDue } from './outbox-relay';

describe('the relay idle sweep schedule', () => {
  const FIVE_MIN = 300_000;

  it('sweeps every idleSweepMs when a sweep is quick (MongoDB: an indexed filter)', () => {
    const last = { endedAt: 1_000_000, tookMs: 40 };
    expect(idleSweepDue(last.endedAt + FIVE_MIN - 1, last, FIVE_MIN)).toBe(false);
    expect(idleSweepDue(last.endedAt + FIVE_MIN, last, FIVE_MIN)).toBe(true);
  });

  it('spaces a slow sweep so that it never takes more than a small share of the store (FerretDB scans)', () => {
    // 90 s to read 165,000 contacts: not again for 30 minutes, not every 5
    const last = { endedAt: 1_000_000, tookMs: 90_000 };
    expect(idleSweepDue(last.endedAt + FIVE_MIN, last, FIVE_MIN)).toBe(false);
    expect(idleSweepDue(last.endedAt + 29 * 60_000, last, FIVE_MIN)).toBe(false);
    expect(idleSweepDue(last.endedAt + IDLE_SWEEP_SPACING * 90_000, last, FIVE_MIN)).toBe(true);
  });

  it('sweeps at once when none has completed yet', () => {
    expect(idleSweepDue(Date.now(), { endedAt: 0, tookMs: 0 }, FIVE_MIN)).toBe(true);
  });
});
