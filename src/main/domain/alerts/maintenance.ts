// Maintenance windows: recurring (monthly nth weekday, weekly) and one-off, defined in local
// wall-clock time of an IANA zone and turned into UTC instants.
//
// Rules, precisely:
// - `monthly`: on the nth (1–4, default 1 = first) or last given weekday of each month,
//   from `start` to `end` local time. The seeds' "monthly, Sunday 02:00–04:00 EST" is
//   `monthly first Sunday 02:00-04:00 America/New_York`.
// - `weekly`: on each listed weekday, from `start` to `end` local time.
// - `once`: from `start` to `end`, each a local `YYYY-MM-DDTHH:MM` or an epoch-ms instant.
// - An `end` at or before `start` (recurring rules, or `once` written as one day) means the
//   window ends the next day: `23:00-01:00` runs over midnight. `start` = `end` is refused.
// - Local times resolve as in alertTime.ts (RFC 5545): on spring-forward day a start inside
//   the missing hour moves forward by the gap (2026-03-08 02:00-04:00 New York becomes
//   03:00-04:00 EDT = 07:00Z-08:00Z, one hour long); a window lying wholly inside the gap
//   (02:00-03:00 that day) does not occur that day. On fall-back day a time in the repeated
//   hour means its first occurrence (2026-11-01 01:00-03:00 New York = 05:00Z-08:00Z, three
//   real hours); 02:00-04:00 that day is unambiguous: 07:00Z-09:00Z.
// - Windows are half-open: active on [startsAt, endsAt).
import { MaintenanceRule, ScheduledMaintenance } from '@shared/contract/alerts';
import { onceInstants, type Nth, type Weekday, WEEKDAYS, DEFAULT_MAINTENANCE_ZONE } from '@shared/lib/maintenanceText';
import { allMatch, type MatchTarget } from '@shared/lib/matchers';
import { addDays, compareLocalDates, daysInMonth, isoWeekday, localDateOf, localIso, parseHhMm, wallClockToInstant, type LocalDate } from '@shared/lib/wallClock';
import { DAY_MS } from '@shared/lib/timeUnits';

const ORDINAL_WORDS: Record<string, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', last: 'last' };

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The text form of a rule; `MaintenanceRule.parse(formatMaintenanceRule(r))` gives `r` back
 * (a `once` rule comes back with local date-times, the same instants unless one falls in the
 * second pass of a fall-back hour, which text reads as the first).
 */
export function formatMaintenanceRule(rule: MaintenanceRule): string {
  switch (rule.kind) {
    case 'monthly':
      return `monthly ${ORDINAL_WORDS[String(rule.nth)]} ${capitalise(rule.weekday)} ${rule.start}-${rule.end} ${rule.zone}`;
    case 'weekly':
      return `weekly ${rule.weekdays.map((d) => capitalise(d.slice(0, 3))).join(',')} ${rule.start}-${rule.end} ${rule.zone}`;
    case 'once': {
      const { startsAt, endsAt } = onceInstants(rule);
      const local = (t: number) => localIso(t, rule.zone).slice(0, 16);
      return `once ${local(startsAt)}/${local(endsAt)} ${rule.zone}`;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Windows

export interface MaintenanceWindow {
  /** Inclusive start, epoch ms UTC. */
  startsAt: number;
  /** Exclusive end, epoch ms UTC. */
  endsAt: number;
  /** The same instants in the rule's zone, ISO-8601 with offset, for display. */
  localStart: string;
  localEnd: string;
}

/** Recurring windows last under two days, so looking two days before `from` finds every overlap. */
const LOOKBACK_DAYS = 2;
const MAX_RANGE_MS = 20 * 366 * DAY_MS;

function makeWindow(startsAt: number, endsAt: number, zone: string): MaintenanceWindow {
  return { startsAt, endsAt, localStart: localIso(startsAt, zone), localEnd: localIso(endsAt, zone) };
}

/** The window a recurring rule opens on `date` (local), or null if it falls wholly in a DST gap. */
function windowOnDate(date: LocalDate, start: string, end: string, zone: string): MaintenanceWindow | null {
  const s = parseHhMm(start)!;
  const e = parseHhMm(end)!;
  const endDate = e.hour * 60 + e.minute <= s.hour * 60 + s.minute ? addDays(date, 1) : date;
  const startsAt = wallClockToInstant({ ...date, ...s }, zone);
  const endsAt = wallClockToInstant({ ...endDate, ...e }, zone);
  return endsAt > startsAt ? makeWindow(startsAt, endsAt, zone) : null;
}

/** The nth (or last) `weekday` of a month. */
export function nthWeekdayOfMonth(year: number, month: number, nth: Nth, weekday: Weekday): LocalDate {
  const target = WEEKDAYS.indexOf(weekday) + 1;
  if (nth === 'last') {
    const last = { year, month, day: daysInMonth(year, month) };
    return addDays(last, -((isoWeekday(last) - target + 7) % 7));
  }
  const first = { year, month, day: 1 };
  return addDays(first, ((target - isoWeekday(first) + 7) % 7) + (nth - 1) * 7);
}

function checkRange(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('from and to must be finite epoch milliseconds');
  if (to < from) throw new RangeError('to must not be before from');
  if (to - from > MAX_RANGE_MS) throw new RangeError('the range from..to may span at most 20 years');
}

/** Every window of `rule` overlapping [from, to), in start order. */
export function occurrencesBetween(rule: MaintenanceRule, from: number, to: number): MaintenanceWindow[] {
  checkRange(from, to);
  const overlaps = (w: MaintenanceWindow | null): w is MaintenanceWindow => w !== null && w.startsAt < to && w.endsAt > from;
  if (rule.kind === 'once') {
    const { startsAt, endsAt } = onceInstants(rule);
    const w = makeWindow(startsAt, endsAt, rule.zone);
    return overlaps(w) ? [w] : [];
  }
  const firstDate = addDays(localDateOf(from, rule.zone), -LOOKBACK_DAYS);
  const lastDate = localDateOf(to, rule.zone);
  const windows: MaintenanceWindow[] = [];
  if (rule.kind === 'monthly') {
    let { year, month } = firstDate;
    while (year < lastDate.year || (year === lastDate.year && month <= lastDate.month)) {
      const date = nthWeekdayOfMonth(year, month, rule.nth, rule.weekday);
      const w = windowOnDate(date, rule.start, rule.end, rule.zone);
      if (overlaps(w)) windows.push(w);
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
    return windows;
  }
  const days = new Set(rule.weekdays.map((d) => WEEKDAYS.indexOf(d) + 1));
  // Two days past the range: an overnight window ending in a DST gap (02:01 on a
  // spring-forward night is read with the earlier offset, RFC 5545) can reach past the next
  // day's start, so each window is clipped at its successor's start and the list stays disjoint.
  const all: MaintenanceWindow[] = [];
  for (let date = firstDate; compareLocalDates(date, addDays(lastDate, 2)) <= 0; date = addDays(date, 1)) {
    if (!days.has(isoWeekday(date))) continue;
    const w = windowOnDate(date, rule.start, rule.end, rule.zone);
    if (w) all.push(w);
  }
  for (const [i, w] of all.entries()) {
    const next = all[i + 1];
    const clipped = next && next.startsAt < w.endsAt ? makeWindow(w.startsAt, next.startsAt, rule.zone) : w;
    if (overlaps(clipped)) windows.push(clipped);
  }
  return windows;
}

/** The window in force at `now` (startsAt ≤ now < endsAt), or null. */
export function activeWindow(rule: MaintenanceRule, now: number): MaintenanceWindow | null {
  return occurrencesBetween(rule, now, now + 1).find((w) => w.startsAt <= now) ?? null;
}

/** The first window starting after `now`, looking up to 400 days ahead; null if none. */
export function nextWindow(rule: MaintenanceRule, now: number): MaintenanceWindow | null {
  const horizon = now + 400 * DAY_MS;
  for (let from = now; from < horizon; from += 40 * DAY_MS) {
    const next = occurrencesBetween(rule, from, Math.min(from + 40 * DAY_MS, horizon)).find((w) => w.startsAt > now);
    if (next) return next;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Scheduled maintenance: a rule plus which alerts it covers

/** The seeds' window: monthly, first Sunday 02:00–04:00 New York time, covering every alert. */
export const SEEDS_MAINTENANCE: ScheduledMaintenance = {
  id: 'monthly-maintenance',
  title: 'Monthly maintenance',
  rule: { kind: 'monthly', nth: 1, weekday: 'sunday', start: '02:00', end: '04:00', zone: DEFAULT_MAINTENANCE_ZONE },
  matchers: [],
};

export interface ActiveMaintenance {
  maintenance: ScheduledMaintenance;
  window: MaintenanceWindow;
}

/** Maintenance in force at `now` whose matchers cover the alert; the one ending last first. */
export function activeMaintenanceFor(plans: readonly ScheduledMaintenance[], alert: MatchTarget, now: number): ActiveMaintenance[] {
  const active: ActiveMaintenance[] = [];
  for (const maintenance of plans) {
    if (!allMatch(maintenance.matchers, alert)) continue;
    const window = activeWindow(maintenance.rule, now);
    if (window) active.push({ maintenance, window });
  }
  return active.sort((a, b) => b.window.endsAt - a.window.endsAt || (a.maintenance.id < b.maintenance.id ? -1 : 1));
}
