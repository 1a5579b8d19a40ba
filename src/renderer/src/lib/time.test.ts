import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, timeTicks } from './time';

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

describe('chart ticks on round times', () => {
  it('an odd 90-minute range gets ticks at :00, :15, :30, :45 — not at its odd start', () => {
    const from = Date.UTC(2026, 9, 26, 14, 9);
    const ticks = timeTicks(from, from + 90 * MINUTE_MS, 'utc');
    expect(ticks.map(iso)).toEqual(['2026-10-26T14:15', '2026-10-26T14:30', '2026-10-26T14:45', '2026-10-26T15:00', '2026-10-26T15:15', '2026-10-26T15:30']);
  });

  it('30 days: one tick a week at midnight, at most 8', () => {
    const from = Date.UTC(2026, 9, 2, 11, 8);
    const ticks = timeTicks(from, from + 30 * DAY_MS, 'utc');
    expect(ticks.length).toBeLessThanOrEqual(8);
    for (const t of ticks) expect(t % DAY_MS).toBe(0);
    expect(ticks[1]! - ticks[0]!).toBe(7 * DAY_MS);
  });

  it('24 hours: every 3 hours on the hour; an empty range has none', () => {
    const from = Date.UTC(2026, 9, 26, 17, 38) - DAY_MS;
    const ticks = timeTicks(from, from + DAY_MS, 'utc');
    expect(ticks.map((t) => t % (3 * HOUR_MS))).toEqual(ticks.map(() => 0));
    expect(timeTicks(from, from, 'utc')).toEqual([]);
  });
});
