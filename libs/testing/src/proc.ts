import { readFileSync } from 'node:fs';

/** Linux's clock tick (USER_HZ), in ms: `/proc/<pid>/stat` counts CPU time in these. */
const TICK_MS = 10;

/**
 * CPU time (user + system, ms) a process has used so far, from `/proc/<pid>/stat`: what the benchmarks and the
 * pricing scripts divide by the work done (the processes of a stack: FerretDB, Kafka, each service). Undefined when
 * the process does not run (or no `/proc`).
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    // after "pid (comm) ": state is field 3; utime 14 and stime 15 (1-based) are indices 11 and 12
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** This process's own CPU time so far (user + system, ms). */
export const ownCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
