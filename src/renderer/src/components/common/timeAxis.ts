// One time axis for every chart: ticks on round times of the display zone (14:00, 14:30 — not
// 14:09, 14:51), labelled in one style, and the zone written on the axis, so a chart never
// mixes zones with the text around it (the app's UTC/local switch applies to both).
import { formatTick, zoneLabel, type TimeMode } from '@renderer/lib/format';
import { timeTicks } from '@renderer/lib/time';

/** Props for a recharts `<XAxis>` over [from, to]; `height` leaves room for the zone under the ticks. */
export function timeAxisProps(from: number, to: number, timeMode: TimeMode, fontSize = 11) {
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain: [from, to] as [number, number],
    allowDataOverflow: true,
    ticks: timeTicks(from, to, timeMode),
    tickFormatter: (t: number) => formatTick(t, timeMode, to - from),
    // Under the ticks at the right end: never on a tick label or on the data.
    height: fontSize * 2 + 12,
    label: { value: `time (${zoneLabel(to, timeMode)})`, position: 'insideBottomRight' as const, offset: 0, fill: 'var(--muted)', fontSize: fontSize - 1 },
    stroke: 'var(--muted)',
    fontSize,
    minTickGap: 36,
  };
}

/** A y-axis caption in the top-left corner, outside the plot: the unit its ticks are in. */
export function unitLabel(unit: string, fontSize = 10) {
  return { value: unit, angle: -90, position: 'insideLeft' as const, offset: 10, fill: 'var(--muted)', fontSize, style: { textAnchor: 'middle' as const } };
}
