// How capacity figures read: values with their unit, crossings as P50 with a P10–P90 range,
// and the review's Markdown and CSV exports. Pure, so it is tested without a browser.
import type { CapacityCrossing, CapacityRow } from '@shared/contract/capacity';
import { formatBytes, formatCount, formatDecimal, formatDuration, formatNumber, formatPct, formatTime, type TimeMode } from '@renderer/lib/format';

export function formatValue(v: number | null, unit: CapacityRow['unit']): string {
  if (v === null) return '—';
  switch (unit) {
    case 'percent':
      return `${formatDecimal(v, 1)} %`;
    case 'bytes':
      return v < 0 ? `−${formatBytes(-v)}` : formatBytes(v);
    case 'ms':
      // By magnitude, so a headroom of −2,739 ms reads "−2.74 s" beside a "3.74 s" now.
      return Math.abs(v) >= 1000 ? `${formatDecimal(v / 1000, 2)} s` : `${formatDecimal(v, 0)} ms`;
    case 'count':
      return formatCount(v);
  }
}

export function thresholdText(r: CapacityRow): string {
  const sustained = r.sustainMinutes > 0 ? ` for ${r.sustainMinutes} min` : '';
  if (r.unit === 'bytes' && r.threshold === 0 && r.direction === 'below') return 'full (0 B free)';
  // A trigger reads as the seeds write it: "> 70 %", "> 1 s", not "> 70.0 %", "> 1.00 s" (measured values keep their decimals).
  const value =
    r.unit === 'percent' ? formatPct(r.threshold, 1) : r.unit === 'ms' && r.threshold >= 1000 ? `${formatNumber(r.threshold / 1000, 3)} s` : formatValue(r.threshold, r.unit);
  return `${r.direction === 'above' ? '>' : '<'} ${value}${sustained}`;
}

const short = (t: number, mode: TimeMode): string => formatTime(t, mode).slice(5, 16);

/** "P50 2026-12-08 08:00 UTC · between 12-08 07:00 and 12-08 09:00" and its states. */
export function crossingText(c: CapacityCrossing | null, mode: TimeMode, now: number): string {
  if (!c) return '—';
  if (c.state === 'already') return `already beyond since ${formatTime(c.since, mode)}`;
  if (c.state === 'none') return `no crossing within the horizon (to ${formatTime(c.horizonEnd, mode).slice(0, 10)})`;
  const p50 = c.p50 === null ? 'after the horizon' : `${formatTime(c.p50, mode)} (in ${formatDuration(Math.max(0, c.p50 - now))})`;
  // The band's early edge can cross in the forecast's first step, which starts at the last
  // whole hour: a time before now would read as already past, so it reads "now".
  // Without a P50 time the range is the only time in the text: it carries the zone then.
  const early = c.p10 <= now ? 'now' : c.p50 === null ? formatTime(c.p10, mode).slice(5) : short(c.p10, mode);
  const range = `between ${early} and ${c.p90 === null ? 'beyond the horizon' : short(c.p90, mode)}`;
  return `P50 ${p50} · ${range}`;
}

export function autoscalerText(r: CapacityRow, mode: TimeMode, now: number): string | null {
  const a = r.autoscaler;
  if (!a) return null;
  const head = `at max ${a.noun} (${a.max})`;
  if (!a.atMax) return null;
  if (a.atMax.state === 'already') return `${head} already, since ${formatTime(a.atMax.since, mode)}`;
  if (a.atMax.state === 'none') return `stays below max ${a.noun} (${a.max}) within the horizon`;
  return `${head} by ${crossingText(a.atMax, mode, now).replace(/^P50 /, '')}`.replace(' · between', ' (P50), between');
}

export function accuracyText(r: CapacityRow): string {
  const a = r.accuracy;
  if (!a) return '—';
  const label = a.basis === 'live' ? 'live' : 'backtest';
  const mase = a.mase === null ? '—' : a.mase.toFixed(2);
  const cov = a.coverage95 === null ? '—' : `${Math.round(a.coverage95 * 100)} %`;
  return `${label}: MASE ${mase}, 95 % band held ${cov}`;
}

export function modelText(m: CapacityRow['model']): string {
  switch (m) {
    case 'mstl':
      return 'MSTL (daily + weekly)';
    case 'seasonal-naive':
      return 'seasonal naive (last week)';
    case 'ensemble':
      return 'mean of MSTL and seasonal naive';
    case 'theil-sen':
      return 'Theil–Sen trend since last step';
    default:
      return '—';
  }
}

/** The table's short name for a model (the chart legend spells it out). */
export function modelShort(m: CapacityRow['model']): string {
  switch (m) {
    case 'mstl':
      return 'MSTL';
    case 'seasonal-naive':
      return 'naive (last week)';
    case 'ensemble':
      return 'MSTL + naive';
    case 'theil-sen':
      return 'Theil–Sen';
    default:
      return '—';
  }
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: readonly CapacityRow[]): string {
  const head = ['resource', 'metric', 'threshold', 'current', 'headroom', 'state', 'p10', 'p50', 'p90', 'model', 'accuracy_basis', 'mase', 'naive_mase', 'coverage80', 'coverage95', 'accuracy_note', 'points_replaced', 'problem'];
  const iso = (t: number | null | undefined): string => (t === null || t === undefined ? '' : new Date(t).toISOString());
  const lines = rows.map((r) => {
    const c = r.crossing;
    const a = r.accuracy;
    return [
      r.resource,
      r.metric,
      thresholdText(r),
      r.current === null ? '' : String(r.current),
      r.headroom === null ? '' : String(r.headroom),
      c?.state ?? '',
      iso(c?.state === 'crossing' ? c.p10 : c?.state === 'already' ? c.since : null),
      iso(c?.state === 'crossing' ? c.p50 : null),
      iso(c?.state === 'crossing' ? c.p90 : null),
      r.model ?? '',
      a?.basis ?? '',
      a?.mase?.toString() ?? '',
      a?.naiveMase?.toString() ?? '',
      a?.coverage80?.toString() ?? '',
      a?.coverage95?.toString() ?? '',
      a?.words ?? '',
      String(r.cleaning.count),
      r.problem ?? '',
    ]
      .map(csvCell)
      .join(',');
  });
  return [head.join(','), ...lines].join('\n') + '\n';
}

function mdCell(v: string): string {
  return v.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function toMarkdown(rows: readonly CapacityRow[], o: { mode: TimeMode; now: number; dataAsOf: number | null }): string {
  const out = [
    '# Capacity review',
    '',
    `Made ${formatTime(o.now, o.mode)}; data as of ${o.dataAsOf === null ? 'unknown' : formatTime(o.dataAsOf, o.mode)}. Time to threshold is P50 with the P10–P90 range from the forecast's 80 % band.`,
    '',
    '| Resource | Metric | Trigger | Now | Headroom | Time to threshold | Model | Accuracy |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const time = r.problem ?? [crossingText(r.crossing, o.mode, o.now), autoscalerText(r, o.mode, o.now)].filter(Boolean).join('; ');
    const acc = [accuracyText(r), r.accuracy?.words].filter(Boolean).join(' — ');
    out.push(`| ${[r.resource, r.metric, thresholdText(r), formatValue(r.current, r.unit), formatValue(r.headroom, r.unit), time, modelText(r.model), acc].map(mdCell).join(' | ')} |`);
  }
  const cleaned = rows.filter((r) => r.cleaning.count > 0);
  if (cleaned.length > 0) {
    out.push('', '## Points replaced before fitting', '', 'Hours more than 5 MAD from the seasonal profile (incidents, flash sales) were replaced by the profile so they do not bend the forecast:', '');
    for (const r of cleaned) out.push(`- ${r.resource} · ${r.metric}: ${r.cleaning.count} h (${r.cleaning.spans.map((s) => `${short(s.from, o.mode)}–${short(s.to, o.mode).slice(6)}`).join(', ')})`);
  }
  return out.join('\n') + '\n';
}
