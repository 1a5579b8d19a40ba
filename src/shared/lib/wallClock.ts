// Wall-clock time in IANA zones: the one zone rule, wall-clock ↔ instant conversion for
// maintenance windows and business hours, and plain-date calendar arithmetic.
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
// Pure: luxon only.
import { DateTime, IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './timeUnits';

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

// =======================================================================================
// The zone rule

/**
 * Fixed-offset abbreviations people type when they mean a DST-observing zone. The tz
 * database knows EST, MST and HST as fixed offsets, so luxon accepts them — and "02:00 EST"
 * in July would then silently be 03:00 New York time.
 */
const MISLEADING_ZONES = /^(E|C|M|P|AK|H)(S|D)T$/i;

const zoneChecks = new Map<string, string | null>();

/**
 * The one rule for a time-zone name, everywhere (maintenance windows, SLO calendar
 * windows, OpenSLO files): an IANA name as luxon/Intl accept it, except the US
 * abbreviations above, which are refused with the reason. Null when the zone is fine.
 */
export function zoneProblem(zone: string): string | null {
  // Memoised: luxon's isValidZone builds an Intl.DateTimeFormat per call, and a queue of
  // thousands of P4 alerts asks about the same zone for every next-business-day deadline.
  const known = zoneChecks.get(zone);
  if (known !== undefined) return known;
  let problem: string | null = null;
  if (MISLEADING_ZONES.test(zone)) {
    problem = `time zone ${JSON.stringify(zone)} is a fixed offset that ignores daylight saving; use an IANA name such as America/New_York`;
  } else if (!IANAZone.isValidZone(zone)) problem = `unknown time zone ${JSON.stringify(zone)}; use an IANA name such as America/New_York`;
  if (zoneChecks.size >= 1000) zoneChecks.clear();
  zoneChecks.set(zone, problem);
  return problem;
}

export function isValidZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zoneProblem(zone) === null;
}

/**
 * For call sites that word their own message for an unknown name (a config file's field):
 * null when the zone is fine, else whether it is unknown or a refused fixed-offset name.
 */
export function zoneRefusal(zone: string): 'unknown' | 'fixed-offset' | null {
  if (zoneProblem(zone) === null) return null;
  return MISLEADING_ZONES.test(zone) ? 'fixed-offset' : 'unknown';
}

/** A config-file message for a refused zone: the site's wording for an unknown one, the rule's reason otherwise. */
export function zoneMessage(zone: string, unknownMessage: string): string | null {
  const refusal = zoneRefusal(zone);
  if (refusal === null) return null;
  return refusal === 'unknown' ? unknownMessage : (zoneProblem(zone) as string);
}

/** The zone as luxon's IANAZone; throws RangeError (with the reason) for a zone the rule refuses. */
export function ianaZone(zone: string): IANAZone {
  const problem = zoneProblem(zone);
  if (problem) throw new RangeError(problem);
  return IANAZone.create(zone);
}

// =======================================================================================
// Wall clock ↔ instant

const instantMemo = new Map<string, number>();

/**
 * The UTC instant of a wall-clock time in `zone`, per RFC 5545: a repeated local time
 * (fall-back) means its first occurrence; a missing one (spring-forward gap) is read with
 * the offset before the gap, which moves it forward by the gap. Assumes at most one offset
 * change within a day either side, which holds for every real zone.
 */
export function wallClockToInstant(local: LocalDateTime, zone: string): number {
  // Memoised (a pure function of its input): thousands of P4 deadlines fall on the same
  // next-business-day 09:00, and each offset lookup costs an Intl formatting call.
  const memoKey = `${zone}|${local.year}-${local.month}-${local.day} ${local.hour}:${local.minute}`;
  const known = instantMemo.get(memoKey);
  if (known !== undefined) return known;
  const instant = resolveWallClock(local, zone);
  if (instantMemo.size >= 10_000) instantMemo.clear();
  instantMemo.set(memoKey, instant);
  return instant;
}

function resolveWallClock(local: LocalDateTime, zone: string): number {
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

// =======================================================================================
// Calendar arithmetic on plain dates (no zone involved)

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const js = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return js === 0 ? 7 : js;
}

export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** `HH:MM` (24-hour) → hour and minute. */
export function parseHhMm(text: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** `YYYY-MM-DDTHH:MM` → a local date-time, or null when it is not a real one. */
export function parseLocalDateTime(text: string): LocalDateTime | null {
  const m = LOCAL_DATETIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59) return null;
  return { year, month, day, hour, minute };
}
