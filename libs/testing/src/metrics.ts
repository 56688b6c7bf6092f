// the parser ships no types: its shape is declared beside this file
import './prometheus-parser.types';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';

export type { MetricFamily };

/**
 * Scrapes `<baseUrl>/metrics` and parses the Prometheus text with a parser nobody here wrote.
 * That parser folds a histogram's series into one unlabelled entry (it only handles unlabelled
 * histograms), so histograms are read as their plain `_bucket`, `_sum` and `_count` series.
 */
export async function scrapeMetrics(baseUrl: string): Promise<MetricFamily[]> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`GET ${baseUrl}/metrics answered ${res.status}`);
  const text = await res.text();
  return parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'));
}

/**
 * The value of a counter or gauge (or a histogram's `<name>_count`): the series whose labels include
 * `labels`, summed; 0 when absent (a counter not yet incremented has no series).
 */
export function metricValue(
  families: MetricFamily[],
  name: string,
  labels: Record<string, string> = {},
): number {
  // the parser starts a new family each time the series name changes (a histogram's _bucket/_sum/_count
  // lines alternate per label set), so one name can appear as several families: read them all
  return families
    .filter((f) => f.name === name)
    .flatMap((f) => f.metrics)
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value ?? 0), 0);
}
