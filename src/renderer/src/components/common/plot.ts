// The arithmetic of a time chart drawn as SVG paths in a stretched viewBox (TimePlot, the
// Metrics page's MetricChart): no layout measurement, so a page of charts costs a path each.
import { axisFormat } from '@renderer/lib/format';

/** A series point: time (epoch ms) and value; null is a gap in the data, never bridged. */
export type PlotPoint = readonly [number, number | null];

/** Plot-area coordinates: x in [0, VIEW_W] across [from, to], y in [0, VIEW_H] from the top of the value range. */
export const VIEW_W = 1000;
export const VIEW_H = 100;

/** An SVG path of a series' points; a null point (a gap in the cache) breaks the line. */
export function linePath(points: readonly PlotPoint[], from: number, to: number, lo: number, hi: number): string {
  const sx = VIEW_W / Math.max(1, to - from);
  const sy = VIEW_H / (hi - lo || 1);
  let d = '';
  let pen = false;
  for (const [t, v] of points) {
    if (v === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${((t - from) * sx).toFixed(1)} ${((hi - v) * sy).toFixed(2)}`;
    pen = true;
  }
  return d;
}

/** The index of the point of `points` nearest to time `t` (binary search; points are time-ordered), or -1 when empty. */
export function nearestIndex(points: readonly PlotPoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]![0] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(points[lo - 1]![0] - t) <= Math.abs(points[lo]![0] - t) ? lo - 1 : lo;
}

/** The point of `points` nearest to time `t` with a value, or null. */
export function nearestWithValue(points: readonly PlotPoint[], t: number): PlotPoint | null {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]![0] < t) lo = mid + 1;
    else hi = mid;
  }
  const candidates = [points[lo - 1], points[lo]].filter((p): p is PlotPoint => p !== undefined && p[1] !== null);
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (Math.abs(b[0] - t) < Math.abs(a[0] - t) ? b : a));
}

/** A step of 1, 2, 2.5 or 5 × 10ⁿ that cuts `span` into at most about `parts` parts. */
export function niceStep(span: number, parts = 4): number {
  const raw = span / parts || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
}

/** Evenly spaced round values inside [lo, hi]: 0, 25, 50, 75, 100 — never 0, 23, 46. */
export function niceTicks(lo: number, hi: number, parts = 4): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep(hi - lo, parts);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)) + 0);
  return ticks;
}

/**
 * Label positions (pixels from the top) for labels wanted at `wanted`, each at least `gap`
 * from the next and inside [0, height]: labels of close lines (1× and 3× on a 0–72× axis)
 * are pushed apart instead of drawn over each other. Keeps the input order.
 */
export function spreadLabels(wanted: readonly number[], gap: number, height: number): number[] {
  const order = wanted.map((y, i) => ({ y: Math.min(height, Math.max(0, y)), i })).sort((a, b) => a.y - b.y);
  // Downwards from the top, then back up from the bottom edge if the last ones ran past it.
  for (let k = 1; k < order.length; k++) order[k]!.y = Math.max(order[k]!.y, order[k - 1]!.y + gap);
  if (order.length > 0 && order[order.length - 1]!.y > height) {
    order[order.length - 1]!.y = height;
    for (let k = order.length - 2; k >= 0; k--) order[k]!.y = Math.min(order[k]!.y, order[k + 1]!.y - gap);
  }
  const out = new Array<number>(wanted.length);
  for (const o of order) out[o.i] = o.y;
  return out;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A value axis for a chart that draws its own ticks (recharts' `domain`, `ticks`, `tickFormatter`). */
export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
  /** A tick in the axis' one unit and precision: "1.5 s", "2,000", "1.5 GiB" (a single figure: lib/format's formatMeasured). */
  format: (v: number) => string;
  /** The axis' unit ("s" for milliseconds reaching 1,000 ms, "GiB"…) and a tick without it, for an axis that names its unit once. */
  unit: string;
  number: (v: number) => string;
}

/**
 * Round ticks enclosing `values` in one unit and one precision (lib/format's axisFormat):
 * milliseconds reaching 1,000 ms in seconds, bytes in the binary unit of the largest value
 * (ticks round in that unit: 0, 0.5, 1.0, 1.5 GiB), thousands separated from 1,000.
 * `unit` is written after each tick ("" for none).
 */
export function valueAxis(values: readonly (number | null | undefined)[], unit: string, parts = 4): ValueAxis {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) [min, max] = [0, 1];
  let div = 1;
  let shown = unit;
  if (unit === 'bytes' || unit === 'B') {
    let i = 0;
    while (Math.max(Math.abs(min), Math.abs(max)) >= 1024 ** (i + 1) && i < BYTE_UNITS.length - 1) i++;
    div = 1024 ** i;
    shown = BYTE_UNITS[i]!;
  }
  let lo = min / div;
  let hi = max / div;
  if (!(hi > lo)) hi = lo + (Math.abs(lo) / 4 || 1);
  const step = niceStep(hi - lo, parts);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const scaled: number[] = [];
  for (let k = Math.round(lo / step); k * step <= hi + step / 2; k++) scaled.push(Number((k * step).toPrecision(12)) + 0);
  const axis = axisFormat(scaled, shown);
  const suffix = axis.unit === '' ? '' : axis.unit === '%' ? ' %' : ` ${axis.unit}`;
  return {
    domain: [scaled[0]! * div, scaled[scaled.length - 1]! * div],
    ticks: scaled.map((v) => v * div),
    format: (v) => `${axis.format(v / div)}${suffix}`,
    unit: axis.unit,
    number: (v) => axis.format(v / div),
  };
}
