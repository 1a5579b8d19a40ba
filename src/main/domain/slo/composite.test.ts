import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { burnRates, dailyAttainment, evaluateEventRatioSlo } from './maths';
import { dayStarts } from '../time/window';
import { HOUR_MS } from '@shared/lib/timeUnits';
import { compositeBuckets, dailyFromDayStarts } from './composite';
import type { SliBucket } from './maths';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 20, 15, 17); // not on an hour: edges fall inside hours

/** Minute buckets over [from, to) with pseudo-random traffic from `seed`. */
function minutes(from: number, to: number, seed: number): SliBucket[] {
  const out: SliBucket[] = [];
  let x = seed;
  for (let t = from; t < to; t += MIN) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const total = 50 + (x % 100);
    out.push({ t, total, good: total - (x % 7 === 0 ? x % 5 : 0), widthMs: MIN });
  }
  return out;
}

function hours(buckets: SliBucket[]): SliBucket[] {
  const out: SliBucket[] = [];
  for (const b of buckets) {
    const h = Math.floor(b.t / HOUR_MS) * HOUR_MS;
    const last = out[out.length - 1];
    if (last && last.t === h) {
      last.good += b.good;
      last.total += b.total;
      last.widthMs += b.widthMs;
    } else out.push({ t: h, good: b.good, total: b.total, widthMs: b.widthMs });
  }
  return out;
}

describe('composite buckets: minute precision only at window edges', () => {
  const start = NOW - 30 * 24 * HOUR_MS;
  const all = minutes(start, NOW, 7);
  const firstHour = Math.ceil(start / HOUR_MS) * HOUR_MS;
  const fineFrom = Math.floor((NOW - 3 * 24 * HOUR_MS) / HOUR_MS) * HOUR_MS;
  const edges = [start, ...[5, 30, 60, 360, 1440, 4320].map((m) => NOW - m * MIN), ...dayStarts(start, NOW, 'Asia/Kolkata')];
  const composite = compositeBuckets({
    head: all.filter((b) => b.t < firstHour),
    hourly: hours(all.filter((b) => b.t >= firstHour && b.t < fineFrom)),
    fine: all.filter((b) => b.t >= fineFrom),
    expandOld: (h) => all.filter((b) => b.t >= h && b.t < h + HOUR_MS),
    edgesMs: edges,
    keepMinutesFromMs: Math.floor((NOW - 365 * MIN) / HOUR_MS) * HOUR_MS,
  });

  it('is far smaller than the minute list', () => {
    expect(all.length).toBe(43_200);
    expect(composite.length).toBeLessThan(all.length / 10);
  });

  it('gives the domain exactly the same SLO, burn rates and days as every minute would', () => {
    const full = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: 30 * 24 * HOUR_MS, buckets: all, now: NOW });
    const small = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: 30 * 24 * HOUR_MS, buckets: composite, now: NOW });
    expect(small.total).toBe(full.total);
    expect(small.bad).toBe(full.bad);
    expect(small.coveredMs).toBe(full.coveredMs);
    expect(small.budget).toEqual(full.budget);
    expect(small.alert?.rules.map((r) => [r.long.burnRate, r.short.burnRate])).toEqual(full.alert?.rules.map((r) => [r.long.burnRate, r.short.burnRate]));
    expect(burnRates(composite, NOW, 99.9)).toEqual(burnRates(all, NOW, 99.9));
    // Kolkata is UTC+5:30: its midnights fall inside UTC hours, and are expanded.
    expect(dailyAttainment(composite, start, NOW, 'Asia/Kolkata')).toEqual(dailyAttainment(all, start, NOW, 'Asia/Kolkata'));
  });
});

describe('dailyFromDayStarts', () => {
  it('equals the domain’s dailyAttainment for any buckets and zone', () => {
    const zones = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ offsetMin: fc.integer({ min: 0, max: 10 * 1440 }), total: fc.integer({ min: 0, max: 1000 }), badShare: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 200 }),
        fc.constantFrom(...zones),
        (raw, zone) => {
          const from = Date.UTC(2026, 2, 5, 7, 13);
          const to = from + 10 * 1440 * MIN;
          const seen = new Set<number>();
          const buckets = raw
            .map((r) => ({ t: from + r.offsetMin * MIN, total: r.total, good: Math.round(r.total * (1 - r.badShare)), widthMs: MIN }))
            .filter((b) => (seen.has(b.t) ? false : (seen.add(b.t), true)))
            .sort((a, b) => a.t - b.t);
          const expected = dailyAttainment(buckets, from, to, zone).map((d) => ({ day: d.day, attainmentPct: d.attainmentPct }));
          expect(dailyFromDayStarts(buckets, dayStarts(from, to, zone), to)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
