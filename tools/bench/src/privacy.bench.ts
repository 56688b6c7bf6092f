/**
 * Scrubber benchmark: `@urp/privacy`'s `scrubPersonalData` against the naive baseline (the contacts service's
 * scrubber before the merge into the one library), on the same corpus, in one run.
 *
 *   npm run bench -- privacy            (PRIVACY_BENCH_MS=1500 per throughput round, PRIVACY_BENCH_ROUNDS=5)
 *
 * Prints, for each: recall (personal spans removed / all), precision (replacements that stand for personal
 * data / all replacements), exact match (outputs equal to the expected one) on the whole corpus and on its
 * held-out part, then throughput (snippets/s and MB/s of input by wall clock, and snippets per CPU second, median
 * of the rounds, the two alternated).
 * Exits non-zero only if it fails to measure.
 */
/* eslint-disable @nx/enforce-module-boundaries -- the benchmark reads the library's test corpus and its scorer,
   as the library's own test does */
import { CORPUS } from '../../../libs/privacy/src/corpus';
import { scoreCorpus, type CorpusScore, type Scrubber } from '../../../libs/privacy/src/corpus/metrics';
/* eslint-enable @nx/enforce-module-boundaries */
import { scrubPersonalData } from '@urp/privacy';
import { loadavg } from 'node:os';
import { now } from './stats';

/**
 * The baseline: services/contacts/src/shared/scrub.rules.ts as it was before the merge into @urp/privacy (the
 * pre-merge one, commit 26c1541^), copied unchanged but for its placeholder of IBANs ('[iban]' there, '[IBAN]'
 * in the one style) so that the scorer can match it.
 */
const BASELINE_PATTERNS: [RegExp, string][] = [
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]'],
  [/\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/gi, '[codice fiscale]'],
  [/\bIT\d{2}[A-Z]\d{10}[0-9A-Z]{12}\b/gi, '[IBAN]'],
  [/(?:\+39[\s.]?)?\b(?:3\d{2}|0\d{1,3})[\s.-]?\d{3,4}[\s.-]?\d{3,4}\b/g, '[telefono]'],
  [
    /\b(via|viale|piazza|piazzale|corso|largo|vicolo|strada|località|loc\.)\s+[A-ZÀ-Úa-zà-ú' ]{2,40}?,?\s*\d+[a-z]?\b/gi,
    '[indirizzo]',
  ],
];
function baselineScrub(text: string, knownNames: readonly string[] = []): string {
  let out = text;
  for (const [re, replacement] of BASELINE_PATTERNS) out = out.replace(re, replacement);
  for (const name of knownNames) {
    for (const part of name.split(/\s+/).filter((p) => p.length > 2)) {
      out = out.replace(new RegExp(`\\b${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), '[nome]');
    }
  }
  return out;
}

const SCRUBBERS: Record<string, Scrubber> = {
  '@urp/privacy': (text, options) => scrubPersonalData(text, options),
  'baseline (pre-merge contacts)': (text, options) => baselineScrub(text, options.knownNames ?? []),
};
const ROUND_MS = Number(process.env.PRIVACY_BENCH_MS ?? 1500);
const ROUNDS = Number(process.env.PRIVACY_BENCH_ROUNDS ?? 5);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function quality(name: string, score: CorpusScore) {
  return `${name.padEnd(32)}${pct(score.recall)}${pct(score.precision)}${pct(score.exactMatch)}${pct(score.cleanUnchanged)}`;
}

interface Round {
  perSecond: number;
  mbPerSecond: number;
  /** snippets per second of this process's CPU time: steadier than wall clock on a shared machine */
  perCpuSecond: number;
}

function throughputRound(scrub: Scrubber): Round {
  let snippets = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const start = now();
  let elapsed = 0;
  let sink = 0;
  while (elapsed < ROUND_MS) {
    for (const s of CORPUS) {
      sink += scrub(s.text, s.knownNames ? { knownNames: s.knownNames } : {}).length;
      bytes += Buffer.byteLength(s.text);
    }
    snippets += CORPUS.length;
    elapsed = now() - start;
  }
  const used = process.cpuUsage(cpu);
  if (!sink || !snippets) throw new Error('nothing measured');
  return {
    perSecond: (snippets * 1000) / elapsed,
    mbPerSecond: (bytes * 1000) / elapsed / 1e6,
    perCpuSecond: (snippets * 1e6) / (used.user + used.system),
  };
}

function main() {
  const heldOut = CORPUS.filter((s) => s.id.startsWith('holdout'));
  const spans = CORPUS.reduce((n, s) => n + s.spans.length, 0);
  const clean = CORPUS.filter((s) => !s.spans.length).length;
  const bytes = CORPUS.reduce((n, s) => n + Buffer.byteLength(s.text), 0);
  console.log(
    `corpus: ${CORPUS.length} snippets (${clean} without personal data, ${heldOut.length} held out), ` +
      `${spans} personal spans, ${(bytes / 1024).toFixed(1)} KiB`,
  );
  console.log(`\n${'quality'.padEnd(32)} recall  prec.  exact  clean unchanged`);
  for (const [name, scrub] of Object.entries(SCRUBBERS)) {
    console.log(quality(name, scoreCorpus(CORPUS, scrub)));
    console.log(quality(`  held out only`, scoreCorpus(heldOut, scrub)));
  }

  const rounds: Record<string, Round[]> = {};
  for (const scrub of Object.values(SCRUBBERS)) throughputRound(scrub); // warm-up
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, scrub] of Object.entries(SCRUBBERS)) (rounds[name] ??= []).push(throughputRound(scrub));
  console.log(
    `\n${`throughput (median of ${ROUNDS} rounds)`.padEnd(36)}snippets/s      MB/s  snippets/CPU-s`,
  );
  for (const [name, rs] of Object.entries(rounds))
    console.log(
      `${name.padEnd(36)}${Math.round(median(rs.map((x) => x.perSecond)))
        .toLocaleString('en-US')
        .padStart(10)}${median(rs.map((x) => x.mbPerSecond))
        .toFixed(2)
        .padStart(10)}${Math.round(median(rs.map((x) => x.perCpuSecond)))
        .toLocaleString('en-US')
        .padStart(16)}`,
    );
  const u = process.cpuUsage();
  console.log(
    `\nprocess CPU ${((u.user + u.system) / 1e6).toFixed(1)} s; load average ${loadavg()
      .map((x: number) => x.toFixed(2))
      .join(' ')}`,
  );
}

try {
  main();
} catch (e) {
  console.error('privacy bench failed to measure:', e);
  process.exit(1);
}
