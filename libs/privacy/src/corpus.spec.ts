import { CORPUS } from './corpus';
import { scoreCorpus } from './corpus/metrics';
import { scrubPersonalData } from './scrub';

describe('scrubPersonalData on the corpus', () => {
  const score = scoreCorpus(CORPUS, scrubPersonalData);
  const heldOut = scoreCorpus(
    CORPUS.filter((s) => s.id.startsWith('holdout')),
    scrubPersonalData,
  );
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

  it('has at least 220 snippets, 60 of them without personal data', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(220);
    expect(CORPUS.filter((s) => !s.spans.length).length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((s) => s.id)).size).toBe(CORPUS.length);
  });

  it('prints recall, precision and exact match', () => {
    const misses = score.results
      .filter((r) => !r.exact)
      .map(
        (r) =>
          `${r.snippet.id}\n  in:  ${r.snippet.text}\n  out: ${r.output}\n  exp: ${r.snippet.expected}` +
          (r.leaked.length ? `\n  leaked: ${r.leaked.map((s) => `${s.kind} "${s.text}"`).join(', ')}` : '') +
          (r.wrongReplacements.length ? `\n  wrong: ${r.wrongReplacements.join(' | ')}` : ''),
      );
    console.log(
      `corpus: ${score.snippets} snippets, ${score.spans} personal spans\n` +
        `recall ${pct(score.recall)}  precision ${pct(score.precision)}  exact match ${pct(score.exactMatch)}  ` +
        `clean unchanged ${pct(score.cleanUnchanged)}\n` +
        `held out (${heldOut.snippets} snippets, ${heldOut.spans} spans): recall ${pct(heldOut.recall)}  ` +
        `precision ${pct(heldOut.precision)}  exact match ${pct(heldOut.exactMatch)}\n\n${misses.join('\n')}`,
    );
  });

  it('is idempotent: scrubbing a scrubbed text changes nothing (use cases scrub, then emit scrubs again)', () => {
    const twice = CORPUS.filter((s) => {
      const options = { knownNames: s.knownNames ?? [] };
      const once = scrubPersonalData(s.text, options);
      return scrubPersonalData(once, options) !== once;
    });
    expect(twice.map((s) => s.id)).toEqual([]);
  });

  // thresholds: the measured figures minus a small margin, so that a regression fails here
  // measured 2026-12-06 on 401 snippets: recall 1.000, precision 0.994, exact 0.995, clean unchanged 0.984
  it('recall ≥ 0.98', () => expect(score.recall).toBeGreaterThanOrEqual(0.98));
  it('precision ≥ 0.98', () => expect(score.precision).toBeGreaterThanOrEqual(0.98));
  it('exact match ≥ 0.97', () => expect(score.exactMatch).toBeGreaterThanOrEqual(0.97));
  it('leaves ≥ 97% of the snippets without personal data unchanged', () =>
    expect(score.cleanUnchanged).toBeGreaterThanOrEqual(0.97));
});
