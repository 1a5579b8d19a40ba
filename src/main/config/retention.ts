// Can CloudWatch serve an SLO window at the resolution it asks for? CloudWatch keeps 60 s
// datapoints for 15 days, 300 s for 63 days and 3600 s for 455 days; older data is gone.
import { CLOUDWATCH_RETENTION } from '../domain/cloudwatch/planner';
import type { SloWindowDef } from './slos';
import { DAY_MS } from '@shared/lib/timeUnits';


/** The longest a window can be: rolling length, or the longest month (31 d) / a week. */
export function longestWindowMs(w: SloWindowDef): number {
  if (w.kind === 'rolling') return w.ms;
  return w.unit === 'month' ? 31 * DAY_MS : 7 * DAY_MS;
}

function days(ms: number): string {
  const d = ms / DAY_MS;
  return `${Number.isInteger(d) ? d : Number(d.toFixed(2))} days`;
}

function seconds(s: number): string {
  return s % 60 === 0 ? `${s} s (${s / 60} min)` : `${s} s`;
}

export interface RetentionCheck {
  /** The window cannot be served at all. */
  error: string | null;
  /** What resolution will be used instead, where the requested one is not kept long enough. */
  notes: string[];
  /** The resolution actually used for the newest data (seconds). */
  effectiveSeconds: number;
}

/**
 * Checks a window against CloudWatch retention at the requested datapoint resolution (null:
 * the finest kept). Says which resolution serves which part of the window when the requested
 * one does not reach back far enough.
 */
export function checkRetention(window: SloWindowDef, requestedSeconds: number | null): RetentionCheck {
  const lengthMs = longestWindowMs(window);
  const longest = CLOUDWATCH_RETENTION[CLOUDWATCH_RETENTION.length - 1] as { period: number; maxAgeMs: number };
  if (lengthMs > longest.maxAgeMs) {
    return {
      error: `a ${days(lengthMs)} window is longer than CloudWatch keeps any data (${days(longest.maxAgeMs)}); use a window of at most ${days(longest.maxAgeMs)}`,
      notes: [],
      effectiveSeconds: longest.period,
    };
  }
  const notes: string[] = [];
  let requested = requestedSeconds ?? (CLOUDWATCH_RETENTION[0] as { period: number }).period;
  const finest = (CLOUDWATCH_RETENTION[0] as { period: number }).period;
  if (requested < finest || requested % finest !== 0) {
    const used = Math.max(finest, Math.ceil(requested / finest) * finest);
    notes.push(`resolution ${seconds(requested)} is not a whole number of CloudWatch's ${finest}-second datapoints; ${seconds(used)} will be used`);
    requested = used;
  }
  // The finest tier at least as coarse as requested: where the newest data comes from.
  const tiers = CLOUDWATCH_RETENTION.filter((t) => t.period >= requested);
  const first = tiers[0] ?? longest;
  if (requestedSeconds !== null && first.period !== requested) {
    notes.push(`CloudWatch has no ${seconds(requested)} resolution; ${seconds(first.period)} datapoints will be used`);
  }
  if (requestedSeconds !== null && lengthMs > first.maxAgeMs) {
    const older = tiers.find((t) => t.maxAgeMs >= lengthMs) ?? longest;
    notes.push(
      `CloudWatch keeps ${seconds(first.period)} data for ${days(first.maxAgeMs)} only: the part of this ${days(lengthMs)} window older than that is evaluated at ${seconds(older.period)} resolution`,
    );
  }
  return { error: null, notes, effectiveSeconds: first.period };
}
