// One dashboard chart: a line per series (≤ 2,000 points each, downsampled on the main side),
// the seeds' target as a dashed line, alarm changes and incident milestones as vertical
// marks, time ticks on round times of the chosen zone. Dragging across it zooms every chart
// on the page to the selection.
// Drawn as one SVG path per series in a stretched viewBox, with tick labels as HTML at
// percentages: no layout measurement per chart. 24 recharts charts took ~70 ms each to
// mount (its selectors and tooltip state per chart), over a second for a page — the bulk of
// ui.dashboard_ms once the main side answered from its chunk cache.
import { memo, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { MetricAnnotation, MetricChart as Chart } from '@shared/contract/metrics';
import { formatTick, formatTime, zoneLabel, type TimeMode } from '@renderer/lib/format';
import { timeTicks } from '@renderer/lib/time';
import { linePath, nearestWithValue as nearest, VIEW_H, VIEW_W } from '@renderer/components/common/plot';
import '@renderer/components/common/plot.css';
import { axisScale, axisTickLabels, formatMetric, niceDomain } from './text';

export const SERIES_COLOURS = 8;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 14, bottom: 0, left: 4 };
const Y_WIDTH = 56;
const X_HEIGHT = 20;

const TONE: Record<MetricAnnotation['tone'], string> = { bad: 'var(--bad)', ok: 'var(--ok)', info: 'var(--accent)' };

/**
 * Alarm changes (solid) and incident milestones (dotted) as vertical marks over the plot
 * area: one path per tone and kind, not a chart element per mark — a 30-day range has
 * hundreds of alarm changes, and 24 charts × a recharts ReferenceLine each took seconds.
 */
const Marks = memo(function Marks({ annotations, from, to }: { annotations: readonly MetricAnnotation[]; from: number; to: number }) {
  const paths = useMemo(() => {
    const by = new Map<string, { tone: MetricAnnotation['tone']; kind: MetricAnnotation['kind']; d: string }>();
    for (const a of annotations) {
      if (a.at < from || a.at > to) continue;
      const x = (((a.at - from) / (to - from)) * 1000).toFixed(1);
      const key = `${a.tone}-${a.kind}`;
      const p = by.get(key) ?? { tone: a.tone, kind: a.kind, d: '' };
      p.d += `M${x} 0V100`;
      by.set(key, p);
    }
    return [...by.entries()];
  }, [annotations, from, to]);
  if (paths.length === 0) return null;
  return (
    <svg className="metric-marks" viewBox="0 0 1000 100" preserveAspectRatio="none" aria-hidden="true" style={{ left: MARGIN.left + Y_WIDTH, top: MARGIN.top, width: `calc(100% - ${MARGIN.left + Y_WIDTH + MARGIN.right}px)`, height: HEIGHT - MARGIN.top - X_HEIGHT - MARGIN.bottom }}>
      {paths.map(([key, p]) => (
        <path key={key} d={p.d} stroke={TONE[p.tone]} strokeOpacity={0.8} strokeWidth={1} vectorEffect="non-scaling-stroke" strokeDasharray={p.kind === 'incident' ? '2 2' : undefined} fill="none" />
      ))}
    </svg>
  );
});

interface Props {
  chart: Chart;
  from: number;
  to: number;
  annotations: readonly MetricAnnotation[];
  timeMode: TimeMode;
  onZoom: (a: number, b: number) => void;
  /** A series' colour index, the same for one service on every chart of the page. */
  colourOf: (label: string) => number;
}

export const MetricChart = memo(function MetricChart({ chart, from, to, annotations, timeMode, onZoom, colourOf }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const [hover, setHover] = useState<{ t: number; frac: number } | null>(null);
  const domain = useMemo(() => {
    let min = Infinity;
    let max = -Infinity;
    for (const s of chart.series)
      for (const [, v] of s.points) {
        if (v === null) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    if (chart.target) {
      min = Math.min(min, chart.target.value);
      max = Math.max(max, chart.target.value);
    }
    const scale = axisScale(chart.unit, Number.isFinite(max) ? max : 1, chart.unitLabel);
    if (!Number.isFinite(min)) return { ...niceDomain(0, 1, true), scale };
    // Percentages and counts read from zero; latencies and rates too (a floor above zero exaggerates small moves).
    return { ...niceDomain(min, max, min >= 0, scale.div), scale };
  }, [chart]);
  const [lo, hi] = domain.range;
  const paths = useMemo(() => chart.series.map((s) => linePath(s.points, from, to, lo, hi)), [chart, from, to, lo, hi]);
  const axisUnit = domain.scale.unit;
  const tickLabels = useMemo(() => axisTickLabels(domain.ticks, domain.scale), [domain]);
  const ticks = useMemo(() => timeTicks(from, to, timeMode, 6), [from, to, timeMode]);
  const zone = zoneLabel(to, timeMode);
  const latest = chart.series.map((s) => {
    for (let i = s.points.length - 1; i >= 0; i--) if (s.points[i]![1] !== null) return s.points[i]![1];
    return null;
  });
  const xOf = (t: number): number => ((t - from) / (to - from)) * VIEW_W;
  const yOf = (v: number): number => ((hi - v) / (hi - lo || 1)) * VIEW_H;

  // Pixel ↔ time on the plot area (inside the value axis and the margins).
  const fracAt = (clientX: number): number => {
    const r = box.current!.getBoundingClientRect();
    const left = r.left + MARGIN.left + Y_WIDTH;
    const width = Math.max(1, r.width - MARGIN.left - Y_WIDTH - MARGIN.right);
    return Math.min(1, Math.max(0, (clientX - left) / width));
  };
  const timeAt = (clientX: number): number => from + fracAt(clientX) * (to - from);
  const down = (e: MouseEvent): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    setDrag({ x0: e.clientX, x1: e.clientX });
  };
  const move = (e: MouseEvent): void => {
    if (drag) setDrag({ ...drag, x1: e.clientX });
    const frac = fracAt(e.clientX);
    setHover({ t: from + frac * (to - from), frac });
  };
  const up = (e: MouseEvent): void => {
    if (!drag) return;
    setDrag(null);
    if (Math.abs(e.clientX - drag.x0) >= 4) onZoom(timeAt(drag.x0), timeAt(e.clientX));
  };
  const selection = drag && box.current ? { left: Math.min(drag.x0, drag.x1) - box.current.getBoundingClientRect().left, width: Math.abs(drag.x1 - drag.x0) } : null;
  const tip = hover && !drag ? chart.series.map((s, i) => ({ s, i, p: nearest(s.points, hover.t) })).filter((x) => x.p !== null) : [];

  const plotStyle = { left: MARGIN.left + Y_WIDTH, top: MARGIN.top, right: MARGIN.right, height: HEIGHT - MARGIN.top - X_HEIGHT - MARGIN.bottom };
  const empty = chart.series.every((s) => s.points.length === 0);
  return (
    <section className="metric-card" data-testid={`metric-chart-${chart.id}`} aria-label={chart.title}>
      <header className="metric-head">
        <h3>{chart.title}</h3>
        {chart.target && <span className="metric-target">target {chart.target.label}</span>}
      </header>
      {chart.missing.length > 0 && (
        <div className="metric-missing" data-testid="metric-missing">
          {chart.missing.map((m, i) => (
            <p key={i}>
              <strong>Not in this account:</strong> looked for <code>{m.wanted}</code>. {m.hint}
            </p>
          ))}
        </div>
      )}
      {empty ? (
        chart.missing.length === 0 && <p className="muted metric-empty">No datapoints are cached for this range yet (the sync fills older data newest-first).</p>
      ) : (
        <>
          <div
            className="metric-plot"
            ref={box}
            style={{ height: HEIGHT }}
            onMouseDown={down}
            onMouseMove={move}
            onMouseUp={up}
            onMouseLeave={() => (setDrag(null), setHover(null))}
            role="img"
            aria-label={`${chart.title}, ${chart.unitLabel}, ${formatTime(from, timeMode)} to ${formatTime(to, timeMode)}; drag to zoom`}
          >
            <svg className="plot-svg metric-svg" viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} preserveAspectRatio="none" aria-hidden="true" style={plotStyle}>
              <g className="plot-grid">
                {domain.ticks.map((v) => (
                  <line key={`y${v}`} x1={0} x2={VIEW_W} y1={yOf(v)} y2={yOf(v)} />
                ))}
                {ticks.map((t) => (
                  <line key={`x${t}`} x1={xOf(t)} x2={xOf(t)} y1={0} y2={VIEW_H} />
                ))}
              </g>
              {chart.target && <line className="metric-target-line" x1={0} x2={VIEW_W} y1={yOf(chart.target.value)} y2={yOf(chart.target.value)} />}
              {chart.series.map((s, i) => (
                <path key={s.id} className="metric-line" d={paths[i]} stroke={`var(--series-${colourOf(s.label) % SERIES_COLOURS})`} />
              ))}
              {tip.length > 0 && hover && <line className="metric-hover-line" x1={hover.frac * VIEW_W} x2={hover.frac * VIEW_W} y1={0} y2={VIEW_H} />}
            </svg>
            <div className="metric-yticks" aria-hidden="true" style={{ top: MARGIN.top, left: MARGIN.left, width: Y_WIDTH - 4, height: plotStyle.height }}>
              {domain.ticks.map((v, i) => (
                <span key={v} style={{ top: `${(yOf(v) / VIEW_H) * 100}%` }}>
                  {tickLabels[i]}
                </span>
              ))}
            </div>
            <div className="metric-xticks" aria-hidden="true" style={{ left: plotStyle.left, right: plotStyle.right, top: HEIGHT - X_HEIGHT }}>
              {ticks.map((t) => (
                <span key={t} style={{ left: `${(xOf(t) / VIEW_W) * 100}%` }}>
                  {formatTick(t, timeMode, to - from)}
                </span>
              ))}
            </div>
            <Marks annotations={annotations} from={from} to={to} />
            {selection && <div className="metric-selection" style={{ left: selection.left, width: selection.width }} />}
            {tip.length > 0 && hover && (
              <div className="plot-tooltip" aria-hidden="true" style={hover.frac > 0.6 ? { right: `calc(${(1 - hover.frac) * 100}% + 24px)` } : { left: `calc(${hover.frac * 100}% + ${MARGIN.left + Y_WIDTH + 12}px)` }}>
                <div className="muted">{formatTime(tip[0]!.p![0], timeMode)}</div>
                {tip.map(({ s, p }) => (
                  <div key={s.id}>
                    <span className="metric-swatch" style={{ background: `var(--series-${colourOf(s.label) % SERIES_COLOURS})` }} />
                    {s.label} {formatMetric(p![1], chart.unit, chart.unitLabel)}
                  </div>
                ))}
              </div>
            )}
          </div>
          <div className="metric-axes muted">
            <span>
              {axisUnit} · time ({zone})
            </span>
          </div>
          <ul className="metric-legend">
            {chart.series.map((s, i) => (
              <li key={s.id}>
                <span className="metric-swatch" style={{ background: `var(--series-${colourOf(s.label) % SERIES_COLOURS})` }} aria-hidden="true" />
                {s.label} <span className="muted">{formatMetric(latest[i] ?? null, chart.unit, chart.unitLabel)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
});
