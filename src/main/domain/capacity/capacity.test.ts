import { describe, expect, it } from 'vitest';
import { coverage, mase, maseScale } from './accuracy';
import { conformalQuantile } from './conformal';
import { firstSustained, timeToThreshold } from './crossing';
import { forecastSeries, TooShortError } from './forecast';
import { cleanSeries, runningMedian, seasonalNaive } from './seasonal';
import { stepChangepoints, theilSen } from './trend';
import { hpaDesiredReplicas, hpaMultiMetric, replicasSeries, rescaleUtilisation } from './whatif';

const HOUR = 3_600_000;

/** Deterministic standard normals (Box–Muller over a small LCG) for noise with known σ. */
function normals(n: number, seed = 1): Float64Array {
  let s = seed >>> 0;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

describe('seasonal naive', () => {
  it('is exact on a pure weekly cycle', () => {
    const cycle = (i: number): number => 50 + 10 * Math.sin((2 * Math.PI * i) / 168) + ((i % 24) === 3 ? 7 : 0);
    const history = Float64Array.from({ length: 3 * 168 }, (_, i) => cycle(i));
    const f = seasonalNaive(history, 168, 336);
    for (let h = 0; h < 336; h++) expect(f[h]).toBeCloseTo(cycle(3 * 168 + h), 12);
  });
  it('takes the value one season back, repeated: y = 1..4 with period 2 → 3, 4, 3, 4', () => {
    expect(Array.from(seasonalNaive([1, 2, 3, 4], 2, 4))).toEqual([3, 4, 3, 4]);
  });
});

describe('running median', () => {
  it('matches a direct median of each (inward-sliding) window, NaN skipped', () => {
    const v = Float64Array.from(normals(200, 3));
    v[17] = Number.NaN;
    const got = runningMedian(v, 24);
    for (const i of [0, 5, 12, 17, 100, 187, 199]) {
      const from = Math.max(0, Math.min(i - 12, 200 - 24));
      const w = Array.from(v.subarray(from, from + 24)).filter(Number.isFinite).sort((a, b) => a - b);
      const k = w.length;
      expect(got[i]).toBeCloseTo(k % 2 ? w[(k - 1) / 2]! : (w[k / 2 - 1]! + w[k / 2]!) / 2, 12);
    }
  });
});

describe('cleaning against the seasonal profile', () => {
  it('replaces a spike beyond 5 MAD and reports where', () => {
    const noise = normals(24 * 14, 7);
    const y = Float64Array.from({ length: 24 * 14 }, (_, i) => 40 + 8 * Math.sin((2 * Math.PI * i) / 24) + noise[i]!);
    for (let i = 200; i <= 205; i++) y[i] = y[i]! + 60; // a six-hour incident
    const c = cleanSeries(y, 24, 5);
    expect(c.replaced).toEqual([[200, 205]]);
    expect(c.count).toBe(6);
    expect(Math.abs(c.values[202]! - (40 + 8 * Math.sin((2 * Math.PI * 202) / 24)))).toBeLessThan(3);
    // Ordinary noise stays as it was.
    expect(c.values[100]).toBe(y[100]);
  });
});

describe('Theil–Sen and steps', () => {
  it('recovers slope and intercept exactly on a line, even with 20 % wild points', () => {
    const x = Array.from({ length: 100 }, (_, i) => i);
    const y = x.map((i) => (i % 5 === 0 ? 1e6 : 3 - 0.5 * i));
    const fit = theilSen(x, y);
    expect(fit.slope).toBeCloseTo(-0.5, 12);
    expect(fit.intercept).toBeCloseTo(3, 12);
  });
  it('finds an extension step', () => {
    const y = Array.from({ length: 300 }, (_, i) => (i < 180 ? 500 - i : 800 - i));
    expect(stepChangepoints(y)).toEqual([180]);
  });
});

describe('forecastSeries', () => {
  it('extrapolates a pure linear series exactly (monotone, Theil–Sen)', () => {
    const y = Float64Array.from({ length: 24 * 10 }, (_, i) => 1000 - 2.5 * i);
    const f = forecastSeries(y, { kind: 'monotone', bounds: { min: 0, max: null }, periods: [24], horizon: 100 }, { mstl: null });
    expect(f.model).toBe('theil-sen');
    for (let h = 1; h <= 100; h++) expect(f.point[h - 1]).toBeCloseTo(1000 - 2.5 * (240 - 1 + h), 9);
    expect(f.slope).toBeCloseTo(-2.5, 12);
  });

  it('fits only the segment after the last step', () => {
    const y = Float64Array.from({ length: 24 * 12 }, (_, i) => (i < 150 ? 400 - i : 700 - i));
    const f = forecastSeries(y, { kind: 'monotone', bounds: { min: 0, max: null }, periods: [24], horizon: 10 }, { mstl: null });
    expect(f.segmentStart).toBe(150);
    expect(f.point[0]).toBeCloseTo(700 - 288, 9);
  });

  it('keeps bounded series within their bounds', () => {
    const y = Float64Array.from({ length: 24 * 10 }, (_, i) => Math.min(100, 50 + 0.3 * i));
    const f = forecastSeries(y, { kind: 'monotone', bounds: { min: 0, max: 100 }, periods: [24], horizon: 400 }, { mstl: null });
    expect(Math.max(...f.upper95)).toBeLessThanOrEqual(100);
    expect(Math.min(...f.lower95)).toBeGreaterThanOrEqual(0);
  });

  it('with a recent calibration, refits only the chosen model (one MSTL fit instead of folds + 1)', () => {
    const y = Float64Array.from({ length: 24 * 21 }, (_, i) => 30 + 10 * Math.sin((2 * Math.PI * i) / 24) + (i % 7) * 0.1);
    let calls = 0;
    const counting = (train: Float64Array, _p: readonly number[], h: number) => {
      calls++;
      return { point: seasonalNaive(train, 24, h).map((v) => v + 0.01), scale: new Float64Array(h).fill(1) };
    };
    const o = { kind: 'seasonal' as const, bounds: { min: 0, max: 100 }, periods: [24, 168], horizon: 48 };
    const first = forecastSeries(y, o, { mstl: counting });
    expect(calls).toBe(3 + (first.model === 'seasonal-naive' ? 0 : 1));
    calls = 0;
    const again = forecastSeries(y, { ...o, reuse: { ...first.calibration, model: 'mstl' } }, { mstl: counting });
    expect(calls).toBe(1);
    expect(again.model).toBe('mstl');
    expect(again.q95).toBe(first.q95);
  });

  it('says how much history it needs', () => {
    expect(() => forecastSeries(new Float64Array(30), { kind: 'seasonal', bounds: { min: 0, max: 100 }, periods: [24, 168], horizon: 48 }, { mstl: null })).toThrow(TooShortError);
  });

  it('chooses the model with the lowest backtest MASE', () => {
    // A pure cycle: seasonal naive is exact, so a biased "MSTL" must lose to it.
    const y = Float64Array.from({ length: 24 * 21 }, (_, i) => 30 + 10 * Math.sin((2 * Math.PI * i) / 24));
    const biased = (train: Float64Array, _p: readonly number[], h: number) => {
      const sn = seasonalNaive(train, 24, h);
      return { point: sn.map((v) => v + 5), scale: new Float64Array(h).fill(1) };
    };
    const f = forecastSeries(y, { kind: 'seasonal', bounds: { min: 0, max: 100 }, periods: [24, 168], horizon: 48 }, { mstl: biased });
    expect(f.model).toBe('seasonal-naive');
    expect(f.backtest.mase['seasonal-naive']).toBeCloseTo(0, 9);
    expect(f.backtest.mase.mstl).toBeGreaterThan(f.backtest.mase.ensemble!);
  });

  it('calibrated 80 % and 95 % intervals cover a series with known noise (σ = 2) within ±6 points', () => {
    // 40 series × rolling origins; white noise around a daily cycle. Coverage of the
    // calibrated seasonal-naive intervals should sit near the nominal level.
    let in80 = 0;
    let in95 = 0;
    let n = 0;
    for (let s = 0; s < 40; s++) {
      const noise = normals(24 * 23, 100 + s);
      const y = Float64Array.from(noise, (e, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 24) + 2 * e);
      const train = y.subarray(0, 24 * 21);
      const actual = y.subarray(24 * 21);
      const f = forecastSeries(train, { kind: 'seasonal', bounds: { min: null, max: null }, periods: [24], horizon: 48, backtest: { horizon: 48, folds: 5, spacing: 48 } }, { mstl: null });
      const c80 = coverage(actual, f.lower80, f.upper80);
      const c95 = coverage(actual, f.lower95, f.upper95);
      in80 += c80 * actual.length;
      in95 += c95 * actual.length;
      n += actual.length;
    }
    expect(in80 / n).toBeGreaterThan(0.74);
    expect(in80 / n).toBeLessThan(0.86);
    expect(in95 / n).toBeGreaterThan(0.89);
    expect(in95 / n).toBeLessThan(1);
  });
});

describe('accuracy', () => {
  it('MASE: error 1 everywhere against a seasonal difference of 2 is 0.5', () => {
    const train = [0, 2, 0, 2, 0, 2];
    expect(maseScale(train, 1)).toBe(2);
    expect(mase([1, 1], [2, 0], 2)).toBe(0.5);
  });
  it('coverage counts the points inside', () => {
    expect(coverage([1, 2, 3, 4], [0, 0, 0, 0], [2, 2, 2, 2])).toBe(0.5);
  });
  it('conformal quantile is the ⌈(n+1)·level⌉-th smallest score', () => {
    const scores = Array.from({ length: 19 }, (_, i) => i + 1);
    expect(conformalQuantile(scores, 0.8)).toBe(16);
    expect(conformalQuantile(scores, 0.95)).toBe(19);
    expect(conformalQuantile([1, 2], 0.95)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('time to threshold', () => {
  const t0 = Date.UTC(2026, 11, 1);
  // Median rises 1 per hour from 60; the 80 % band is ±5 → upper crosses 70 at 5 h, median at 10 h, lower at 15 h.
  const median = Float64Array.from({ length: 48 }, (_, i) => 60 + i);
  const lower80 = median.map((v) => v - 5);
  const upper80 = median.map((v) => v + 5);
  const base = { t0, stepMs: HOUR, median, lower80, upper80, threshold: 70, direction: 'above' as const, sustainMinutes: 15, recent: { t0: t0 - 3 * HOUR, values: [55, 57, 59] } };

  it('reads P10 / P50 / P90 off the band edges (hand-computed)', () => {
    // The upper edge 65 + i reaches 70 at i = 5, the median 60 + i at 10, the lower 55 + i at 15
    // (first value strictly above at 6, 11, 16; interpolated back to where the line meets 70).
    expect(timeToThreshold(base)).toEqual({ state: 'crossing', p10: t0 + 5 * HOUR, p50: t0 + 10 * HOUR, p90: t0 + 15 * HOUR, horizonEnd: t0 + 48 * HOUR });
  });
  it('interpolates between steps and honours where in its step a value sits', () => {
    // 0, 4, 8, …: crosses 10 a half step after index 2; values describe bucket middles (+30 min).
    const m = Float64Array.from({ length: 10 }, (_, i) => 4 * i);
    const r = timeToThreshold({ ...base, median: m, lower80: m, upper80: m, threshold: 10, sustainMinutes: 0, offsetMs: HOUR / 2, recent: { t0, values: [0] } });
    expect(r).toMatchObject({ p10: t0 + 2.5 * HOUR + HOUR / 2, p50: t0 + 3 * HOUR });
  });
  it('is "already above" when the newest data is beyond the threshold', () => {
    expect(timeToThreshold({ ...base, recent: { t0, values: [65, 71, 72] } })).toEqual({ state: 'already', since: t0 + HOUR });
  });
  it('is "no crossing" when even the early edge stays below within the horizon', () => {
    expect(timeToThreshold({ ...base, threshold: 200 })).toEqual({ state: 'none', horizonEnd: t0 + 48 * HOUR });
  });
  it('leaves P90 open when the late edge does not cross within the horizon', () => {
    const r = timeToThreshold({ ...base, threshold: 105 });
    expect(r).toEqual({ state: 'crossing', p10: t0 + 40 * HOUR, p50: t0 + 45 * HOUR, p90: null, horizonEnd: t0 + 48 * HOUR });
  });
  it('needs the condition sustained: at 5-minute steps 15 minutes is three steps', () => {
    // One 5-minute blip above, then three in a row from index 4.
    expect(firstSustained([71, 60, 60, 60, 71, 72, 73, 60], 70, 'above', 3)).toBe(4);
    const step = 300_000;
    const blip = [60, 71, 60, 71, 71, 71, 60];
    const r = timeToThreshold({ ...base, stepMs: step, median: blip, lower80: blip, upper80: blip, recent: { t0, values: [50] } });
    // The run starts at index 3; 60 → 71 meets 70 at 10/11 of the step before it.
    const at = t0 + Math.round((2 + 10 / 11) * step);
    expect(r).toEqual({ state: 'crossing', p10: at, p50: at, p90: at, horizonEnd: t0 + 7 * step });
  });
  it('counts reaching a threshold at the bound (free space clamped at 0 is full)', () => {
    const free = Float64Array.from([20, 10, 0, 0]);
    const r = timeToThreshold({ ...base, median: free, lower80: free, upper80: free, threshold: 0, direction: 'below', sustainMinutes: 0, inclusive: true, recent: { t0, values: [30] } });
    expect(r).toMatchObject({ state: 'crossing', p10: t0 + 2 * HOUR });
    expect(timeToThreshold({ ...base, median: free, lower80: free, upper80: free, threshold: 0, direction: 'below', sustainMinutes: 0, recent: { t0, values: [30] } }).state).toBe('none');
  });
  it('handles falling series (free storage below 0 GiB)', () => {
    const free = Float64Array.from({ length: 10 }, (_, i) => 30 - 10 * i);
    const r = timeToThreshold({ ...base, median: free, lower80: free.map((v) => v - 10), upper80: free.map((v) => v + 10), threshold: 0, direction: 'below', sustainMinutes: 0, recent: { t0, values: [40] } });
    // lower 20 − 10i reaches 0 at i = 2, median 30 − 10i at 3, upper 40 − 10i at 4.
    expect(r).toEqual({ state: 'crossing', p10: t0 + 2 * HOUR, p50: t0 + 3 * HOUR, p90: t0 + 4 * HOUR, horizonEnd: t0 + 10 * HOUR });
  });
});

describe('what-if and HPA', () => {
  it('rescales utilisation by old ÷ new capacity', () => {
    expect(rescaleUtilisation(60, 6, 8)).toBe(45);
    expect(rescaleUtilisation(60, 6, 3, 100)).toBe(100);
    expect(() => rescaleUtilisation(60, 6, 0)).toThrow(RangeError);
  });
  it('picks ceil(current × metric ÷ target), within tolerance 0.1, clamped to min/max', () => {
    const a = { min: 2, max: 10, target: 70 };
    expect(hpaDesiredReplicas(4, 105, a)).toBe(6); // ratio 1.5 → ceil(6)
    expect(hpaDesiredReplicas(4, 75, a)).toBe(4); // ratio 1.07 within tolerance
    expect(hpaDesiredReplicas(4, 80, a)).toBe(5); // ratio 1.14 → ceil(4.57)
    expect(hpaDesiredReplicas(4, 10, a)).toBe(2); // ceil(0.57) = 1 → min 2
    expect(hpaDesiredReplicas(8, 100, a)).toBe(10); // ceil(11.4) → max 10
    expect(Array.from(replicasSeries([70, 140, 280], 5, a))).toEqual([5, 10, 10]);
  });
  it('multi-metric HPA (CPU 70 %, memory 80 %) takes the larger proposal and says which metric decided', () => {
    const a = { min: 2, max: 10 };
    const both = (cpu: number, memory: number, current = 4) =>
      hpaMultiMetric(current, [{ metric: 'cpu', value: cpu, target: 70 }, { metric: 'memory', value: memory, target: 80 }], a);
    // CPU 105/70 = 1.5 → ceil(6); memory 120/80 = 1.5 → ceil(6): a tie, CPU is listed first.
    expect(both(105, 120)).toEqual({ desired: 6, decidedBy: 'cpu', proposals: [{ metric: 'cpu', desired: 6 }, { metric: 'memory', desired: 6 }] });
    // CPU 35/70 = 0.5 → 2; memory 140/80 = 1.75 → ceil(7): memory decides.
    expect(both(35, 140)).toEqual({ desired: 7, decidedBy: 'memory', proposals: [{ metric: 'cpu', desired: 2 }, { metric: 'memory', desired: 7 }] });
    // CPU 84/70 = 1.2 → ceil(4.8) = 5; memory 86/80 = 1.075 within tolerance → stays 4: CPU decides.
    expect(both(84, 86)).toMatchObject({ desired: 5, decidedBy: 'cpu' });
    // Both within tolerance (75/70 = 1.07, 84/80 = 1.05): stays at 4.
    expect(both(75, 84).desired).toBe(4);
    // Memory 200/80 × 6 = 15 → max 10; CPU 10/70 × 6 = ceil(0.86) = 1 → the larger, clamped.
    expect(both(10, 200, 6)).toMatchObject({ desired: 10, decidedBy: 'memory' });
    // Both low: ceil(4 × 10/70) = 1 and ceil(4 × 10/80) = 1 → min 2.
    expect(both(10, 10).desired).toBe(2);
    expect(() => hpaMultiMetric(4, [], a)).toThrow(RangeError);
  });
});

