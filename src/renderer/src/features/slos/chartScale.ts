// The SLI chart's y-scale (SloCharts.tsx), apart so it can be tested without drawing.
import type { SloDetail } from '@shared/contract/slos';
import { sloFloor } from './SloSparkline';

/** A round value at or below `v` for an axis end: 91.2 → 91, 99.63 → 99.6, 42 → 40. */
export function roundDown(v: number): number {
  const span = 100 - v;
  if (!(span > 0)) return v;
  const step = 10 ** Math.floor(Math.log10(span));
  return Math.max(0, Number((Math.floor(v / step + 1e-9) * step).toPrecision(12)));
}

/** A step of 1, 2, 2.5 or 5 × 10ⁿ that cuts `span` into at most about four parts. */
function niceStep(span: number): number {
  const raw = span / 4 || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
}

/**
 * The SLI chart's y-axis: attainment runs from ten budgets below the target to 100 %, and a
 * deeper dip takes the floor down with it (to a round value) — no dip is ever cut off. A
 * time-slice value is rounded outwards. Ticks are evenly spaced round values (96, 98, 100 —
 * never 95, 97, 99, 100).
 */
export function sliScale(series: Pick<SloDetail['sliSeries'], 'kind' | 'target' | 'points'>): { domain: [number, number]; ticks: number[] } {
  const values = series.points.map((p) => p.value).filter((v): v is number => v !== null);
  values.push(series.target);
  const min = Math.min(...values);
  const max = Math.max(...values);
  let lo: number;
  let hi: number;
  if (series.kind === 'attainment') {
    lo = Number(Math.min(sloFloor(series.target), roundDown(min)).toPrecision(12));
    hi = 100;
  } else {
    const step = niceStep(max - min || Math.abs(max));
    lo = Math.max(0, Math.floor(min / step) * step);
    hi = Math.ceil(max / step) * step;
    if (!(hi > lo)) hi = lo + step;
  }
  const step = niceStep(hi - lo);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return { domain: [lo, hi], ticks };
}

/**
 * The burn chart's top: the data's peak with a little headroom, but no higher than 5× the
 * highest threshold — beyond it the thresholds would be squashed into the bottom edge. A
 * higher peak is then clipped, and the chart says so ("clipped at 72× — peak 233×").
 */
export function burnTop(b: Pick<SloDetail['burnSeries'], 'points' | 'thresholds'>): { peak: number | null; max: number; top: number } {
  let peak: number | null = null;
  for (const p of b.points) for (const v of Object.values(p.burn)) if (v !== null && (peak === null || v > peak)) peak = v;
  const highest = b.thresholds.length > 0 ? Math.max(...b.thresholds.map((t) => t.value)) : null;
  const max = Math.max(peak ?? 0, highest ?? 0) || 1;
  const top = highest === null ? max * 1.05 : Math.min(max * 1.05, 5 * highest);
  return { peak, max, top };
}
