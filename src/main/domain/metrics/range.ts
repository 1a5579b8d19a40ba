// The time range a dashboard shows and the bucket width its series are aggregated to.
import { PRESET_MS, type RangePreset } from '@shared/contract/metrics';

const MIN_S = 60;
const DAY_MS = 86_400_000;

/** Bucket widths, finest first (seconds). */
export const RESOLUTIONS_S = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 86_400] as const;
/** Buckets per series at most before LTTB: bounds the work of a custom range. */
export const MAX_BUCKETS = 12_000;

export type RangeInput = { preset: RangePreset } | { from: number; to: number };

/** [from, to) in epoch ms: a preset ends at `now`; a custom range is taken as given. */
export function resolveRange(input: RangeInput, now: number): { from: number; to: number } {
  if ('preset' in input) return { from: now - PRESET_MS[input.preset], to: now };
  return { from: input.from, to: input.to };
}

/**
 * The bucket width for a range: the finest period CloudWatch still keeps for the range's
 * oldest instant (60 s data for 15 days, 300 s for 63 days, hourly beyond — so a 30-day view
 * is not made of buckets that can only be half full), coarsened until the range has at most
 * MAX_BUCKETS buckets. LTTB then takes the buckets down to the points a chart draws.
 */
export function resolutionFor(from: number, to: number, now: number): number {
  const age = now - from;
  const retention = age <= 15 * DAY_MS ? MIN_S : age <= 63 * DAY_MS ? 5 * MIN_S : 3600;
  const spanS = Math.max(1, (to - from) / 1000);
  return RESOLUTIONS_S.find((r) => r >= retention && spanS / r <= MAX_BUCKETS) ?? RESOLUTIONS_S[RESOLUTIONS_S.length - 1]!;
}
