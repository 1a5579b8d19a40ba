// The wasm side of the capacity models: MSTL (daily + weekly seasonality, AutoETS trend) and
// Bayesian changepoints from @bsull/augurs. Initialised synchronously from the .wasm files on
// disk — the package's default async init fetch()es a file URL, which Node refuses. Main side
// only (worker threads, tests, benchmarks), never the renderer; the maths it feeds is in
// domain/capacity, which gets these as plain functions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as changepoint from '@bsull/augurs/changepoint';
import * as mstl from '@bsull/augurs/mstl';
import type { ChangepointFinder, ModelForecast, SeasonalFitter } from '../domain/capacity/forecast';

let ready = false;

function packageDir(): string {
  // CommonJS in the built app, ESM under vitest: resolve from whichever names this file.
  const base = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
  return dirname(createRequire(base).resolve('@bsull/augurs/mstl'));
}

export function initAugurs(): void {
  if (ready) return;
  const dir = packageDir();
  mstl.initSync({ module: readFileSync(join(dir, 'mstl_bg.wasm')) });
  changepoint.initSync({ module: readFileSync(join(dir, 'changepoint_bg.wasm')) });
  ready = true;
}

const LEVEL = 0.95;
const Z95 = 1.959964;

/** MSTL + AutoETS; its 95 % half-width ÷ 1.96 is the per-step scale that conformal calibration rescales. */
export const mstlFitter: SeasonalFitter = (train, periods, horizon): ModelForecast | null => {
  initAugurs();
  const model = mstl.MSTL.ets([...periods], { impute: true });
  try {
    model.fit(train);
    const f = model.predict(horizon, LEVEL);
    if (!f.intervals || f.point.length !== horizon) return null;
    const point = Float64Array.from(f.point);
    const scale = new Float64Array(horizon);
    for (let i = 0; i < horizon; i++) scale[i] = (f.intervals.upper[i]! - f.intervals.lower[i]!) / (2 * Z95);
    return { point, scale };
  } catch {
    return null;
  } finally {
    model.free();
  }
};

/**
 * Changepoints of a monotone series with steps. The detector looks for shifts in the mean,
 * and a steady trend is one long shift, so it runs on the hour-to-hour differences: an
 * extension shows there as a jump, the fill rate as the level.
 */
export const changepointFinder: ChangepointFinder = (values) => {
  initAugurs();
  const d = new Float64Array(Math.max(0, values.length - 1));
  for (let i = 1; i < values.length; i++) d[i - 1] = values[i]! - values[i - 1]!;
  const detector = changepoint.ChangepointDetector.normalGamma();
  try {
    // A changepoint at difference index i is a step between values i and i + 1.
    return detector.detectChangepoints(d).indices.filter((i) => i > 0).map((i) => i + 1);
  } finally {
    detector.free();
  }
};
