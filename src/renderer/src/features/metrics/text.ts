// How the Metrics page writes its figures: every value through lib/format with its unit.
import type { MetricUnit } from '@shared/contract/metrics';
import { axisFormat, formatBytes, formatCompact, formatCount, formatMeasure, formatMs, formatNumber } from '@renderer/lib/format';

/** A value with its unit, for tooltips and the latest-value line: "42.1 %", "12.3 req/s", "1.2 MiB/s". */
export function formatMetric(v: number | null, unit: MetricUnit, unitLabel: string): string {
  if (v === null || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'percent':
      return `${v.toFixed(Math.abs(v) < 10 ? 2 : 1)} %`;
    case 'bytes_per_second':
      return `${formatBytes(v)}/s`;
    case 'usd_per_hour':
      return `${formatCount(v)} USD/h`;
    case 'count':
      return `${Math.abs(v) >= 1e5 ? formatCompact(v) : Math.abs(v) >= 100 ? formatCount(v) : formatNumber(v, 3)} ${unitLabel}`;
    case 'ms':
      // The unit its magnitude needs, as durations are written elsewhere ("3.2 s", not "3200 ms").
      return formatMs(v);
    default:
      // One thousands separator style: "2,190 req/s" as "10,064,399 transactions".
      return `${Math.abs(v) >= 1e4 ? formatCompact(v) : formatMeasure(v)} ${unitLabel}`;
  }
}

/**
 * How a value axis writes its ticks: one divisor for the whole axis, chosen from its largest
 * value, so the ticks are round numbers in one unit ("0 50 100 150 MiB/s", "0 5 10 15 k",
 * "0.0 0.5 1.0 1.5 s" for milliseconds reaching 1,000 ms). `unit` is what the axis names.
 */
export function axisScale(unit: MetricUnit, max: number, unitLabel = ''): { div: number; suffix: string; unit: string } {
  const abs = Math.abs(max);
  if (unit === 'bytes_per_second') {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (abs >= 1024 ** (i + 1) && i < units.length - 1) i++;
    return { div: 1024 ** i, suffix: `${units[i]}/s`, unit: `${units[i]}/s` };
  }
  if (unit === 'ms') return abs >= 1000 ? { div: 1000, suffix: 's', unit: 's' } : { div: 1, suffix: '', unit: unitLabel };
  if (abs >= 1e7) return { div: 1e6, suffix: 'M', unit: `M ${unitLabel}` };
  if (abs >= 1e4) return { div: 1e3, suffix: 'k', unit: `k ${unitLabel}` };
  return { div: 1, suffix: '', unit: unitLabel };
}

/** The labels of one axis' ticks in the axis' scale: the numbers alone (the axis names the unit), one precision, thousands separated. */
export function axisTickLabels(ticks: readonly number[], scale: { div: number }): string[] {
  const scaled = ticks.map((v) => v / scale.div);
  const f = axisFormat(scaled, '');
  return scaled.map(f.format);
}

/** Round steps for a value axis: [min, max] widened to a whole number of 1-2-2.5-5 steps (in the axis' scale), and the ticks. */
export function niceDomain(min: number, max: number, floorZero: boolean, div = 1): { range: [number, number]; ticks: number[] } {
  let lo = (floorZero ? Math.min(0, min) : min) / div;
  let hi = max / div;
  if (!(hi > lo)) hi = lo + (Math.abs(lo) || 1);
  const raw = (hi - lo) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toPrecision(12)) * div);
  return { range: [lo * div, hi * div], ticks };
}
