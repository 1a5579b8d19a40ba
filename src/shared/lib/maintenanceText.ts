// Maintenance rules as people type them, read into the object form the contract's schema
// validates (recurrence itself is computed in main/domain/alerts/maintenance.ts). Pure.
import { addDays, parseHhMm, parseLocalDateTime, wallClockToInstant } from './wallClock';

/** The seeds' platform runs its maintenance on New York time. */
export const DEFAULT_MAINTENANCE_ZONE = 'America/New_York';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which occurrence of the weekday in the month. */
export type Nth = 1 | 2 | 3 | 4 | 'last';

/** `sunday`, `Sunday` or `Sun` → 'sunday'; null when it is not a weekday. */
export function weekdayFromText(text: string): Weekday | null {
  const lower = text.toLowerCase();
  return WEEKDAYS.find((d) => d === lower || d.slice(0, 3) === lower) ?? null;
}

/** The instants of a one-off window; throws RangeError for a bad zone or date-time. */
export function onceInstants(rule: { start: number | string; end: number | string; zone: string }): { startsAt: number; endsAt: number } {
  const toInstant = (v: number | string): number => {
    if (typeof v === 'number') return v;
    const local = parseLocalDateTime(v);
    if (!local) throw new RangeError(`expected a local date-time YYYY-MM-DDTHH:MM, got ${JSON.stringify(v)}`);
    return wallClockToInstant(local, rule.zone);
  };
  return { startsAt: toInstant(rule.start), endsAt: toInstant(rule.end) };
}

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

function minutesOf(clock: string): number {
  const t = parseHhMm(clock);
  return t ? t.hour * 60 + t.minute : 0;
}

function nextIsoDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = addDays({ year: y, month: m, day: d }, 1);
  return `${String(next.year).padStart(4, '0')}-${String(next.month).padStart(2, '0')}-${String(next.day).padStart(2, '0')}`;
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

