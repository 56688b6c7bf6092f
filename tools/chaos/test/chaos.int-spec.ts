/**
 * The chaos suite's short profile inside `npm test` (the full one: `npm run chaos`). The whole stack in real
 * processes on real Kafka + FerretDB; broker stop, SIGKILL of a producer and of a consumer, database stop,
 * a poison message and the alias / depth attacks, with clients registering contacts through the gateway all
 * along. Fails on any acknowledged registration missing (event or effect) and on any effect applied twice;
 * timings are printed, never asserted.
 */
import { PROFILES, runChaos } from '../src/suite';

describe('chaos (short profile)', () => {
  it('loses nothing and applies nothing twice under broker, process, database and message faults', async () => {
    const lines: string[] = [];
    const result = await runChaos(PROFILES.short, (s) => lines.push(s));
    process.stdout.write(`${lines.join('\n')}\n\n${result.table}\n`);
    expect(result.failures).toEqual([]);
    const faults = result.rows.map((r) => r.fault);
    expect(faults).toEqual(
      expect.arrayContaining([
        'broker stop (kafka)',
        'SIGKILL contacts (producer)',
        'SIGKILL knowledge (consumer)',
        'database stop (ferretdb)',
        'poison message',
      ]),
    );
    // every fault saw registrations acknowledged and checked one by one
    for (const r of result.rows.filter((r) => !/idle|attack|nested/.test(r.fault)))
      expect(r.succeeded).toBeGreaterThan(0);
  }, 1_200_000);
});
