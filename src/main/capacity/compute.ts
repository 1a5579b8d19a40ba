// One forecasting pass over a source's capacity targets: read hourly (and, for the next 24 h,
// 5-minute) means from the cache, forecast each series, work out the time to its threshold
// and to the autoscaler's max, score stored forecasts whose horizon has passed, and store
// the lot for the API to read. Runs in the capacity worker (tests call it directly).
import type { CapacityAccuracy, CapacityChart, CapacityCrossing, CapacityRow } from '../../shared/contract/capacity';
import { coverageCounts, mae, maseScale } from '../domain/capacity/accuracy';
import { seriesKeyOf, type MetricDefault, type ResourceDefault } from '../domain/capacity/catalogue';
import { timeToThreshold, type Crossing } from '../domain/capacity/crossing';
import { forecastSeries, TooShortError, usablePeriods, type Calibration, type ChangepointFinder, type ForecastDeps, type ForecastOptions, type SeasonalFitter, type SeriesForecast } from '../domain/capacity/forecast';
import { seasonalNaive } from '../domain/capacity/seasonal';
import { replicasSeries } from '../domain/capacity/whatif';
import type { CapacityStore } from '../store/capacity';

export interface ComputeDeps {
  mstl: SeasonalFitter | null;
  changepoints?: ChangepointFinder;
  /** Forecasts of the previous passes, kept by the worker between passes (see ForecastMemo). */
  memo?: ForecastMemo;
}

/**
 * Hourly means only change when an hour completes, but passes run every 10 minutes: five
 * passes in six would refit MSTL on exactly the same input. A forecast is reused when its
 * input values (bit for bit, so late points that revise a settled hour count) and options
 * (calibration included) are the same as last time. Entries not asked for in a pass go.
 */
export class ForecastMemo {
  private entries = new Map<string, { input: Float64Array; options: string; f: SeriesForecast }>();
  private used = new Set<string>();
  hits = 0;
  misses = 0;

  forecast(key: string, values: Float64Array, o: ForecastOptions, deps: ForecastDeps): SeriesForecast {
    this.used.add(key);
    const hit = this.entries.get(key);
    // Without `reuse` the backtest is due: always run it, it may choose differently.
    if (o.reuse && hit && hit.options === optionsKey(o, o.reuse) && sameValues(hit.input, values)) {
      this.hits++;
      return hit.f;
    }
    this.misses++;
    const f = forecastSeries(values, o, deps);
    // Keyed by the calibration the next pass will pass back as `reuse`: a refit with it is this same forecast.
    this.entries.set(key, { input: Float64Array.from(values), options: optionsKey(o, f.calibration), f });
    return f;
  }

  /** Drops entries of targets no longer forecast (removed from capacity.yaml, or too short now). */
  sweep(): void {
    for (const k of this.entries.keys()) if (!this.used.has(k)) this.entries.delete(k);
    this.used.clear();
  }
}

function optionsKey(o: ForecastOptions, calibration: Calibration): string {
  return JSON.stringify({ kind: o.kind, bounds: o.bounds, periods: o.periods, horizon: o.horizon, backtest: o.backtest, minHistory: o.minHistory, calibration });
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function runForecast(deps: ComputeDeps, key: string, values: Float64Array, o: ForecastOptions): SeriesForecast {
  return deps.memo ? deps.memo.forecast(key, values, o, deps) : forecastSeries(values, o, deps);
}

const HOUR_S = 3600;
const FIVE_S = 300;
const DAY_S = 86_400;
export const HISTORY_DAYS = 30;
/** Weeks-ahead view for seasonal series; storage trends run further (days until full). */
export const SEASONAL_HORIZON_H = 14 * 24;
export const MONOTONE_HORIZON_H = 60 * 24;
/** Rolling origin: three 48 h folds a day apart, each trained on the 21 days before it. */
export const BACKTEST = { horizon: 48, folds: 3, spacing: 24, window: 21 * 24 };
/** Trend vs naive is cheap to fit: a week of daily origins, so a weekly clean-up cycle is seen. */
export const BACKTEST_MONOTONE = { horizon: 48, folds: 7, spacing: 24, window: 21 * 24 };
const NEAR = { days: 4, horizon: 288, backtest: { horizon: 72, folds: 2, spacing: 72, window: 3 * 288 } };
/** Live scoring covers the first 48 h of each stored forecast (the backtest's horizon). */
const SCORED_H = 48;

export interface StoredChart {
  history: [number, number][];
  /** Forecast start (ms), step (ms), and the arrays. */
  start: number;
  step: number;
  point: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
  seriesKey: string;
  /** The last backtest's decisions (hourly and 5-minute), reused until they are due again. */
  calibration?: { at: number; hourly: Calibration; near: Calibration | null };
}

/**
 * Backtests (model choice, conformal multipliers) are redone every 6 hours; the passes in
 * between refit the chosen model on the newest data, which is most of a pass's cost saved.
 */
export const RECALIBRATE_MS = 6 * 3_600_000;

function whatIfOf(w: NonNullable<ResourceDefault['whatIf']>, replicasNow: number | null): NonNullable<CapacityRow['whatIf']> {
  const out: NonNullable<CapacityRow['whatIf']> = { label: w.label, unit: w.unit, current: replicasNow ?? w.default };
  if (w.limits) {
    out.limits = (['cpu', 'memory'] as const).map((metric) => ({ metric, label: w.limits![metric].label, unit: w.limits![metric].unit, current: w.limits![metric].default }));
  }
  return out;
}

export function targetId(r: ResourceDefault, m: MetricDefault): string {
  return `${r.id}/${m.id}`;
}

function toContract(c: Crossing): CapacityCrossing {
  return c;
}

function accuracyWords(a: Omit<CapacityAccuracy, 'verdict' | 'words'>): Pick<CapacityAccuracy, 'verdict' | 'words'> {
  const basis = a.basis === 'live' ? 'scored against what happened' : 'in backtests';
  const problems: string[] = [];
  let verdict: CapacityAccuracy['verdict'] = 'good';
  if (a.mase !== null && a.naiveMase !== null && a.naiveMase > 0 && a.mase > 1.05 * a.naiveMase) {
    problems.push(`less accurate than repeating last week ${basis} (MASE ${a.mase.toFixed(2)} vs ${a.naiveMase.toFixed(2)})`);
    verdict = 'poor';
  }
  if (a.coverage95 !== null && a.coverage95 < 0.85) {
    problems.push(`the 95 % band held only ${Math.round(a.coverage95 * 100)} % of actual values ${basis}: treat the range as too narrow`);
    verdict = 'poor';
  } else if (a.coverage95 !== null && a.coverage95 < 0.9) {
    problems.push(`the 95 % band held ${Math.round(a.coverage95 * 100)} % of actual values ${basis}`);
    if (verdict === 'good') verdict = 'fair';
  }
  if (a.mase !== null && a.mase > 1.5 && verdict === 'good') {
    problems.push(`errors are large for this series (MASE ${a.mase.toFixed(2)})`);
    verdict = 'fair';
  }
  if (a.points < 24) {
    problems.push(`scored on only ${a.points} points`);
    if (verdict === 'good') verdict = 'fair';
  }
  return { verdict, words: problems.length ? `${problems.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) : null };
}

function num(v: number | undefined | null): number | null {
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

function lastFinite(values: ArrayLike<number>): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i]!;
  return null;
}

function tail(values: Float64Array, n: number): Float64Array {
  return values.subarray(Math.max(0, values.length - n));
}

interface Prepared {
  seriesId: number;
  hourly: Float64Array;
  /** Epoch seconds of hourly[0]. */
  hourlyStart: number;
  dataAsOf: number;
  endSec: number;
}

function prepare(store: CapacityStore, source: string, key: string): Prepared | string {
  const seriesId = store.seriesId(source, key);
  if (seriesId === null) return `no data cached for ${key.replace(/\|/g, ' ')} yet`;
  const newest = store.newestTs(seriesId);
  if (newest === null) return `no datapoints cached for ${key.replace(/\|/g, ' ')} yet`;
  const endSec = Math.floor((newest + 60) / HOUR_S) * HOUR_S;
  const all = store.means(seriesId, endSec - HISTORY_DAYS * DAY_S, endSec, HOUR_S);
  // Skip the part of the window the backfill has not reached.
  let first = 0;
  while (first < all.length && !Number.isFinite(all[first]!)) first++;
  return { seriesId, hourly: all.subarray(first), hourlyStart: endSec - HISTORY_DAYS * DAY_S + first * HOUR_S, dataAsOf: (newest + 60) * 1000, endSec };
}

export interface ComputeResult {
  rows: number;
  forecasts: number;
  scored: number;
  ms: number;
  perSeriesMs: number[];
}

export function computeCapacity(store: CapacityStore, source: string, now: number, resources: readonly ResourceDefault[], deps: ComputeDeps): ComputeResult {
  const started = performance.now();
  let scored = 0;
  const keys = new Map(resources.flatMap((r) => r.metrics.map((m) => [targetId(r, m), seriesKeyOf(m.series)] as const)));
  // Score stored forecasts whose horizon the cache now covers.
  for (const due of store.due(source, now)) {
    const key = keys.get(due.target);
    const seriesId = key ? store.seriesId(source, key) : null;
    if (seriesId === null) continue;
    const newest = store.newestTs(seriesId);
    if (newest === null || (newest + 60) * 1000 < due.horizonEnd) continue;
    const actual = store.means(seriesId, due.start / 1000, due.horizonEnd / 1000, due.step / 1000);
    const c80 = coverageCounts(actual, due.body.lower80, due.body.upper80);
    const c95 = coverageCounts(actual, due.body.lower95, due.body.upper95);
    const scale = due.maseScale > 0 ? due.maseScale : Number.NaN;
    store.score(due.id, now, {
      mase: num(mae(actual, due.body.point) / scale),
      naiveMase: num(mae(actual, due.body.naive) / scale),
      coverage80: c80.count ? c80.inside / c80.count : null,
      coverage95: c95.count ? c95.inside / c95.count : null,
      points: c80.count,
    });
    scored++;
  }
  const live = new Map(store.liveScores(source, now - 30 * DAY_S * 1000).map((s) => [s.target, s]));
  const out: { target: string; summary: CapacityRow; chart: StoredChart }[] = [];
  const perSeriesMs: number[] = [];
  let forecasts = 0;

  for (const r of resources) {
    // The replica count the what-if and the autoscaler start from.
    let replicasNow: number | null = null;
    let replicasRecent: Float64Array | null = null;
    if (r.whatIf?.replicas) {
      const p = prepare(store, source, seriesKeyOf(r.whatIf.replicas));
      if (typeof p !== 'string') {
        replicasRecent = tail(p.hourly, 3);
        const v = lastFinite(p.hourly);
        replicasNow = v === null ? null : Math.max(1, Math.round(v));
      }
    }
    // The HPA scales on several metrics (pods: CPU and memory); the autoscaler row's "at max"
    // is worked out once all of them are forecast, from the largest proposal at each hour.
    const hpaForecasts = new Map<string, { start: number; step: number; f: SeriesForecast }>();
    let pendingAtMax: { row: CapacityRow; start: number; step: number; f: SeriesForecast } | null = null;
    for (const m of r.metrics) {
      const id = targetId(r, m);
      const key = seriesKeyOf(m.series);
      const t0 = performance.now();
      const base: CapacityRow = {
        id,
        resourceId: r.id,
        resource: r.label,
        metricId: m.id,
        metric: m.label,
        unit: m.unit,
        threshold: m.threshold,
        direction: m.direction,
        sustainMinutes: m.sustainMinutes,
        action: m.action,
        current: null,
        headroom: null,
        crossing: null,
        crossingResolution: null,
        autoscaler: r.autoscaler && r.autoscaler.metric === m.id ? { noun: r.autoscaler.noun, min: r.autoscaler.min, max: r.autoscaler.max, current: replicasNow, atMax: null } : null,
        model: null,
        accuracy: null,
        cleaning: { count: 0, spans: [] },
        problem: null,
        whatIf: r.whatIf && m.unit === 'percent' ? whatIfOf(r.whatIf, replicasNow) : null,
        dataAsOf: null,
        madeAt: now,
      };
      const emptyChart: StoredChart = { history: [], start: now, step: HOUR_S * 1000, point: [], lower80: [], upper80: [], lower95: [], upper95: [], seriesKey: key };
      const previous = store.chart(source, id);
      const priorCal = previous ? ((JSON.parse(previous) as StoredChart).calibration ?? null) : null;
      const prior = priorCal && now - priorCal.at < RECALIBRATE_MS && now >= priorCal.at ? priorCal : null;
      const p = prepare(store, source, key);
      if (typeof p === 'string') {
        out.push({ target: id, summary: { ...base, problem: p }, chart: emptyChart });
        continue;
      }
      const current = lastFinite(p.hourly);
      const row: CapacityRow = {
        ...base,
        current,
        headroom: current === null ? null : m.direction === 'above' ? m.threshold - current : current - m.threshold,
        dataAsOf: p.dataAsOf,
      };
      const history: [number, number][] = [];
      p.hourly.forEach((v, i) => {
        if (Number.isFinite(v)) history.push([(p.hourlyStart + i * HOUR_S) * 1000, v]);
      });
      const seasonal = m.kind === 'seasonal';
      let f: SeriesForecast;
      try {
        // Monotone series too get the weekly period: their naive rival then repeats last week,
        // which is exact for disks cleaned up on a weekly schedule.
        f = runForecast(deps, `${source}|${id}|1h`, p.hourly, { kind: m.kind, bounds: m.bounds, periods: [24, 168], horizon: seasonal ? SEASONAL_HORIZON_H : MONOTONE_HORIZON_H, backtest: seasonal ? BACKTEST : BACKTEST_MONOTONE, ...(prior ? { reuse: prior.hourly } : {}) });
      } catch (err) {
        if (!(err instanceof TooShortError)) throw err;
        out.push({ target: id, summary: { ...row, problem: `needs ${Math.ceil(err.need / 24)} days of hourly history to forecast (has ${(err.have / 24).toFixed(1)} days)` }, chart: { ...emptyChart, history } });
        continue;
      }
      forecasts++;
      const start = p.endSec * 1000;
      const step = HOUR_S * 1000;
      const inclusive = m.direction === 'below' ? m.bounds.min === m.threshold : m.bounds.max === m.threshold;
      const hourlyCrossing = metricCrossing(f, m, inclusive, start, step, tail(p.hourly, 1));
      let crossing: Crossing = hourlyCrossing;
      let resolution: '5m' | '1h' = '1h';
      let nearCal: Calibration | null = null;
      if (seasonal) {
        const nearResult = nearTerm(store, p, m, deps, inclusive, prior?.near ?? null, `${source}|${id}|5m`);
        nearCal = nearResult?.calibration ?? null;
        const near = nearResult?.crossing ?? null;
        // The hourly series ends at the last whole hour: the newest 5-minute reading is "now"
        // (a spike of the last half hour would otherwise read as headroom beside "already beyond").
        if (nearResult && nearResult.latest !== null) {
          row.current = nearResult.latest;
          row.headroom = m.direction === 'above' ? m.threshold - nearResult.latest : nearResult.latest - m.threshold;
        }
        if (near) {
          if (near.state === 'already') {
            crossing = near;
            resolution = '5m';
          } else if (near.state === 'crossing') {
            crossing = {
              state: 'crossing',
              p10: near.p10,
              p50: near.p50 ?? (hourlyCrossing.state === 'crossing' ? hourlyCrossing.p50 : null),
              p90: near.p90 ?? (hourlyCrossing.state === 'crossing' ? hourlyCrossing.p90 : null),
              horizonEnd: hourlyCrossing.state === 'already' ? near.horizonEnd : hourlyCrossing.horizonEnd,
            };
            resolution = '5m';
          } else if (hourlyCrossing.state === 'already') {
            // The hourly mean is above but the last 5-minute readings are not sustained above.
            crossing = { state: 'none', horizonEnd: start + f.point.length * step };
          }
        }
      }
      row.crossing = toContract(crossing);
      row.crossingResolution = resolution;
      row.model = f.model;
      hpaForecasts.set(m.id, { start, step, f });
      if (row.autoscaler && replicasNow !== null && r.autoscaler) pendingAtMax = { row, start, step, f };
      const liveScore = live.get(id);
      const acc: Omit<CapacityAccuracy, 'verdict' | 'words'> = liveScore
        ? {
            basis: 'live',
            mase: num(liveScore.mase),
            naiveMase: num(liveScore.naiveMase),
            coverage80: num(liveScore.coverage80),
            coverage95: num(liveScore.coverage95),
            points: liveScore.points,
            horizonHours: Math.max(1, Math.round(liveScore.horizonMs / (HOUR_S * 1000))),
          }
        : {
            basis: 'backtest',
            mase: num(f.backtest.mase[f.model]),
            naiveMase: num(f.backtest.mase['seasonal-naive']),
            coverage80: num(f.backtest.coverage80),
            coverage95: num(f.backtest.coverage95),
            points: f.backtest.points,
            horizonHours: BACKTEST.horizon,
          };
      row.accuracy = { ...acc, ...accuracyWords(acc) };
      row.cleaning = {
        count: f.cleanedCount,
        spans: f.cleaned.slice(-50).map(([a, b]) => ({ from: (p.hourlyStart + a * HOUR_S) * 1000, to: (p.hourlyStart + (b + 1) * HOUR_S) * 1000 })),
      };
      const chart: StoredChart = {
        history,
        start,
        step,
        point: Array.from(f.point),
        lower80: Array.from(f.lower80),
        upper80: Array.from(f.upper80),
        lower95: Array.from(f.lower95),
        upper95: Array.from(f.upper95),
        seriesKey: key,
        calibration: prior ?? { at: now, hourly: f.calibration, near: nearCal },
      };
      out.push({ target: id, summary: row, chart });

      // Every forecast is stored (its first 48 h, to score once they have happened): a new one
      // starts at a later hour; a pass that reused the last fit (same input) stores nothing.
      // Scoring drops the points and keeps the scores, so an hourly refit of every target stays small.
      const lastStart = store.lastArchivedStart(source, id);
      if (lastStart === null || start > lastStart) {
        const train = p.hourly;
        const period = usablePeriods(train.length, [24, 168]).at(-1) ?? 24;
        store.archive(source, {
          target: id,
          madeAt: now,
          start,
          step,
          horizonEnd: start + SCORED_H * step,
          model: f.model,
          maseScale: maseScale(train, period),
          body: {
            point: chart.point.slice(0, SCORED_H),
            lower80: chart.lower80.slice(0, SCORED_H),
            upper80: chart.upper80.slice(0, SCORED_H),
            lower95: chart.lower95.slice(0, SCORED_H),
            upper95: chart.upper95.slice(0, SCORED_H),
            naive: Array.from(seasonalNaive(train, period, SCORED_H)),
          },
        });
      }
      perSeriesMs.push(performance.now() - t0);
    }
    if (pendingAtMax && r.autoscaler && replicasNow !== null) {
      const { row, start, step, f } = pendingAtMax;
      const a = { min: r.autoscaler.min, max: r.autoscaler.max };
      const targets = [{ metric: r.autoscaler.metric, target: r.autoscaler.target }, ...r.autoscaler.also].flatMap((t) => {
        const h = hpaForecasts.get(t.metric);
        // Only forecasts on the same hourly grid combine point by point.
        return h && h.start === start && h.step === step && h.f.point.length === f.point.length ? [{ target: t.target, f: h.f }] : [];
      });
      const combined = (pick: (x: SeriesForecast) => ArrayLike<number>): Float64Array => {
        const out = new Float64Array(f.point.length);
        for (const t of targets) {
          const reps = replicasSeries(pick(t.f), replicasNow, { ...a, target: t.target });
          for (let i = 0; i < out.length; i++) out[i] = Math.max(out[i]!, reps[i]!);
        }
        return out;
      };
      const recentAtMax = replicasRecent !== null && replicasRecent.length > 0 && Array.from(replicasRecent).every((v) => v >= a.max - 0.01);
      row.autoscaler!.atMax = recentAtMax
        ? { state: 'already', since: start - replicasRecent!.length * step }
        : toContract(
            timeToThreshold({
              t0: start,
              stepMs: step,
              median: combined((x) => x.point),
              lower80: combined((x) => x.lower80),
              upper80: combined((x) => x.upper80),
              threshold: a.max,
              direction: 'above',
              sustainMinutes: 0,
              inclusive: true,
              recent: { t0: start, values: [] },
            }),
          );
    }
  }

  deps.memo?.sweep();
  store.prune(now - 60 * DAY_S * 1000);
  store.putLatest(source, now, out);
  return { rows: out.length, forecasts, scored, ms: performance.now() - started, perSeriesMs };
}

/** The next 24 h from 5-minute data, for crossings (sustained for 15 min) that close. */
function nearTerm(store: CapacityStore, p: Prepared, m: MetricDefault, deps: ComputeDeps, inclusive: boolean, reuse: Calibration | null, memoKey: string): { crossing: Crossing; calibration: Calibration; latest: number | null } | null {
  const end = Math.floor(p.dataAsOf / 1000 / FIVE_S) * FIVE_S;
  const values = store.means(p.seriesId, end - NEAR.days * DAY_S, end, FIVE_S);
  let first = 0;
  while (first < values.length && !Number.isFinite(values[first]!)) first++;
  const series = values.subarray(first);
  let f: SeriesForecast;
  try {
    f = runForecast(deps, memoKey, series, { kind: 'seasonal', bounds: m.bounds, periods: [288], horizon: NEAR.horizon, backtest: NEAR.backtest, ...(reuse ? { reuse } : {}) });
  } catch (err) {
    if (err instanceof TooShortError) return null;
    throw err;
  }
  const step = FIVE_S * 1000;
  const crossing = metricCrossing(f, m, inclusive, end * 1000, step, tail(series, 12));
  return { crossing, calibration: f.calibration, latest: lastFinite(series) };
}

/**
 * When a metric's forecast (from `t0`, one value per `step`) crosses its threshold; each value
 * stands for the middle of its step. `recent`: the last observed steps before `t0`, so a
 * threshold already crossed counts from when it was.
 */
function metricCrossing(f: SeriesForecast, m: MetricDefault, inclusive: boolean, t0: number, step: number, recent: ArrayLike<number>): Crossing {
  return timeToThreshold({
    t0,
    stepMs: step,
    median: f.unclamped.point,
    lower80: f.unclamped.lower80,
    upper80: f.unclamped.upper80,
    threshold: m.threshold,
    direction: m.direction,
    sustainMinutes: m.sustainMinutes,
    inclusive,
    offsetMs: step / 2,
    recent: { t0: t0 - recent.length * step, values: recent },
  });
}

export function chartOf(row: CapacityRow, c: StoredChart): CapacityChart {
  const forecast: CapacityChart['forecast'] = [];
  // ≤ 2,000 points per series for the chart: thin the forecast evenly if it is longer.
  const stride = Math.max(1, Math.ceil(c.point.length / 1000));
  for (let i = 0; i < c.point.length; i += stride) forecast.push([c.start + i * c.step, c.point[i]!, c.lower80[i]!, c.upper80[i]!, c.lower95[i]!, c.upper95[i]!]);
  const hStride = Math.max(1, Math.ceil(c.history.length / 1000));
  const history = hStride === 1 ? c.history : c.history.filter((_, i) => i % hStride === 0);
  return { row, history, forecast };
}
