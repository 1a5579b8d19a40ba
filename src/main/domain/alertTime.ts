// Wall-clock ↔ instant conversion for maintenance windows and business hours.
//
// Why not `DateTime.fromObject(..., { zone })`: for a local time inside the repeated hour
// of a DST fall-back, luxon picks the offset by starting from the zone's offset at the
// *current* real time, so the answer depends on when the code runs. We resolve explicitly,
// following RFC 5545 §3.3.5 (iCalendar), which calendar users already expect:
//   - a local time that occurs twice (fall-back) means its FIRST occurrence (the
//     daylight-time one): 01:30 on 2026-11-01 in New York = 05:30Z, not 06:30Z;
//   - a local time that does not exist (spring-forward gap) is read with the offset in
//     force before the gap, which moves it forward by the gap: 02:30 on 2026-03-08 in
//     New York = 07:30Z = 03:30 EDT (the same thing luxon does).
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Fixed-offset abbreviations people type when they mean a DST-observing zone. */
const MISLEADING_ZONES = /^(E|C|M|P|AK|H)(S|D)T$/i;

export function zoneProblem(zone: string): string | null {
  if (MISLEADING_ZONES.test(zone)) {
    return `time zone ${JSON.stringify(zone)} is a fixed offset that ignores daylight saving; use an IANA name such as America/New_York`;
  }
  if (!IANAZone.isValidZone(zone)) return `unknown time zone ${JSON.stringify(zone)}; use an IANA name such as America/New_York`;
  return null;
}

/** An IANA time-zone name (validated with luxon); US fixed-offset abbreviations are refused. */
export const TimeZone = z.string().superRefine((zone, ctx) => {
  const problem = zoneProblem(zone);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function ianaZone(zone: string): IANAZone {
  const problem = zoneProblem(zone);
  if (problem) throw new RangeError(problem);
  return IANAZone.create(zone);
}

/**
 * The UTC instant of a wall-clock time in `zone`, with the RFC 5545 rules above. Assumes at
 * most one offset change within a day either side, which holds for every real zone.
 */
export function wallClockToInstant(local: LocalDateTime, zone: string): number {
  const tz = ianaZone(zone);
  // The wall-clock reading as if it were UTC; subtracting an offset gives a real instant.
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const offsetBefore = tz.offset(asUtc - DAY_MS);
  const offsetAfter = tz.offset(asUtc + DAY_MS);
  const valid: number[] = [];
  for (const offset of new Set([offsetBefore, offsetAfter])) {
    const instant = asUtc - offset * MINUTE_MS;
    if (tz.offset(instant) === offset) valid.push(instant);
  }
  if (valid.length > 0) return Math.min(...valid); // first occurrence when repeated
  // In the gap: read with the pre-gap offset, which lands after the transition.
  return asUtc - offsetBefore * MINUTE_MS;
}

/** The local calendar date of an instant in `zone`. */
export function localDateOf(instant: number, zone: string): LocalDate {
  const dt = DateTime.fromMillis(instant, { zone: ianaZone(zone) });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** ISO-8601 with the zone's offset at that instant, e.g. `2026-03-08T03:00:00-04:00`. */
export function localIso(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone: ianaZone(zone) }).toISO({ suppressMilliseconds: true }) ?? '';
}

/** Calendar arithmetic on plain dates (no zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const js = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return js === 0 ? 7 : js;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** `HH:MM` (24-hour) → minutes since midnight. */
export function parseHhMm(text: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}
