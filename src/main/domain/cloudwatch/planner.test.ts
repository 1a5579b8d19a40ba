import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectedPoints,
  minimumCalls,
  planGetMetricData,
  PlanProgress,
  resolutionSegments,
  type PlanInput,
  type PlannedCall,
  type SeriesRequest,
} from './planner';

const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Midnight UTC, a multiple of every period. */
const T0 = Date.UTC(2025, 5, 1);

function uniform(count: number, from: number, to: number): SeriesRequest[] {
  return Array.from({ length: count }, (_, i) => ({ key: `series-${i}`, from, to }));
}

function floorTo(x: number, m: number): number {
  return x - (((x % m) + m) % m);
}

/**
 * Independent statement of the retention rule: the period a timestamp is fetched at.
 * A minute is 60 s data iff its 5-minute bucket starts < 15 days ago; otherwise 300 s data
 * iff its hour starts < 63 days ago; otherwise hourly data iff < 455 days old.
 */
function servedPeriod(t: number, now: number): number | null {
  if (floorTo(t, 5 * MIN) > now - 15 * DAY) return 60;
  if (floorTo(t, HOUR) > now - 63 * DAY) return 300;
  if (t > now - 455 * DAY) return 3_600;
  return null;
}

/** Every (timestamp, period) the request asks for, by enumeration: sorted by timestamp. */
function requestedPoints(s: SeriesRequest, now: number): [number, number][] {
  const out: [number, number][] = [];
  for (const period of [60, 300, 3_600]) {
    const p = period * SEC;
    for (let t = floorTo(s.from + p - 1, p); t < s.to; t += p) {
      if (t >= s.from && servedPeriod(t, now) === period) out.push([t, period]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Every (timestamp, period) the plan fetches per series, duplicates kept. */
function fetchedPoints(plan: readonly PlannedCall[]): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const call of plan) {
    for (const q of call.queries) {
      const list = out.get(q.seriesKey) ?? [];
      for (let t = call.startTime; t < call.endTime; t += q.period * SEC) list.push([t, q.period]);
      out.set(q.seriesKey, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a[0] - b[0]);
  return out;
}

function checkLimits(plan: readonly PlannedCall[], maxQueries: number, maxDatapoints: number): void {
  for (const call of plan) {
    const periodMs = call.period * SEC;
    expect(call.queries.length).toBeGreaterThan(0);
    expect(call.queries.length).toBeLessThanOrEqual(maxQueries);
    expect(call.expectedDatapoints).toBeLessThanOrEqual(maxDatapoints);
    expect(call.expectedDatapoints).toBe((call.queries.length * (call.endTime - call.startTime)) / periodMs);
    expect(call.endTime).toBeGreaterThan(call.startTime);
    expect(call.startTime % periodMs).toBe(0);
    expect(call.endTime % periodMs).toBe(0);
    const ids = call.queries.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(call.queries.map((q) => q.seriesKey)).size).toBe(ids.length);
    for (const q of call.queries) {
      expect(q.id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
      expect(q.period).toBe(call.period);
    }
  }
}

function checkNewestFirst(plan: readonly PlannedCall[]): void {
  for (let i = 1; i < plan.length; i++) {
    const prev = plan[i - 1]!;
    const cur = plan[i]!;
    expect(cur.endTime).toBeLessThanOrEqual(prev.endTime);
    if (cur.endTime === prev.endTime) expect(cur.startTime).toBeLessThanOrEqual(prev.startTime);
  }
}

describe('resolutionSegments', () => {
  it('splits 30 days into 15 d at 60 s and 15 d at 300 s when now is just before a boundary', () => {
    // now = T0 − 1 ms: the oldest 60 s timestamp still younger than 15 d is T0 − 15 d itself,
    // already a 5-minute boundary, so the tiers meet exactly 15 days back.
    const now = T0 - 1;
    expect(resolutionSegments(now - 30 * DAY, now, now)).toEqual([
      { period: 300, startTime: T0 - 30 * DAY, endTime: T0 - 15 * DAY, points: 4_320 },
      { period: 60, startTime: T0 - 15 * DAY, endTime: T0, points: 21_600 },
    ]);
  });

  it('cedes one 5-minute bucket to 300 s when the 15-day boundary is itself exactly 15 days old', () => {
    // now = T0: the minute at T0 − 15 d is exactly 15 d old, not < 15 d, so the first 60 s
    // minute is T0 − 15 d + 1 min; rounding up to the 300 s grid starts 60 s at T0 − 15 d + 5 min.
    expect(resolutionSegments(T0 - 30 * DAY, T0, T0)).toEqual([
      { period: 300, startTime: T0 - 30 * DAY, endTime: T0 - 15 * DAY + 5 * MIN, points: 4_321 },
      { period: 60, startTime: T0 - 15 * DAY + 5 * MIN, endTime: T0, points: 21_595 },
    ]);
  });

  it('uses all three tiers for 400 days, meeting on coarser-period boundaries', () => {
    // 300 s tier starts at the first hour after T0 − 63 d + 5 min: T0 − 63 d + 1 h.
    expect(resolutionSegments(T0 - 400 * DAY, T0, T0)).toEqual([
      { period: 3_600, startTime: T0 - 400 * DAY, endTime: T0 - 63 * DAY + HOUR, points: 337 * 24 + 1 },
      { period: 300, startTime: T0 - 63 * DAY + HOUR, endTime: T0 - 15 * DAY + 5 * MIN, points: 48 * 288 - 12 + 1 },
      { period: 60, startTime: T0 - 15 * DAY + 5 * MIN, endTime: T0, points: 21_595 },
    ]);
  });

  it('returns nothing older than 455 days', () => {
    expect(resolutionSegments(T0 - 500 * DAY, T0 - 460 * DAY, T0)).toEqual([]);
    // Hourly data starts at the first hour strictly younger than 455 d.
    expect(resolutionSegments(T0 - 500 * DAY, T0 - 400 * DAY, T0)).toEqual([
      { period: 3_600, startTime: T0 - 455 * DAY + HOUR, endTime: T0 - 400 * DAY, points: 55 * 24 - 1 },
    ]);
  });

  it('keeps exactly the aligned timestamps inside an unaligned range', () => {
    // Minutes from T0 − 3 d + 1 min up to T0 − 1 d + 1 min (< T0 − 1 d + 90 s): 2 days + 1.
    expect(resolutionSegments(T0 - 3 * DAY + 30 * SEC, T0 - DAY + 90 * SEC, T0)).toEqual([
      { period: 60, startTime: T0 - 3 * DAY + MIN, endTime: T0 - DAY + 2 * MIN, points: 2 * 1_440 + 1 },
    ]);
    expect(resolutionSegments(T0 - HOUR, T0 - HOUR, T0)).toEqual([]);
    expect(resolutionSegments(T0 + 1, T0 + 59 * SEC, T0)).toEqual([]);
  });

  it('applies the retention margin as if now were later', () => {
    // Effective now T0 + 10 min: first 60 s minute T0 − 15 d + 11 min, rounded up to + 15 min.
    const [, fine] = resolutionSegments(T0 - 30 * DAY, T0, T0, 10 * MIN);
    expect(fine).toEqual({ period: 60, startTime: T0 - 15 * DAY + 15 * MIN, endTime: T0, points: 21_600 - 15 });
  });

  it('rejects bad input naming the field', () => {
    expect(() => resolutionSegments(1.5, 2, 3)).toThrow(/from/);
    expect(() => resolutionSegments(1, 2, Number.NaN)).toThrow(/now/);
    expect(() => resolutionSegments(5, 2, 3)).toThrow(/from \(5\) must not be after to \(2\)/);
    expect(() => resolutionSegments(1, 2, 3, -1)).toThrow(/retentionMarginMs/);
  });
});

describe('expectedPoints', () => {
  it('counts multiples of the period in [from, to)', () => {
    expect(expectedPoints(0, HOUR, 60)).toBe(60);
    expect(expectedPoints(1, MIN, 60)).toBe(0);
    expect(expectedPoints(0, 1, 60)).toBe(1);
    expect(expectedPoints(-MIN, 0, 60)).toBe(1);
    expect(expectedPoints(T0 - DAY + 1, T0 + 1, 300)).toBe(288);
    expect(expectedPoints(10, 5, 60)).toBe(0);
  });

  it('rejects a bad period', () => {
    expect(() => expectedPoints(0, 1, 0)).toThrow(/period/);
    expect(() => expectedPoints(0, 1, 1.5)).toThrow(/period/);
  });
});

describe('planGetMetricData: hand-computed plans', () => {
  it('fetches one series over 30 days in one 60 s call and one 300 s call, newest first', () => {
    const now = T0 - 1;
    const plan = planGetMetricData({ now, series: [{ key: 'orders', from: now - 30 * DAY, to: now }] });
    expect(plan).toEqual([
      {
        startTime: T0 - 15 * DAY,
        endTime: T0,
        period: 60,
        queries: [{ id: 'q0', seriesKey: 'orders', period: 60 }],
        expectedDatapoints: 21_600,
      },
      {
        startTime: T0 - 30 * DAY,
        endTime: T0 - 15 * DAY,
        period: 300,
        queries: [{ id: 'q0', seriesKey: 'orders', period: 300 }],
        expectedDatapoints: 4_320,
      },
    ]);
  });

  it('packs 200 series × 30 days into the minimum of 52 calls', () => {
    const now = T0 - 1;
    const input: PlanInput = { now, series: uniform(200, now - 30 * DAY, now) };
    const plan = planGetMetricData(input);
    // 60 s: 200 × 504 = 100,800 per call; 21,600 / 504 → 42 full calls + one of 432 points.
    // 300 s: 4,320 / 504 → 8 full calls + one of 288 points.
    expect(minimumCalls(input)).toBe(43 + 9);
    expect(plan).toHaveLength(52);
    const fine = plan.filter((c) => c.period === 60);
    const coarse = plan.filter((c) => c.period === 300);
    expect(fine).toHaveLength(43);
    expect(coarse).toHaveLength(9);
    expect(plan.slice(0, 43)).toEqual(fine);
    expect(plan[0]).toMatchObject({ startTime: T0 - 504 * MIN, endTime: T0, expectedDatapoints: 100_800 });
    expect(plan[0]!.queries).toHaveLength(200);
    expect(fine[42]).toMatchObject({ startTime: T0 - 15 * DAY, endTime: T0 - 15 * DAY + 432 * MIN, expectedDatapoints: 86_400 });
    expect(coarse[0]).toMatchObject({ startTime: T0 - 15 * DAY - 504 * 5 * MIN, endTime: T0 - 15 * DAY });
    expect(coarse[8]).toMatchObject({ startTime: T0 - 30 * DAY, endTime: T0 - 29 * DAY, expectedDatapoints: 200 * 288 });
    checkLimits(plan, 500, 100_800);
  });

  it('packs 1,000 series × 30 days within 5 % of the minimum (215 + 43 = 258)', () => {
    const now = T0 - 1;
    const input: PlanInput = { now, series: uniform(1_000, now - 30 * DAY, now) };
    // 60 s: 21,600,000 / 100,800 = 214.3 → 215; 300 s: 4,320,000 / 100,800 = 42.9 → 43.
    expect(minimumCalls(input)).toBe(258);
    const plan = planGetMetricData(input);
    expect(plan.length).toBeLessThanOrEqual(Math.floor(1.05 * 258));
    expect(plan.length).toBeGreaterThanOrEqual(258);
    checkLimits(plan, 500, 100_800);
  });

  it('among plans with the fewest calls, prefers fewer groups so every present arrives early', () => {
    // 4 series × 10 points, ≤ 20 points per call: two pairs over the whole window or all four
    // in 5-point windows are both 2 calls; one group puts all four presents in the first call.
    const plan = planGetMetricData({ now: T0, series: uniform(4, T0 - 10 * MIN, T0), maxDatapointsPerCall: 20 });
    expect(plan.map((c) => [c.startTime, c.endTime, c.queries.map((q) => q.seriesKey), c.expectedDatapoints])).toEqual([
      [T0 - 5 * MIN, T0, ['series-0', 'series-1', 'series-2', 'series-3'], 20],
      [T0 - 10 * MIN, T0 - 5 * MIN, ['series-0', 'series-1', 'series-2', 'series-3'], 20],
    ]);
  });

  it('then prefers fewer queries', () => {
    // 5 series × 10 points, ≤ 4 queries and ≤ 24 points per call; at least 3 calls, 2 groups.
    // 4 + 1: 4 series get 6-point windows (2 calls, 8 queries) + 1 alone (1 call);
    // 3 + 2: 3 series get 8-point windows (2 calls, 6 queries) + 2 over all 10 points (1 call, 2).
    // Both are 3 calls in 2 groups; 3 + 2 asks for 8 metrics instead of 9.
    const plan = planGetMetricData({
      now: T0,
      series: uniform(5, T0 - 10 * MIN, T0),
      maxQueriesPerCall: 4,
      maxDatapointsPerCall: 24,
    });
    expect(plan.map((c) => [c.startTime, c.endTime, c.queries.map((q) => q.seriesKey), c.expectedDatapoints])).toEqual([
      [T0 - 8 * MIN, T0, ['series-0', 'series-1', 'series-2'], 24],
      [T0 - 10 * MIN, T0, ['series-3', 'series-4'], 20],
      [T0 - 10 * MIN, T0 - 8 * MIN, ['series-0', 'series-1', 'series-2'], 6],
    ]);
    expect(minimumCalls({ now: T0, series: uniform(5, T0 - 10 * MIN, T0), maxQueriesPerCall: 4, maxDatapointsPerCall: 24 })).toBe(3);
  });

  it('never fetches outside a series range: staggered watermarks get their own windows', () => {
    const input: PlanInput = {
      now: T0,
      series: [
        { key: 'a', from: T0 - 2 * HOUR, to: T0 },
        { key: 'b', from: T0 - HOUR, to: T0 },
      ],
    };
    const plan = planGetMetricData(input);
    expect(plan.map((c) => [c.startTime, c.endTime, c.queries.map((q) => q.seriesKey)])).toEqual([
      [T0 - HOUR, T0, ['b']],
      [T0 - 2 * HOUR, T0, ['a']],
    ]);
    // Two distinct starts need two windows.
    expect(minimumCalls(input)).toBe(2);
  });

  it('orders oldest first when asked', () => {
    const now = T0 - 1;
    const plan = planGetMetricData({ now, series: uniform(200, now - 30 * DAY, now), newestFirst: false });
    expect(plan[0]).toMatchObject({ period: 300, startTime: T0 - 30 * DAY });
    for (let i = 1; i < plan.length; i++) expect(plan[i]!.startTime).toBeGreaterThanOrEqual(plan[i - 1]!.startTime);
  });

  it('honours the retention margin', () => {
    const plan = planGetMetricData({ now: T0, series: [{ key: 'x', from: T0 - 30 * DAY, to: T0 }], retentionMarginMs: 10 * MIN });
    expect(plan[0]).toMatchObject({ period: 60, startTime: T0 - 15 * DAY + 15 * MIN });
  });

  it('plans nothing for empty or expired ranges', () => {
    expect(planGetMetricData({ now: T0, series: [] })).toEqual([]);
    expect(planGetMetricData({ now: T0, series: [{ key: 'old', from: T0 - 600 * DAY, to: T0 - 500 * DAY }] })).toEqual([]);
    expect(minimumCalls({ now: T0, series: [{ key: 'same', from: T0, to: T0 }] })).toBe(0);
  });

  it('rejects bad input naming the field', () => {
    const ok = { key: 'a', from: T0 - HOUR, to: T0 };
    expect(() => planGetMetricData({ now: T0, series: [ok, { ...ok }] })).toThrow(/series\[1\]\.key "a" appears twice/);
    expect(() => planGetMetricData({ now: T0, series: [ok, { key: 'b', from: T0, to: T0 - 1 }] })).toThrow(/series\[1\]\.from/);
    expect(() => planGetMetricData({ now: T0, series: [{ key: '', from: 0, to: 1 }] })).toThrow(/series\[0\]\.key/);
    expect(() => planGetMetricData({ now: T0, series: [{ key: 'a', from: 0.5, to: 1 }] })).toThrow(/series\[0\]\.from/);
    expect(() => planGetMetricData({ now: Number.NaN, series: [ok] })).toThrow(/now/);
    expect(() => planGetMetricData({ now: T0, series: [ok], maxQueriesPerCall: 501 })).toThrow(/maxQueriesPerCall/);
    expect(() => planGetMetricData({ now: T0, series: [ok], maxDatapointsPerCall: 0 })).toThrow(/maxDatapointsPerCall/);
    expect(() => planGetMetricData({ now: T0, series: [ok], retentionMarginMs: -5 })).toThrow(/retentionMarginMs/);
  });
});

describe('planGetMetricData: properties', () => {
  const nowArb = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) });
  // Range ends near the tier boundaries, so boundaries are crossed often.
  const rangeArb = fc.record({
    anchorDays: fc.constantFrom(0, 15, 63, 455),
    offset: fc.integer({ min: -2 * DAY, max: 2 * DAY }),
    span: fc.integer({ min: 0, max: 3 * DAY }),
  });
  const scenarioArb = fc.record({
    now: nowArb,
    ranges: fc.array(rangeArb, { minLength: 1, maxLength: 3 }),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
    maxQueriesPerCall: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    maxDatapointsPerCall: fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined }),
    retentionMarginMs: fc.option(fc.integer({ min: 0, max: HOUR }), { nil: undefined }),
  });

  function scenario(s: {
    now: number;
    ranges: { anchorDays: number; offset: number; span: number }[];
    picks: number[];
    maxQueriesPerCall: number | undefined;
    maxDatapointsPerCall: number | undefined;
    retentionMarginMs: number | undefined;
  }): PlanInput {
    // Several series share each range so blocks have more than one row.
    const series = s.picks.map((pick, i) => {
      const r = s.ranges[pick % s.ranges.length]!;
      const to = s.now - r.anchorDays * DAY + r.offset;
      return { key: `s${i}`, from: to - r.span, to };
    });
    const input: PlanInput = { now: s.now, series };
    if (s.maxQueriesPerCall !== undefined) input.maxQueriesPerCall = s.maxQueriesPerCall;
    if (s.maxDatapointsPerCall !== undefined) input.maxDatapointsPerCall = s.maxDatapointsPerCall;
    if (s.retentionMarginMs !== undefined) input.retentionMarginMs = s.retentionMarginMs;
    return input;
  }

  it('covers every requested (series, timestamp) exactly once at the served period, within the limits, newest first', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = scenario(s);
        const plan = planGetMetricData(input);
        const effectiveNow = input.now + (input.retentionMarginMs ?? 0);
        const fetched = fetchedPoints(plan);
        for (const series of input.series) {
          expect(fetched.get(series.key) ?? []).toEqual(requestedPoints(series, effectiveNow));
        }
        checkLimits(plan, input.maxQueriesPerCall ?? 500, input.maxDatapointsPerCall ?? 100_800);
        checkNewestFirst(plan);
        expect(plan.length).toBeGreaterThanOrEqual(minimumCalls(input));
      }),
      { numRuns: 150 },
    );
  });

  it('stays within 5 % of the minimum for uniform 30-day backfills of any size', () => {
    fc.assert(
      fc.property(nowArb, fc.integer({ min: 1, max: 1_500 }), (now, count) => {
        const input: PlanInput = { now, series: uniform(count, now - 30 * DAY, now) };
        const plan = planGetMetricData(input);
        const minimum = minimumCalls(input);
        expect(plan.length).toBeGreaterThanOrEqual(minimum);
        expect(plan.length).toBeLessThanOrEqual(1.05 * minimum);
      }),
      { numRuns: 40 },
    );
  });

  it('reports every watermark at `to` once all queries complete, in any order', () => {
    fc.assert(
      fc.property(scenarioArb, fc.infiniteStream(fc.boolean()), (s, coin) => {
        const input = scenario(s);
        const plan = planGetMetricData(input);
        const progress = new PlanProgress(input.series, plan);
        const order = plan.map((_, i) => i).sort(() => (coin.next().value ? 1 : -1));
        for (const i of order) progress.recordPage(i, plan[i]!.queries.map((q) => ({ Id: q.id, StatusCode: 'Complete' })));
        expect(progress.isComplete()).toBe(true);
        for (const series of input.series) {
          expect(progress.watermark(series.key)).toBe(series.to);
          expect(progress.coveredIntervals(series.key).length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('PlanProgress', () => {
  const now = T0 - 1;
  const series = [{ key: 'orders', from: now - 30 * DAY, to: now }];

  it('moves the watermark only once the oldest piece is in, and merges touching windows', () => {
    const plan = planGetMetricData({ now, series });
    const progress = new PlanProgress(series, plan);
    expect(progress.recordPage(0, [{ Id: 'q0', StatusCode: 'Complete' }])).toEqual(['orders']);
    expect(progress.watermark('orders')).toBe(now - 30 * DAY);
    expect(progress.coveredIntervals('orders')).toEqual([{ startTime: T0 - 15 * DAY, endTime: T0 }]);

    expect(progress.recordPage(1, [{ Id: 'q0', StatusCode: 'PartialData' }])).toEqual([]);
    expect(progress.isCallComplete(1)).toBe(false);
    expect(progress.recordPage(1, [{ Id: 'q0', StatusCode: 'InternalError' }])).toEqual([]);
    expect(progress.watermark('orders')).toBe(now - 30 * DAY);

    expect(progress.recordPage(1, [{ Id: 'q0', StatusCode: 'Complete' }])).toEqual(['orders']);
    expect(progress.isComplete()).toBe(true);
    expect(progress.watermark('orders')).toBe(now);
    expect(progress.coveredIntervals('orders')).toEqual([{ startTime: T0 - 30 * DAY, endTime: T0 }]);
  });

  it('advances the watermark to the end of the oldest completed piece', () => {
    const plan = planGetMetricData({ now, series });
    const progress = new PlanProgress(series, plan);
    progress.recordPage(1, [{ Id: 'q0', StatusCode: 'Complete' }]);
    expect(progress.watermark('orders')).toBe(T0 - 15 * DAY);
  });

  it('treats a range with nothing retained as covered', () => {
    const old = [{ key: 'old', from: T0 - 600 * DAY, to: T0 - 500 * DAY }];
    const progress = new PlanProgress(old, planGetMetricData({ now: T0, series: old }));
    expect(progress.watermark('old')).toBe(T0 - 500 * DAY);
    expect(progress.isComplete()).toBe(true);
  });

  it('rejects ids, calls and series that are not in the plan', () => {
    const plan = planGetMetricData({ now, series });
    const progress = new PlanProgress(series, plan);
    expect(() => progress.recordPage(0, [{ Id: 'q7', StatusCode: 'Complete' }])).toThrow(/q7/);
    expect(() => progress.recordPage(9, [])).toThrow(/callIndex 9/);
    expect(() => progress.watermark('nope')).toThrow(/nope/);
    expect(() => new PlanProgress([], plan)).toThrow(/unknown series "orders"/);
  });
});
