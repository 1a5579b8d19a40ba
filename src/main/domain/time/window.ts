// SLO windows: rolling (N days ending at `now`) and calendar (month, or ISO week starting
// Monday) in a stated IANA time zone. Pure: `now` is always passed in (epoch ms UTC).
import { DateTime } from 'luxon';
import { DAY_MS } from '@shared/lib/timeUnits';
import { zoneMessage } from '@shared/lib/wallClock';

/** Thrown for bad input to the domain maths; `field` names the offending input. */
export class DomainInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DomainInputError';
  }
}

export type CalendarUnit = 'month' | 'week';

/** How an SLO window is defined: rolling N days ending now, or the calendar period containing now. */
export type WindowSpec = { kind: 'rolling'; days: number } | { kind: 'calendar'; unit: CalendarUnit; zone: string };

/** A concrete window [start, end) in epoch ms, with a human label and whether it has ended. */
export interface WindowBounds {
  start: number;
  end: number;
  label: string;
  /** True once `end` ≤ now: nothing can change the window's figures any more. */
  complete: boolean;
}

/** Checks an epoch-ms instant (finite number) and returns it. */
export function requireEpochMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainInputError(field, `must be a finite epoch-milliseconds number, got ${String(value)}`);
  }
  return value;
}

/** Checks that `zone` is a valid IANA time-zone name (e.g. 'America/New_York', 'UTC'). */
export function requireZone(zone: unknown, field: string): string {
  const unknown = `must be an IANA time-zone name such as 'America/New_York', got ${JSON.stringify(zone)}`;
  if (typeof zone !== 'string') throw new DomainInputError(field, unknown);
  const problem = zoneMessage(zone, unknown);
  if (problem) throw new DomainInputError(field, problem);
  return zone;
}

function requirePositiveNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DomainInputError(field, `must be a positive number, got ${String(value)}`);
  }
  return value;
}

function requireSpec(spec: WindowSpec): WindowSpec {
  if (spec === null || typeof spec !== 'object') throw new DomainInputError('window', 'must be a window spec object');
  if (spec.kind === 'rolling') {
    requirePositiveNumber(spec.days, 'window.days');
    return spec;
  }
  if (spec.kind === 'calendar') {
    if (spec.unit !== 'month' && spec.unit !== 'week') {
      throw new DomainInputError('window.unit', `must be 'month' or 'week', got ${JSON.stringify(spec.unit)}`);
    }
    requireZone(spec.zone, 'window.zone');
    return spec;
  }
  throw new DomainInputError('window.kind', `must be 'rolling' or 'calendar', got ${JSON.stringify((spec as { kind?: unknown }).kind)}`);
}

function utcStamp(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat("yyyy-MM-dd HH:mm 'UTC'");
}

function calendarPeriod(unit: CalendarUnit, zone: string, containing: number, periodsBack: number, now: number): WindowBounds {
  // Calendar arithmetic in the zone keeps local midnight across DST changes, so a March
  // in America/New_York is 743 h long and a November 721 h.
  const current = DateTime.fromMillis(containing, { zone }).startOf(unit);
  const startDt = unit === 'month' ? current.minus({ months: periodsBack }) : current.minus({ weeks: periodsBack });
  const endDt = unit === 'month' ? startDt.plus({ months: 1 }) : startDt.plus({ weeks: 1 });
  const start = startDt.toMillis();
  const end = endDt.toMillis();
  const label =
    unit === 'month' ? startDt.setLocale('en-US').toFormat('LLLL yyyy') : `Week of ${startDt.toISODate() ?? utcStamp(start)}`;
  return { start, end, label, complete: end <= now };
}

/** The window `spec` describes at `now`: rolling = [now − days, now); calendar = the month/week containing now. */
export function windowBounds(spec: WindowSpec, now: number): WindowBounds {
  return recentWindows(spec, now, 1)[0] as WindowBounds;
}

/**
 * The last `count` windows, newest first, for a compliance table: the current one, then the
 * ones before it (rolling windows are back-to-back, each `days` long).
 */
export function recentWindows(spec: WindowSpec, now: number, count: number): WindowBounds[] {
  requireSpec(spec);
  requireEpochMs(now, 'now');
  if (!Number.isInteger(count) || count < 1) throw new DomainInputError('count', `must be a positive integer, got ${String(count)}`);
  const windows: WindowBounds[] = [];
  for (let back = 0; back < count; back++) {
    if (spec.kind === 'rolling') {
      const length = spec.days * DAY_MS;
      const end = now - back * length;
      const start = end - length;
      const label = back === 0 ? `Last ${spec.days} days` : `${spec.days} days to ${utcStamp(end)}`;
      windows.push({ start, end, label, complete: back > 0 });
    } else {
      windows.push(calendarPeriod(spec.unit, spec.zone, now, back, now));
    }
  }
  return windows;
}

/** Local midnights (epoch ms) of every day in `zone` that overlaps [start, end), oldest first. */
export function dayStarts(start: number, end: number, zone: string): number[] {
  requireEpochMs(start, 'windowStart');
  requireEpochMs(end, 'windowEnd');
  requireZone(zone, 'zone');
  if (end < start) throw new DomainInputError('windowEnd', `must not be before windowStart (${utcStamp(start)}), got ${utcStamp(end)}`);
  const days: number[] = [];
  if (end === start) return days;
  for (let day = DateTime.fromMillis(start, { zone }).startOf('day'); day.toMillis() < end; day = day.plus({ days: 1 })) {
    days.push(day.toMillis());
  }
  return days;
}
