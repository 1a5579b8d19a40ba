// Response-time targets from the seeds' alert severity levels, and the timer shown on each
// queue row.
//
// Targets: P1 5 minutes, P2 15 minutes, P3 1 hour, P4 "next business day", defined here as
// 09:00 local time (business zone, default America/New_York) on the first Monday–Friday
// date strictly after the local date the alert fired, skipping listed holidays. So a P4
// firing Friday 16:00 or Saturday 10:00 is due Monday 09:00, and one firing Monday 08:00
// is due Tuesday 09:00 (the seeds say next business day, not start of business).
import type { Severity } from '@shared/contract/alerts';
import { addDays, formatLocalDate, isoWeekday, localDateOf, wallClockToInstant } from '@shared/lib/wallClock';
import { MINUTE_MS } from '@shared/lib/timeUnits';


/** Fixed response targets; P4 depends on the calendar, see `responseDueAt`. */
export const RESPONSE_TARGET_MS = { P1: 5 * MINUTE_MS, P2: 15 * MINUTE_MS, P3: 60 * MINUTE_MS } as const satisfies Partial<Record<Severity, number>>;

export const DEFAULT_BUSINESS_ZONE = 'America/New_York';
export const BUSINESS_DAY_START = { hour: 9, minute: 0 } as const;

export const RESPONSE_TARGET_LABEL: Record<Severity, string> = {
  P1: '5 minutes',
  P2: '15 minutes',
  P3: '1 hour',
  P4: 'next business day, 09:00',
};

/**
 * 09:00 in `zone` on the first Monday–Friday date after the local date of `at` that is not
 * in `holidays` (local dates, `YYYY-MM-DD`).
 */
export function nextBusinessDayStart(at: number, zone: string = DEFAULT_BUSINESS_ZONE, holidays: readonly string[] = []): number {
  const skip = new Set(holidays);
  let date = addDays(localDateOf(at, zone), 1);
  for (let guard = 0; isoWeekday(date) >= 6 || skip.has(formatLocalDate(date)); guard++) {
    if (guard > 366) throw new RangeError('holidays: no business day within a year');
    date = addDays(date, 1);
  }
  return wallClockToInstant({ ...date, ...BUSINESS_DAY_START }, zone);
}

/** When an alert of `severity` that fired at `firedAt` must be acknowledged. */
export function responseDueAt(severity: Severity, firedAt: number, zone: string = DEFAULT_BUSINESS_ZONE, holidays: readonly string[] = []): number {
  return severity === 'P4' ? nextBusinessDayStart(firedAt, zone, holidays) : firedAt + RESPONSE_TARGET_MS[severity];
}

export type ResponseStatus = 'running' | 'overdue' | 'met' | 'missed';

export interface ResponseTimer {
  severity: Severity;
  firedAt: number;
  dueAt: number;
  /** dueAt − firedAt. */
  targetMs: number;
  acknowledgedAt: number | null;
  /** dueAt − now while unacknowledged (negative once overdue); dueAt − acknowledgedAt after, frozen. */
  remainingMs: number;
  /** Unacknowledged and past due. */
  overdue: boolean;
  /** running/overdue until acknowledged; then met (acknowledged at or before dueAt) or missed. */
  status: ResponseStatus;
}

export function responseTimer(
  severity: Severity,
  firedAt: number,
  acknowledgedAt: number | null,
  now: number,
  businessZone: string = DEFAULT_BUSINESS_ZONE,
  holidays: readonly string[] = [],
): ResponseTimer {
  const dueAt = responseDueAt(severity, firedAt, businessZone, holidays);
  const base = { severity, firedAt, dueAt, targetMs: dueAt - firedAt, acknowledgedAt };
  if (acknowledgedAt !== null) {
    const remainingMs = dueAt - acknowledgedAt;
    return { ...base, remainingMs, overdue: false, status: remainingMs >= 0 ? 'met' : 'missed' };
  }
  const remainingMs = dueAt - now;
  return { ...base, remainingMs, overdue: remainingMs < 0, status: remainingMs < 0 ? 'overdue' : 'running' };
}
