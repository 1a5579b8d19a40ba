// One dashboard chart: a line per series (≤ 2,000 points each, downsampled on the main side),
// the seeds' target as a dashed line, alarm changes and incident milestones as vertical
// marks, time ticks on round times of the chosen zone. Dragging across it zooms every chart
// on the page to the selection.
import { memo, useMemo, useRef, useState, type MouseEvent } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricAnnotation, MetricChart as Chart } from '@shared/contract/metrics';
import { formatTick, formatTime, zoneLabel, type TimeMode } from '@renderer/lib/format';
import { timeTicks } from '@renderer/lib/time';
import { axisScale, formatAxis, formatMetric, niceDomain } from './text';

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
  const data = useMemo(() => chart.series.map((s) => s.points.map(([t, v]) => ({ t, v }))), [chart]);
  const domain = useMemo(() => {
    let min = Infinity;
    let max = -Infinity;
    const values = chart.series.flatMap((s) => s.points.flatMap(([, v]) => (v === null ? [] : [v])));
    if (chart.target) values.push(chart.target.value);
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const scale = axisScale(chart.unit, Number.isFinite(max) ? max : 1);
    if (!Number.isFinite(min)) return { ...niceDomain(0, 1, true), scale };
    // Percentages and counts read from zero; latencies and rates too (a floor above zero exaggerates small moves).
    return { ...niceDomain(min, max, min >= 0, scale.div), scale };
  }, [chart]);
  const axisUnit = domain.scale.suffix ? (chart.unit === 'bytes_per_second' ? domain.scale.suffix : `${domain.scale.suffix} ${chart.unitLabel}`) : chart.unitLabel;
  const ticks = useMemo(() => timeTicks(from, to, timeMode, 6), [from, to, timeMode]);
  const zone = zoneLabel(to, timeMode);
  const latest = chart.series.map((s) => {
    for (let i = s.points.length - 1; i >= 0; i--) if (s.points[i]![1] !== null) return s.points[i]![1];
    return null;
  });

  // Pixel ↔ time on the plot area (inside the value axis and the margins).
  const timeAt = (clientX: number): number => {
    const r = box.current!.getBoundingClientRect();
    const left = r.left + MARGIN.left + Y_WIDTH;
    const width = Math.max(1, r.width - MARGIN.left - Y_WIDTH - MARGIN.right);
    const frac = Math.min(1, Math.max(0, (clientX - left) / width));
    return from + frac * (to - from);
  };
  const down = (e: MouseEvent): void => {
    if (e.button !== 0) return;
    e.preventDefault();
    setDrag({ x0: e.clientX, x1: e.clientX });
  };
  const move = (e: MouseEvent): void => {
    if (drag) setDrag({ ...drag, x1: e.clientX });
  };
  const up = (e: MouseEvent): void => {
    if (!drag) return;
    setDrag(null);
    if (Math.abs(e.clientX - drag.x0) >= 4) onZoom(timeAt(drag.x0), timeAt(e.clientX));
  };
  const selection = drag && box.current ? { left: Math.min(drag.x0, drag.x1) - box.current.getBoundingClientRect().left, width: Math.abs(drag.x1 - drag.x0) } : null;

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
            onMouseDown={down}
            onMouseMove={move}
            onMouseUp={up}
            onMouseLeave={() => setDrag(null)}
            role="img"
            aria-label={`${chart.title}, ${chart.unitLabel}, ${formatTime(from, timeMode)} to ${formatTime(to, timeMode)}; drag to zoom`}
          >
            <ResponsiveContainer width="100%" height={HEIGHT}>
              <LineChart margin={MARGIN}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={[from, to]}
                  allowDataOverflow
                  ticks={ticks}
                  tickFormatter={(t: number) => formatTick(t, timeMode, to - from)}
                  stroke="var(--muted)"
                  fontSize={11}
                  height={X_HEIGHT}
                />
                <YAxis
                  domain={domain.range}
                  allowDataOverflow
                  tickFormatter={(v: number) => formatAxis(v, domain.scale)}
                  stroke="var(--muted)"
                  fontSize={11}
                  width={Y_WIDTH}
                  ticks={domain.ticks}
                />
                <Tooltip
                  labelFormatter={(t) => formatTime(Number(t), timeMode)}
                  formatter={(v, _name, item) => [formatMetric(Number(v), chart.unit, chart.unitLabel), String((item as { name?: string }).name ?? '')]}
                  contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12, color: 'var(--text)' }}
                  isAnimationActive={false}
                />
                {chart.series.map((s, i) => (
                  <Line
                    key={s.id}
                    data={data[i]}
                    dataKey="v"
                    name={s.label}
                    stroke={`var(--series-${colourOf(s.label) % SERIES_COLOURS})`}
                    strokeWidth={1.4}
                    dot={false}
                    activeDot={false}
                    isAnimationActive={false}
                    connectNulls={false}
                  />
                ))}
                {chart.target && <ReferenceLine y={chart.target.value} stroke="var(--bad)" strokeDasharray="6 3" ifOverflow="extendDomain" />}
              </LineChart>
            </ResponsiveContainer>
            <Marks annotations={annotations} from={from} to={to} />
            {selection && <div className="metric-selection" style={{ left: selection.left, width: selection.width }} />}
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
