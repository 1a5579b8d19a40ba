import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SEEDS_MAINTENANCE,
  activeMaintenanceFor,
  activeWindow,
  formatMaintenanceRule,
  nextWindow,
  nthWeekdayOfMonth,
  occurrencesBetween,
} from './maintenance';
import { MaintenanceRule, ScheduledMaintenance } from '@shared/contract/alerts';
import { issuesOf } from './schemaIssues.testkit';
import { WEEKDAYS } from '@shared/lib/maintenanceText';

const at = (iso: string) => Date.parse(iso);
const NY = 'America/New_York';
const spans = (rule: MaintenanceRule, from: string, to: string) =>
  occurrencesBetween(rule, at(from), at(to)).map((w) => [new Date(w.startsAt).toISOString(), new Date(w.endsAt).toISOString()]);

const parseMaintenanceRule = (input: unknown): MaintenanceRule => MaintenanceRule.parse(input);
const parseScheduledMaintenance = (input: unknown): ScheduledMaintenance => ScheduledMaintenance.parse(input);

describe('the seeds window: monthly, first Sunday 02:00–04:00 America/New_York', () => {
  const rule = parseMaintenanceRule('monthly first Sunday 02:00-04:00 America/New_York');

  it('parses the text form into the object form', () => {
    expect(rule).toEqual({ kind: 'monthly', nth: 1, weekday: 'sunday', start: '02:00', end: '04:00', zone: NY });
    expect(rule).toEqual(SEEDS_MAINTENANCE.rule);
  });

  it('gives every 2026 window at the right UTC instant, EST (UTC−5) and EDT (UTC−4) alike', () => {
    // First Sundays of 2026; DST runs 2026-03-08 → 2026-11-01, and 2026-11-01 is itself a first Sunday.
    expect(spans(rule, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      ['2026-01-04T07:00:00.000Z', '2026-01-04T09:00:00.000Z'],
      ['2026-02-01T07:00:00.000Z', '2026-02-01T09:00:00.000Z'],
      ['2026-03-01T07:00:00.000Z', '2026-03-01T09:00:00.000Z'],
      ['2026-04-05T06:00:00.000Z', '2026-04-05T08:00:00.000Z'],
      ['2026-05-03T06:00:00.000Z', '2026-05-03T08:00:00.000Z'],
      ['2026-06-07T06:00:00.000Z', '2026-06-07T08:00:00.000Z'],
      ['2026-07-05T06:00:00.000Z', '2026-07-05T08:00:00.000Z'],
      ['2026-08-02T06:00:00.000Z', '2026-08-02T08:00:00.000Z'],
      ['2026-09-06T06:00:00.000Z', '2026-09-06T08:00:00.000Z'],
      ['2026-10-04T06:00:00.000Z', '2026-10-04T08:00:00.000Z'],
      // Fall-back day: 02:00 exists once (EST, an hour after the clocks went back).
      ['2026-11-01T07:00:00.000Z', '2026-11-01T09:00:00.000Z'],
      ['2026-12-06T07:00:00.000Z', '2026-12-06T09:00:00.000Z'],
    ]);
  });

  it('keeps 02:00–04:00 local wall-clock on the fall-back day', () => {
    const [w] = occurrencesBetween(rule, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'));
    expect(w?.localStart).toBe('2026-11-01T02:00:00-05:00');
    expect(w?.localEnd).toBe('2026-11-01T04:00:00-05:00');
  });

  it('is active on [start, end) only', () => {
    expect(activeWindow(rule, at('2026-11-01T06:59:59.999Z'))).toBeNull(); // 01:59:59 EST
    expect(activeWindow(rule, at('2026-11-01T07:00:00Z'))?.startsAt).toBe(at('2026-11-01T07:00:00Z'));
    expect(activeWindow(rule, at('2026-11-01T08:59:59.999Z'))?.endsAt).toBe(at('2026-11-01T09:00:00Z'));
    expect(activeWindow(rule, at('2026-11-01T09:00:00Z'))).toBeNull();
    // A Sunday that is not the first one.
    expect(activeWindow(rule, at('2026-11-08T08:00:00Z'))).toBeNull();
  });

  it('finds the next window, for advance notice', () => {
    expect(nextWindow(rule, at('2026-10-04T07:00:00Z'))?.startsAt).toBe(at('2026-11-01T07:00:00Z'));
    expect(nextWindow(rule, at('2026-12-06T07:00:00Z'))?.startsAt).toBe(at('2027-01-03T07:00:00Z'));
  });
});

describe('spring-forward day, 2026-03-08 in New York (02:00 EST → 03:00 EDT)', () => {
  it('moves a start inside the missing hour forward: 02:00–04:00 becomes 03:00–04:00 EDT, one hour', () => {
    const rule = parseMaintenanceRule('monthly second Sunday 02:00-04:00 America/New_York');
    const [w, ...rest] = occurrencesBetween(rule, at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z'));
    expect(rest).toEqual([]);
    expect(w).toEqual({
      startsAt: at('2026-03-08T07:00:00Z'),
      endsAt: at('2026-03-08T08:00:00Z'),
      localStart: '2026-03-08T03:00:00-04:00',
      localEnd: '2026-03-08T04:00:00-04:00',
    });
    expect(activeWindow(rule, at('2026-03-08T06:59:00Z'))).toBeNull(); // 01:59 EST
    expect(activeWindow(rule, at('2026-03-08T07:00:00Z'))).not.toBeNull(); // 03:00 EDT
  });

  it('drops a window lying wholly inside the missing hour for that day only', () => {
    const rule = parseMaintenanceRule('weekly Sunday 02:00-03:00 America/New_York');
    expect(spans(rule, '2026-03-01T00:00:00Z', '2026-03-16T00:00:00Z')).toEqual([
      ['2026-03-01T07:00:00.000Z', '2026-03-01T08:00:00.000Z'],
      ['2026-03-15T06:00:00.000Z', '2026-03-15T07:00:00.000Z'],
    ]);
  });

  it('moves a one-off window start forward the same way', () => {
    const rule = parseMaintenanceRule('once 2026-03-08 02:30-05:00 America/New_York');
    expect(spans(rule, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')).toEqual([['2026-03-08T07:30:00.000Z', '2026-03-08T09:00:00.000Z']]);
  });
});

describe('fall-back day, 2026-11-01 in New York (01:00–02:00 happens twice)', () => {
  it('reads a time in the repeated hour as its first (EDT) occurrence: 01:00–03:00 lasts three real hours', () => {
    const rule = parseMaintenanceRule('weekly Sun 01:00-03:00 America/New_York');
    const [w] = occurrencesBetween(rule, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'));
    expect(w).toEqual({
      startsAt: at('2026-11-01T05:00:00Z'),
      endsAt: at('2026-11-01T08:00:00Z'),
      localStart: '2026-11-01T01:00:00-04:00',
      localEnd: '2026-11-01T03:00:00-05:00',
    });
    // 01:30 EST, the second 01:30, is still inside.
    expect(activeWindow(rule, at('2026-11-01T06:30:00Z'))?.startsAt).toBe(at('2026-11-01T05:00:00Z'));
  });

  it('ends a window at the first occurrence of an ambiguous end time', () => {
    const rule = parseMaintenanceRule('weekly Sun 00:30-01:30 America/New_York');
    expect(spans(rule, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toEqual([['2026-11-01T04:30:00.000Z', '2026-11-01T05:30:00.000Z']]);
  });
});

describe('other rules', () => {
  it('takes the last weekday of the month', () => {
    expect(nthWeekdayOfMonth(2026, 10, 'last', 'sunday')).toEqual({ year: 2026, month: 10, day: 25 });
    expect(nthWeekdayOfMonth(2026, 2, 'last', 'friday')).toEqual({ year: 2026, month: 2, day: 27 });
    expect(nthWeekdayOfMonth(2026, 2, 4, 'saturday')).toEqual({ year: 2026, month: 2, day: 28 });
    const rule = parseMaintenanceRule({ kind: 'monthly', nth: 'last', weekday: 'sunday', start: '02:00', end: '04:00' });
    expect(rule.zone).toBe(NY);
    expect(spans(rule, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')).toEqual([['2026-10-25T06:00:00.000Z', '2026-10-25T08:00:00.000Z']]);
  });

  it('runs a window over midnight when end ≤ start, and finds it from the next day', () => {
    const rule = parseMaintenanceRule('weekly Sat 23:00-01:00 Europe/London');
    expect(rule).toEqual({ kind: 'weekly', weekdays: ['saturday'], start: '23:00', end: '01:00', zone: 'Europe/London' });
    expect(spans(rule, '2026-01-10T00:00:00Z', '2026-01-17T00:00:00Z')).toEqual([['2026-01-10T23:00:00.000Z', '2026-01-11T01:00:00.000Z']]);
    expect(activeWindow(rule, at('2026-01-11T00:30:00Z'))?.startsAt).toBe(at('2026-01-10T23:00:00Z'));
  });

  it('reads several weekdays, abbreviated or not', () => {
    const rule = parseMaintenanceRule('Weekly saturday, SUN 22:00 to 23:30 UTC');
    expect(rule).toEqual({ kind: 'weekly', weekdays: ['saturday', 'sunday'], start: '22:00', end: '23:30', zone: 'UTC' });
    expect(spans(rule, '2026-01-09T00:00:00Z', '2026-01-12T00:00:00Z')).toEqual([
      ['2026-01-10T22:00:00.000Z', '2026-01-10T23:30:00.000Z'],
      ['2026-01-11T22:00:00.000Z', '2026-01-11T23:30:00.000Z'],
    ]);
  });

  it('supports one-off windows as text, as local date-times and as instants', () => {
    expect(spans(parseMaintenanceRule('once 2026-12-31 22:00-02:00 UTC'), '2026-12-01T00:00:00Z', '2027-02-01T00:00:00Z')).toEqual([
      ['2026-12-31T22:00:00.000Z', '2027-01-01T02:00:00.000Z'],
    ]);
    expect(spans(parseMaintenanceRule('once 2026-07-01T21:00/2026-07-02T03:00'), '2026-07-01T00:00:00Z', '2026-07-03T00:00:00Z')).toEqual([
      ['2026-07-02T01:00:00.000Z', '2026-07-02T07:00:00.000Z'],
    ]);
    const byInstant = parseMaintenanceRule({ kind: 'once', start: at('2026-05-05T10:00:00Z'), end: at('2026-05-05T11:00:00Z') });
    expect(activeWindow(byInstant, at('2026-05-05T10:59:59Z'))?.localStart).toBe('2026-05-05T06:00:00-04:00');
    expect(spans(byInstant, '2026-05-05T11:00:00Z', '2026-05-06T00:00:00Z')).toEqual([]);
  });

  it('formats rules back to text that parses to the same rule', () => {
    expect(formatMaintenanceRule(SEEDS_MAINTENANCE.rule)).toBe('monthly first Sunday 02:00-04:00 America/New_York');
    const once = parseMaintenanceRule('once 2026-03-08 02:30-05:00 America/New_York');
    expect(formatMaintenanceRule(once)).toBe('once 2026-03-08T03:30/2026-03-08T05:00 America/New_York');
  });

  it('refuses bad ranges', () => {
    expect(() => occurrencesBetween(SEEDS_MAINTENANCE.rule, 10, 5)).toThrow(/to must not be before from/);
  });
});

describe('parse errors name what was expected', () => {
  it.each([
    ['monthly frist Sunday 02:00-04:00', /expected an ordinal \(first, second, third, fourth, last\) or a weekday, got "frist"/],
    ['monthly first Sundy 02:00-04:00', /expected a weekday, got "Sundy"/],
    ['monthly first Sunday 2am-4am', /expected a time range like 02:00-04:00/],
    ['monthly first Sunday 25:00-04:00', /"25:00" is not a 24-hour time/],
    ['daily 02:00-04:00', /expected it to start with monthly, weekly or once/],
    ['weekly Funday 02:00-04:00', /"Funday" is not a weekday/],
    ['weekly 02:00-04:00', /expected weekdays after "weekly"/],
    ['once tomorrow 02:00-04:00', /expected a date YYYY-MM-DD/],
  ])('%s', (text, message) => {
    const issues = issuesOf(MaintenanceRule, (text));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message).toMatch(message);
  });

  it('rejects unknown zones and fixed-offset abbreviations on the zone field', () => {
    const typo = issuesOf(MaintenanceRule, ('monthly first Sunday 02:00-04:00 America/New_Yrok'));
    expect(typo).toEqual([{ path: 'zone', message: expect.stringMatching(/unknown time zone "America\/New_Yrok"/) }]);
    const est = issuesOf(MaintenanceRule, ('monthly first Sunday 02:00-04:00 EST'));
    expect(est[0]?.path).toBe('zone');
    expect(est[0]?.message).toMatch(/fixed offset that ignores daylight saving/);
  });

  it('names the field in the object form', () => {
    expect(issuesOf(MaintenanceRule, ({ kind: 'monthly', nth: 5, weekday: 'sunday', start: '02:00', end: '04:00' }))).toEqual([
      { path: 'nth', message: 'expected 1, 2, 3, 4 or "last"' },
    ]);
    expect(issuesOf(MaintenanceRule, ({ kind: 'weekly', weekdays: [], start: '2:00', end: '04:00' }))).toEqual([
      { path: 'weekdays', message: 'list at least one weekday' },
      { path: 'start', message: 'expected a 24-hour time HH:MM, e.g. 02:00' },
    ]);
    expect(issuesOf(MaintenanceRule, ('weekly Sun 02:00-02:00'))).toEqual([{ path: 'end', message: 'end must differ from start' }]);
    expect(issuesOf(MaintenanceRule, ({ kind: 'once', start: '2026-03-08T05:00', end: '2026-03-08T04:00' }))).toEqual([
      { path: 'end', message: 'end must be after start' },
    ]);
    expect(issuesOf(MaintenanceRule, ({ kind: 'once', start: '2026-02-30T05:00', end: '2026-03-08T04:00' }))[0]?.path).toBe('start');
    expect(issuesOf(MaintenanceRule, ({ kind: 'hourly' }))[0]?.message).toMatch(/kind must be monthly, weekly or once/);
  });

  it('prefixes nested paths in scheduled maintenance', () => {
    const issues = issuesOf(ScheduledMaintenance, ({ id: 'db', title: 'DB', rule: 'monthly first Sunday 02:00-04:00', matchers: ['service=~"("'] }),
    );
    expect(issues).toEqual([{ path: 'matchers[0].value', message: expect.stringMatching(/^invalid regular expression "\("/) }]);
    expect(issuesOf(ScheduledMaintenance, ({ id: 'db', title: 'DB', rule: 'fortnightly' }))[0]?.path).toBe('rule');
  });
});

describe('scheduled maintenance scope', () => {
  const db = parseScheduledMaintenance({ id: 'db', title: 'Database patching', rule: 'monthly first Sunday 02:00-04:00', matchers: ['namespace="AWS/RDS"'] });
  const everything = parseScheduledMaintenance({ id: 'all', title: 'Everything', rule: 'once 2026-11-01 01:30-02:30' });
  const rdsAlarm = { name: 'OrderDbCpuHigh', namespace: 'AWS/RDS', tags: {} };
  const eksAlarm = { name: 'OrderPodsRestarting', namespace: 'ContainerInsights', tags: {} };

  it('covers matching alerts only while a window is open, the one ending last first', () => {
    const during = at('2026-11-01T07:10:00Z'); // 02:10 EST: both windows open; 'all' ends 02:30 EST
    expect(activeMaintenanceFor([everything, db], rdsAlarm, during).map((m) => m.maintenance.id)).toEqual(['db', 'all']);
    expect(activeMaintenanceFor([everything, db], eksAlarm, during).map((m) => m.maintenance.id)).toEqual(['all']);
    expect(activeMaintenanceFor([everything, db], rdsAlarm, at('2026-11-01T09:00:00Z'))).toEqual([]);
  });
});

describe('properties', () => {
  const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const zone = fc.constantFrom('America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'America/St_Johns');
  const weekday = fc.constantFrom(...WEEKDAYS);
  const recurring: fc.Arbitrary<MaintenanceRule> = fc.oneof(
    fc.record({ kind: fc.constant('monthly' as const), nth: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 'last' as const), weekday, start: clock, end: clock, zone }),
    fc.record({ kind: fc.constant('weekly' as const), weekdays: fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }), start: clock, end: clock, zone }),
  ).filter((r) => r.start !== r.end);

  it('text form round-trips', () => {
    fc.assert(
      fc.property(recurring, (rule) => {
        const canonical = parseMaintenanceRule(rule);
        expect(parseMaintenanceRule(formatMaintenanceRule(canonical))).toEqual(canonical);
      }),
    );
  });

  it('an overnight window ending in the spring-forward gap stops where the next one starts (found by the property below)', () => {
    const rule = parseMaintenanceRule({ kind: 'weekly', weekdays: ['saturday', 'sunday', 'monday'], start: '03:00', end: '02:01', zone: 'America/New_York' });
    const windows = occurrencesBetween(rule, Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 10));
    for (const [i, w] of windows.entries()) {
      const next = windows[i + 1];
      if (next) expect(next.startsAt).toBeGreaterThanOrEqual(w.endsAt);
    }
    // Saturday 03:00 EST → Sunday 03:00 EDT (02:01 does not exist that night), then Sunday's own window.
    expect(windows.map((w) => new Date(w.startsAt).toISOString())).toContain('2026-03-08T07:00:00.000Z');
    expect(activeWindow(rule, Date.UTC(2026, 2, 8, 7, 0, 30))?.startsAt).toBe(Date.UTC(2026, 2, 8, 7, 0));
  });

  it('windows overlap the range, are ordered, disjoint, under 26 h, and activeWindow agrees', () => {
    const start2026 = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(recurring, fc.integer({ min: 0, max: 364 * 24 }), fc.integer({ min: 1, max: 40 * 24 }), fc.integer({ min: 0, max: 40 * 24 * 60 }), (rule, fromHour, lengthHours, probeMinute) => {
        const from = start2026 + fromHour * 3_600_000;
        const to = from + lengthHours * 3_600_000;
        const windows = occurrencesBetween(rule, from, to);
        for (const [i, w] of windows.entries()) {
          expect(w.startsAt < to && w.endsAt > from).toBe(true);
          expect(w.endsAt - w.startsAt).toBeGreaterThan(0);
          expect(w.endsAt - w.startsAt).toBeLessThanOrEqual(25 * 3_600_000);
          const next = windows[i + 1];
          if (next) expect(next.startsAt).toBeGreaterThanOrEqual(w.endsAt);
        }
        const probe = from + ((probeMinute * 60_000) % Math.max(1, to - from));
        const containing = windows.find((w) => w.startsAt <= probe && probe < w.endsAt) ?? null;
        expect(activeWindow(rule, probe)).toEqual(containing);
      }),
      { numRuns: 200 },
    );
  });
});
