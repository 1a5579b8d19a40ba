// The detail view's charts: budget burn-down, the SLI against its target, and burn rates
// against the alert thresholds. The main side sends at most ~2,000 points per series.
import { memo, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { SloDetail } from '@shared/contract/slos';
import { timeAxisProps, unitLabel } from '@renderer/components/common/timeAxis';
import { formatBurnMultiple, formatDecimal, formatNumber, formatPct, formatPctForTarget, formatTime, type TimeMode } from '@renderer/lib/format';
import { sliScale } from './chartScale';

const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 };
const HEIGHT = 200;

const nice = (v: number): string => formatNumber(v, 4);

/**
 * The chart at its box's width, measured before the first paint (recharts' ResponsiveContainer
 * measures after it, so every chart rendered twice, once empty, and appeared a frame later).
 */
function Sized({ height, children }: { height: number; children: (width: number) => ReactElement }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = (): void => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} style={{ width: '100%', height }}>
      {width !== null && width > 0 && children(width)}
    </div>
  );
}


function Breaches({ breaches }: { breaches: SloDetail['breaches'] }) {
  return (
    <>
      {breaches.map((b) => (
        <ReferenceArea key={b.start} x1={b.start} x2={b.end} fill="var(--bad)" fillOpacity={0.12} stroke="none" ifOverflow="hidden" />
      ))}
    </>
  );
}

/** Error budget left (percent) through the window, against a steady 1× burn. */
export const BurnDownChart = memo(function BurnDownChart({ detail, timeMode }: { detail: SloDetail; timeMode: TimeMode }) {
  const { start, end } = detail.slo.window;
  const min = Math.min(0, ...detail.burnDown.map((p) => p.remainingPct ?? 0));
  return (
    <div className="slo-chart" data-testid="slo-burndown">
      <Sized height={HEIGHT}>
        {(width) => (
        <LineChart width={width} height={HEIGHT} data={detail.burnDown} margin={{ top: 8, right: 96, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(start, end, timeMode)} />
          <YAxis domain={[Math.floor(min / 25) * 25, 100]} tickFormatter={(v: number) => `${v} %`} stroke="var(--muted)" fontSize={11} width={64} label={unitLabel('budget left (%)')} />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), timeMode)}
            formatter={(v, name) => [v === null || v === undefined ? '—' : `${formatDecimal(Number(v), 2)} %`, name === 'remainingPct' ? 'budget left' : 'steady 1× burn']}
            contentStyle={TOOLTIP_STYLE}
          />
          <ReferenceLine y={0} stroke="var(--bad)" />
          <Line type="linear" dataKey="idealPct" stroke="var(--muted)" strokeDasharray="4 4" strokeWidth={1} dot={false} isAnimationActive={false} />
          <Line type="linear" dataKey="remainingPct" stroke="var(--accent)" strokeWidth={1.8} dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
        )}
      </Sized>
    </div>
  );
});


/** The SLI per step (or the time-slice metric itself) with the target line; breached periods shaded. */
export const SliChart = memo(function SliChart({ detail, timeMode }: { detail: SloDetail; timeMode: TimeMode }) {
  const { start, end } = detail.slo.window;
  const series = detail.sliSeries;
  const { domain, ticks } = useMemo(() => sliScale(series), [series]);
  return (
    <div className="slo-chart" data-testid="slo-sli-chart">
      <Sized height={HEIGHT}>
        {(width) => (
        <LineChart width={width} height={HEIGHT} data={series.points} margin={{ top: 8, right: 96, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(start, end, timeMode)} />
          <YAxis domain={domain} ticks={ticks} tickFormatter={(v: number) => (series.kind === 'attainment' ? `${nice(v)} %` : nice(v))} stroke="var(--muted)" fontSize={11} width={76} allowDataOverflow label={unitLabel(series.kind === 'attainment' ? 'good ÷ total (%)' : series.unit)} />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), timeMode)}
            formatter={(v) => [v === null || v === undefined ? '—' : series.kind === 'attainment' ? formatPctForTarget(Number(v), series.target) : `${nice(Number(v))} ${series.unit}`, series.kind === 'attainment' ? 'good ÷ total' : 'value']}
            contentStyle={TOOLTIP_STYLE}
          />
          <Breaches breaches={detail.breaches} />
          <ReferenceLine
            y={series.target}
            stroke="var(--bad)"
            strokeDasharray="6 3"
            label={{ value: series.kind === 'attainment' ? `target ${formatPct(series.target)}` : `threshold ${nice(series.target)} ${series.unit}`, fill: 'var(--bad)', fontSize: 10, position: 'right' }}
          />
          <Line type="linear" dataKey="value" stroke="var(--accent)" strokeWidth={1.3} dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
        )}
      </Sized>
    </div>
  );
});

const WINDOW_COLOURS: Record<string, string> = { '1h': 'var(--bad)', '6h': 'var(--warn)', '3d': 'var(--accent)' };

/** Burn rate over the alert rules' long windows, with each rule's threshold. */
export const BurnRateChart = memo(function BurnRateChart({ detail, timeMode }: { detail: SloDetail; timeMode: TimeMode }) {
  const { start, end } = detail.slo.window;
  const data = useMemo(() => detail.burnSeries.points.map((p) => ({ t: p.t, ...p.burn })), [detail.burnSeries.points]);
  const max = useMemo(() => {
    let m = Math.max(...detail.burnSeries.thresholds.map((t) => t.value));
    for (const p of detail.burnSeries.points) for (const v of Object.values(p.burn)) if (v !== null && v > m) m = v;
    return m;
  }, [detail.burnSeries]);
  // Beyond 5× the highest threshold the detail no longer matters; the tooltip still has it.
  const top = Math.min(max * 1.05, 5 * Math.max(...detail.burnSeries.thresholds.map((t) => t.value)));
  return (
    <div className="slo-chart" data-testid="slo-burn-chart">
      {max > top && (
        // The axis stops at 5× the highest threshold so the thresholds stay readable; say so.
        <div className="chart-clip small" data-testid="chart-clipped">
          clipped at {formatBurnMultiple(Math.ceil(top))} — peak {formatBurnMultiple(max)}
        </div>
      )}
      <Sized height={HEIGHT + 20}>
        {(width) => (
        <LineChart width={width} height={HEIGHT + 20} data={data} margin={{ top: 8, right: 96, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(start, end, timeMode)} />
          <YAxis domain={[0, Math.ceil(top)]} tickFormatter={(v: number) => `${nice(v)}×`} stroke="var(--muted)" fontSize={11} width={64} allowDataOverflow label={unitLabel('burn rate (×)')} />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), timeMode)}
            formatter={(v, name) => [v === null || v === undefined ? 'too little traffic' : formatBurnMultiple(Number(v)), `burn ${String(name)}`]}
            contentStyle={TOOLTIP_STYLE}
          />
          <Legend wrapperStyle={{ fontSize: 11 }} formatter={(v) => `burn over ${String(v)}`} />
          {detail.burnSeries.thresholds.map((t) => (
            <ReferenceLine
              key={t.rule}
              y={t.value}
              stroke={WINDOW_COLOURS[t.window] ?? 'var(--muted)'}
              strokeDasharray="6 3"
              label={{ value: `${t.value}× ${t.severity} (${t.window})`, fill: WINDOW_COLOURS[t.window] ?? 'var(--muted)', fontSize: 10, position: 'right' }}
            />
          ))}
          {detail.burnSeries.windows.map((w) => (
            <Line key={w} type="linear" dataKey={w} name={w} stroke={WINDOW_COLOURS[w] ?? 'var(--accent)'} strokeWidth={w === '1h' ? 1 : 1.5} dot={false} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
        )}
      </Sized>
    </div>
  );
});
