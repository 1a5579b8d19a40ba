// Capacity forecasts: the ranked review table, one target's chart, and what-if scaling.
// Forecasts are computed ahead in a worker and stored; these methods only read them.
import { z } from 'zod';
import type { ApiSpec } from './spec';

const EpochMs = z.number().int().nonnegative();
const Id = z.string().min(1).max(120).regex(/^[a-z0-9][a-z0-9./-]*$/, 'must be a capacity target id such as eks-nodes/cpu');

export const CapacityCrossing = z.discriminatedUnion('state', [
  z.object({ state: z.literal('already'), since: EpochMs }),
  z.object({ state: z.literal('none'), horizonEnd: EpochMs }),
  z.object({ state: z.literal('crossing'), p10: EpochMs, p50: EpochMs.nullable(), p90: EpochMs.nullable(), horizonEnd: EpochMs }),
]);
export type CapacityCrossing = z.infer<typeof CapacityCrossing>;

export const CapacityModel = z.enum(['mstl', 'seasonal-naive', 'ensemble', 'theil-sen']);

export const CapacityAccuracy = z.object({
  /** 'live': a stored forecast scored against what happened; 'backtest': rolling origin on the cached history. */
  basis: z.enum(['live', 'backtest']),
  mase: z.number().nullable(),
  /** MASE of the weekly seasonal naive on the same folds (the baseline). */
  naiveMase: z.number().nullable(),
  coverage80: z.number().nullable(),
  coverage95: z.number().nullable(),
  points: z.number().int().nonnegative(),
  horizonHours: z.number().int().positive(),
  verdict: z.enum(['good', 'fair', 'poor']),
  /** Why the accuracy is not good, in words; null when it is. */
  words: z.string().max(300).nullable(),
});
export type CapacityAccuracy = z.infer<typeof CapacityAccuracy>;

export const CapacityRow = z.object({
  id: Id,
  resourceId: z.string().max(80),
  resource: z.string().max(120),
  metricId: z.string().max(60),
  metric: z.string().max(120),
  unit: z.enum(['percent', 'count', 'bytes', 'ms']),
  threshold: z.number(),
  direction: z.enum(['above', 'below']),
  sustainMinutes: z.number().int().nonnegative(),
  action: z.string().max(80),
  /** Newest hourly mean; null without data. */
  current: z.number().nullable(),
  /** Threshold − current (or current − threshold for falling series), in the metric's unit. */
  headroom: z.number().nullable(),
  crossing: CapacityCrossing.nullable(),
  /** Resolution the crossing came from: 5-minute data for the next 24 h, hourly beyond. */
  crossingResolution: z.enum(['5m', '1h']).nullable(),
  /** When the autoscaler would be at its max (from the HPA rule over the forecast). */
  autoscaler: z
    .object({ noun: z.string().max(20), min: z.number().int(), max: z.number().int(), current: z.number().nullable(), atMax: CapacityCrossing.nullable() })
    .nullable(),
  model: CapacityModel.nullable(),
  accuracy: CapacityAccuracy.nullable(),
  cleaning: z.object({ count: z.number().int().nonnegative(), spans: z.array(z.object({ from: EpochMs, to: EpochMs })).max(50) }),
  /** Set when the row has no forecast: why (e.g. the history needed). */
  problem: z.string().max(300).nullable(),
  whatIf: z
    .object({
      label: z.string().max(60),
      unit: z.string().max(20),
      current: z.number().positive(),
      /** Pod CPU / memory requests the utilisation is a percentage of (pods only). */
      limits: z
        .array(z.object({ metric: z.enum(['cpu', 'memory']), label: z.string().max(60), unit: z.string().max(20), current: z.number().positive() }))
        .max(2)
        .optional(),
    })
    .nullable(),
  dataAsOf: EpochMs.nullable(),
  madeAt: EpochMs,
});
export type CapacityRow = z.infer<typeof CapacityRow>;

export const CapacityList = z.object({
  rows: z.array(CapacityRow).max(2000),
  /** When the newest forecasts were made; null before the first pass. */
  madeAt: EpochMs.nullable(),
  /** Problems in capacity.yaml (file:line:column: field: message); the defaults stay in force. */
  configErrors: z.array(z.string().max(1000)).max(100),
  configFile: z.string().max(4096),
  /** The worker is computing (first pass, or after new data). */
  computing: z.boolean(),
});
export type CapacityList = z.infer<typeof CapacityList>;

const Pt = z.tuple([EpochMs, z.number()]);
export const CapacityChart = z.object({
  row: CapacityRow,
  /** Hourly means, oldest first, ≤ 2,000 points. */
  history: z.array(Pt).max(2000),
  /** [t, p50, lower80, upper80, lower95, upper95], ≤ 2,000 points. */
  forecast: z.array(z.tuple([EpochMs, z.number(), z.number(), z.number(), z.number(), z.number()])).max(2000),
});
export type CapacityChart = z.infer<typeof CapacityChart>;

export const CapacityWhatIf = z.object({
  id: Id,
  capacity: z.number().finite(),
  forecast: z.array(z.tuple([EpochMs, z.number(), z.number(), z.number()])).max(2000),
  crossing: CapacityCrossing.nullable(),
  /** Replicas an HPA would want now and at the forecast's peak (P50), at this capacity. */
  desiredNow: z.number().int().nullable(),
  desiredPeak: z.number().int().nullable(),
  atMax: CapacityCrossing.nullable(),
  /** The multi-metric HPA's view: each metric's proposal and which one decided (the largest). */
  hpa: z
    .object({
      decidedNow: z.string().max(60).nullable(),
      decidedPeak: z.string().max(60),
      metrics: z.array(z.object({ metric: z.string().max(60), label: z.string().max(120), target: z.number(), desiredNow: z.number().int().nullable(), desiredPeak: z.number().int() })).max(4),
    })
    .nullable(),
});
export type CapacityWhatIf = z.infer<typeof CapacityWhatIf>;

/** A what-if capacity or pod request: refused at the field when 0 or negative. */
export const WhatIfAmount = z
  .number({ error: 'must be a number' })
  .gt(0, 'must be greater than 0')
  .max(1_000_000, 'must be at most 1,000,000');

export const CapacityWhatIfInput = z
  .object({
    id: Id,
    capacity: WhatIfAmount,
    /** New pod CPU / memory requests (same unit as the row's `whatIf.limits`). */
    limits: z.object({ cpu: WhatIfAmount.optional(), memory: WhatIfAmount.optional() }).strict().optional(),
  })
  .strict();
export type CapacityWhatIfInput = z.infer<typeof CapacityWhatIfInput>;

export const capacityApi = {
  capacity: { input: z.object({}).strict(), output: CapacityList, topics: ['capacity', 'sources'] },
  capacityChart: { input: z.object({ id: Id }).strict(), output: CapacityChart, topics: ['capacity'] },
  capacityWhatIf: {
    input: CapacityWhatIfInput,
    output: CapacityWhatIf,
    topics: ['capacity'],
  },
} as const satisfies ApiSpec;
