// The Overview's second half: one headline figure per seeds' metric (business: orders/min,
// revenue/hour, active users, conversion, cart abandonment; application: request rate,
// error rate, p95; infrastructure: CPU, memory, disk against 70/80/80 %), each read from a
// Metrics page chart (so a mapped metric in opsdeck.yaml moves both), reduced to "now".
import type { MetricFamily } from '@shared/contract/metrics';
import type { ChartDef, Dashboards } from './dashboards';

export interface TileDef {
  id: string;
  family: MetricFamily;
  /** The dashboard chart it reads (and links to). */
  chartId: string;
  /** The chart's line it reads (a chart may draw more than one: the fullest node and the mean). */
  seriesId: string;
  title: string;
  /**
   * total: every matched series as one line (all services' requests, the cluster mean);
   * worst: per value of the chart's split dimension, the worst line (p95 of the slowest service).
   */
  reduce: 'total' | 'worst';
  qualifier: string;
  /** Week-ago comparison: for traffic-like figures; a target says more for the rest. */
  weekAgo: boolean;
  /** Name the worst line of a per-service total (errors: yes; requests: the busiest is not the worst). */
  worst?: boolean;
}

const biz = (id: string, title: string): TileDef => ({ id, family: 'business', chartId: id, seriesId: id, title, reduce: 'total', qualifier: 'platform', weekAgo: true });

export const TILES: readonly TileDef[] = [
  biz('orders', 'Orders'),
  biz('revenue', 'Revenue'),
  biz('active-users', 'Active users'),
  biz('conversion', 'Conversion'),
  biz('cart-abandonment', 'Cart abandonment'),
  { id: 'requests', family: 'application', chartId: 'request-rate', seriesId: 'requests', title: 'Requests', reduce: 'total', qualifier: 'all services', weekAgo: true },
  { id: 'errors', family: 'application', chartId: 'error-rate', seriesId: 'errors', title: 'Errors', reduce: 'total', qualifier: '4xx + 5xx, all services', weekAgo: false, worst: true },
  { id: 'p95', family: 'application', chartId: 'latency-p95', seriesId: 'latency', title: 'Response time p95', reduce: 'worst', qualifier: 'slowest', weekAgo: false },
  { id: 'cpu', family: 'infrastructure', chartId: 'node-cpu', seriesId: 'node-cpu', title: 'CPU', reduce: 'total', qualifier: 'cluster mean', weekAgo: false },
  { id: 'memory', family: 'infrastructure', chartId: 'node-memory', seriesId: 'node-memory', title: 'Memory', reduce: 'total', qualifier: 'cluster mean', weekAgo: false },
  { id: 'disk', family: 'infrastructure', chartId: 'disk', seriesId: 'disk-max', title: 'Disk', reduce: 'total', qualifier: 'fullest node', weekAgo: false },
];

/** The chart and its line a tile reads; null when the dashboards lack it (a test would catch that). */
export function tileSource(tile: TileDef, dashboards: Dashboards): { chart: ChartDef; spec: ChartDef['series'][number] } | null {
  const chart = dashboards[tile.family].find((c) => c.id === tile.chartId);
  const spec = chart?.series.find((s) => s.id === tile.seriesId);
  return chart && spec ? { chart, spec } : null;
}

/** The newest finite bucket: [index, value], or null when the line has no data. */
export function latest(values: Float64Array): [number, number] | null {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return [i, values[i]!];
  return null;
}

/** On the wrong side of the target ("CPU < 70 %": 70.5 is breached, 70 is not). */
export function isBreached(value: number | null, target: ChartDef['target']): boolean {
  if (value === null || target === null) return false;
  return target.direction === 'below' ? value > target.value : value < target.value;
}

/** Of several labelled lines, the one whose newest value is highest (the worst service), with that value. */
export function worstOf(lines: readonly { label: string; values: Float64Array }[]): { label: string; value: number } | null {
  let best: { label: string; value: number } | null = null;
  for (const l of lines) {
    const v = latest(l.values);
    if (v && (best === null || v[1] > best.value)) best = { label: l.label, value: v[1] };
  }
  return best;
}
