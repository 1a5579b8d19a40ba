import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BURN_ALERT_RULES,
  type EventBucket,
  type ExplainStep,
  allowedErrorRatio,
  budgetSpent,
  burnRate,
  burnRateThreshold,
  burnRates,
  dailyAttainment,
  errorBudget,
  evaluateBurnAlerts,
  evaluateEventRatioSlo,
  explainPlain,
  formatBurnAgainst,
  formatDuration,
  formatNumber,
  timeToExhaustion,
} from './maths';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@shared/lib/timeUnits';

const NOW = Date.UTC(2024, 5, 15, 12, 0); // minute- and hour-aligned
const THIRTY_DAYS = 30 * DAY_MS;

/** `count` buckets of `widthMs` ending at `end`, oldest first; `bad(i)` for the i-th bucket before `end` (0 = newest). */
function series(end: number, count: number, widthMs: number, total: number, bad: (ageIndex: number) => number): EventBucket[] {
  const buckets: EventBucket[] = [];
  for (let age = count - 1; age >= 0; age--) {
    const b = bad(age);
    buckets.push({ t: end - (age + 1) * widthMs, good: total - b, total, widthMs });
  }
  return buckets;
}

/** Three days of one-minute buckets ending at NOW. */
function threeDaysOfMinutes(total: number, bad: (minutesAgo: number) => number): EventBucket[] {
  return series(NOW, 3 * 24 * 60, MINUTE_MS, total, bad);
}

/** One explain step with its cells as plain text (the figures in the main side's notation). */
function step(explain: ExplainStep[], label: string): { label: string; formula: string; substituted: string; result: string } {
  const found = explain.find((s) => s.label === label);
  if (found === undefined) throw new Error(`no explain step '${label}'`);
  return { ...found, substituted: explainPlain(found.substituted), result: explainPlain(found.result) };
}

function rawStep(explain: ExplainStep[], label: string): ExplainStep {
  const found = explain.find((s) => s.label === label);
  if (found === undefined) throw new Error(`no explain step '${label}'`);
  return found;
}

describe('errorBudget: the seeds’ downtime budgets per 30 days', () => {
  it.each([
    ['Order Service', 99.9, 43.2, '43.2 min'],
    ['Customer Service', 99.9, 43.2, '43.2 min'],
    ['Product Service', 99.95, 21.6, '21.6 min'],
    ['Payment Service', 99.99, 4.32, '4.32 min'],
    ['Search Service', 99.5, 216, '3.6 h'],
    ['Overall Platform', 99.9, 43.2, '43.2 min'],
  ])('%s at %s %% → %s min', (_service, targetPct, minutes, shown) => {
    const budget = errorBudget({ targetPct, windowMs: THIRTY_DAYS });
    expect(budget.budgetMinutes).toBeCloseTo(minutes, 9);
    expect(budget.budgetMs).toBeCloseTo(minutes * MINUTE_MS, 3);
    expect(step(budget.explain, 'Error budget').result).toBe(shown);
  });

  it('explains the formula with the numbers plugged in', () => {
    expect(step(errorBudget({ targetPct: 99.9, windowMs: THIRTY_DAYS }).explain, 'Error budget')).toEqual({
      label: 'Error budget',
      formula: '(1 − target) × window',
      substituted: '(1 − 0.999) × 30 d',
      result: '43.2 min',
    });
  });

  it('keeps the figures as figures, by kind, for the screen to format', () => {
    const explain = errorBudget({ targetPct: 99.99, windowMs: THIRTY_DAYS }).explain;
    expect(rawStep(explain, 'Error budget')).toEqual({
      label: 'Error budget',
      formula: '(1 − target) × window',
      substituted: ['(1 − ', { kind: 'number', value: 0.9999, significant: 8 }, ') × ', { kind: 'span', ms: THIRTY_DAYS }],
      result: [{ kind: 'budget', minutes: expect.closeTo(4.32, 9), scaleMinutes: expect.closeTo(4.32, 9) }],
    });
  });

  it('rounds away binary noise in 1 − target', () => {
    expect(allowedErrorRatio(99.9)).toBe(0.001);
    expect(allowedErrorRatio(99.99)).toBe(0.0001);
    expect(allowedErrorRatio(99.95)).toBe(0.0005);
  });

  it('rejects bad input naming the field', () => {
    expect(() => errorBudget({ targetPct: 100, windowMs: THIRTY_DAYS })).toThrow(/targetPct/);
    expect(() => errorBudget({ targetPct: 0, windowMs: THIRTY_DAYS })).toThrow(/targetPct/);
    expect(() => errorBudget({ targetPct: Number.NaN, windowMs: THIRTY_DAYS })).toThrow(/targetPct/);
    expect(() => errorBudget({ targetPct: 99.9, windowMs: 0 })).toThrow(/windowMs/);
  });
});

describe('burn rate and budget spent (SRE Workbook figures)', () => {
  it('burn rate = error ratio ÷ (1 − target)', () => {
    expect(burnRate(0.0144, 99.9)).toBeCloseTo(14.4, 9);
    expect(burnRate(0.001, 99.9)).toBeCloseTo(1, 12);
    expect(burnRate(0.05, 99.5)).toBeCloseTo(10, 12);
    expect(burnRate(0, 99.9)).toBe(0);
    expect(() => burnRate(1.5, 99.9)).toThrow(/badRatio/);
  });

  it('14.4× spends 2 % of a 30-day budget in 1 h; 6× spends 5 % in 6 h; 1× spends 10 % in 3 d', () => {
    expect(budgetSpent(14.4, HOUR_MS, THIRTY_DAYS)).toBeCloseTo(0.02, 12);
    expect(budgetSpent(6, 6 * HOUR_MS, THIRTY_DAYS)).toBeCloseTo(0.05, 12);
    expect(budgetSpent(1, 3 * DAY_MS, THIRTY_DAYS)).toBeCloseTo(0.1, 12);
  });

  it('derives the Workbook thresholds from the budget shares', () => {
    expect(DEFAULT_BURN_ALERT_RULES.map((r) => burnRateThreshold(r))).toEqual([14.4, 6, 1]);
    // A 28-day SLO period: 2 % of the budget in 1 h is 0.02 × 672 = 13.44×.
    expect(burnRateThreshold(DEFAULT_BURN_ALERT_RULES[0]!, 28 * DAY_MS)).toBe(13.44);
  });
});

describe('timeToExhaustion', () => {
  it('is remaining × window ÷ burn', () => {
    expect(timeToExhaustion(1, 1, THIRTY_DAYS)).toBe(THIRTY_DAYS);
    expect(timeToExhaustion(0.5, 2, THIRTY_DAYS)).toBe(7.5 * DAY_MS);
    // 42 of 43.2 min left, burning at 20×: 1.2 min of budget per hour → 35 h.
    expect(timeToExhaustion(42 / 43.2, 20, THIRTY_DAYS)!).toBeCloseTo(35 * HOUR_MS, 3);
  });

  it('is null when nothing burns and 0 when the budget is already spent', () => {
    expect(timeToExhaustion(0.5, 0, THIRTY_DAYS)).toBeNull();
    expect(timeToExhaustion(0.5, -1, THIRTY_DAYS)).toBeNull();
    expect(timeToExhaustion(-0.1, 3, THIRTY_DAYS)).toBe(0);
  });

  it('is null on a rolling window when burn ≤ 1: errors age out as fast as they come', () => {
    // Was 0.5 × 30 d ÷ 0.5 = 30 d, a date that never comes.
    expect(timeToExhaustion(0.5, 0.5, THIRTY_DAYS, { rolling: true })).toBeNull();
    expect(timeToExhaustion(0.5, 1, THIRTY_DAYS, { rolling: true })).toBeNull();
    // 0.5 × 30 d ÷ 2 = 7.5 d: above 1× it does run out.
    expect(timeToExhaustion(0.5, 2, THIRTY_DAYS, { rolling: true })).toBe(7.5 * DAY_MS);
    // A calendar window can still run out below 1× (the month ends first or not: the caller's call).
    expect(timeToExhaustion(0.5, 0.5, THIRTY_DAYS, { rolling: false })).toBe(THIRTY_DAYS);
  });

  describe('in an SLO evaluation (99.9 %, 30-day rolling window, 1000 events a minute)', () => {
    const evaluate = (bad: (minutesAgo: number) => number) =>
      evaluateEventRatioSlo({ targetPct: 99.9, windowMs: THIRTY_DAYS, now: NOW, buckets: threeDaysOfMinutes(1000, bad) });

    it('a steady 0.47× burn is "not at this rate"', () => {
      // 0.47 bad a minute on average: 47 bad every 100 minutes → burn 0.47×, budget barely touched.
      const result = evaluate((m) => (m % 100 === 0 ? 47 : 0));
      expect(result.timeToExhaustionMs).toBeNull();
      expect(step(result.explain, 'Time to exhaustion').result).toBe('not at this rate');
    });

    it('a burn going on now: remaining × window ÷ 1-hour burn', () => {
      // Last 60 minutes 20 bad of 1000 each: burn(1h) = 0.02 ÷ 0.001 = 20×.
      const result = evaluate((m) => (m < 60 ? 20 : 0));
      const remaining = result.budget.remainingRatio!;
      expect(remaining).toBeGreaterThan(0);
      expect(result.timeToExhaustionMs!).toBeCloseTo((remaining * THIRTY_DAYS) / 20, 0);
    });

    it('is not computed from the stale 1-hour burn once the burn has stopped', () => {
      // Same 20× burn, but it stopped 10 minutes ago: burn(1h) still reads 50/60 × 20 ≈ 16.7×,
      // burn(5m) is 0.
      const result = evaluate((m) => (m >= 10 && m < 60 ? 20 : 0));
      expect(result.timeToExhaustionMs).toBeNull();
      expect(step(result.explain, 'Time to exhaustion').substituted).toMatch(/burn has stopped/);
    });
  });
});

describe('burnRates', () => {
  // 1000 events a minute for 3 days; the last 5 minutes have 10 bad each (50 bad in all).
  const buckets = threeDaysOfMinutes(1000, (age) => (age < 5 ? 10 : 0));

  it('reports each trailing window', () => {
    const rates = burnRates(buckets, NOW, 99.9);
    expect(rates.map((r) => r.key)).toEqual(['5m', '30m', '1h', '6h', '1d', '3d']);
    expect(rates.map((r) => r.events)).toEqual([5000, 30_000, 60_000, 360_000, 1_440_000, 4_320_000]);
    expect(rates.map((r) => r.bad)).toEqual([50, 50, 50, 50, 50, 50]);
    const expected = [10, 50 / 30, 50 / 60, 50 / 360, 50 / 1440, 50 / 4320];
    rates.forEach((r, i) => expect(r.burnRate).toBeCloseTo(expected[i]!, 9));
  });

  it('gives null for windows below the traffic minimum', () => {
    const rates = burnRates(buckets, NOW, 99.9, { minEvents: 6000 });
    expect(rates[0]).toMatchObject({ key: '5m', events: 5000, burnRate: null, errorRatio: null, sufficient: false });
    expect(rates[0]!.reason).toContain('minimum 6,000');
    expect(rates[1]!.sufficient).toBe(true);
  });

  it('counts a bucket starting exactly at now − window, and not one starting at now', () => {
    const edge: EventBucket[] = [
      { t: NOW - 5 * MINUTE_MS, good: 900, total: 1000 },
      { t: NOW, good: 0, total: 1000 },
    ];
    const [fiveMinutes] = burnRates(edge, NOW, 99, { minEvents: 1, windowsMs: [5 * MINUTE_MS] });
    expect(fiveMinutes).toMatchObject({ events: 1000, bad: 100 });
    expect(fiveMinutes!.burnRate).toBeCloseTo(10, 9);
  });
});

describe('evaluateBurnAlerts: multiwindow, multi-burn-rate', () => {
  it('pages on a fast burn (1 h and 5 m both ≥ 14.4×)', () => {
    const alert = evaluateBurnAlerts({
      buckets: threeDaysOfMinutes(1000, (age) => (age < 60 ? 20 : 0)),
      now: NOW,
      targetPct: 99.9,
    });
    expect(alert.state).toBe('page');
    expect(alert.firing!.rule.name).toBe('fast burn');
    expect(alert.firing!.threshold).toBe(14.4);
    expect(alert.firing!.long).toMatchObject({ key: '1h', events: 60_000, bad: 1200 });
    expect(alert.firing!.long.burnRate).toBeCloseTo(20, 9);
    expect(alert.firing!.short.burnRate).toBeCloseTo(20, 9);
    expect(alert.rules[1]!.firing).toBe(false); // 6 h: 1200 / 360 000 → 3.33× < 6×
    expect(alert.rules[2]!.firing).toBe(false); // 3 d: 0.28× < 1×
    expect(explainPlain(alert.explain[0]!.result)).toMatch(/^firing/);
  });

  it('does not page when the long window is high but the short window has recovered', () => {
    // 2 % errors from 60 to 5 minutes ago, clean since.
    const alert = evaluateBurnAlerts({
      buckets: threeDaysOfMinutes(1000, (age) => (age >= 5 && age < 60 ? 20 : 0)),
      now: NOW,
      targetPct: 99.9,
    });
    expect(alert.state).toBe('none');
    expect(alert.firing).toBeNull();
    const fast = alert.rules[0]!;
    expect(fast.long.burnRate).toBeCloseTo(1100 / 60_000 / 0.001, 9); // 18.3× ≥ 14.4×
    expect(fast.short.burnRate).toBe(0);
    expect(fast.reason).toContain('recovered');
    // Burn rates in the sentence read as the UI writes them: 3 significant figures.
    expect(fast.reason).toBe('burn(1h) 18.3× ≥ 14.4× but burn(5m) 0× < 14.4×: recovered');
  });

  it('a burn rate in a sentence has 3 significant figures, more only where it would read as the threshold', () => {
    expect(formatBurnAgainst(158.597, 14.4)).toBe('159×');
    expect(formatBurnAgainst(0.058512, 1)).toBe('0.0585×');
    expect(formatBurnAgainst(1234.5, 14.4)).toBe('1,230×');
    expect(formatBurnAgainst(14.3987, 14.4)).toBe('14.3987×');
    expect(formatBurnAgainst(14.4, 14.4)).toBe('14.4×');
  });

  it('fires at exactly the threshold despite binary rounding, and not just below it', () => {
    const at = evaluateBurnAlerts({ buckets: threeDaysOfMinutes(10_000, (age) => (age < 60 ? 144 : 0)), now: NOW, targetPct: 99.9 });
    expect(at.state).toBe('page');
    const below = evaluateBurnAlerts({ buckets: threeDaysOfMinutes(10_000, (age) => (age < 60 ? 143 : 0)), now: NOW, targetPct: 99.9 });
    expect(below.state).toBe('none');
  });

  it('pages on a sustained burn (6 h and 30 m both ≥ 6×)', () => {
    const alert = evaluateBurnAlerts({
      buckets: threeDaysOfMinutes(1000, (age) => (age < 360 ? 6 : 0)),
      now: NOW,
      targetPct: 99.9,
    });
    expect(alert.state).toBe('page');
    expect(alert.firing!.rule.name).toBe('sustained burn');
    expect(alert.firing!.long.burnRate).toBeCloseTo(6, 9);
    expect(alert.rules[0]!.firing).toBe(false); // 6× < 14.4×
  });

  it('opens a ticket on a slow burn (3 d and 6 h both ≥ 1×)', () => {
    const alert = evaluateBurnAlerts({ buckets: threeDaysOfMinutes(10_000, () => 12), now: NOW, targetPct: 99.9 });
    expect(alert.state).toBe('ticket');
    expect(alert.firing!.rule.name).toBe('slow burn');
    expect(alert.firing!.long.burnRate).toBeCloseTo(1.2, 9);
  });

  it('reports the page when a page and a ticket both fire', () => {
    const alert = evaluateBurnAlerts({
      buckets: threeDaysOfMinutes(10_000, (age) => (age < 60 ? 200 : 12)),
      now: NOW,
      targetPct: 99.9,
    });
    expect(alert.state).toBe('page');
    expect(alert.firing!.rule.name).toBe('fast burn');
    expect(alert.rules[2]!.firing).toBe(true);
    expect(alert.rules[2]!.long.burnRate).toBeCloseTo(63_120 / 43_200_000 / 0.001, 9);
  });

  it('minimum-traffic guard: one failed request at 3 AM does not page', () => {
    // One request a minute; the one 3 minutes ago failed. Unguarded: 1 h → 16.7×, 5 m → 200×.
    const buckets = threeDaysOfMinutes(1, (age) => (age === 3 ? 1 : 0));
    const guarded = evaluateBurnAlerts({ buckets, now: NOW, targetPct: 99.9 });
    expect(guarded.state).toBe('none');
    expect(guarded.rules[0]!.reason).toContain('not enough traffic');
    expect(guarded.rules[0]!.long.burnRate).toBeNull();
    const unguarded = evaluateBurnAlerts({ buckets, now: NOW, targetPct: 99.9, minEvents: 1 });
    expect(unguarded.state).toBe('page');
  });

  it('rejects a malformed rule naming the field', () => {
    const rule = { ...DEFAULT_BURN_ALERT_RULES[0]!, budgetFraction: 0 };
    expect(() => evaluateBurnAlerts({ buckets: [], now: NOW, targetPct: 99.9, rules: [rule] })).toThrow(/rules\[0\]\.budgetFraction/);
  });
});

describe('evaluateEventRatioSlo', () => {
  it('reports attainment and budget over a fully covered 30-day window (half the budget spent)', () => {
    // 720 hourly buckets of 100 000 events with 50 bad: 36 000 bad of 72 M → 99.95 %.
    const result = evaluateEventRatioSlo({
      targetPct: 99.9,
      windowMs: THIRTY_DAYS,
      now: NOW,
      buckets: series(NOW, 720, HOUR_MS, 100_000, () => 50),
    });
    expect(result).toMatchObject({ status: 'OK', good: 71_964_000, bad: 36_000, total: 72_000_000, coverage: 1, dataAsOf: NOW });
    expect(result.attainmentPct).toBeCloseTo(99.95, 9);
    expect(result.budget.totalMinutes).toBeCloseTo(43.2, 9);
    expect(result.budget.consumedMinutes).toBeCloseTo(21.6, 9);
    expect(result.budget.remainingMinutes).toBeCloseTo(21.6, 9);
    expect(result.budget.consumedRatio).toBeCloseTo(0.5, 12);
    expect(result.budget.remainingRatio).toBeCloseTo(0.5, 12);
    expect(result.window).toMatchObject({ start: NOW - THIRTY_DAYS, end: NOW, lengthMs: THIRTY_DAYS, complete: false });
    // 1 h burn: 50 / 100 000 ÷ 0.001 = 0.5×: on a rolling window errors age out faster than they come.
    expect(result.timeToExhaustionMs).toBeNull();
    expect(step(result.explain, 'Time to exhaustion').result).toBe('not at this rate');
    expect(result.alert!.state).toBe('none');
    expect(step(result.explain, 'Error budget').substituted).toBe('(1 − 0.999) × 30 d');
    expect(step(result.explain, 'Budget consumed')).toMatchObject({
      substituted: '36,000 ÷ 72,000,000 × 30 d',
      result: '21.6 min',
    });
    // The attainment carries its target (the screen needs it for the precision); every budget
    // figure carries the budget, so they are all written in the budget's unit.
    expect(rawStep(result.explain, 'Attainment').result).toEqual([{ kind: 'attainment', value: 99.95, targetPct: 99.9 }]);
    const remaining = rawStep(result.explain, 'Budget remaining').substituted as { kind: string; scaleMinutes?: number }[];
    expect(remaining.filter((p) => typeof p !== 'string').map((p) => p.scaleMinutes)).toEqual([43.2, 43.2]);
    expect(step(result.explain, 'Budget remaining').result).toBe('21.6 min (50 % of budget)');
    expect(step(result.explain, 'Attainment').result).toBe('99.95 %');
    expect(step(result.explain, 'Status').result).toBe('OK');
  });

  describe('status transitions on budget consumed (1-day window, budget = 2 400 bad of 2.4 M)', () => {
    // 24 hourly buckets of 100 000 events; all bad events sit in the bucket 20 h ago.
    const evaluate = (bad: number) =>
      evaluateEventRatioSlo({
        targetPct: 99.9,
        windowMs: DAY_MS,
        now: NOW,
        buckets: series(NOW, 24, HOUR_MS, 100_000, (age) => (age === 19 ? bad : 0)),
      });
    it.each([
      [1200, 'OK', 0.5],
      [1800, 'OK', 0.75], // exactly 75 % is not "more than 75 %"
      [1801, 'WARNING', 1801 / 2400],
      [2400, 'WARNING', 1], // exactly on target: SLO met, budget used up
      [2401, 'BREACHED', 2401 / 2400],
    ] as const)('%i bad → %s', (bad, status, consumed) => {
      const result = evaluate(bad);
      expect(result.status).toBe(status);
      expect(result.budget.consumedRatio).toBeCloseTo(consumed, 12);
      expect(result.budget.consumedRatio! + result.budget.remainingRatio!).toBeCloseTo(1, 12);
    });

    it('the warning threshold is a parameter', () => {
      const result = evaluateEventRatioSlo({
        targetPct: 99.9,
        windowMs: DAY_MS,
        now: NOW,
        warnBudgetConsumed: 0.4,
        buckets: series(NOW, 24, HOUR_MS, 100_000, (age) => (age === 19 ? 1200 : 0)),
      });
      expect(result.status).toBe('WARNING');
    });
  });

  describe('WARNING from an active page alert while the budget is mostly intact', () => {
    // 718 hourly buckets (60 000 events, clean) then 120 minute buckets (1 000 events), the last 60 with 20 bad.
    const buckets = [
      ...series(NOW - 2 * HOUR_MS, 718, HOUR_MS, 60_000, () => 0),
      ...series(NOW, 120, MINUTE_MS, 1000, (age) => (age < 60 ? 20 : 0)),
    ];

    it('warns, with 1.2 of 43.2 min spent and 35 h to exhaustion at 20×', () => {
      const result = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: THIRTY_DAYS, now: NOW, buckets });
      expect(result.total).toBe(43_200_000);
      expect(result.bad).toBe(1200);
      expect(result.coverage).toBe(1);
      expect(result.budget.consumedMinutes).toBeCloseTo(1.2, 9);
      expect(result.budget.remainingMinutes).toBeCloseTo(42, 9);
      expect(result.alert!.state).toBe('page');
      expect(result.status).toBe('WARNING');
      expect(result.reason).toContain('fast burn');
      expect(result.timeToExhaustionMs!).toBeCloseTo(35 * HOUR_MS, 0);
      expect(step(result.explain, 'Time to exhaustion').result).toBe('35 h');
    });

    it('stays OK when alerts are not to raise the status', () => {
      const result = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: THIRTY_DAYS, now: NOW, buckets, warnOnAlert: 'none' });
      expect(result.status).toBe('OK');
    });
  });

  it('handles buckets of mixed widths, a gap, unsorted input, and buckets outside the window', () => {
    const buckets: EventBucket[] = [
      ...series(NOW, 20, MINUTE_MS, 1000, () => 2).map(({ t, good, total }) => ({ t, good, total })), // width from the default
      ...series(NOW - 30 * MINUTE_MS, 6, 5 * MINUTE_MS, 5000, () => 5),
      { t: NOW - 65 * MINUTE_MS, good: 0, total: 5000, widthMs: 5 * MINUTE_MS }, // before the window
      { t: NOW, good: 0, total: 1000 }, // starts at now: not yet part of the window
    ].reverse();
    const result = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: HOUR_MS, now: NOW, buckets, minCoverage: 0.8 });
    // 6 × 5 000 + 20 × 1 000 events; 30 + 40 bad; data for 50 of 60 minutes.
    expect(result).toMatchObject({ total: 50_000, bad: 70, good: 49_930, coveredMs: 50 * MINUTE_MS, elapsedMs: HOUR_MS });
    expect(result.coverage).toBeCloseTo(5 / 6, 12);
    expect(result.attainmentPct).toBeCloseTo(99.86, 9);
    // Budget: 0.001 × 60 min = 3.6 s. Consumed: 70 ÷ 50 000 × 50 min = 4.2 s.
    expect(result.budget.totalMs).toBeCloseTo(3600, 6);
    expect(result.budget.consumedMs).toBeCloseTo(4200, 6);
    expect(result.budget.remainingMs).toBeCloseTo(-600, 6);
    expect(result.budget.remainingRatio).toBeCloseTo(-1 / 6, 12);
    expect(result.status).toBe('BREACHED');
    expect(result.dataAsOf).toBe(NOW);
  });

  it('dataAsOf is the end of the newest bucket used', () => {
    const result = evaluateEventRatioSlo({
      targetPct: 99.9,
      windowMs: DAY_MS,
      now: NOW,
      minCoverage: 0,
      buckets: [{ t: NOW - 3 * HOUR_MS, good: 1000, total: 1000, widthMs: 5 * MINUTE_MS }],
    });
    expect(result.dataAsOf).toBe(NOW - 3 * HOUR_MS + 5 * MINUTE_MS);
  });

  describe('INSUFFICIENT_DATA', () => {
    it('without data', () => {
      const result = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: THIRTY_DAYS, now: NOW, buckets: [] });
      expect(result).toMatchObject({ status: 'INSUFFICIENT_DATA', reason: 'no data in the window', attainmentPct: null, dataAsOf: null });
      expect(result.budget.consumedMs).toBeNull();
      expect(result.budget.totalMinutes).toBeCloseTo(43.2, 9);
    });

    it('with buckets that carry no traffic', () => {
      const result = evaluateEventRatioSlo({
        targetPct: 99.9,
        windowMs: HOUR_MS,
        now: NOW,
        buckets: series(NOW, 60, MINUTE_MS, 0, () => 0),
      });
      expect(result.status).toBe('INSUFFICIENT_DATA');
      expect(result.reason).toContain('no events');
    });

    it('with too little traffic (minEvents guard), still reporting the numbers', () => {
      const buckets = series(NOW, 50, MINUTE_MS, 1, (age) => (age === 0 ? 1 : 0));
      const result = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: HOUR_MS, now: NOW, buckets });
      expect(result.status).toBe('INSUFFICIENT_DATA');
      expect(result.reason).toBe('too little traffic: 50 events in the window, at least 100 needed');
      expect(result.attainmentPct).toBeCloseTo(98, 9);
      const lowered = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: HOUR_MS, now: NOW, buckets, minEvents: 10 });
      expect(lowered.status).toBe('BREACHED');
    });

    it('when data covers too little of the window', () => {
      // 10 of 30 days backfilled.
      const buckets = series(NOW, 240, HOUR_MS, 1000, () => 0);
      const result = evaluateEventRatioSlo({ targetPct: 99.9, windowMs: THIRTY_DAYS, now: NOW, buckets });
      expect(result.coverage).toBeCloseTo(1 / 3, 12);
      expect(result.status).toBe('INSUFFICIENT_DATA');
      expect(result.reason).toBe('data covers 33.3 % of the window so far, at least 50 % needed');
      expect(evaluateEventRatioSlo({ targetPct: 99.9, windowMs: THIRTY_DAYS, now: NOW, buckets, minCoverage: 0.3 }).status).toBe('OK');
    });
  });

  it('calendar month in America/New_York: budget over the whole 743-h March, spent so far', () => {
    const now = Date.UTC(2024, 2, 15, 12); // 343 h after 2024-03-01T05:00Z
    const start = Date.UTC(2024, 2, 1, 5);
    const buckets = series(now, 343, HOUR_MS, 10_000, (age) => (age === 240 ? 600 : 0));
    expect(buckets[0]!.t).toBe(start);
    const result = evaluateEventRatioSlo({
      targetPct: 99.9,
      calendar: { unit: 'month', zone: 'America/New_York' },
      now,
      buckets,
    });
    expect(result.window).toMatchObject({ start, end: Date.UTC(2024, 3, 1, 4), lengthMs: 743 * HOUR_MS, label: 'March 2024' });
    expect(result.elapsedMs).toBe(343 * HOUR_MS);
    expect(result.coverage).toBe(1);
    // Budget 0.001 × 743 h = 44.58 min; 600 bad at 10 000 events/h is 0.06 h = 3.6 min of it.
    expect(result.budget.totalMinutes).toBeCloseTo(44.58, 9);
    expect(result.budget.consumedMinutes).toBeCloseTo(3.6, 9);
    expect(result.budget.consumedRatio).toBeCloseTo(3.6 / 44.58, 12);
    expect(result.status).toBe('OK');
  });

  it('a past window (explicit bounds) has no alert state', () => {
    const result = evaluateEventRatioSlo({
      targetPct: 99.9,
      bounds: { start: NOW - 2 * DAY_MS, end: NOW - DAY_MS },
      now: NOW,
      buckets: series(NOW, 48, HOUR_MS, 1000, () => 0),
    });
    expect(result).toMatchObject({ status: 'OK', total: 24_000, alert: null, timeToExhaustionMs: null });
    expect(result.window.complete).toBe(true);
  });

  it('rejects bad input naming the field', () => {
    const base = { targetPct: 99.9, now: NOW, buckets: [] as EventBucket[] };
    expect(() => evaluateEventRatioSlo({ ...base })).toThrow(/window/);
    expect(() => evaluateEventRatioSlo({ ...base, windowMs: DAY_MS, calendar: { unit: 'month', zone: 'UTC' } })).toThrow(/exactly one/);
    expect(() => evaluateEventRatioSlo({ ...base, windowMs: DAY_MS, buckets: [{ t: NOW - 1000, good: 11, total: 10 }] })).toThrow(
      /buckets\[0\]\.good/,
    );
    expect(() => evaluateEventRatioSlo({ ...base, windowMs: DAY_MS, buckets: [{ t: NOW - 1000, good: -1, total: 10 }] })).toThrow(
      /buckets\[0\]\.good/,
    );
    expect(() =>
      evaluateEventRatioSlo({
        ...base,
        windowMs: DAY_MS,
        buckets: [
          { t: NOW - 10 * MINUTE_MS, good: 1, total: 1, widthMs: 5 * MINUTE_MS },
          { t: NOW - 7 * MINUTE_MS, good: 1, total: 1 },
        ],
      }),
    ).toThrow(/overlaps/);
    expect(() => evaluateEventRatioSlo({ ...base, windowMs: DAY_MS, calendar: undefined, minCoverage: 2 })).toThrow(/minCoverage/);
    expect(() => evaluateEventRatioSlo({ ...base, calendar: { unit: 'month', zone: 'Nowhere/Land' } })).toThrow(/calendar\.zone/);
  });
});

describe('dailyAttainment', () => {
  it('gives one point per local day across the DST change, null for days without data', () => {
    // Hourly buckets of 100 events from 9 March 00:00 EST to 11 March 00:00 EDT (24 + 23 hours).
    const start = Date.UTC(2024, 2, 9, 5);
    const buckets = series(Date.UTC(2024, 2, 11, 4), 47, HOUR_MS, 100, (age) => (age === 5 ? 23 : 0));
    expect(buckets[0]!.t).toBe(start);
    const points = dailyAttainment(buckets, start, Date.UTC(2024, 2, 12, 4), 'America/New_York');
    expect(points.map((p) => [p.day, p.date, p.good, p.total])).toEqual([
      [Date.UTC(2024, 2, 9, 5), '2024-03-09', 2400, 2400],
      [Date.UTC(2024, 2, 10, 5), '2024-03-10', 2277, 2300],
      [Date.UTC(2024, 2, 11, 4), '2024-03-11', 0, 0],
    ]);
    expect(points.map((p) => p.attainmentPct)).toEqual([100, 99, null]);
  });

  it('defaults to UTC days and ignores buckets outside the range', () => {
    const day = Date.UTC(2024, 5, 1);
    const buckets: EventBucket[] = [
      { t: day - HOUR_MS, good: 0, total: 10 },
      { t: day + HOUR_MS, good: 9, total: 10 },
      { t: day + DAY_MS + HOUR_MS, good: 3, total: 4 },
      { t: day + 2 * DAY_MS, good: 0, total: 10 },
    ];
    const points = dailyAttainment(buckets, day, day + 2 * DAY_MS);
    expect(points.map((p) => [p.date, p.attainmentPct])).toEqual([
      ['2024-06-01', 90],
      ['2024-06-02', 75],
    ]);
  });
});

describe('formatting for the explain panel', () => {
  it('formats numbers and durations the way budgets are quoted', () => {
    // Thousands separated by commas from 1,000, as the screen writes every other figure.
    expect(formatNumber(43_200)).toBe('43,200');
    expect(formatNumber(1234)).toBe('1,234');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(-48_000.5)).toBe('−48,000.5');
    expect(formatNumber(0.9990000000000001)).toBe('0.999');
    expect(formatNumber(-0.5)).toBe('−0.5');
    expect(formatDuration(4.32 * MINUTE_MS)).toBe('4.32 min');
    expect(formatDuration(216 * MINUTE_MS)).toBe('3.6 h');
    expect(formatDuration(30 * DAY_MS)).toBe('30 d');
    expect(formatDuration(600)).toBe('0.6 s');
  });
});

describe('properties', () => {
  const targets = fc.constantFrom(99, 99.5, 99.9, 99.95, 99.99);
  const bucketArb = fc.record({ total: fc.integer({ min: 0, max: 100_000 }), goodShare: fc.double({ min: 0, max: 1, noNaN: true }) });

  it('consumed + remaining = total budget, and attainment stays within [0, 100]', () => {
    fc.assert(
      fc.property(targets, fc.array(bucketArb, { minLength: 1, maxLength: 200 }), (targetPct, raw) => {
        const buckets = raw.map((b, i) => ({
          t: NOW - (i + 1) * MINUTE_MS,
          total: b.total,
          good: Math.floor(b.total * b.goodShare),
        }));
        const result = evaluateEventRatioSlo({ targetPct, windowMs: 4 * HOUR_MS, now: NOW, buckets, minEvents: 0, minCoverage: 0 });
        if (result.total === 0) {
          expect(result.budget.consumedMs).toBeNull();
          return;
        }
        const { consumedMs, remainingMs, totalMs, consumedRatio, remainingRatio } = result.budget;
        expect(consumedMs! + remainingMs!).toBeCloseTo(totalMs, 6);
        expect(consumedRatio! + remainingRatio!).toBeCloseTo(1, 9);
        expect(result.attainmentPct!).toBeGreaterThanOrEqual(0);
        expect(result.attainmentPct!).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('burn rate 1 sustained over the whole window exhausts the budget exactly at the window end', () => {
    fc.assert(
      fc.property(
        targets,
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(MINUTE_MS, 5 * MINUTE_MS, HOUR_MS),
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (targetPct, days, widthMs, badPerBucket, elapsedShare) => {
          const lengthMs = days * DAY_MS;
          const start = NOW - lengthMs;
          const perBucket = Math.round(badPerBucket / allowedErrorRatio(targetPct)); // error ratio = 1 − target exactly
          const bucketCount = Math.max(1, Math.floor((lengthMs * elapsedShare) / widthMs));
          const buckets = series(start + bucketCount * widthMs, bucketCount, widthMs, perBucket, () => badPerBucket);
          const now = start + bucketCount * widthMs;
          const result = evaluateEventRatioSlo({
            targetPct,
            bounds: { start, end: NOW },
            now,
            buckets,
            minEvents: 0,
          });
          const burn = burnRate(result.bad / result.total, targetPct);
          expect(burn).toBeCloseTo(1, 9);
          const elapsed = now - start;
          expect(result.budget.consumedRatio!).toBeCloseTo(elapsed / lengthMs, 9);
          // What is left lasts exactly until the window's end.
          expect(now + timeToExhaustion(result.budget.remainingRatio!, burn, lengthMs)!).toBeCloseTo(NOW, 0);
        },
      ),
    );
  });

  it('burn rate 1 over a whole rolling window spends exactly the budget: WARNING, not BREACHED', () => {
    fc.assert(
      fc.property(
        targets,
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(MINUTE_MS, 5 * MINUTE_MS, HOUR_MS),
        fc.integer({ min: 1, max: 5 }),
        (targetPct, days, widthMs, badPerBucket) => {
          const windowMs = days * DAY_MS;
          const perBucket = Math.round(badPerBucket / allowedErrorRatio(targetPct));
          const buckets = series(NOW, windowMs / widthMs, widthMs, perBucket, () => badPerBucket);
          const result = evaluateEventRatioSlo({ targetPct, windowMs, now: NOW, buckets, minEvents: 0 });
          expect(result.coverage).toBe(1);
          expect(result.budget.consumedRatio!).toBeCloseTo(1, 9);
          expect(result.budget.remainingMs! / result.budget.totalMs).toBeCloseTo(0, 9);
          expect(result.attainmentPct!).toBeCloseTo(targetPct, 9);
          expect(result.status).toBe('WARNING');
        },
      ),
      { numRuns: 30 },
    );
  });

  it('time to exhaustion is consistent with the burn rate', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.integer({ min: 1, max: 90 }),
        (remaining, burn, days) => {
          const windowMs = days * DAY_MS;
          const tte = timeToExhaustion(remaining, burn, windowMs)!;
          expect(budgetSpent(burn, tte, windowMs)).toBeCloseTo(remaining, 9);
          // Burning faster never leaves more time.
          expect(timeToExhaustion(remaining, burn * 2, windowMs)!).toBeLessThan(tte);
        },
      ),
    );
  });

  it('a higher error ratio never lowers the burn rate in any window', () => {
    fc.assert(
      fc.property(targets, fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 }), (targetPct, bad, extra) => {
        const low = burnRates(threeDaysOfMinutes(1000, (age) => (age < 30 ? bad : 0)), NOW, targetPct);
        const high = burnRates(threeDaysOfMinutes(1000, (age) => (age < 30 ? bad + extra : 0)), NOW, targetPct);
        low.forEach((w, i) => expect(high[i]!.burnRate!).toBeGreaterThan(w.burnRate!));
      }),
      { numRuns: 20 },
    );
  });
});

describe('burnReaches', () => {
  it('allows for binary rounding at the threshold, and nothing more', async () => {
    const { burnReaches } = await import('./maths');
    // 0.0144 ÷ 0.001 is 14.399999999999999 in binary: still 14.4×.
    expect(burnReaches(0.0144 / allowedErrorRatio(99.9), 14.4)).toBe(true);
    expect(burnReaches(14.39, 14.4)).toBe(false);
    expect(burnReaches(6, 6)).toBe(true);
  });
});
