// The one formatting module. An operations console's rules: every timestamp carries its
// zone, every number its unit, precision follows what the figure is for (a 99.99 % target
// needs four decimals, a budget one), and an age is never negative.
import { formatWhole } from '@shared/lib/figures';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, type TimeMode } from './time';

export type { TimeMode } from './time';

const pad = (n: number): string => String(n).padStart(2, '0');
/** U+2212, the typographic minus, for signed figures read by people. */
const MINUS = '−';

/** The one place a negative figure gets its sign: a leading ASCII hyphen becomes U+2212 ("−12.3 %"). */
function signed(text: string): string {
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

/** The zone's short name at an instant: "UTC", "CET", "GMT+2" (for axis labels). */
export function zoneLabel(ms: number, mode: TimeMode): string {
  return zoneName(new Date(ms), mode);
}

function zoneName(d: Date, mode: TimeMode): string {
  if (mode === 'utc') return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'local';
}

function fields(d: Date, mode: TimeMode) {
  return mode === 'utc'
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, da: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() }
    : { y: d.getFullYear(), mo: d.getMonth() + 1, da: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
}

// ── timestamps ────────────────────────────────────────────────────────────────────────────

/** "2026-11-23 14:05 UTC" (with seconds: "2026-11-23 14:05:09 UTC"). */
export function formatTime(ms: number, mode: TimeMode, withSeconds = false): string {
  const d = new Date(ms);
  const f = fields(d, mode);
  const time = `${pad(f.h)}:${pad(f.mi)}${withSeconds ? `:${pad(f.s)}` : ''}`;
  return `${f.y}-${pad(f.mo)}-${pad(f.da)} ${time} ${zoneName(d, mode)}`;
}

/** "11-23 14:05 UTC": month, day and time with the zone, when the year is obvious. */
export function formatMonthDayTime(ms: number, mode: TimeMode): string {
  return formatTime(ms, mode).slice(5);
}

/** "14:05 UTC": the time of day with its zone, for "until …" within a day or two. */
export function formatClock(ms: number, mode: TimeMode): string {
  return formatTime(ms, mode).slice(11);
}

/** "2026-11-23": the day in the chosen zone. */
export function formatDay(ms: number, mode: TimeMode): string {
  const f = fields(new Date(ms), mode);
  return `${f.y}-${pad(f.mo)}-${pad(f.da)}`;
}

/** A chart axis tick: "14:05" within a short range, "11-23" over several days (the axis names the zone). */
export function formatTick(ms: number, mode: TimeMode, rangeMs: number): string {
  return rangeMs > 2 * DAY_MS ? formatDay(ms, mode).slice(5) : formatTime(ms, mode).slice(11, 16);
}

/** Wall-clock text the main side computed in a rule's own zone ("2026-11-01T02:00:00-05:00"): "2026-11-01 02:00". */
export function formatLocalDateTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** The "HH:MM" of such a wall-clock text. */
export function formatLocalClock(iso: string): string {
  return iso.slice(11, 16);
}

/** The UTC offset of such a wall-clock text, said as an offset: "UTC−05:00" (typographic minus), "UTC+01:00". */
export function formatLocalOffset(iso: string): string {
  const offset = iso.slice(19);
  return offset === 'Z' ? 'UTC' : `UTC${signed(offset)}`;
}

// ── durations and ages ────────────────────────────────────────────────────────────────────

/**
 * "45 s", "3 min", "2 h 05 min", "4 d 3 h", "30 d" (never "30 d 0 h"): the unit follows the magnitude, with the next
 * smaller unit where it still matters at a glance.
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? MINUS : '';
  let s = Math.round(Math.abs(ms) / SECOND_MS);
  if (s < 60) return `${sign}${s} s`;
  const d = Math.floor(s / (DAY_MS / SECOND_MS));
  s -= d * (DAY_MS / SECOND_MS);
  const h = Math.floor(s / (HOUR_MS / SECOND_MS));
  s -= h * (HOUR_MS / SECOND_MS);
  const m = Math.floor(s / (MINUTE_MS / SECOND_MS));
  if (d > 0) return `${sign}${d} d${h > 0 ? ` ${h} h` : ''}`;
  if (h > 0) return `${sign}${h} h ${pad(m)} min`;
  return `${sign}${m} min`;
}

/** How long something has been going on ("firing 12 min"): never negative when clocks disagree. */
export function formatElapsed(ms: number): string {
  return formatDuration(Number.isFinite(ms) ? Math.max(0, ms) : 0);
}

/** A whole number of the largest unit that fits: "12 h", "30 min", "2 d" (for settings like "the last 12 h"). */
export function formatSpan(ms: number): string {
  if (ms >= 2 * DAY_MS && ms % DAY_MS === 0) return `${ms / DAY_MS} d`;
  if (ms >= HOUR_MS) return `${Math.round(ms / HOUR_MS)} h`;
  if (ms >= MINUTE_MS) return `${Math.round(ms / MINUTE_MS)} min`;
  return `${Math.round(ms / SECOND_MS)} s`;
}

/**
 * How old something is: "3 min old" / "3 min ago". Never negative: a timestamp a little in the
 * future (clocks disagree) or under a second old reads "just now".
 */
export function formatAge(ageMs: number, suffix: 'ago' | 'old'): string {
  if (!(ageMs >= SECOND_MS)) return 'just now';
  return `${formatDuration(ageMs)} ${suffix}`;
}

/** Minutes of budget, the unit by magnitude: "4.32 min", "43.2 min", "3.6 h". */
export function formatBudgetMinutes(min: number): string {
  const abs = Math.abs(min);
  if (abs >= 120) return `${trim(min / 60, 2)} h`;
  if (abs >= 10) return `${trim(min, 1)} min`;
  return `${trim(min, 2)} min`;
}

/**
 * A part and its whole in one unit, the unit chosen by the whole: "1.97 h of 7.2 h" (never
 * "118 min of 7.2 h"), "38 min of 43.2 min", "2.05 min of 4.32 min".
 */
export function formatBudgetMinutesOf(part: number, total: number): string {
  return `${formatBudgetMinutesIn(part, total)} of ${formatBudgetMinutesIn(total, total)}`;
}

/** Minutes of budget in the unit and precision the whole budget (`scale`) is written in: 118 of 432 → "1.97 h". */
export function formatBudgetMinutesIn(min: number, scale: number): string {
  const abs = Math.abs(scale);
  if (abs >= 120) return `${trim(min / 60, 2)} h`;
  return `${trim(min, abs >= 10 ? 1 : 2)} min`;
}

/** While history is still loading: "partial — 22 % of the window loaded" (rounded down: never claims complete early). */
export function formatPartial(coverage: number): string {
  return `partial — ${Math.floor(Math.max(0, Math.min(1, coverage)) * 100)} % of the window loaded`;
}

/** Below this share of the window with data, budget figures are partial: history is still loading. */
export const FULL_COVERAGE = 0.995;

export function isPartialWindow(coverage: number | null | undefined): boolean {
  return coverage !== null && coverage !== undefined && coverage < FULL_COVERAGE;
}

/**
 * Budget left as the headline figure: "73.6 %"; while history loads it is
 * "partial — 22 % of the window loaded" instead, never a confident figure that the
 * attainment beside it contradicts.
 */
export function formatBudgetLeft(pct: number | null, coverage?: number | null): string {
  if (isPartialWindow(coverage)) return formatPartial(coverage as number);
  return formatBudgetPct(pct);
}

// ── nothing to show ───────────────────────────────────────────────────────────────────────

/** The one name, on every page, for "nothing cached to compute this from". */
export const NO_DATA = 'no data cached yet';
/** A figure or table cell with nothing to show. */
export const NO_FIGURE = '—';

// ── numbers and percentages ───────────────────────────────────────────────────────────────

function trim(v: number, digits: number): string {
  // `+ 0` folds −0 (a tiny negative rounded away) into 0: never "−0 min".
  return signed(String(Number(v.toFixed(digits)) + 0));
}

/** "1,234,567": whole counts with thousands separated (the rule the main side's explanations follow too). */
export function formatCount(n: number): string {
  return formatWhole(n);
}

/** Up to `significant` significant figures, trailing zeros dropped: 0.012345 → "0.01235", 2.50 → "2.5". */
export function formatNumber(v: number, significant = 4): string {
  if (!Number.isFinite(v)) return '—';
  return signed(String(Number(v.toPrecision(significant)) + 0));
}

/** A fixed number of decimals: "12.3". For figures compared in a column. */
export function formatDecimal(v: number, digits: number): string {
  return fixed(v, digits);
}

/** toFixed with the typographic minus, and no "−0.0" for a negative that rounds to zero. */
function fixed(v: number, digits: number): string {
  const text = v.toFixed(digits);
  return Number(text) === 0 ? text.replace('-', '') : signed(text);
}

/**
 * "1.2 M", "45.3 k", "1.5 Gi" (values of 1e9 and up are nearly always bytes in CloudWatch), else 4 significant
 * figures with the thousands separated from 1,000 ("2,190", as every other figure).
 */
export function formatCompact(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${fixed(v / 2 ** 30, 1)} Gi`;
  if (abs >= 1e6) return `${fixed(v / 1e6, 1)} M`;
  if (abs >= 1e4) return `${fixed(v / 1e3, 1)} k`;
  if (abs >= 1000) return formatCount(Number(v.toPrecision(4)));
  return formatNumber(v);
}

// ── measured quantities and value axes ────────────────────────────────────────────────────
// The one rule for a measured figure wherever it is written (tile, legend, tooltip, axis):
// thousands separated from 1,000 for every unit, and a duration of 1,000 ms or more in seconds.

const MS_UNITS = new Set(['ms', 'milliseconds', 'Milliseconds']);

/** Whether a unit label names milliseconds (then figures from 1,000 ms read in seconds). */
export function isMilliseconds(unit: string): boolean {
  return MS_UNITS.has(unit);
}

/** 3 significant figures below 1,000 ("12.3", "842"), whole and thousands separated from 1,000 ("2,190", "12,345"). */
export function formatMeasure(v: number, significant = 3): string {
  if (!Number.isFinite(v)) return NO_FIGURE;
  return Math.abs(v) >= 1000 ? formatCount(v) : formatNumber(v, significant);
}

/** A duration measured in ms: "842 ms", "54.1 ms", "1.05 s", "3.2 s", "1,250 s" (never "3200 ms"). */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return NO_FIGURE;
  return Math.abs(ms) >= 1000 ? `${formatMeasure(ms / 1000)} s` : `${formatNumber(ms, 3)} ms`;
}

/** A measured value with its unit label by the one rule: "1.05 s" for 1,050 ms, "2,190 req/s", "12 %". */
export function formatMeasured(v: number, unit: string): string {
  if (isMilliseconds(unit)) return formatMs(v);
  if (!Number.isFinite(v)) return NO_FIGURE;
  return unit === '' ? formatMeasure(v) : `${formatMeasure(v)} ${unit}`;
}

/** How one value axis writes its ticks: the unit it names under the plot and each tick's number. */
export interface AxisFormat {
  /** The axis' unit: "s" for an axis of milliseconds that reaches 1,000 ms, else the unit given. */
  unit: string;
  /** A tick in the axis' unit and precision: "0.5", "1,000", never a unit of its own. */
  format: (v: number) => string;
}

const groupedCache = new Map<number, Intl.NumberFormat>();
function grouped(decimals: number): Intl.NumberFormat {
  let f = groupedCache.get(decimals);
  if (!f) groupedCache.set(decimals, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f;
}

/** The decimals a round tick value needs (0.25 → 2, 1,500 → 0), read off its 12-digit form. */
function decimalsOf(v: number): number {
  const text = String(Number(Math.abs(v).toPrecision(12)));
  if (text.includes('e-')) return Math.min(6, Number(text.split('e-')[1]));
  return text.split('.')[1]?.length ?? 0;
}

/**
 * One axis, one unit, one precision: every tick gets the decimals the finest tick needs
 * ("0.0 0.5 1.0 1.5", never "0 0.5 1 1.5"), thousands separated from 1,000 ("1,000 2,000",
 * never "1000 2000"), and an axis of milliseconds that reaches 1,000 ms is written in seconds
 * ("0.0 0.5 1.0 1.5 s", never "0 500 ms 1 s").
 */
export function axisFormat(ticks: readonly number[], unit: string): AxisFormat {
  const max = ticks.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const div = isMilliseconds(unit) && max >= 1000 ? 1000 : 1;
  const decimals = Math.min(6, ticks.reduce((d, v) => Math.max(d, decimalsOf(v / div)), 0));
  const f = grouped(decimals);
  return {
    unit: div === 1000 ? 's' : unit,
    format: (v) => {
      const text = f.format(v / div);
      // No "−0.0": a negative that rounds to zero is zero.
      return Number(text.replace(/,/g, '')) === 0 ? text.replace('-', '') : signed(text);
    },
  };
}

/** A percentage with up to `digits` decimals, trailing zeros dropped: a target "99.9 %". */
export function formatPct(value: number, digits = 3): string {
  return `${trim(value, digits)} %`;
}

/** How many decimals tell a figure apart at this target: one more than the target's own plus one (99.9 → 3, 99.99 → 4), 2–5. */
export function targetDecimals(targetPct: number): number {
  return Math.min(5, Math.max(2, (String(targetPct).split('.')[1]?.length ?? 0) + 2));
}

/** An SLI or availability against its target, with the precision the target needs: "99.9712 %" for 99.99, "99.971 %" for 99.9. */
export function formatPctForTarget(value: number | null, targetPct?: number): string {
  if (value === null) return '—';
  return `${fixed(value, targetPct === undefined ? 3 : targetDecimals(targetPct))} %`;
}

/** Error budget left or spent, one decimal: "42.5 %", "−3.1 %" (U+2212) when overspent. */
export function formatBudgetPct(pct: number | null): string {
  return pct === null ? '—' : `${fixed(pct, 1)} %`;
}

/** A share 0…1 as a percentage, one decimal ("0 %" and "100 %" exact): "87.5 %". */
export function formatShare(share: number | null): string {
  if (share === null) return '—';
  return `${fixed(share * 100, share === 1 || share === 0 ? 0 : 1)} %`;
}

/** A percentage change with its sign: "+4.2 %", "−12.0 %". */
export function formatChangePct(pct: number): string {
  const text = fixed(pct, 1);
  return `${text.startsWith(MINUS) ? '' : '+'}${text} %`;
}

/** A burn rate to 3 significant figures: "0.0512", "1.50", "14.4", "123", "1,234"; "—" when unknown. */
export function formatBurnRate(burn: number | null): string {
  if (burn === null) return '—';
  if (burn === 0) return '0';
  if (burn < 0.001) return '<0.001';
  if (burn >= 1000) return formatCount(burn);
  return burn.toPrecision(3);
}

/** A burn rate as a multiple: "14.4×"; "—" when unknown. */
export function formatBurnMultiple(burn: number | null): string {
  return burn === null ? '—' : `${formatBurnRate(burn)}×`;
}

/**
 * A burn rate compared with a threshold: 3 significant figures, more only where 3 would read
 * as the threshold itself ("14.3999×" against 14.4×, so "14.4× < 14.4×" never appears).
 */
export function formatBurnAgainst(burn: number, threshold: number): string {
  if (burn === threshold || Number(burn.toPrecision(3)) !== Number(threshold.toPrecision(3))) return formatBurnMultiple(burn);
  let digits = 4;
  while (digits < 12 && Number(burn.toPrecision(digits)) === Number(threshold.toPrecision(digits))) digits++;
  return `${formatNumber(burn, digits)}×`;
}

/** "1.4 GiB", "312 MiB", "18 KiB", "512 B" */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
