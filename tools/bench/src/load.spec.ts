import { latencyInTurn, sleep, throughputInTurn, type Send } from './load';

class Late extends Error {}

/** A target that records, in one shared log, when each of its calls starts and ends. */
function target(name: string, log: string[], inFlight: Map<string, number>, work: () => Promise<void>) {
  const send: Send = async () => {
    log.push(`${name}+`);
    inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
    try {
      await work();
    } finally {
      inFlight.set(name, (inFlight.get(name) ?? 0) - 1);
      log.push(`${name}-`);
    }
  };
  return send;
}

describe('latencyInTurn: one call at a time, the targets in turn', () => {
  it('calls the targets request by request, each one first in turn (A B, B A, A B …)', async () => {
    const log: string[] = [];
    const inFlight = new Map<string, number>();
    const a = target('A', log, inFlight, () => sleep(1));
    const b = target('B', log, inFlight, () => sleep(1));
    const [pa, pb] = await latencyInTurn([a, b], 0.3);
    const starts = log.filter((e) => e.endsWith('+')).map((e) => e[0]);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    // rounds of two: A B, then B A, then A B …
    for (let i = 0; i + 1 < starts.length; i += 2)
      expect(starts.slice(i, i + 2).join('')).toBe(i % 4 === 0 ? 'AB' : 'BA');
    // one at a time: every start is followed by its own end
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(`${log[i][0]}-`);
    expect(Math.abs(pa.calls - pb.calls)).toBeLessThanOrEqual(1);
    expect(pa.errors + pb.errors).toBe(0);
    expect(pa.p50).toBeGreaterThan(0);
  });

  it('counts timeouts apart from errors, keeps their time, and stops calling a target that only fails', async () => {
    let brokenCalls = 0;
    const late: Send = async () => {
      await sleep(1);
      throw new Late('no answer');
    };
    const failing: Send = async () => {
      brokenCalls++;
      throw new Error('HTTP 500: boom');
    };
    const fine: Send = () => sleep(1);
    const [pl, pf, pok] = await latencyInTurn([late, failing, fine], 0.3, {
      isTimeout: (e) => e instanceof Late,
      giveUpAfterErrors: 3,
    });
    expect(pl.timeouts).toBe(pl.calls);
    expect(pl.errors).toBe(0);
    expect(pl.rps).toBe(0); // nothing answered
    expect(pl.p50).toBeGreaterThan(0); // but the time is kept
    expect(pf).toMatchObject({ calls: 0, errors: 4, firstError: 'HTTP 500: boom' });
    expect(brokenCalls).toBe(4); // given up after more than 3 errors without an answer
    expect(pok.calls).toBeGreaterThan(pf.calls);
    expect(pok.errors + pok.timeouts).toBe(0);
  });

  it('says the cause of a failed fetch', async () => {
    const reset: Send = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      });
    };
    const [p] = await latencyInTurn([reset], 0.01, { giveUpAfterErrors: 0 });
    expect(p.firstError).toBe('fetch failed (UND_ERR_SOCKET)');
  });
});

describe('throughputInTurn: concurrent calls, the targets in turn by slices', () => {
  it('never runs two targets at once, keeps each at its concurrency, and alternates which goes first', async () => {
    const log: string[] = [];
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    let overlap = 0;
    const work = (name: string) => async () => {
      const other = name === 'A' ? 'B' : 'A';
      if ((inFlight.get(other) ?? 0) > 0) overlap++;
      peak.set(name, Math.max(peak.get(name) ?? 0, inFlight.get(name) ?? 0));
      await sleep(2);
    };
    const a = target('A', log, inFlight, work('A'));
    const b = target('B', log, inFlight, work('B'));
    const [pa, pb] = await throughputInTurn([a, b], 4, 0.06, { sliceMs: 20 });
    expect(overlap).toBe(0);
    expect(peak.get('A')).toBe(4);
    expect(peak.get('B')).toBe(4);
    // three slices each, A B, B A, A B: the two in the middle of each pair of rounds run back to back
    // (one after the other throughout would give A B A B A B)
    const order = log.filter((e) => e.endsWith('+')).map((e) => e[0]);
    const runs = order.filter((x, i) => i === 0 || order[i - 1] !== x);
    expect(runs.join('')).toBe('ABAB');
    expect(pa.calls).toBeGreaterThan(0);
    expect(pb.calls).toBeGreaterThan(0);
    // Little's law: 4 in flight at ~2 ms each → about 2,000/s at most, and the wall figure never above it
    expect(pa.rps).toBeGreaterThan(0);
    expect(pa.wallRps).toBeLessThanOrEqual(pa.rps * 1.0001);
  });
});
