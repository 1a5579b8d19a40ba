// One series' forecast: clean, backtest every candidate model by rolling origin, choose the
// one with the lowest MASE, calibrate its intervals by split-conformal on the backtest's
// held-out points, refit on everything and forecast. The seasonal model (MSTL, wasm) is
// passed in, so this stays pure; without it the seasonal naive baseline carries on alone.
import { coverageCounts, mae, maseScale } from './accuracy';
import { band, clamp, conformalQuantile, conformalScore } from './conformal';
import { cleanSeries, seasonalDiffSigma, seasonalNaive } from './seasonal';
import { median } from './stats';
import { lastSegmentStart, stepChangepoints, theilSen } from './trend';

export type ModelName = 'mstl' | 'seasonal-naive' | 'ensemble' | 'theil-sen';
export type SeriesKind = 'seasonal' | 'monotone';
export interface Bounds {
  min: number | null;
  max: number | null;
}

/** A model's forecast: point and a per-step scale (≈ σ of the error at that step). */
export interface ModelForecast {
  point: Float64Array;
  scale: Float64Array;
}

/** The seasonal model (MSTL + ETS trend); null result when it cannot fit. */
export type SeasonalFitter = (train: Float64Array, periods: readonly number[], horizon: number) => ModelForecast | null;
/** Changepoint indices of a series (0 may be included: it is ignored). */
export type ChangepointFinder = (values: Float64Array) => number[];

export interface ForecastOptions {
  kind: SeriesKind;
  bounds: Bounds;
  /** Seasonal periods in steps, shortest first (hourly: [24, 168]). */
  periods: readonly number[];
  horizon: number;
  /** Rolling origin: `folds` origins `spacing` apart, each forecasting `horizon` steps from at most `window` points. */
  backtest?: { horizon: number; folds: number; spacing: number; window?: number };
  /** Minimum history in steps; shorter series are refused with how much they need. */
  minHistory?: number;
  /**
   * A recent backtest's outcome (model, conformal multipliers, scores): skip the folds and only
   * refit that model on the newest data. Ignored if the model is not a candidate here.
   */
  reuse?: Calibration;
}

/** What a backtest decides: the model, its calibrated multipliers, and how it scored. */
export interface Calibration {
  model: ModelName;
  q80: number;
  q95: number;
  backtest: BacktestScore;
}

export interface ForecastDeps {
  mstl: SeasonalFitter | null;
  changepoints?: ChangepointFinder;
}

export interface BacktestScore {
  /** Mean MASE over the folds, per candidate. */
  mase: Partial<Record<ModelName, number>>;
  /** Coverage of the chosen model's calibrated intervals on folds not used to calibrate them. */
  coverage80: number;
  coverage95: number;
  folds: number;
  points: number;
  horizon: number;
}

export interface SeriesForecast {
  model: ModelName;
  point: Float64Array;
  lower80: Float64Array;
  upper80: Float64Array;
  lower95: Float64Array;
  upper95: Float64Array;
  /**
   * The median and 80 % band before clamping to the bounds: crossing times are interpolated
   * on these (a clamped series sits flat on its bound and hides where it got there).
   */
  unclamped: { point: Float64Array; lower80: Float64Array; upper80: Float64Array };
  backtest: BacktestScore;
  /** The backtest's decision, to pass back as `reuse` until it is due again. */
  calibration: Calibration;
  /** Replaced runs as [first, last] indices into the history. */
  cleaned: [number, number][];
  cleanedCount: number;
  /** Index of the last changepoint the trend was fitted after (monotone series); null otherwise. */
  segmentStart: number | null;
  /** Trend slope per step (Theil–Sen), for monotone series. */
  slope: number | null;
  q80: number;
  q95: number;
}

export class TooShortError extends Error {
  constructor(
    readonly have: number,
    readonly need: number,
  ) {
    super(`needs at least ${need} points of history, has ${have}`);
  }
}

const Z80 = 1.2816;
const Z95 = 1.96;

/** The longest period the history holds twice over (seasonal naive and MSTL need two cycles). */
export function usablePeriods(n: number, periods: readonly number[]): number[] {
  return periods.filter((p) => n >= 2 * p);
}

function naiveModel(train: Float64Array, periods: readonly number[], horizon: number): ModelForecast {
  const usable = usablePeriods(train.length, periods);
  const m = usable[usable.length - 1] ?? 1;
  const point = seasonalNaive(train, m, horizon);
  const sigma = seasonalDiffSigma(train, m);
  const scale = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) scale[h - 1] = (Number.isFinite(sigma) ? sigma : 0) * Math.sqrt(Math.ceil(h / m));
  return { point, scale };
}

function trendModel(train: Float64Array, horizon: number, stepsPerDay: number, changepoints: ChangepointFinder): { f: ModelForecast; start: number; slope: number } {
  const n = train.length;
  const start = lastSegmentStart(changepoints(train), n, Math.max(6, Math.floor(stepsPerDay / 4)));
  const x: number[] = [];
  const y: number[] = [];
  for (let i = start; i < n; i++) {
    x.push(i);
    y.push(train[i]!);
  }
  // Hourly samples are autocorrelated: count days, not points, as independent for the slope.
  const fit = theilSen(x, y, Z80, Math.max(2, (n - start) / stepsPerDay));
  const point = new Float64Array(horizon);
  const scale = new Float64Array(horizon);
  const slopeSigma = (fit.slopeHigh - fit.slopeLow) / (2 * Z80);
  const sigma = Math.max(fit.sigma, 1e-9 * Math.abs(fit.intercept));
  for (let h = 1; h <= horizon; h++) {
    point[h - 1] = fit.intercept + fit.slope * (n - 1 + h);
    scale[h - 1] = Math.sqrt(sigma * sigma + (h * slopeSigma) ** 2);
  }
  return { f: { point, scale }, start, slope: fit.slope };
}

function candidates(kind: SeriesKind, hasMstl: boolean): ModelName[] {
  if (kind === 'monotone') return ['theil-sen', 'seasonal-naive'];
  return hasMstl ? ['mstl', 'seasonal-naive', 'ensemble'] : ['seasonal-naive'];
}

/**
 * Every requested model on one training window; the ensemble reuses the MSTL and naive
 * forecasts rather than fitting again (MSTL is the expensive part).
 */
function runAll(models: readonly ModelName[], train: Float64Array, o: ForecastOptions, deps: ForecastDeps, horizon: number): Map<ModelName, ModelForecast | null> {
  const stepsPerDay = o.periods[0] ?? 24;
  const out = new Map<ModelName, ModelForecast | null>();
  const need = new Set(models);
  if (need.has('ensemble')) {
    need.add('mstl');
    need.add('seasonal-naive');
  }
  if (need.has('seasonal-naive')) out.set('seasonal-naive', naiveModel(train, o.periods, horizon));
  if (need.has('theil-sen')) out.set('theil-sen', trendModel(train, horizon, stepsPerDay, deps.changepoints ?? ((v) => stepChangepoints(v))).f);
  if (need.has('mstl')) {
    const periods = usablePeriods(train.length, o.periods);
    out.set('mstl', deps.mstl && periods.length > 0 ? deps.mstl(train, periods, horizon) : null);
  }
  if (need.has('ensemble')) {
    const a = out.get('mstl');
    const b = out.get('seasonal-naive');
    if (!valid(a ?? null) || !valid(b ?? null)) out.set('ensemble', null);
    else {
      const point = new Float64Array(horizon);
      const scale = new Float64Array(horizon);
      for (let i = 0; i < horizon; i++) {
        point[i] = (a!.point[i]! + b!.point[i]!) / 2;
        scale[i] = (a!.scale[i]! + b!.scale[i]!) / 2;
      }
      out.set('ensemble', { point, scale });
    }
  }
  return out;
}

function valid(f: ModelForecast | null): f is ModelForecast {
  if (!f) return false;
  for (let i = 0; i < f.point.length; i++) if (!Number.isFinite(f.point[i]!) || !Number.isFinite(f.scale[i]!)) return false;
  return true;
}

export function forecastSeries(raw: Float64Array, o: ForecastOptions, deps: ForecastDeps): SeriesForecast {
  const bt = o.backtest ?? { horizon: 48, folds: 3, spacing: 24 };
  const shortest = o.periods[0] ?? 24;
  const need = o.minHistory ?? 2 * shortest + bt.horizon + (bt.folds - 1) * bt.spacing + shortest;
  if (raw.length < need) throw new TooShortError(raw.length, need);

  // Monotone series are not cleaned against a seasonal profile: a step (a volume extended)
  // is the signal there, not an outlier. Missing points are carried forward instead.
  let values: Float64Array;
  let cleaned: [number, number][] = [];
  let cleanedCount = 0;
  if (o.kind === 'seasonal') {
    const usable = usablePeriods(raw.length, o.periods);
    const c = cleanSeries(raw, usable[usable.length - 1] ?? shortest, 5);
    values = c.values;
    cleaned = c.replaced;
    cleanedCount = c.count;
  } else {
    values = Float64Array.from(raw);
    let last = Number.NaN;
    for (let i = 0; i < values.length; i++) {
      if (Number.isFinite(values[i]!)) last = values[i]!;
      else values[i] = last;
    }
    const firstFinite = values.findIndex((v) => Number.isFinite(v));
    for (let i = 0; i < firstFinite; i++) values[i] = values[firstFinite]!;
  }

  const models = candidates(o.kind, deps.mstl !== null);
  const cal = o.reuse && models.includes(o.reuse.model) ? o.reuse : backtest(values, raw, o, deps, models, bt, shortest);
  let chosen = cal.model;
  const { q80, q95 } = cal;
  let final = runAll([chosen], values, o, deps, o.horizon).get(chosen) ?? null;
  if (!valid(final)) {
    chosen = 'seasonal-naive';
    final = naiveModel(values, o.periods, o.horizon);
  }
  let segmentStart: number | null = null;
  let slope: number | null = null;
  if (o.kind === 'monotone') {
    const t = trendModel(values, 1, shortest, deps.changepoints ?? ((v) => stepChangepoints(v)));
    segmentStart = t.start;
    slope = t.slope;
  }
  // Bands around the unclamped point, then clamped: a trend that runs into a bound keeps its
  // upper edge moving towards it instead of sitting a fixed width above the bound.
  const point = final.point.map((v) => clamp(v, o.bounds));
  const b80 = band(final.point, final.scale, q80, o.bounds);
  const b95 = band(final.point, final.scale, q95, o.bounds);
  const free = band(final.point, final.scale, q80, { min: null, max: null });
  return {
    model: chosen,
    point,
    lower80: b80.lower,
    upper80: b80.upper,
    lower95: b95.lower,
    upper95: b95.upper,
    unclamped: { point: Float64Array.from(final.point), lower80: free.lower, upper80: free.upper },
    backtest: cal.backtest,
    calibration: { model: chosen, q80, q95, backtest: cal.backtest },
    cleaned,
    cleanedCount,
    segmentStart,
    slope,
    q80,
    q95,
  };
}

/** Rolling-origin backtest of every candidate: the best model by MASE, calibrated on its held-out points. */
function backtest(values: Float64Array, raw: Float64Array, o: ForecastOptions, deps: ForecastDeps, models: ModelName[], bt: NonNullable<ForecastOptions['backtest']>, shortest: number): Calibration {
  // Rolling origin: folds end `spacing` apart, the newest ending at the last point.
  const foldErrors = new Map<ModelName, number[]>();
  const foldScores = new Map<ModelName, number[][]>();
  const foldFits = new Map<ModelName, { f: ModelForecast; actual: Float64Array }[]>();
  let folds = 0;
  for (let k = bt.folds - 1; k >= 0; k--) {
    const origin = raw.length - bt.horizon - k * bt.spacing;
    if (origin < 2 * shortest) continue;
    // Sliding training window (at most `window` points) keeps the folds' MSTL fits cheap.
    const train = values.subarray(Math.max(0, origin - (bt.window ?? origin)), origin);
    const actual = raw.subarray(origin, origin + bt.horizon);
    // A noiseless cycle has a seasonal-difference scale of ~1e-15: treat it as degenerate
    // (MAE in the metric's unit) rather than divide rounding noise by rounding noise.
    const rawScale = maseScale(train, usablePeriods(train.length, o.periods).at(-1) ?? shortest);
    const scaleDenom = rawScale > 1e-9 * Math.max(1, Math.abs(median(train))) ? rawScale : 1;
    folds++;
    const fits = runAll(models, train, o, deps, bt.horizon);
    for (const m of models) {
      const f = fits.get(m) ?? null;
      if (!valid(f)) continue;
      const clamped = f.point.map((v) => clamp(v, o.bounds));
      const err = mae(actual, clamped) / scaleDenom;
      (foldErrors.get(m) ?? foldErrors.set(m, []).get(m)!).push(err);
      const scores: number[] = [];
      for (let h = 0; h < actual.length; h++) if (Number.isFinite(actual[h]!)) scores.push(conformalScore(actual[h]!, clamped[h]!, f.scale[h]!));
      (foldScores.get(m) ?? foldScores.set(m, []).get(m)!).push(scores);
      (foldFits.get(m) ?? foldFits.set(m, []).get(m)!).push({ f: { point: clamped, scale: f.scale }, actual });
    }
  }
  const mase: Partial<Record<ModelName, number>> = {};
  let chosen: ModelName = 'seasonal-naive';
  let best = Number.POSITIVE_INFINITY;
  for (const m of models) {
    const errs = foldErrors.get(m);
    // A model that failed on any fold is not trusted.
    if (!errs || errs.length !== folds || folds === 0) continue;
    const v = errs.reduce((a, b) => a + b, 0) / errs.length;
    mase[m] = v;
    if (v < best) {
      best = v;
      chosen = m;
    }
  }

  // Calibrate on every fold; report coverage leaving each fold out of its own calibration.
  const scores = foldScores.get(chosen) ?? [];
  const q80 = quantileOr(scores.flat(), 0.8, Z80);
  const q95 = quantileOr(scores.flat(), 0.95, Z95);
  let in80 = 0;
  let in95 = 0;
  let count = 0;
  (foldFits.get(chosen) ?? []).forEach((fit, j) => {
    const others = scores.filter((_, i) => i !== j).flat();
    const b80 = band(fit.f.point, fit.f.scale, quantileOr(others, 0.8, Z80), o.bounds);
    const b95 = band(fit.f.point, fit.f.scale, quantileOr(others, 0.95, Z95), o.bounds);
    const c80 = coverageCounts(fit.actual, b80.lower, b80.upper);
    const c95 = coverageCounts(fit.actual, b95.lower, b95.upper);
    in80 += c80.inside;
    in95 += c95.inside;
    count += c80.count;
  });

  return {
    model: chosen,
    q80,
    q95,
    backtest: { mase, coverage80: count ? in80 / count : Number.NaN, coverage95: count ? in95 / count : Number.NaN, folds, points: count, horizon: bt.horizon },
  };
}

function quantileOr(scores: number[], level: number, fallback: number): number {
  const q = conformalQuantile(scores, level);
  return Number.isFinite(q) ? q : fallback;
}
