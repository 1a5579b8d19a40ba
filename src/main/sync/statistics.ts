// Which statistics to collect for each metric ListMetrics returns. ListMetrics gives no units
// or statistics, so three sources decide, strongest first:
//   1. `collect.statistics` in opsdeck.yaml: the first rule whose namespace and metric patterns
//      match replaces everything else for that metric (the user knows best);
//   2. what something asks for: the SLO definitions, the alarms' own statistics (their charts);
//   3. a default from the metric's name (counters summed, latencies as percentiles, gauges
//      averaged) for metrics nothing asks about, so every metric has a chart.
// 2 and 3 are merged: a counter named `Errors5xx` an SLO sums is collected as Sum as well.
import type { MetricStatRef, SliDef, SloDef } from '../config/slos';
import type { AlarmRow, SeriesDef } from '../store/cache';
import type { MetricRef } from '../sources/aws/cloudwatch';
import { seriesKey, statsFor } from './collect';

export interface StatisticsOverride {
  /** `*` matches any run of characters; everything else literally (e.g. `AWS/*`, `*5xx*`). */
  namespace: string;
  metric: string;
  statistics: string[];
}

export interface StatisticsPlan {
  wanted: readonly MetricStatRef[];
  overrides: readonly StatisticsOverride[];
}

/** Linear-time wildcard match: `*` only, no backtracking blow-up on user patterns. */
export function matchesPattern(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

const identity = (namespace: string, metric: string, dims: readonly { name: string; value: string }[]): string =>
  `${namespace}\u0000${metric}\u0000${[...dims].sort((a, b) => a.name.localeCompare(b.name)).map((d) => `${d.name}=${d.value}`).join(',')}`;

/** The statistics to collect for one metric, in a stable order. */
export function statisticsFor(m: MetricRef, plan: StatisticsPlan, wantedByMetric?: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const rule = plan.overrides.find((r) => matchesPattern(r.namespace, m.namespace) && matchesPattern(r.metric, m.metric));
  if (rule) return [...new Set(rule.statistics)];
  const index = wantedByMetric ?? indexWanted(plan.wanted);
  const asked = new Set(index.get(identity(m.namespace, m.metric, m.dimensions)));
  // A dashboard metric may ask for every value of a dimension ('*': every node, every service).
  for (const w of wildcardsOf(plan.wanted)) if (coversMetric(w, m)) asked.add(w.stat);
  const defaults = statsFor(m);
  return asked.size ? [...new Set([...defaults, ...[...asked].sort()])] : defaults;
}

const wildcards = new WeakMap<readonly MetricStatRef[], MetricStatRef[]>();
function wildcardsOf(wanted: readonly MetricStatRef[]): MetricStatRef[] {
  let w = wildcards.get(wanted);
  if (!w) wildcards.set(wanted, (w = wanted.filter((x) => x.dimensions.some((d) => d.value === '*'))));
  return w;
}

/** Same namespace, name and dimension names; each value equal or '*'. */
function coversMetric(w: MetricStatRef, m: MetricRef): boolean {
  if (w.namespace !== m.namespace || w.metric !== m.metric || w.dimensions.length !== m.dimensions.length) return false;
  return w.dimensions.every((d) => m.dimensions.some((x) => x.name === d.name && (d.value === '*' || x.value === d.value)));
}

function indexWanted(wanted: readonly MetricStatRef[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const w of wanted) {
    const k = identity(w.namespace, w.metric, w.dimensions);
    const set = index.get(k) ?? new Set<string>();
    set.add(w.stat);
    index.set(k, set);
  }
  return index;
}

export function seriesForPlan(metrics: readonly MetricRef[], plan: StatisticsPlan): SeriesDef[] {
  const index = indexWanted(plan.wanted);
  return metrics.flatMap((m) =>
    statisticsFor(m, plan, index).map((stat) => ({
      key: seriesKey(m, stat),
      namespace: m.namespace,
      metric: m.metric,
      dimensions: m.dimensions,
      stat,
      unit: null,
    })),
  );
}

function sliMetrics(sli: SliDef): MetricStatRef[] {
  const maths = sli.kind === 'event-ratio' ? [sli.good, sli.bad, sli.total] : [sli.value];
  return maths.flatMap((m) => m?.queries.map((q) => q.metric) ?? []);
}

/** Every metric statistic the SLO definitions read. */
export function sloStatistics(slos: readonly SloDef[]): MetricStatRef[] {
  return slos.flatMap((s) => sliMetrics(s.sli));
}

/** The statistic each metric alarm evaluates, so its chart has the alarm's own line. */
export function alarmStatistics(alarms: readonly AlarmRow[]): MetricStatRef[] {
  return alarms.flatMap((a) => {
    const b = a.body as {
      Namespace?: unknown;
      MetricName?: unknown;
      Dimensions?: { Name?: unknown; Value?: unknown }[];
      Statistic?: unknown;
      ExtendedStatistic?: unknown;
      Metrics?: { MetricStat?: { Metric?: { Namespace?: unknown; MetricName?: unknown; Dimensions?: { Name?: unknown; Value?: unknown }[] }; Stat?: unknown } }[];
    } | null;
    if (!b) return [];
    const dims = (d: { Name?: unknown; Value?: unknown }[] | undefined): { name: string; value: string }[] =>
      (d ?? []).flatMap((x) => (typeof x.Name === 'string' && typeof x.Value === 'string' ? [{ name: x.Name, value: x.Value }] : []));
    const out: MetricStatRef[] = [];
    const stat = typeof b.ExtendedStatistic === 'string' ? b.ExtendedStatistic : typeof b.Statistic === 'string' ? b.Statistic : null;
    if (typeof b.Namespace === 'string' && typeof b.MetricName === 'string' && stat) {
      out.push({ namespace: b.Namespace, metric: b.MetricName, dimensions: dims(b.Dimensions), stat });
    }
    for (const q of b.Metrics ?? []) {
      const ms = q.MetricStat;
      if (ms && typeof ms.Metric?.Namespace === 'string' && typeof ms.Metric.MetricName === 'string' && typeof ms.Stat === 'string') {
        out.push({ namespace: ms.Metric.Namespace, metric: ms.Metric.MetricName, dimensions: dims(ms.Metric.Dimensions), stat: ms.Stat });
      }
    }
    return out;
  });
}
