// Time units and the time arithmetic the screens share. Every duration in the renderer is
// written with these, never as a bare 86_400_000.

/** Timestamps show in UTC or in this computer's zone (the sidebar toggle, `t`). */
export type TimeMode = 'utc' | 'local';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Data older than this is marked stale everywhere (two missed live passes plus slack). */
export const STALE_AFTER_MS = 5 * MINUTE_MS;

export function isStale(dataAsOf: number | null, now: number): boolean {
  return dataAsOf !== null && now - dataAsOf > STALE_AFTER_MS;
}

/** "90m", "2h", "1h30m", "1d", or plain minutes → milliseconds; null when unreadable. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (/^\d+$/.test(t)) return Number(t) * MINUTE_MS;
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$/.exec(t);
  if (!m || t === '' || (!m[1] && !m[2] && !m[3])) return null;
  return Number(m[1] ?? 0) * DAY_MS + Number(m[2] ?? 0) * HOUR_MS + Number(m[3] ?? 0) * MINUTE_MS;
}

/**
 * Parses a time typed in a form: "now", a duration after `base` ("2h", "90m"), or a date and
 * time "YYYY-MM-DD HH:MM" read in the display's zone (UTC or this computer's).
 */
export function parseWhen(text: string, base: number, mode: TimeMode): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'now' || t === '') return base;
  const d = parseDuration(t.replace(/^in\s+/, '').replace(/^\+/, ''));
  if (d !== null) return base + d;
  const m = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, da, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  return mode === 'utc' ? Date.UTC(y, mo - 1, da, h, mi) : new Date(y, mo - 1, da, h, mi).getTime();
}

const TICK_STEPS = [MINUTE_MS, 5 * MINUTE_MS, 10 * MINUTE_MS, 15 * MINUTE_MS, 30 * MINUTE_MS, HOUR_MS, 2 * HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS, 2 * DAY_MS, 7 * DAY_MS];

/**
 * Axis ticks on round times of the display's zone (14:00, 14:30 — never 14:09, 14:51): the
 * smallest round step that gives at most `maxTicks`, each tick a whole multiple of it in
 * that zone's wall clock (days start at that zone's midnight).
 */
export function timeTicks(from: number, to: number, mode: TimeMode, maxTicks = 8): number[] {
  if (!(to > from)) return [];
  const step = TICK_STEPS.find((s) => (to - from) / s <= maxTicks) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  // Wall-clock offset of the zone (local: this computer's, read at `from`; DST inside a range shifts ticks by an hour at most).
  const offset = mode === 'utc' ? 0 : -new Date(from).getTimezoneOffset() * MINUTE_MS;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return ticks;
}
