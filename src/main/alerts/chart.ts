// The chart on an alert's detail page: the alarm's metric (or its metric-math expression)
// from the local cache around the firing time, with the threshold it crosses.
import type { AlertMember } from '@shared/contract/alerts';
import { HOUR_MS } from '@shared/lib/timeUnits';
import { lttb } from '../domain/downsample';
import { evaluateExpression } from '../domain/metricMath';
import type { StoredOccurrence } from '../store/alarms';
import { seriesCatalogueOf } from '../store/catalogue';
import type { ApiContext } from '../api/context';
import { str, type Entry } from './sources';

const CHART_BEFORE_MS = 3 * HOUR_MS;
const CHART_AFTER_MS = HOUR_MS;
export const CHART_MAX_POINTS = 2_000;

export type Dimension = { name: string; value: string };

export function dimsOf(value: unknown): Dimension[] {
  if (!Array.isArray(value)) return [];
  return (value as { Name?: unknown; Value?: unknown }[]).flatMap((d) => (typeof d.Name === 'string' && typeof d.Value === 'string' ? [{ name: d.Name, value: d.Value }] : []));
}

export interface MetricStatRef {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  stat: string;
  period: number;
}

/** Points of one metric statistic from the cache; another cached statistic of the same metric if that one is not collected. */
export function cachedPoints(ctx: ApiContext, sourceId: string, m: MetricStatRef, from: number, to: number): { stat: string; points: Map<number, number> } | null {
  const series = seriesCatalogueOf(ctx.cache, sourceId).find({ namespace: m.namespace, metric: m.metricName, dimensions: m.dimensions, stat: m.stat });
  if (!series) return null;
  const points = new Map<number, number>();
  for (const p of ctx.cache.points(series.seriesId, Math.floor(from / 1000), Math.ceil(to / 1000))) points.set(p.ts * 1000, p.value);
  return { stat: series.stat, points };
}

/** Ends the chart at the newest cached point when the cache stops short of `to` (an offline laptop). */
export function chartEnd(points: readonly { t: number }[], to: number, periodS: number, firedAt: number): number {
  const last = points[points.length - 1];
  return last ? Math.min(to, Math.max(last.t + periodS * 1000, firedAt + periodS * 1000)) : to;
}

/**
 * At most CHART_MAX_POINTS points, by LTTB: the shape survives, and so does the lone spike
 * an on-call engineer opened the alert to look at (an every-nth pick can drop it).
 */
export function thin(points: { t: number; v: number }[]): { t: number; v: number }[] {
  if (points.length <= CHART_MAX_POINTS) return points;
  return lttb(points.map((p) => ({ t: p.t, value: p.v })), CHART_MAX_POINTS).map((p) => ({ t: p.t, v: p.value as number }));
}

export function metricOf(ctx: ApiContext, entry: Entry, occurrence: StoredOccurrence | null, now: number): AlertMember['metric'] {
  const body = entry.body;
  if (!body || entry.type !== 'MetricAlarm') return null;
  const firedAt = occurrence?.firedAt ?? entry.alert.stateSince;
  const from = firedAt - CHART_BEFORE_MS;
  const to = Math.min(now, (occurrence?.resolvedAt ?? now) + CHART_AFTER_MS);
  const threshold = typeof body.Threshold === 'number' ? body.Threshold : null;
  const comparison = str(body.ComparisonOperator) ?? null;
  const period = typeof body.Period === 'number' ? body.Period : 60;
  const namespace = str(body.Namespace);
  const metricName = str(body.MetricName);
  if (namespace && metricName) {
    const stat = str(body.ExtendedStatistic) ?? str(body.Statistic) ?? 'Average';
    const ref = { namespace, metricName, dimensions: dimsOf(body.Dimensions), stat, period };
    const got = cachedPoints(ctx, entry.sourceId, ref, from, to);
    const points = got ? [...got.points].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v })) : [];
    return {
      namespace,
      metricName,
      dimensions: ref.dimensions,
      statistic: got && got.stat !== stat ? `${got.stat} (the alarm evaluates ${stat}, which is not cached)` : stat,
      period,
      threshold,
      comparison,
      points: thin(points),
      from,
      to: chartEnd(points, to, period, firedAt),
    };
  }
  // Metric math: evaluate the expression the alarm returns over the cached inputs.
  const queries = Array.isArray(body.Metrics) ? (body.Metrics as Record<string, unknown>[]) : [];
  const target = queries.find((q) => q.ReturnData === true && typeof q.Expression === 'string');
  if (!target) return null;
  const inputs = new Map<string, Map<number, number>>();
  let label = '';
  for (const q of queries) {
    const stat = q.MetricStat as { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: unknown }; Stat?: string; Period?: number } | undefined;
    const id = str(q.Id);
    if (!id || !stat?.Metric?.Namespace || !stat.Metric.MetricName) continue;
    const got = cachedPoints(ctx, entry.sourceId, { namespace: stat.Metric.Namespace, metricName: stat.Metric.MetricName, dimensions: dimsOf(stat.Metric.Dimensions), stat: stat.Stat ?? 'Sum', period: stat.Period ?? period }, from, to);
    inputs.set(id, got?.points ?? new Map());
    label ||= stat.Metric.Namespace;
  }
  const times = [...new Set([...inputs.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const points: { t: number; v: number }[] = [];
  for (const t of times) {
    const values: Record<string, number | null> = {};
    for (const [id, series] of inputs) values[id] = series.get(t) ?? null;
    try {
      const v = evaluateExpression(String(target.Expression), values);
      if (v !== null) points.push({ t, v });
    } catch {
      break; // an expression we cannot evaluate: show the threshold without a line
    }
  }
  return {
    namespace: label || 'metric math',
    metricName: str(target.Label) ?? String(target.Expression),
    dimensions: [],
    statistic: `expression ${String(target.Expression)}`,
    period,
    threshold,
    comparison,
    points: thin(points),
    from,
    to: chartEnd(points, to, period, firedAt),
  };
}
