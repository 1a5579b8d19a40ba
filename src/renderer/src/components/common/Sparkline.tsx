// A small trend in a table cell or card, drawn as one SVG path: a table of them must stay
// cheap to draw and to leave (a charting library's chart per cell costs milliseconds each).
import { memo } from 'react';

export interface SparkPoint {
  x: number;
  y: number | null;
}

export interface SparkGeometry {
  /** Path of the series: one `M…L…` run per stretch without gaps. */
  path: string;
  /** The target's height in the box, when there is one. */
  targetY: number | null;
  /** Points below `floor`, drawn on the bottom edge: a floor never hides a dip. */
  clipped: { x: number; y: number }[];
}

/**
 * The scale: with `target`, it includes the target and 100 (percentages of availability);
 * with `floor`, it stops there and lower values are pinned to the edge and marked; otherwise
 * it fits the data.
 */
export function sparkGeometry(points: readonly SparkPoint[], width: number, height: number, target?: number, floor?: number): SparkGeometry {
  const ys = points.map((p) => p.y).filter((y): y is number => y !== null);
  const pad = 2;
  const dataMin = Math.min(...ys, ...(target === undefined ? [] : [target]));
  const dataMax = Math.max(...ys, ...(target === undefined ? [] : [target, 100]));
  let lo = floor ?? dataMin;
  let hi = dataMax;
  if (floor === undefined) {
    const margin = Math.max((hi - lo) * 0.1, 0.001);
    lo -= margin;
    if (target === undefined) hi += margin;
  }
  if (!(hi > lo)) hi = lo + 1;
  const xs = points.map((p) => p.x);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const sx = (x: number): number => (x1 > x0 ? pad + ((x - x0) / (x1 - x0)) * (width - 2 * pad) : width / 2);
  const sy = (y: number): number => pad + (1 - (Math.min(hi, Math.max(lo, y)) - lo) / (hi - lo)) * (height - 2 * pad);
  let path = '';
  let pen = false;
  const clipped: { x: number; y: number }[] = [];
  for (const p of points) {
    if (p.y === null) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
    pen = true;
    if (floor !== undefined && p.y < floor) clipped.push({ x: sx(p.x), y: height - pad });
  }
  return { path, targetY: target === undefined ? null : sy(target), clipped };
}

export const Sparkline = memo(function Sparkline({
  points,
  target,
  floor,
  width = 160,
  height = 30,
  label,
}: {
  points: readonly SparkPoint[];
  target?: number;
  floor?: number;
  width?: number;
  height?: number;
  /** What the trend shows, for screen readers ("30 days of daily availability"). */
  label?: string;
}) {
  const g = sparkGeometry(points, width, height, target, floor);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label ?? 'trend'} data-clipped={g.clipped.length || undefined}>
      {g.targetY !== null && <line x1={0} x2={width} y1={g.targetY} y2={g.targetY} stroke="var(--muted)" strokeDasharray="2 2" strokeWidth={1} />}
      <path d={g.path} fill="none" stroke="var(--accent)" strokeWidth={1.5} strokeLinejoin="round" />
      {g.clipped.map((c) => (
        <path key={c.x} d={`M${(c.x - 3).toFixed(1)},${c.y.toFixed(1)}l3,-4l3,4z`} fill="var(--bad)" />
      ))}
    </svg>
  );
});
