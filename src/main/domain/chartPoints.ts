// Points for a chart: a series as long as the window has steps is thinned to what a chart can
// draw quickly (recharts takes ~0.1 ms a point per line, and the SLO detail draws four lines
// of 1,440 points), keeping what a reader must not lose — the shape (LTTB), every series'
// peak and dip, and every gap as a gap.
import { lttb } from './downsample';

/** Indices LTTB keeps of a run without gaps, in order (first and last always). */
function lttbIndices(values: readonly number[], offset: number, threshold: number): number[] {
  if (values.length <= threshold) return values.map((_, i) => offset + i);
  // lttb works on {t, value}; t = position, so the picked t is the index back.
  return lttb(
    values.map((value, i) => ({ t: i, value })),
    Math.max(3, threshold),
  ).map((p) => offset + p.t);
}

/**
 * The indices to keep of one series (nulls are gaps) when about `threshold` of them may be
 * drawn: LTTB within each run between gaps (runs share the budget by length), the lowest and
 * highest point of the series, and the first null of every gap so the line breaks there.
 */
export function keptIndices(values: readonly (number | null)[], threshold: number): Set<number> {
  const keep = new Set<number>();
  const defined = values.filter((v) => v !== null).length;
  if (defined === 0) return keep;
  let lo = -1;
  let hi = -1;
  let runStart = -1;
  const closeRun = (end: number): void => {
    if (runStart < 0) return;
    const run = values.slice(runStart, end) as number[];
    const share = Math.max(2, Math.round((threshold * run.length) / defined));
    for (const i of lttbIndices(run, runStart, share)) keep.add(i);
    runStart = -1;
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      if (runStart >= 0) keep.add(i);
      closeRun(i);
      continue;
    }
    if (runStart < 0) runStart = i;
    if (lo < 0 || v < (values[lo] as number)) lo = i;
    if (hi < 0 || v > (values[hi] as number)) hi = i;
  }
  closeRun(values.length);
  keep.add(lo);
  keep.add(hi);
  return keep;
}

/**
 * Thins points that several series share (one `t`, a value per key) to about `threshold`:
 * each series picks its share of the indices (see keptIndices) and every series is drawn at
 * all of the picked instants, so none loses its peak, its dips or its gaps. Short input is
 * returned as it is.
 */
export function thinShared<P extends { t: number }>(points: readonly P[], series: readonly ((p: P) => number | null)[], threshold: number): P[] {
  if (points.length <= threshold || series.length === 0) return points.slice();
  const keep = new Set<number>([0, points.length - 1]);
  const per = Math.max(3, Math.floor(threshold / series.length));
  for (const value of series) for (const i of keptIndices(points.map(value), per)) keep.add(i);
  return [...keep].sort((a, b) => a - b).map((i) => points[i] as P);
}
