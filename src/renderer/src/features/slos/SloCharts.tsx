// The detail view's charts: budget burn-down, the SLI against its target, and burn rates
// against the alert thresholds. The main side sends at most ~2,000 points per series.
// Drawn with TimePlot (an SVG path per series, text as HTML): as recharts charts their
// render was most of the list → detail click's script time.
import { memo, useMemo } from 'react';
import type { SloDetail } from '@shared/contract/slos';
import { niceTicks } from '@renderer/components/common/plot';
import { TimePlot, type PlotBand, type PlotRule, type PlotSeries } from '@renderer/components/common/TimePlot';
import { axisFormat, formatBurnMultiple, formatDecimal, formatMeasured, formatPct, formatPctForTarget, type TimeMode } from '@renderer/lib/format';
import { burnTop, sliScale } from './chartScale';

const HEIGHT = 190;

const pctOrDash = (v: number | null): string => (v === null ? '—' : `${formatDecimal(v, 2)} %`);

/** Error budget left (percent) through the window, against a steady 1× burn. */
export const BurnDownChart = memo(function BurnDownChart({ detail, timeMode }: { detail: SloDetail; timeMode: TimeMode }) {
  const { start, end } = detail.slo.window;
  const { series, domain, ticks, now } = useMemo(() => {
    let min = 0;
    let now: number | null = null;
    for (const p of detail.burnDown) {
      if (p.remainingPct === null) continue;
      if (p.remainingPct < min) min = p.remainingPct;
      now = p.remainingPct;
    }
    const lo = Math.floor(min / 25) * 25;
    const series: PlotSeries[] = [
      { key: 'idealPct', label: 'steady 1× burn', colour: 'var(--muted)', width: 1, dash: '4 4', points: detail.burnDown.map((p) => [p.t, p.idealPct] as const), format: pctOrDash },
      { key: 'remainingPct', label: 'budget left', colour: 'var(--accent)', width: 1.8, points: detail.burnDown.map((p) => [p.t, p.remainingPct] as const), format: pctOrDash },
    ];
    return { series, domain: [lo, 100] as const, ticks: niceTicks(lo, 100), now };
  }, [detail.burnDown]);
  const rules = useMemo<PlotRule[]>(() => [{ key: 'zero', value: 0, colour: 'var(--bad)', label: 'budget spent' }], []);
  const axis = useMemo(() => axisFormat(ticks, '%'), [ticks]);
  return (
    <div className="slo-chart" data-testid="slo-burndown">
      <TimePlot
        from={start}
        to={end}
        timeMode={timeMode}
        height={HEIGHT}
        domain={domain}
        ticks={ticks}
        formatTickValue={(v) => `${axis.format(v)} %`}
        unit="budget left (%)"
        label={`Error budget burn-down: budget left through the window${now === null ? '' : `, now ${pctOrDash(now)}`}, against a steady 1× burn`}
        series={series}
        rules={rules}
      />
    </div>
  );
});

/** The SLI per step (or the time-slice metric itself) with the target line; breached periods shaded. */
export const SliChart = memo(function SliChart({ detail, timeMode }: { detail: SloDetail; timeMode: TimeMode }) {
  const { start, end } = detail.slo.window;
  const s = detail.sliSeries;
  const attainment = s.kind === 'attainment';
  const { domain, ticks } = useMemo(() => sliScale(s), [s]);
  // One unit and precision for the axis; the tooltip and threshold by the same rule ("1.2 s", not "1200 ms").
  const axis = useMemo(() => axisFormat(ticks, attainment ? '%' : s.unit), [ticks, attainment, s.unit]);
  const series = useMemo<PlotSeries[]>(
    () => [
      {
        key: 'value',
        label: attainment ? 'good ÷ total' : 'value',
        colour: 'var(--accent)',
        width: 1.3,
        points: s.points.map((p) => [p.t, p.value] as const),
        format: (v) => (v === null ? '—' : attainment ? formatPctForTarget(v, s.target) : formatMeasured(v, s.unit)),
      },
    ],
    [s, attainment],
  );
  const rules = useMemo<PlotRule[]>(
    () => [{ key: 'target', value: s.target, colour: 'var(--bad)', dash: '6 3', label: attainment ? `target ${formatPct(s.target)}` : `threshold ${formatMeasured(s.target, s.unit)}` }],
    [s, attainment],
  );
  const bands = useMemo<PlotBand[]>(() => detail.breaches.map((b) => ({ key: b.start, from: b.start, to: b.end, colour: 'var(--bad)', opacity: 0.12 })), [detail.breaches]);
  return (
    <div className="slo-chart" data-testid="slo-sli-chart">
      <TimePlot
        from={start}
        to={end}
        timeMode={timeMode}
        height={HEIGHT}
        domain={domain}
        ticks={ticks}
        formatTickValue={(v) => (attainment ? `${axis.format(v)} %` : axis.format(v))}
        unit={attainment ? 'good ÷ total (%)' : axis.unit}
        label={`${attainment ? 'SLI' : 'Measured value'} against the ${attainment ? `target ${formatPct(s.target)}` : `threshold ${formatMeasured(s.target, s.unit)}`}, ${detail.breaches.length} breached period${detail.breaches.length === 1 ? '' : 's'} shaded`}
        series={series}
        rules={rules}
        bands={bands}
        yWidth={76}
        legend={false}
      />
    </div>
  );
});

const WINDOW_COLOURS: Record<string, string> = { '1h': 'var(--bad)', '6h': 'var(--warn)', '3d': 'var(--accent)' };

/** Burn rate over the alert rules' long windows, with each rule's threshold. */
export const BurnRateChart = memo(function BurnRateChart({ detail, timeMode }: { detail: SloDetail; timeMode: TimeMode }) {
  const { start, end } = detail.slo.window;
  const b = detail.burnSeries;
  const { peak, max, top } = useMemo(() => burnTop(b), [b]);
  const axisTop = Math.ceil(top);
  const ticks = useMemo(() => {
    const round = niceTicks(0, axisTop, 5);
    if (max <= top) return round;
    // Clipped: the axis' top is labelled too, so the clip level reads off the axis (… 60×, 72×).
    const step = round[1]! - round[0]!;
    return [...round.filter((v) => v <= axisTop - 0.4 * step), axisTop];
  }, [axisTop, max, top]);
  const axis = useMemo(() => axisFormat(ticks, '×'), [ticks]);
  const series = useMemo<PlotSeries[]>(
    () =>
      b.windows.map((w) => ({
        key: w,
        label: `burn over ${w}`,
        colour: WINDOW_COLOURS[w] ?? 'var(--accent)',
        width: w === '1h' ? 1 : 1.5,
        points: b.points.map((p) => [p.t, p.burn[w] ?? null] as const),
        format: (v: number | null) => (v === null ? 'too little traffic' : formatBurnMultiple(v)),
      })),
    [b],
  );
  const rules = useMemo<PlotRule[]>(
    () => b.thresholds.map((t) => ({ key: t.rule, value: t.value, colour: WINDOW_COLOURS[t.window] ?? 'var(--muted)', dash: '6 3', label: `${t.value}× ${t.severity} (${t.window})` })),
    [b.thresholds],
  );
  return (
    <div className="slo-chart" data-testid="slo-burn-chart">
      {max > top && (
        // The axis stops at 5× the highest threshold so the thresholds stay readable; say so.
        <div className="chart-clip small" data-testid="chart-clipped">
          clipped at {formatBurnMultiple(axisTop)} — peak {formatBurnMultiple(peak)}
        </div>
      )}
      <TimePlot
        from={start}
        to={end}
        timeMode={timeMode}
        height={HEIGHT + 20}
        domain={[0, axisTop]}
        ticks={ticks}
        formatTickValue={(v) => `${axis.format(v)}×`}
        unit="burn rate (×)"
        label={`Burn rate over ${b.windows.join(', ')} against the alert thresholds ${b.thresholds.map((t) => `${t.value}× (${t.window})`).join(', ')}${peak === null ? '; no burn rate yet' : `; peak ${formatBurnMultiple(peak)}`}${max > top ? `, clipped at ${formatBurnMultiple(axisTop)}` : ''}`}
        series={series}
        rules={rules}
        maxTimeTicks={10}
      />
    </div>
  );
});
