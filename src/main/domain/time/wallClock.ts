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
import { DateTime } from 'luxon';
import { ianaZone, type LocalDate } from '../../../shared/contract/alerts';

// The zone check and the wall-clock reading also validate maintenance rules, so they live in
// the shared contract; re-exported here as the domain's time module.
export {
  TimeZone,
  addDays,
  daysInMonth,
  parseHhMm,
  wallClockToInstant,
  zoneProblem,
  type LocalDate,
  type LocalDateTime,
} from '../../../shared/contract/alerts';

/** The local calendar date of an instant in `zone`. */
export function localDateOf(instant: number, zone: string): LocalDate {
  const dt = DateTime.fromMillis(instant, { zone: ianaZone(zone) });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** ISO-8601 with the zone's offset at that instant, e.g. `2026-03-08T03:00:00-04:00`. */
export function localIso(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone: ianaZone(zone) }).toISO({ suppressMilliseconds: true }) ?? '';
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
