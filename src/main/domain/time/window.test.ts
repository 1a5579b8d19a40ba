import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '@shared/lib/timeUnits';
import { DomainInputError, dayStarts, recentWindows, requireZone, windowBounds } from './window';

const NY = 'America/New_York';

describe('windowBounds: rolling', () => {
  it('is the N days ending at now', () => {
    const now = Date.UTC(2024, 2, 15, 12, 34, 56);
    expect(windowBounds({ kind: 'rolling', days: 30 }, now)).toEqual({
      start: now - 30 * DAY_MS,
      end: now,
      label: 'Last 30 days',
      complete: false,
    });
  });
});

describe('windowBounds: calendar month in America/New_York', () => {
  it('March 2024 starts at local midnight EST and ends at local midnight EDT (743 h, DST spring forward)', () => {
    const w = windowBounds({ kind: 'calendar', unit: 'month', zone: NY }, Date.UTC(2024, 2, 15, 12));
    expect(w.start).toBe(Date.UTC(2024, 2, 1, 5)); // 2024-03-01T00:00-05:00
    expect(w.end).toBe(Date.UTC(2024, 3, 1, 4)); // 2024-04-01T00:00-04:00
    expect(w.end - w.start).toBe(743 * HOUR_MS);
    expect(w.label).toBe('March 2024');
    expect(w.complete).toBe(false);
  });

  it('November 2024 is 721 h long: 30 days plus the repeated hour (DST fall back)', () => {
    const w = windowBounds({ kind: 'calendar', unit: 'month', zone: NY }, Date.UTC(2024, 10, 20));
    expect(w.start).toBe(Date.UTC(2024, 10, 1, 4)); // 2024-11-01T00:00-04:00
    expect(w.end).toBe(Date.UTC(2024, 11, 1, 5)); // 2024-12-01T00:00-05:00
    expect(w.end - w.start).toBe(721 * HOUR_MS);
  });

  it('uses the local date, not the UTC date, at the month boundary', () => {
    // 2024-04-01T03:59:59.999Z is still 31 March, 23:59:59.999 in New York.
    expect(windowBounds({ kind: 'calendar', unit: 'month', zone: NY }, Date.UTC(2024, 3, 1, 3, 59, 59, 999)).label).toBe(
      'March 2024',
    );
    const april = windowBounds({ kind: 'calendar', unit: 'month', zone: NY }, Date.UTC(2024, 3, 1, 4));
    expect(april.label).toBe('April 2024');
    expect(april.start).toBe(Date.UTC(2024, 3, 1, 4));
  });

  it('in UTC a month is plain calendar days', () => {
    const w = windowBounds({ kind: 'calendar', unit: 'month', zone: 'UTC' }, Date.UTC(2024, 1, 10));
    expect([w.start, w.end]).toEqual([Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1)]);
  });
});

describe('windowBounds: calendar week (Monday start)', () => {
  it('the week containing the DST Sunday runs Monday 4 March EST to Monday 11 March EDT (167 h)', () => {
    const sunday = Date.UTC(2024, 2, 10, 12); // Sunday 10 March 2024, 08:00 EDT
    const w = windowBounds({ kind: 'calendar', unit: 'week', zone: NY }, sunday);
    expect(w.start).toBe(Date.UTC(2024, 2, 4, 5));
    expect(w.end).toBe(Date.UTC(2024, 2, 11, 4));
    expect(w.end - w.start).toBe(167 * HOUR_MS);
    expect(w.label).toBe('Week of 2024-03-04');
  });

  it('a new week starts at Monday local midnight', () => {
    const w = windowBounds({ kind: 'calendar', unit: 'week', zone: NY }, Date.UTC(2024, 2, 11, 4));
    expect(w.start).toBe(Date.UTC(2024, 2, 11, 4));
    expect(w.label).toBe('Week of 2024-03-11');
  });
});

describe('recentWindows', () => {
  it('lists the current and previous calendar months, newest first', () => {
    const windows = recentWindows({ kind: 'calendar', unit: 'month', zone: NY }, Date.UTC(2024, 2, 15), 3);
    expect(windows).toEqual([
      { start: Date.UTC(2024, 2, 1, 5), end: Date.UTC(2024, 3, 1, 4), label: 'March 2024', complete: false },
      { start: Date.UTC(2024, 1, 1, 5), end: Date.UTC(2024, 2, 1, 5), label: 'February 2024', complete: true },
      { start: Date.UTC(2024, 0, 1, 5), end: Date.UTC(2024, 1, 1, 5), label: 'January 2024', complete: true },
    ]);
  });

  it('lists back-to-back rolling windows', () => {
    const now = Date.UTC(2024, 2, 15);
    const windows = recentWindows({ kind: 'rolling', days: 7 }, now, 2);
    expect(windows.map((w) => [w.start, w.end, w.complete])).toEqual([
      [now - 7 * DAY_MS, now, false],
      [now - 14 * DAY_MS, now - 7 * DAY_MS, true],
    ]);
    expect(windows[1]?.label).toBe('7 days to 2024-03-08 00:00 UTC');
  });
});

describe('dayStarts', () => {
  it('gives local midnights across a DST change', () => {
    expect(dayStarts(Date.UTC(2024, 2, 9, 12), Date.UTC(2024, 2, 11, 5), NY)).toEqual([
      Date.UTC(2024, 2, 9, 5),
      Date.UTC(2024, 2, 10, 5),
      Date.UTC(2024, 2, 11, 4),
    ]);
  });

  it('is empty for an empty range', () => {
    expect(dayStarts(Date.UTC(2024, 2, 9, 12), Date.UTC(2024, 2, 9, 12), 'UTC')).toEqual([]);
  });
});

describe('bad input', () => {
  it('names the offending field', () => {
    const now = Date.UTC(2024, 0, 1);
    expect(() => windowBounds({ kind: 'calendar', unit: 'month', zone: 'Mars/Olympus' }, now)).toThrow(/window\.zone/);
    expect(() => windowBounds({ kind: 'calendar', unit: 'year' as 'month', zone: 'UTC' }, now)).toThrow(/window\.unit/);
    expect(() => windowBounds({ kind: 'rolling', days: 0 }, now)).toThrow(/window\.days/);
    expect(() => windowBounds({ kind: 'rolling', days: 30 }, Number.NaN)).toThrow(/now/);
    expect(() => recentWindows({ kind: 'rolling', days: 30 }, now, 0)).toThrow(/count/);
    expect(() => dayStarts(now, now - 1, 'UTC')).toThrow(DomainInputError);
  });
});

describe('requireZone follows the one zone rule (shared/lib/wallClock.ts)', () => {
  it('accepts IANA names, refuses fixed-offset abbreviations with why, and unknown names in its words', () => {
    expect(requireZone('America/New_York', 'zone')).toBe('America/New_York');
    expect(requireZone('Etc/GMT+5', 'zone')).toBe('Etc/GMT+5');
    expect(() => requireZone('EST', 'calendar.zone')).toThrow(/^calendar\.zone: time zone "EST" is a fixed offset that ignores daylight saving/);
    expect(() => requireZone('Mars/Olympus', 'zone')).toThrow(/^zone: must be an IANA time-zone name such as 'America\/New_York', got "Mars\/Olympus"/);
    expect(() => requireZone(42, 'zone')).toThrow(DomainInputError);
  });
});
