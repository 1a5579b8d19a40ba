// Formatting for an operations console: every timestamp carries its zone, every number its unit.
export type TimeMode = 'utc' | 'local';

const pad = (n: number): string => String(n).padStart(2, '0');

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

/** "2026-11-23 14:05 UTC" */
export function formatTime(ms: number, mode: TimeMode, withSeconds = false): string {
  const d = new Date(ms);
  const f = fields(d, mode);
  const time = `${pad(f.h)}:${pad(f.mi)}${withSeconds ? `:${pad(f.s)}` : ''}`;
  return `${f.y}-${pad(f.mo)}-${pad(f.da)} ${time} ${zoneName(d, mode)}`;
}

/** "Nov 23" style day label in the chosen zone, for chart axes. */
export function formatDay(ms: number, mode: TimeMode): string {
  const f = fields(new Date(ms), mode);
  return `${f.y}-${pad(f.mo)}-${pad(f.da)}`;
}

/** "3 min", "2 h 05 min", "4 d 3 h" — durations an on-call engineer reads at a glance. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${sign}${s} s`;
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  if (d > 0) return `${sign}${d} d ${h} h`;
  if (h > 0) return `${sign}${h} h ${pad(m)} min`;
  return `${sign}${m} min`;
}

/** Minutes of budget with sensible precision: "43.2 min", "4.32 min", "3.6 h". */
export function formatBudgetMinutes(min: number): string {
  const abs = Math.abs(min);
  if (abs >= 120) return `${trim(min / 60, 2)} h`;
  if (abs >= 10) return `${trim(min, 1)} min`;
  return `${trim(min, 2)} min`;
}

export function formatPct(value: number, digits = 3): string {
  return `${trim(value, digits)} %`;
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat('en-US').format(Math.round(n));
}

function trim(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)));
}

/** "1.4 GiB", "312 MiB", "18 KiB" */
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
