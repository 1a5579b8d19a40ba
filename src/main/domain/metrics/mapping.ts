// opsdeck.yaml `metrics:` — for an account whose metrics are not the demo's names, which metric
// each dashboard slot reads instead. The Metrics page, the Overview's figures and the sync's
// choice of statistics all take the mapped dashboards, so a mapped metric is collected and drawn.
import type { MetricFamily } from '@shared/contract/metrics';
import { DASHBOARDS, describeMatch, mapMatches, specMatches, type Dashboards, type MetricMatch, type SeriesSpec } from './dashboards';

/** What a user maps a slot to (dimension values may be '*': every value). */
export interface MappedMetric {
  namespace: string;
  metric: string;
  dimensions: readonly { name: string; value: string }[];
  statistic: string;
}

export interface MetricSlot {
  id: string;
  family: MetricFamily;
  chartId: string;
  chartTitle: string;
  /** counter: the chart sums it (a rate or an error ratio), so only Sum makes sense; gauge: any statistic. */
  reads: 'counter' | 'gauge';
  /** What it reads by default ("ECommerce/Business OrdersPerMinute Average"). */
  wanted: string;
  /** The dimension the chart draws one line per value of (Service), if any. */
  splitBy: string | null;
}

const readsOf = (spec: SeriesSpec): MetricSlot['reads'] => (spec.kind === 'gauge' ? 'gauge' : 'counter');

/** Every slot of the dashboards, in page order. */
export function metricSlots(dashboards: Dashboards = DASHBOARDS): Map<string, MetricSlot> {
  const out = new Map<string, MetricSlot>();
  for (const [family, charts] of Object.entries(dashboards) as [MetricFamily, Dashboards[MetricFamily]][]) {
    for (const chart of charts) {
      for (const spec of chart.series) {
        for (const match of specMatches(spec)) {
          if (!match.slot || out.has(match.slot)) continue;
          out.set(match.slot, { id: match.slot, family, chartId: chart.id, chartTitle: chart.title, reads: readsOf(spec), wanted: describeMatch(match), splitBy: chart.splitBy ?? null });
        }
      }
    }
  }
  return out;
}

/** The dashboards with each mapped slot reading the user's metric instead (unmapped slots unchanged). */
export function applyMapping(dashboards: Dashboards, mapping: Readonly<Record<string, MappedMetric>>): Dashboards {
  if (Object.keys(mapping).length === 0) return dashboards;
  return mapMatches(dashboards, (match): MetricMatch => {
    const to = match.slot ? mapping[match.slot] : undefined;
    return to ? { namespace: to.namespace, metric: to.metric, dimensions: to.dimensions, stat: to.statistic, slot: match.slot! } : match;
  });
}

/** The metric statistics a mapping asks the sync to collect (dimension values may be '*'). */
export function mappedStatistics(mapping: Readonly<Record<string, MappedMetric>>): { namespace: string; metric: string; dimensions: { name: string; value: string }[]; stat: string }[] {
  return Object.values(mapping).map((m) => ({ namespace: m.namespace, metric: m.metric, dimensions: m.dimensions.map((d) => ({ ...d })), stat: m.statistic }));
}
