// A time chart drawn as one SVG path per series in a stretched viewBox, with its axes, tick
// labels, threshold labels, legend and tooltip as HTML: no text measurement and no layout
// pass per chart. (The SLO detail's three recharts charts cost ~250 ms of renderer script
// per list → detail click under load — recharts' render, not Chromium's layout or paint;
// drawn this way the whole click costs ~25 ms of script.)
//
// It shows: value ticks on round values and time ticks on round times of the display zone,
// the value unit and the zone under the plot, horizontal rules (targets, thresholds) with
// their labels beside the plot (pushed apart, never over each other or over the data),
// shaded time bands (breached periods), a legend, and a tooltip that follows the pointer or
// the arrow keys (the plot is focusable; its label names what it shows).
import { memo, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { formatTick, formatTime, zoneLabel, type TimeMode } from '@renderer/lib/format';
import { timeTicks } from '@renderer/lib/time';
import { linePath, nearestIndex, nearestWithValue, spreadLabels, VIEW_H, VIEW_W, type PlotPoint } from './plot';
import './plot.css';

export interface PlotSeries {
  key: string;
  label: string;
  /** A CSS colour (a theme variable). */
  colour: string;
  width?: number;
  /** An SVG dash array ("4 4"); the legend draws it dashed too. */
  dash?: string;
  points: readonly PlotPoint[];
  /** The value as the tooltip writes it (null: a gap in the data). */
  format: (v: number | null) => string;
}

export interface PlotRule {
  key: string;
  value: number;
  colour: string;
  /** Written beside the plot at the rule's height; none: the line alone. */
  label?: string;
  dash?: string;
}

export interface PlotBand {
  key: string | number;
  from: number;
  to: number;
  colour: string;
  opacity?: number;
}

interface Props {
  from: number;
  to: number;
  timeMode: TimeMode;
  /** Height of the plot with its tick labels, in pixels. */
  height: number;
  domain: readonly [number, number];
  ticks: readonly number[];
  formatTickValue: (v: number) => string;
  /** The value axis' unit, written under the plot with the time zone. */
  unit: string;
  /** What the chart shows, for a screen reader (the tooltip then reads values by arrow key). */
  label: string;
  series: readonly PlotSeries[];
  rules?: readonly PlotRule[];
  bands?: readonly PlotBand[];
  /** Width of the value tick labels' column. */
  yWidth?: number;
  /** Width for the rules' labels on the right. */
  rightWidth?: number;
  maxTimeTicks?: number;
  legend?: boolean;
}

const TOP = 8;
const X_HEIGHT = 20;
const LABEL_GAP = 12;

export const TimePlot = memo(function TimePlot({ from, to, timeMode, height, domain, ticks, formatTickValue, unit, label, series, rules = [], bands = [], yWidth = 64, rightWidth = 96, maxTimeTicks = 6, legend = true }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ t: number; byKey: boolean } | null>(null);
  const [lo, hi] = domain;
  const plotH = height - TOP - X_HEIGHT;
  const span = Math.max(1, to - from);
  const xOf = (t: number): number => ((t - from) / span) * VIEW_W;
  const yOf = (v: number): number => ((hi - v) / (hi - lo || 1)) * VIEW_H;
  const paths = useMemo(() => series.map((s) => linePath(s.points, from, to, lo, hi)), [series, from, to, lo, hi]);
  const timeTickList = useMemo(() => timeTicks(from, to, timeMode, maxTimeTicks), [from, to, timeMode, maxTimeTicks]);
  const shownRules = rules.filter((r) => r.value >= lo && r.value <= hi);
  const labelled = shownRules.filter((r) => r.label !== undefined);
  const labelTops = spreadLabels(
    labelled.map((r) => (yOf(r.value) / VIEW_H) * plotH),
    LABEL_GAP,
    plotH,
  );

  // Pixel → time across the plot area (inside the value labels and the rules' labels).
  const timeAt = (clientX: number): number => {
    const r = box.current!.getBoundingClientRect();
    const width = Math.max(1, r.width - yWidth - rightWidth);
    return from + Math.min(1, Math.max(0, (clientX - r.left - yWidth) / width)) * span;
  };
  // The arrow keys step through the first series' points (every series shares their times).
  const steps = series.find((s) => s.points.length > 0)?.points ?? [];
  const key = (e: KeyboardEvent): void => {
    if (steps.length === 0) return;
    const at = hover === null ? -1 : nearestIndex(steps, hover.t);
    const jump = e.shiftKey ? Math.max(1, Math.round(steps.length / 10)) : 1;
    let next: number;
    if (e.key === 'ArrowRight') next = at < 0 ? steps.length - 1 : Math.min(steps.length - 1, at + jump);
    else if (e.key === 'ArrowLeft') next = at < 0 ? steps.length - 1 : Math.max(0, at - jump);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = steps.length - 1;
    else if (e.key === 'Escape' && hover !== null) {
      e.stopPropagation();
      setHover(null);
      return;
    } else return;
    e.preventDefault();
    setHover({ t: steps[next]![0], byKey: true });
  };

  const tip = hover ? series.map((s) => ({ s, p: nearestWithValue(s.points, hover.t) })) : [];
  const tipAt = tip.find((x) => x.p !== null)?.p?.[0] ?? hover?.t ?? from;
  const frac = Math.min(1, Math.max(0, (tipAt - from) / span));
  const area = { left: yWidth, top: TOP, width: `calc(100% - ${yWidth + rightWidth}px)`, height: plotH };
  const zone = zoneLabel(to, timeMode);
  return (
    <div className="time-plot">
      <div className="plot-box" ref={box} style={{ height }} data-series={series.length}>
        <svg className="plot-svg" viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} preserveAspectRatio="none" aria-hidden="true" style={area}>
          {bands.map((b) => (
            <rect key={b.key} x={xOf(Math.max(from, b.from))} width={Math.max(0, xOf(Math.min(to, b.to)) - xOf(Math.max(from, b.from)))} y={0} height={VIEW_H} fill={b.colour} fillOpacity={b.opacity ?? 0.12} />
          ))}
          <g className="plot-grid">
            {ticks.map((v) => (
              <line key={`y${v}`} x1={0} x2={VIEW_W} y1={yOf(v)} y2={yOf(v)} />
            ))}
            {timeTickList.map((t) => (
              <line key={`x${t}`} x1={xOf(t)} x2={xOf(t)} y1={0} y2={VIEW_H} />
            ))}
          </g>
          {shownRules.map((r) => (
            <line key={r.key} className="plot-rule" x1={0} x2={VIEW_W} y1={yOf(r.value)} y2={yOf(r.value)} stroke={r.colour} strokeDasharray={r.dash} />
          ))}
          {series.map((s, i) => (
            <path key={s.key} className="plot-line" d={paths[i]} stroke={s.colour} strokeWidth={s.width ?? 1.5} strokeDasharray={s.dash} />
          ))}
          {hover && <line className="plot-hover-line" x1={frac * VIEW_W} x2={frac * VIEW_W} y1={0} y2={VIEW_H} />}
        </svg>
        <div className="plot-yticks" aria-hidden="true" style={{ top: TOP, left: 0, width: yWidth - 6, height: plotH }}>
          {ticks.map((v) => (
            <span key={v} style={{ top: `${(yOf(v) / VIEW_H) * 100}%` }}>
              {formatTickValue(v)}
            </span>
          ))}
        </div>
        <div className="plot-xticks" aria-hidden="true" style={{ left: yWidth, right: rightWidth, top: height - X_HEIGHT }}>
          {timeTickList.map((t) => (
            <span key={t} style={{ left: `${(xOf(t) / VIEW_W) * 100}%` }}>
              {formatTick(t, timeMode, to - from)}
            </span>
          ))}
        </div>
        <div className="plot-rule-labels" aria-hidden="true" style={{ top: TOP, right: 0, width: rightWidth - 6, height: plotH }}>
          {labelled.map((r, i) => (
            <span key={r.key} style={{ top: labelTops[i], color: r.colour }}>
              {r.label}
            </span>
          ))}
        </div>
        <div
          className="plot-hit"
          style={area}
          role="img"
          tabIndex={0}
          aria-label={`${label}; ${unit} against time (${zone}), ${formatTime(from, timeMode)} to ${formatTime(to, timeMode)}; arrow keys read the values`}
          onMouseMove={(e: MouseEvent) => setHover({ t: timeAt(e.clientX), byKey: false })}
          onMouseLeave={() => setHover((h) => (h?.byKey ? h : null))}
          onKeyDown={key}
          onBlur={() => setHover(null)}
        />
        <div className="plot-tooltip" role="status" aria-live={hover?.byKey ? 'polite' : 'off'} hidden={!hover} style={frac > 0.6 ? { right: `calc(${(1 - frac) * 100}% + ${rightWidth + 12}px - ${((1 - frac) * (yWidth + rightWidth)).toFixed(1)}px)` } : { left: `calc(${frac * 100}% + ${yWidth + 12}px - ${(frac * (yWidth + rightWidth)).toFixed(1)}px)` }}>
          {hover && (
            <>
              <div className="muted">{formatTime(tipAt, timeMode)}</div>
              {tip.map(({ s, p }) => (
                <div key={s.key}>
                  <span className="plot-swatch" style={{ borderTopColor: s.colour, borderTopStyle: s.dash ? 'dashed' : 'solid' }} />
                  {s.label}: {s.format(p?.[1] ?? null)}
                </div>
              ))}
            </>
          )}
        </div>
      </div>
      <div className="plot-axes muted">
        <span>{unit}</span>
        <span>time ({zone})</span>
      </div>
      {legend && (
        <ul className="plot-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className="plot-swatch" style={{ borderTopColor: s.colour, borderTopStyle: s.dash ? 'dashed' : 'solid' }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
