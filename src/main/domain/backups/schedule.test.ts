import { describe, expect, it } from 'vitest';
import { nominalIntervalMs, occurrences, parseSchedule, ScheduleError } from './schedule';

const H = 3_600_000;
const iso = (ms: number[]): string[] => ms.map((t) => new Date(t).toISOString());

describe('schedule expressions', () => {
  it('runs cron(0 5 ? * * *) at 05:00 UTC every day', () => {
    const runs = occurrences(parseSchedule('cron(0 5 ? * * *)'), 'Etc/UTC', Date.UTC(2026, 9, 1), Date.UTC(2026, 9, 4));
    expect(iso(runs)).toEqual(['2026-10-01T05:00:00.000Z', '2026-10-02T05:00:00.000Z', '2026-10-03T05:00:00.000Z']);
  });

  it('follows New York across the November DST change: 09:00 UTC, then 10:00 UTC, a 25 h day', () => {
    const s = parseSchedule('cron(0 5 ? * * *)');
    const runs = occurrences(s, 'America/New_York', Date.UTC(2026, 9, 31), Date.UTC(2026, 10, 3));
    expect(iso(runs)).toEqual(['2026-10-31T09:00:00.000Z', '2026-11-01T10:00:00.000Z', '2026-11-02T10:00:00.000Z']);
    expect(runs[1]! - runs[0]!).toBe(25 * H);
    // The rule is still daily: the nominal interval ignores the DST day.
    expect(nominalIntervalMs(s, 'America/New_York', Date.UTC(2026, 9, 20))).toBe(24 * H);
  });

  it('runs a 02:30 New York job once on the March day 02:30 does not exist (at 03:30 EDT), a 23 h gap', () => {
    const runs = occurrences(parseSchedule('cron(30 2 ? * * *)'), 'America/New_York', Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 10));
    expect(iso(runs)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  it('runs a 01:30 New York job once on the November day 01:30 happens twice (the first one, EDT)', () => {
    const runs = occurrences(parseSchedule('cron(30 1 ? * * *)'), 'America/New_York', Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 2));
    expect(iso(runs)).toEqual(['2026-11-01T05:30:00.000Z']);
  });

  it('reads day-of-week names, n-th weekday and the last day of the month', () => {
    const firstMonday = occurrences(parseSchedule('cron(0 6 ? * MON#1 *)'), 'Etc/UTC', Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1));
    expect(iso(firstMonday)).toEqual(['2026-01-05T06:00:00.000Z', '2026-02-02T06:00:00.000Z', '2026-03-02T06:00:00.000Z']);
    const last = occurrences(parseSchedule('cron(0 0 L * ? *)'), 'Etc/UTC', Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1));
    expect(iso(last)).toEqual(['2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    const weekdays = occurrences(parseSchedule('cron(0 12 ? * MON-FRI *)'), 'Etc/UTC', Date.UTC(2026, 10, 27), Date.UTC(2026, 10, 30, 23));
    expect(iso(weekdays)).toEqual(['2026-11-27T12:00:00.000Z', '2026-11-30T12:00:00.000Z']); // Sat 28 and Sun 29 skipped
  });

  it('steps and lists: every 6 hours, and 05:00,17:00', () => {
    expect(nominalIntervalMs(parseSchedule('cron(0 0/6 * * ? *)'), 'Etc/UTC', 0)).toBe(6 * H);
    expect(occurrences(parseSchedule('cron(0 5,17 * * ? *)'), 'Etc/UTC', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2))).toHaveLength(2);
  });

  it('rate expressions: singular for 1, plural above', () => {
    expect(nominalIntervalMs(parseSchedule('rate(12 hours)'), 'Etc/UTC', 0)).toBe(12 * H);
    expect(parseSchedule('rate(1 day)')).toMatchObject({ kind: 'rate', everyMs: 24 * H });
    expect(() => parseSchedule('rate(1 days)')).toThrow(/rate\(1 day\)/);
    expect(() => parseSchedule('rate(2 hour)')).toThrow(/plural/);
    expect(() => parseSchedule('rate(5 weeks)')).toThrow(/minute\(s\), hour\(s\) or day\(s\)/);
  });

  it('says what it cannot read', () => {
    expect(() => parseSchedule('cron(0 5 * * *)')).toThrow(/6 fields/);
    expect(() => parseSchedule('cron(0 25 ? * * *)')).toThrow(/hours: 25 is outside 0–23/);
    expect(() => parseSchedule('cron(0 5 * * * *)')).toThrow(/exactly one of day-of-month and day-of-week/);
    expect(() => parseSchedule('cron(0 5 15W * ? *)')).toThrow(ScheduleError);
    expect(() => parseSchedule('daily at five')).toThrow(/neither cron/);
  });
});
