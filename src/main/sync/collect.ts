// Which statistics Opsdeck collects for a metric. ListMetrics returns no units or stats, so
// this is decided by name: counters are summed, latencies kept as percentiles, gauges averaged.
import type { SeriesDef } from '../store/cache';
import type { MetricRef } from '../sources/aws/cloudwatch';

const COUNTER = /(Count|Transactions|Processed|Failed|Run|Errors|Requests)$/;
const LATENCY = /(Latency|Time|Duration)$/;

export function statsFor(m: MetricRef): string[] {
  if (COUNTER.test(m.metric)) return ['Sum'];
  if (LATENCY.test(m.metric)) return ['p50', 'p95', 'p99'];
  return ['Average', 'Maximum'];
}

export function seriesKey(m: MetricRef, stat: string): string {
  const dims = [...m.dimensions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => `${d.name}=${d.value}`)
    .join(',');
  return `${m.namespace}|${m.metric}|${dims}|${stat}`;
}

export function seriesFor(metrics: readonly MetricRef[]): SeriesDef[] {
  return metrics.flatMap((m) =>
    statsFor(m).map((stat) => ({
      key: seriesKey(m, stat),
      namespace: m.namespace,
      metric: m.metric,
      dimensions: m.dimensions,
      stat,
      unit: null,
    })),
  );
}
