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
import { z } from 'zod';
import { EpochMs, parseWith } from './alerts';
import { Matcher, allMatch, type MatchTarget } from './alertMatchers';
import {
  TimeZone,
  addDays,
  compareLocalDates,
  daysInMonth,
  isoWeekday,
  localDateOf,
  localIso,
  parseHhMm,
  wallClockToInstant,
  type LocalDate,
} from './alertTime';

/** The seeds' platform runs its maintenance on New York time. */
export const DEFAULT_MAINTENANCE_ZONE = 'America/New_York';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

function weekdayFromText(text: string): Weekday | null {
  const lower = text.toLowerCase();
  return WEEKDAYS.find((d) => d === lower || d.slice(0, 3) === lower) ?? null;
}

const WeekdaySchema = z.preprocess(
  (v) => (typeof v === 'string' ? (weekdayFromText(v) ?? v) : v),
  z.enum(WEEKDAYS, { message: `expected a weekday: ${WEEKDAYS.join(', ')}` }),
);

const Clock = z.string().refine((t) => /^\d{2}:\d{2}$/.test(t) && parseHhMm(t) !== null, {
  message: 'expected a 24-hour time HH:MM, e.g. 02:00',
});

export const Nth = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')], {
  message: 'expected 1, 2, 3, 4 or "last"',
});
export type Nth = z.infer<typeof Nth>;

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function parseLocalDateTime(text: string) {
  const m = LOCAL_DATETIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59) return null;
  return { year, month, day, hour, minute };
}

const LocalOrInstant = z.union([
  EpochMs,
  z.string().refine((t) => parseLocalDateTime(t) !== null, { message: 'expected a local date-time YYYY-MM-DDTHH:MM or epoch milliseconds' }),
]);

function checkClockPair(rule: { start: string; end: string }, ctx: z.RefinementCtx): void {
  if (rule.start === rule.end) ctx.addIssue({ code: 'custom', message: 'end must differ from start', path: ['end'] });
}

export const MonthlyRule = z
  .object({
    kind: z.literal('monthly'),
    nth: Nth.default(1),
    weekday: WeekdaySchema,
    start: Clock,
    end: Clock,
    zone: TimeZone.default(DEFAULT_MAINTENANCE_ZONE),
  })
  .strict()
  .superRefine(checkClockPair);

export const WeeklyRule = z
  .object({
    kind: z.literal('weekly'),
    weekdays: z.array(WeekdaySchema).min(1, 'list at least one weekday'),
    start: Clock,
    end: Clock,
    zone: TimeZone.default(DEFAULT_MAINTENANCE_ZONE),
  })
  .strict()
  .superRefine(checkClockPair);

export const OnceRule = z
  .object({
    kind: z.literal('once'),
    start: LocalOrInstant,
    end: LocalOrInstant,
    zone: TimeZone.default(DEFAULT_MAINTENANCE_ZONE),
  })
  .strict()
  .superRefine((rule, ctx) => {
    let instants: { startsAt: number; endsAt: number };
    try {
      instants = onceInstants(rule);
    } catch {
      return; // a bad zone or date-time is already reported on its own field
    }
    if (instants.endsAt <= instants.startsAt) ctx.addIssue({ code: 'custom', message: 'end must be after start', path: ['end'] });
  });

/** A maintenance rule, as an object or as text (see `parseMaintenanceRuleText`). */
export const MaintenanceRule = z.preprocess(
  (input, ctx) => {
    if (typeof input !== 'string') return input;
    const parsed = parseMaintenanceRuleText(input);
    if ('error' in parsed) {
      ctx.issues.push({ code: 'custom', message: parsed.error, input });
      return input;
    }
    return parsed.rule;
  },
  z.discriminatedUnion('kind', [MonthlyRule, WeeklyRule, OnceRule], { message: 'kind must be monthly, weekly or once' }),
);
export type MaintenanceRule = z.output<typeof MaintenanceRule>;
export type MonthlyRule = z.output<typeof MonthlyRule>;
export type WeeklyRule = z.output<typeof WeeklyRule>;
export type OnceRule = z.output<typeof OnceRule>;

export function parseMaintenanceRule(input: unknown): MaintenanceRule {
  return parseWith(MaintenanceRule, input, 'maintenance rule');
}

// ---------------------------------------------------------------------------------------
// Text form
//
//   monthly [first|second|third|fourth|last|1st|2nd|3rd|4th] <weekday> HH:MM-HH:MM [zone]
//   weekly <weekday>[,<weekday>…] HH:MM-HH:MM [zone]
//   once YYYY-MM-DD HH:MM-HH:MM [zone]
//   once YYYY-MM-DDTHH:MM/YYYY-MM-DDTHH:MM [zone]
// Keywords and weekdays are case-insensitive; weekdays may be abbreviated (Sun); the zone
// defaults to America/New_York. "-", "–" or "to" separate the times.

const ORDINALS: Record<string, Nth> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 'last',
};
const ORDINAL_WORDS: Record<string, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', last: 'last' };

const TIME_RANGE = /^(\d{1,2}:\d{2})\s*(?:-|–|to)\s*(\d{1,2}:\d{2})(?:\s+(\S+))?$/i;

/** The object form read from text, or why the text could not be read. */
export type ParsedRuleText = { rule: Record<string, unknown> } | { error: string };

function padClock(text: string): string {
  return text.length === 4 ? `0${text}` : text;
}

function readTimeRange(rest: string, what: string): { start: string; end: string; zone?: string } | { error: string } {
  const m = TIME_RANGE.exec(rest.trim());
  if (!m) return { error: `${what}: expected a time range like 02:00-04:00 and an optional zone, got ${JSON.stringify(rest.trim())}` };
  const start = padClock(m[1]!);
  const end = padClock(m[2]!);
  for (const t of [start, end]) if (!parseHhMm(t)) return { error: `${what}: ${JSON.stringify(t)} is not a 24-hour time` };
  return m[3] ? { start, end, zone: m[3] } : { start, end };
}

/**
 * Parse the text form into the object form (not yet validated: zone names and the rest are
 * checked by the schema). Returns `{ error }` naming what was expected and what was found.
 */
export function parseMaintenanceRuleText(text: string): ParsedRuleText {
  const source = text.trim();
  const quoted = JSON.stringify(source);
  const [head = '', ...tail] = source.split(/\s+/);
  const kind = head.toLowerCase();
  if (kind === 'monthly') {
    let i = 0;
    let nth: Nth = 1;
    const maybeOrdinal = ORDINALS[(tail[i] ?? '').toLowerCase()];
    if (maybeOrdinal !== undefined) {
      nth = maybeOrdinal;
      i++;
    }
    const weekday = weekdayFromText(tail[i] ?? '');
    if (!weekday) {
      return { error: `cannot read ${quoted}: expected ${i === 0 ? 'an ordinal (first, second, third, fourth, last) or ' : ''}a weekday, got ${JSON.stringify(tail[i] ?? '')}` };
    }
    const range = readTimeRange(tail.slice(i + 1).join(' '), `cannot read ${quoted}`);
    if ('error' in range) return range;
    return { rule: { kind: 'monthly', nth, weekday, ...range } };
  }
  if (kind === 'weekly') {
    const firstTime = tail.findIndex((t) => /^\d/.test(t));
    const dayText = (firstTime < 0 ? tail : tail.slice(0, firstTime)).join('');
    const names = dayText.split(',').filter((d) => d.length > 0);
    if (names.length === 0) return { error: `cannot read ${quoted}: expected weekdays after "weekly", e.g. "weekly Sat,Sun 23:00-01:00"` };
    const weekdays: Weekday[] = [];
    for (const name of names) {
      const day = weekdayFromText(name);
      if (!day) return { error: `cannot read ${quoted}: ${JSON.stringify(name)} is not a weekday` };
      if (!weekdays.includes(day)) weekdays.push(day);
    }
    const range = readTimeRange(firstTime < 0 ? '' : tail.slice(firstTime).join(' '), `cannot read ${quoted}`);
    if ('error' in range) return range;
    return { rule: { kind: 'weekly', weekdays, ...range } };
  }
  if (kind === 'once') {
    const interval = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})\/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/.exec(tail[0] ?? '');
    if (interval) {
      if (tail.length > 2) return { error: `cannot read ${quoted}: unexpected text after the zone` };
      const base = { kind: 'once', start: interval[1], end: interval[2] };
      return { rule: tail[1] ? { ...base, zone: tail[1] } : base };
    }
    const date = tail[0] ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      return { error: `cannot read ${quoted}: expected a date YYYY-MM-DD (or YYYY-MM-DDTHH:MM/YYYY-MM-DDTHH:MM) after "once", got ${JSON.stringify(date)}` };
    }
    const range = readTimeRange(tail.slice(1).join(' '), `cannot read ${quoted}`);
    if ('error' in range) return range;
    const startMinutes = minutesOf(range.start);
    const endMinutes = minutesOf(range.end);
    const endDate = endMinutes <= startMinutes ? nextIsoDate(date) : date;
    const base = { kind: 'once', start: `${date}T${range.start}`, end: `${endDate}T${range.end}` };
    return { rule: range.zone ? { ...base, zone: range.zone } : base };
  }
  return { error: `cannot read ${quoted}: expected it to start with monthly, weekly or once, e.g. "monthly first Sunday 02:00-04:00 America/New_York"` };
}

function minutesOf(clock: string): number {
  const t = parseHhMm(clock);
  return t ? t.hour * 60 + t.minute : 0;
}

function nextIsoDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = addDays({ year: y, month: m, day: d }, 1);
  return `${String(next.year).padStart(4, '0')}-${String(next.month).padStart(2, '0')}-${String(next.day).padStart(2, '0')}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * The text form of a rule; `parseMaintenanceRule(formatMaintenanceRule(r))` gives `r` back
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

const DAY_MS = 86_400_000;
/** Recurring windows last under two days, so looking two days before `from` finds every overlap. */
const LOOKBACK_DAYS = 2;
const MAX_RANGE_MS = 20 * 366 * DAY_MS;

function onceInstants(rule: { start: number | string; end: number | string; zone: string }): { startsAt: number; endsAt: number } {
  const toInstant = (v: number | string): number => {
    if (typeof v === 'number') return v;
    const local = parseLocalDateTime(v);
    if (!local) throw new RangeError(`expected a local date-time YYYY-MM-DDTHH:MM, got ${JSON.stringify(v)}`);
    return wallClockToInstant(local, rule.zone);
  };
  return { startsAt: toInstant(rule.start), endsAt: toInstant(rule.end) };
}

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
  for (let date = firstDate; compareLocalDates(date, lastDate) <= 0; date = addDays(date, 1)) {
    if (!days.has(isoWeekday(date))) continue;
    const w = windowOnDate(date, rule.start, rule.end, rule.zone);
    if (overlaps(w)) windows.push(w);
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

export const ScheduledMaintenance = z
  .object({
    id: z.string().min(1),
    title: z.string().trim().min(1, 'title is required'),
    rule: MaintenanceRule,
    /** Which alerts the window suppresses; empty = all. E.g. `service="order"`, `severity!="P1"`. */
    matchers: z.array(Matcher).default([]),
  })
  .strict();
export type ScheduledMaintenance = z.output<typeof ScheduledMaintenance>;

export function parseScheduledMaintenance(input: unknown): ScheduledMaintenance {
  return parseWith(ScheduledMaintenance, input, 'scheduled maintenance');
}

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
