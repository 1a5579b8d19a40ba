import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeZone } from '../contract/primitives';
import { addDays, isValidZone, isoWeekday, localDateOf, localIso, wallClockToInstant, zoneMessage, zoneProblem } from './wallClock';

const NY = 'America/New_York';
const iso = (ms: number) => new Date(ms).toISOString();

describe('wallClockToInstant (RFC 5545 rules)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('converts ordinary times with the offset in force', () => {
    expect(iso(wallClockToInstant({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, NY))).toBe('2026-01-15T14:00:00.000Z');
    expect(iso(wallClockToInstant({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, NY))).toBe('2026-07-15T13:00:00.000Z');
    expect(iso(wallClockToInstant({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, 'Asia/Kolkata'))).toBe('2026-07-15T03:30:00.000Z');
  });

  it('moves a non-existent time forward by the gap (2026-03-08 02:30 → 03:30 EDT)', () => {
    expect(iso(wallClockToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(wallClockToInstant({ year: 2026, month: 3, day: 8, hour: 3, minute: 0 }, NY))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('takes the first occurrence of a repeated time (2026-11-01 01:30 → EDT), whatever the real clock says', () => {
    // luxon's DateTime.fromObject guesses from the offset at the current real time, so it
    // answers differently in July and in December; ours must not.
    for (const today of ['2026-07-01T12:00:00Z', '2026-12-01T12:00:00Z']) {
      vi.useFakeTimers();
      vi.setSystemTime(new Date(today));
      expect(iso(wallClockToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY))).toBe('2026-11-01T05:30:00.000Z');
      vi.useRealTimers();
    }
  });

  it('handles a southern-hemisphere fall-back (Sydney, 2026-04-05 02:30 happens twice)', () => {
    // AEDT (UTC+11) → AEST (UTC+10) at 03:00 local; the first 02:30 is AEDT.
    expect(iso(wallClockToInstant({ year: 2026, month: 4, day: 5, hour: 2, minute: 30 }, 'Australia/Sydney'))).toBe('2026-04-04T15:30:00.000Z');
  });
});

describe('calendar helpers', () => {
  it('reads the local date of an instant', () => {
    // 00:30Z on 31 October is still 30 October (Friday) in New York.
    const date = localDateOf(Date.parse('2026-10-31T00:30:00Z'), NY);
    expect(date).toEqual({ year: 2026, month: 10, day: 30 });
    expect(isoWeekday(date)).toBe(5);
    expect(addDays(date, 2)).toEqual({ year: 2026, month: 11, day: 1 });
    expect(localIso(Date.parse('2026-11-01T06:30:00Z'), NY)).toBe('2026-11-01T01:30:00-05:00');
  });

  it('explains bad zones', () => {
    expect(zoneProblem('America/New_York')).toBeNull();
    expect(zoneProblem('UTC')).toBeNull();
    expect(zoneProblem('PST')).toMatch(/fixed offset/);
    expect(zoneProblem('Mars/Olympus')).toMatch(/unknown time zone "Mars\/Olympus"/);
    expect(() => wallClockToInstant({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('the one time-zone rule', () => {
  // IANA names as luxon/Intl accept them — minus the US abbreviations, which luxon also
  // accepts (EST, MST and HST are fixed offsets in the tz database) but which people type
  // meaning New York, Denver or Honolulu wall-clock time: "02:00 EST" in July would be 03:00
  // in New York. Maintenance rules, SLO calendar windows, OpenSLO files and the domain
  // (domain/time/window.test.ts) all ask here.
  const accepted = ['America/New_York', 'Europe/London', 'UTC', 'utc', 'Etc/GMT+5', 'EST5EDT', 'Asia/Kolkata'];
  const fixedOffset = ['EST', 'est', 'EDT', 'PST', 'CST', 'MST', 'HST', 'AKST'];
  const unknown = ['Mars/Olympus', 'America/New_Yrok', '', 'GMT+25'];

  it.each(accepted)('accepts %s everywhere', (zone) => {
    expect(zoneProblem(zone)).toBeNull();
    expect(isValidZone(zone)).toBe(true);
    expect(TimeZone.safeParse(zone).success).toBe(true);
  });

  it.each(fixedOffset)('refuses %s everywhere, saying it ignores daylight saving', (zone) => {
    expect(zoneProblem(zone)).toMatch(/fixed offset that ignores daylight saving/);
    expect(TimeZone.safeParse(zone).error?.issues[0]?.message).toMatch(/fixed offset/);
    expect(zoneMessage(zone, 'unknown zone')).toMatch(/fixed offset/);
  });

  it.each(unknown)('refuses the unknown name %j everywhere, in each place’s words', (zone) => {
    expect(zoneProblem(zone)).toMatch(/unknown time zone/);
    expect(TimeZone.safeParse(zone).success).toBe(false);
    expect(zoneMessage(zone, 'not a zone')).toBe('not a zone');
  });
});
