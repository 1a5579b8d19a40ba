// AWS Backup schedule expressions — `cron(min hour day-of-month month day-of-week year)` and
// `rate(value unit)` — evaluated in their time zone (ScheduleExpressionTimezone) with luxon,
// so a daily 05:00 America/New_York rule runs at 09:00 or 10:00 UTC and its DST days are 23
// or 25 hours long. Pure: no clock.
//
// Local times that do not exist (the spring-forward gap) run at the same minute after the
// shift (02:30 → 03:30); local times that happen twice (fall back) run once, at the first.
import { DateTime } from 'luxon';

export type Schedule =
  | { kind: 'rate'; everyMs: number; text: string }
  | { kind: 'cron'; text: string; minutes: Set<number>; hours: Set<number>; dom: DomSpec; months: Set<number>; dow: DowSpec; years: Set<number> | null };

type DomSpec = { any: true } | { any: false; days: Set<number>; last: boolean };
type DowSpec = { any: true } | { any: false; days: Set<number>; nth: { dow: number; n: number }[]; last: Set<number> };

export class ScheduleError extends Error {}

const MINUTE = 60_000;
const RATE_UNITS: Record<string, number> = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function numberIn(token: string, min: number, max: number, names: string[] | null, field: string): number {
  const named = names ? names.indexOf(token.toUpperCase()) : -1;
  // Named months are 1-based (JAN = 1), named days 1-based too (SUN = 1), as in AWS cron.
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(token)) throw new ScheduleError(`${field}: "${token}" is not a number${names ? ` or one of ${names.join(', ')}` : ''}`);
  const n = Number(token);
  if (n < min || n > max) throw new ScheduleError(`${field}: ${n} is outside ${min}–${max}`);
  return n;
}

function parseSet(text: string, min: number, max: number, field: string, names: string[] | null = null): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw new ScheduleError(`${field}: empty list item in "${text}"`);
    const [range, stepText] = part.split('/');
    if (range === undefined) throw new ScheduleError(`${field}: cannot read "${part}"`);
    const step = stepText === undefined ? 1 : numberIn(stepText, 1, max, null, field);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = numberIn(a ?? '', min, max, names, field);
      hi = numberIn(b ?? '', min, max, names, field);
      if (hi < lo) throw new ScheduleError(`${field}: range "${range}" runs backwards`);
    } else {
      lo = numberIn(range, min, max, names, field);
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function parseDom(text: string): DomSpec {
  if (text === '?' || text === '*') return { any: true };
  if (/W/i.test(text)) throw new ScheduleError('day-of-month: "W" (nearest weekday) is not supported by Opsdeck');
  const last = text.split(',').includes('L');
  const rest = text.split(',').filter((p) => p !== 'L');
  return { any: false, days: rest.length ? parseSet(rest.join(','), 1, 31, 'day-of-month') : new Set(), last };
}

function parseDow(text: string): DowSpec {
  if (text === '?' || text === '*') return { any: true };
  const nth: { dow: number; n: number }[] = [];
  const last = new Set<number>();
  const plain: string[] = [];
  for (const part of text.split(',')) {
    const hash = /^(\w+)#([1-5])$/.exec(part);
    const lastMatch = /^(\w+)L$/i.exec(part);
    if (hash) nth.push({ dow: numberIn(hash[1]!, 1, 7, DAYS, 'day-of-week'), n: Number(hash[2]) });
    else if (lastMatch) last.add(numberIn(lastMatch[1]!, 1, 7, DAYS, 'day-of-week'));
    else plain.push(part);
  }
  return { any: false, days: plain.length ? parseSet(plain.join(','), 1, 7, 'day-of-week', DAYS) : new Set(), nth, last };
}

/** Parses an AWS schedule expression; throws ScheduleError saying what it cannot read. */
export function parseSchedule(text: string): Schedule {
  const t = text.trim();
  const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/i.exec(t);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!.toLowerCase();
    const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
    const ms = RATE_UNITS[singular];
    if (!ms) throw new ScheduleError(`rate: unit "${rate[2]}" must be minute(s), hour(s) or day(s)`);
    if (value < 1) throw new ScheduleError('rate: the value must be at least 1');
    if (value === 1 && unit !== singular) throw new ScheduleError(`rate: write "rate(1 ${singular})" — a value of 1 takes the singular unit`);
    if (value > 1 && unit === singular) throw new ScheduleError(`rate: write "rate(${value} ${singular}s)" — a value above 1 takes the plural unit`);
    return { kind: 'rate', everyMs: value * ms, text: t };
  }
  const cron = /^cron\((.*)\)$/i.exec(t);
  if (!cron) throw new ScheduleError(`"${t.slice(0, 80)}" is neither cron(…) nor rate(…)`);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw new ScheduleError(`cron needs 6 fields (minutes hours day-of-month month day-of-week year); got ${fields.length}`);
  const [mi, h, dom, mo, dow, y] = fields as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) throw new ScheduleError('cron: exactly one of day-of-month and day-of-week must be "?"');
  return {
    kind: 'cron',
    text: t,
    minutes: parseSet(mi, 0, 59, 'minutes'),
    hours: parseSet(h, 0, 23, 'hours'),
    dom: parseDom(dom),
    months: parseSet(mo, 1, 12, 'month', MONTHS),
    dow: parseDow(dow),
    years: y === '*' ? null : parseSet(y, 1970, 2199, 'year'),
  };
}

/** Checks that a time-zone name is one luxon (the IANA database) knows. */
const zoneValidity = new Map<string, boolean>();
export function validZone(zone: string): boolean {
  let ok = zoneValidity.get(zone);
  if (ok === undefined) {
    ok = DateTime.fromMillis(0).setZone(zone).isValid;
    zoneValidity.set(zone, ok);
  }
  return ok;
}

function dayMatches(s: Extract<Schedule, { kind: 'cron' }>, d: DateTime): boolean {
  if (!s.months.has(d.month)) return false;
  if (s.years && !s.years.has(d.year)) return false;
  if (!s.dom.any) {
    const lastDay = d.daysInMonth ?? 31;
    return s.dom.days.has(d.day) || (s.dom.last && d.day === lastDay);
  }
  if (!s.dow.any) {
    const dow = (d.weekday % 7) + 1; // luxon: Mon = 1 … Sun = 7; AWS: Sun = 1 … Sat = 7
    if (s.dow.days.has(dow)) return true;
    if (s.dow.nth.some((x) => x.dow === dow && Math.ceil(d.day / 7) === x.n)) return true;
    if (s.dow.last.has(dow) && d.day + 7 > (d.daysInMonth ?? 31)) return true;
    return false;
  }
  return true;
}

/**
 * Scheduled run times in [fromMs, toMs), epoch ms, ascending. A rate schedule has no phase of
 * its own in AWS (it counts from the rule's creation); `anchorMs` gives it one.
 */
export function occurrences(s: Schedule, zone: string, fromMs: number, toMs: number, anchorMs = 0): number[] {
  if (toMs <= fromMs) return [];
  if (s.kind === 'rate') {
    const first = anchorMs + Math.ceil((fromMs - anchorMs) / s.everyMs) * s.everyMs;
    const out: number[] = [];
    for (let t = first; t < toMs; t += s.everyMs) out.push(t);
    return out;
  }
  const out = new Set<number>();
  let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
  const end = DateTime.fromMillis(toMs, { zone });
  const hours = [...s.hours].sort((a, b) => a - b);
  const minutes = [...s.minutes].sort((a, b) => a - b);
  for (let guard = 0; day <= end && guard < 4000; guard++, day = day.plus({ days: 1 }).startOf('day')) {
    if (!dayMatches(s, day)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const local = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
        // A wall time that happens twice resolves to its first instant; one that does not exist moves past the gap.
        let t = local.toMillis();
        const hourEarlier = DateTime.fromMillis(t - 3_600_000, { zone });
        if (hourEarlier.day === day.day && hourEarlier.hour === hour && hourEarlier.minute === minute) t -= 3_600_000;
        if (t >= fromMs && t < toMs) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The schedule's nominal interval: the most common gap between runs over 8 weeks from
 * `fromMs` (DST days make single gaps longer or shorter; they are not the rule's frequency).
 */
export function nominalIntervalMs(s: Schedule, zone: string, fromMs: number): number | null {
  if (s.kind === 'rate') return s.everyMs;
  // Every day alike: the gaps are plain arithmetic on the local times of one day.
  if (s.dom.any && s.dow.any && s.months.size === 12 && s.years === null) {
    const times = [...s.hours].flatMap((h) => [...s.minutes].map((m) => h * 60 + m)).sort((a, b) => a - b);
    const gaps = times.map((t, i) => (i + 1 < times.length ? times[i + 1]! : times[0]! + 1440) - t);
    return modeOf(gaps) * MINUTE;
  }
  const runs = occurrences(s, zone, fromMs, fromMs + 56 * 24 * 60 * MINUTE);
  if (runs.length < 2) return runs.length === 1 ? 56 * 24 * 60 * MINUTE : null;
  return modeOf(runs.slice(1).map((t, i) => t - runs[i]!));
}

/** The most common value; ties go to the larger (the less frequent reading of the rule). */
function modeOf(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [v, n] of counts) if (n > bestCount || (n === bestCount && v > best)) [best, bestCount] = [v, n];
  return best;
}
