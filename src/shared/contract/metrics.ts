// The Metrics page: the seeds' three metric families (business, application,
// infrastructure) as ready dashboards over one time range. Series come from the cache,
// bucketed at a resolution chosen for the range and LTTB-downsampled on the main side.
import { z } from 'zod';
import { EpochMs } from './primitives';
import type { ApiSpec } from './spec';

export const MetricFamily = z.enum(['business', 'application', 'infrastructure']);
export type MetricFamily = z.infer<typeof MetricFamily>;

/** The picker's ranges, each ending now. */
export const RangePreset = z.enum(['1h', '6h', '24h', '7d', '30d']);
export type RangePreset = z.infer<typeof RangePreset>;

const H = 3_600_000;
export const PRESET_MS: Readonly<Record<RangePreset, number>> = { '1h': H, '6h': 6 * H, '24h': 24 * H, '7d': 7 * 24 * H, '30d': 30 * 24 * H };

/** A custom range is at least 5 minutes and at most 455 days (CloudWatch keeps hourly data that long). */
export const MIN_RANGE_MS = 5 * 60_000;
export const MAX_RANGE_MS = 455 * 24 * H;
/** Points per series the main side sends at most. */
export const MAX_POINTS = 2_000;

export const MetricUnit = z.enum(['percent', 'ms', 'per_second', 'per_minute', 'usd_per_hour', 'count', 'bytes_per_second']);
export type MetricUnit = z.infer<typeof MetricUnit>;

/** [epoch ms, value]; a null value is a gap (no data there), drawn as a break in the line. */
const Point = z.tuple([EpochMs, z.number().nullable()]);

export const MetricSeries = z.object({
  id: z.string().max(200),
  label: z.string().max(200),
  points: z.array(Point).max(MAX_POINTS),
  /** Buckets before downsampling (so a user can see that downsampling happened). */
  bucketCount: z.number().int().nonnegative(),
  /** Newest datapoint behind this series; null without data in the range. */
  dataAsOf: EpochMs.nullable(),
});
export type MetricSeries = z.infer<typeof MetricSeries>;

/** A series the account does not have: what was looked for, and how to get it. */
export const MissingMetric = z.object({
  label: z.string().max(200),
  /** "ContainerInsights node_cpu_utilization {ClusterName=*} Average". */
  wanted: z.string().max(500),
  hint: z.string().max(1000),
});
export type MissingMetric = z.infer<typeof MissingMetric>;

export const MetricChart = z.object({
  id: z.string().max(100),
  title: z.string().max(200),
  unit: MetricUnit,
  /** The axis label's unit: "%", "ms", "req/s", "orders/min". */
  unitLabel: z.string().max(40),
  /** The seeds' target drawn as a line (CPU < 70 %, memory < 80 %, …); null when the seeds set none. */
  target: z.object({ value: z.number(), direction: z.enum(['below', 'above']), label: z.string().max(200) }).nullable(),
  /** What is plotted, in words ("mean of every node, per 5 min"). */
  description: z.string().max(500),
  series: z.array(MetricSeries).max(40),
  missing: z.array(MissingMetric).max(40),
  dataAsOf: EpochMs.nullable(),
});
export type MetricChart = z.infer<typeof MetricChart>;

export const MetricAnnotation = z.object({
  at: EpochMs,
  kind: z.enum(['alarm', 'incident']),
  /** Short text on the chart: "ALARM payment-5xx", "P1 mitigated". */
  label: z.string().max(200),
  /** Longer text for the tooltip and the list. */
  detail: z.string().max(1000),
  tone: z.enum(['bad', 'ok', 'info']),
});
export type MetricAnnotation = z.infer<typeof MetricAnnotation>;

export const MetricsDashboard = z.object({
  family: MetricFamily,
  from: EpochMs,
  to: EpochMs,
  /** Bucket width the series were aggregated to before LTTB. */
  resolutionSec: z.number().int().positive(),
  charts: z.array(MetricChart).max(40),
  annotations: z.array(MetricAnnotation).max(500),
  /** Annotations left off to keep the list short (the most recent are kept). */
  annotationsOmitted: z.number().int().nonnegative(),
  /** Newest datapoint behind any chart. */
  dataAsOf: EpochMs.nullable(),
  generatedAt: EpochMs,
});
export type MetricsDashboard = z.infer<typeof MetricsDashboard>;

export const MetricsDashboardInput = z
  .object({
    family: MetricFamily,
    /** A preset ending now, or a custom range (from and to). */
    preset: RangePreset.optional(),
    from: EpochMs.optional(),
    to: EpochMs.optional(),
    /** Points per series at most (a chart rarely needs more than its width in pixels). */
    maxPoints: z.number().int().min(50).max(MAX_POINTS).default(MAX_POINTS),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.preset !== undefined) {
      if (v.from !== undefined || v.to !== undefined) ctx.addIssue({ code: 'custom', path: ['preset'], message: 'give either a preset or from and to, not both' });
      return;
    }
    if (v.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'required without a preset' });
    if (v.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'required without a preset' });
    if (v.from === undefined || v.to === undefined) return;
    if (v.to - v.from < MIN_RANGE_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be at least 5 minutes after from' });
    else if (v.to - v.from > MAX_RANGE_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range can be at most 455 days' });
  });

/**
 * One figure of the Overview's second half: a family's headline metric now (the newest
 * bucket), its trend over the summary's range, and what it is measured against.
 */
export const MetricTile = z.object({
  id: z.string().max(100),
  family: MetricFamily,
  /** The Metrics page chart it summarises (the tile links there). */
  chartId: z.string().max(100),
  title: z.string().max(200),
  unit: MetricUnit,
  unitLabel: z.string().max(40),
  /** What the figure is: "all services", "worst service", "cluster mean", "fullest node". */
  qualifier: z.string().max(200),
  value: z.number().nullable(),
  /** The worst line of a per-service chart now ("payment-service", 12.3), when the tile's figure is a total. */
  worst: z.object({ label: z.string().max(200), value: z.number() }).nullable(),
  target: z.object({ value: z.number(), direction: z.enum(['below', 'above']), label: z.string().max(200) }).nullable(),
  /** The figure is on the wrong side of its target. */
  breached: z.boolean(),
  /** The same bucket one week earlier; null where the comparison means nothing or there is no data. */
  weekAgo: z.number().nullable(),
  /** The trend over the range, one point per bucket (null: a gap). */
  spark: z.array(Point).max(400),
  /** Newest datapoint behind the figure. */
  dataAsOf: EpochMs.nullable(),
  /** Not in this account: what was looked for (the Metrics page's chart says how to map it). */
  missing: z.string().max(500).nullable(),
});
export type MetricTile = z.infer<typeof MetricTile>;

export const MetricsSummary = z.object({
  /** The preset the trends cover (the tiles link to the Metrics page with it). */
  preset: RangePreset,
  from: EpochMs,
  to: EpochMs,
  resolutionSec: z.number().int().positive(),
  tiles: z.array(MetricTile).max(40),
  dataAsOf: EpochMs.nullable(),
  generatedAt: EpochMs,
});
export type MetricsSummary = z.infer<typeof MetricsSummary>;

export const metricsApi = {
  metricsDashboard: { input: MetricsDashboardInput, output: MetricsDashboard, topics: ['metrics', 'alarms', 'incidents'] },
  metricsSummary: { input: z.object({}).strict(), output: MetricsSummary, topics: ['metrics'] },
} as const satisfies ApiSpec;
