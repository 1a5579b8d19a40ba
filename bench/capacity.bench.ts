// Capacity forecast benchmark (issue 12), over the simulator's capacity series (the
// catalogue's 33 targets: utilisation, latency, lag, storage, disks).
//
//   forecast.mase_ratio     median over series of (chosen model's MAE ÷ weekly seasonal naive's
//                           MAE) — the MASE ratio, the scale cancels — by rolling origin: three
//                           origins 48 h apart, each forecasting 48 h from the 30 days before it
//                           with the full pipeline (clean, backtest, choose, calibrate). Target ≤ 0.85.
//   forecast.coverage95/80  share of those held-out hourly values inside the calibrated 95 % /
//                           80 % intervals, pooled. Targets 0.92–0.98 / 0.75–0.85.
//   forecast.ms_per_series  one series: 30 days hourly, daily + weekly seasonality, 14-day
//                           horizon, as most passes run it (the chosen model refitted, the
//                           backtest's choice and multipliers reused for 6 h). Target ≤ 100 ms.
//                           Baseline: one bare MSTL fit + predict, same run (target as a
//                           ratio: 100 ms ÷ 41 ms bare = 2.44).
//   forecast.ms_per_series_backtest  the same series when its backtest is due.
//   forecast.ms_per_series_per_pass  the hourly model's cost per 10-minute pass, amortised
//                           over the 6 h calibration cycle (unchanged input is memoised).
//   capacity.page_ms        the Capacity API answer for 200 stored series, warm (validated and
//                           serialised as the API sends it). Target < 100 ms. Baseline: the
//                           same answer cold (stored rows parsed on first read).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changepointFinder, initAugurs, mstlFitter } from '../src/main/capacity/augurs';
import { BACKTEST, BACKTEST_MONOTONE, ForecastMemo } from '../src/main/capacity/compute';
import { CapacityService } from '../src/main/capacity/service';
import { mae } from '../src/main/domain/capacity/accuracy';
import { SEED_RESOURCES } from '../src/main/domain/capacity/catalogue';
import { forecastSeries } from '../src/main/domain/capacity/forecast';
import { seasonalNaive } from '../src/main/domain/capacity/seasonal';
import { median } from '../src/main/domain/capacity/stats';
import { openCache } from '../src/main/store/cache';
import { CapacityStore } from '../src/main/store/capacity';
import { CapacityList, type CapacityRow } from '../src/shared/contract/capacity';
import { metricValue } from '../src/sim/platform/model';
import { medianMs, recordFigure } from './results';

const SEED = 20251023;
const END = Date.UTC(2026, 10, 30, 0, 0) / 1000;
const H = 3600;
const HORIZON = 48;
const ORIGINS = 3;

function hourly(ref: (typeof SEED_RESOURCES)[number]['metrics'][number]['series'], fromSec: number, hours: number): Float64Array {
  const out = new Float64Array(hours);
  const m = { namespace: ref.namespace, metricName: ref.metric, dimensions: ref.dimensions };
  for (let i = 0; i < hours; i++) out[i] = metricValue(SEED, m, ref.stat, H, fromSec + i * H) ?? Number.NaN;
  return out;
}

describe('capacity forecasts', () => {
  it('accuracy and interval coverage by rolling origin', () => {
    initAugurs();
    const deps = { mstl: mstlFitter, changepoints: changepointFinder };
    const ratios: number[] = [];
    let in80 = 0;
    let in95 = 0;
    let n = 0;
    const perSeries: string[] = [];
    for (const r of SEED_RESOURCES) {
      for (const m of r.metrics) {
        const total = 30 * 24 + ORIGINS * HORIZON;
        const y = hourly(m.series, END - total * H, total);
        let chosenErr = 0;
        let naiveErr = 0;
        for (let k = ORIGINS; k >= 1; k--) {
          const origin = total - k * HORIZON;
          const train = y.subarray(origin - 30 * 24, origin);
          const actual = y.subarray(origin, origin + HORIZON);
          const f = forecastSeries(train, { kind: m.kind, bounds: m.bounds, periods: [24, 168], horizon: HORIZON, backtest: m.kind === 'seasonal' ? BACKTEST : BACKTEST_MONOTONE }, deps);
          chosenErr += mae(actual, f.point);
          naiveErr += mae(actual, seasonalNaive(train, 168, HORIZON));
          for (let h = 0; h < HORIZON; h++) {
            const a = actual[h]!;
            if (!Number.isFinite(a)) continue;
            n++;
            if (a >= f.lower80[h]! && a <= f.upper80[h]!) in80++;
            if (a >= f.lower95[h]! && a <= f.upper95[h]!) in95++;
          }
        }
        const ratio = naiveErr > 0 ? chosenErr / naiveErr : 1;
        ratios.push(ratio);
        perSeries.push(`${r.id}/${m.id} ${ratio.toFixed(2)}`);
      }
    }
    console.log(perSeries.join('\n'));
    const ratio = median(ratios);
    recordFigure('forecast.mase_ratio', {
      value: Number(ratio.toFixed(3)),
      unit: 'ratio',
      note: `median over ${ratios.length} simulator capacity series of chosen-model MASE ÷ weekly seasonal naive MASE; ${ORIGINS} rolling origins, 48 h horizon, 30 days hourly history each; target ≤ 0.85`,
    });
    recordFigure('forecast.coverage95', { value: Number((in95 / n).toFixed(3)), unit: 'share', note: `${n} held-out hourly values, same origins; target 0.92–0.98` });
    recordFigure('forecast.coverage80', { value: Number((in80 / n).toFixed(3)), unit: 'share', note: `${n} held-out hourly values, same origins; target 0.75–0.85` });
    expect(n).toBeGreaterThan(1000);
  });

  it('ms per series and the API answer for 200 series', async () => {
    initAugurs();
    const cpu = SEED_RESOURCES[0]!.metrics[0]!;
    const y = hourly(cpu.series, END - 30 * 24 * H, 30 * 24);
    const deps = { mstl: mstlFitter, changepoints: changepointFinder };
    const opts = { kind: 'seasonal' as const, bounds: cpu.bounds, periods: [24, 168], horizon: 14 * 24, backtest: BACKTEST };
    const first = forecastSeries(y, opts, deps);
    // Interleaved rounds, so a burst of load on this shared machine hits baseline and subject alike.
    const bareRuns: number[] = [];
    const refitRuns: number[] = [];
    const fullRuns: number[] = [];
    const hitRuns: number[] = [];
    const memo = new ForecastMemo();
    memo.forecast('cpu', y, { ...opts, reuse: first.calibration }, deps);
    for (let round = 0; round < 5; round++) {
      bareRuns.push(await medianMs(3, () => mstlFitter(y, [24, 168], 14 * 24)));
      refitRuns.push(await medianMs(3, () => forecastSeries(y, { ...opts, reuse: first.calibration }, deps)));
      fullRuns.push(await medianMs(3, () => forecastSeries(y, opts, deps)));
      hitRuns.push(await medianMs(3, () => memo.forecast('cpu', y, { ...opts, reuse: first.calibration }, deps)));
    }
    const bare = median(bareRuns);
    const refit = median(refitRuns);
    const full = median(fullRuns);
    const hit = median(hitRuns);
    // The target (≤ 100 ms) was set where a bare fit took 41 ms: as a ratio, ≤ 2.44 bare fits.
    const RATIO_TARGET = 100 / 41;
    recordFigure('forecast.ms_per_series', {
      value: Number(refit.toFixed(1)),
      unit: 'ms',
      baseline: Number(bare.toFixed(1)),
      ratio: refit / bare,
      note: `one 30-day hourly series, 14-day horizon, as most forecasts are made: clean, refit the chosen model (model choice and conformal multipliers reused from a backtest < 6 h old), bands; median of 5 interleaved rounds (median of 3 each); baseline one bare MSTL fit + predict of the same series in the same rounds; target ≤ 100 ms where a bare fit takes 41 ms, i.e. ratio ≤ ${RATIO_TARGET.toFixed(2)}`,
    });
    recordFigure('forecast.ms_per_series_backtest', {
      value: Number(full.toFixed(1)),
      unit: 'ms',
      baseline: Number(bare.toFixed(1)),
      ratio: full / bare,
      note: `the same series when its backtest is due (every 6 h): 3 rolling-origin folds (21-day windows) of MSTL, seasonal naive and their mean, choice, conformal calibration, final fit; same rounds; ratio target ${RATIO_TARGET.toFixed(2)}`,
    });
    // Per pass (every 10 minutes) over a 6 h calibration cycle: 1 backtest, 5 refits (an hour
    // completed), 30 passes on unchanged hourly input answered from the worker's memo.
    const perPass = (full + 5 * refit + 30 * hit) / 36;
    recordFigure('forecast.ms_per_series_per_pass', {
      value: Number(perPass.toFixed(1)),
      unit: 'ms',
      baseline: Number(bare.toFixed(1)),
      ratio: perPass / bare,
      note: `hourly model cost per series per 10-minute pass, amortised over a 6 h cycle (1 backtest ${full.toFixed(1)} ms + 5 refits ${refit.toFixed(1)} ms + 30 memo hits ${hit.toFixed(2)} ms) ÷ 36; the 5-minute near-term model is extra (its input changes every pass)`,
    });

    // 200 stored rows → the API answer.
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-capbench-'));
    const { cache } = openCache(dir);
    const store = new CapacityStore(cache.db);
    const T = END * 1000;
    const rows = Array.from({ length: 200 }, (_, i): { target: string; summary: CapacityRow; chart: unknown } => {
      const summary: CapacityRow = {
        id: `bench-${i}/cpu`,
        resourceId: `bench-${i}`,
        resource: `Bench resource ${i}`,
        metricId: 'cpu',
        metric: 'CPU',
        unit: 'percent',
        threshold: 70,
        direction: 'above',
        sustainMinutes: 15,
        action: 'scale up',
        current: 40 + (i % 30),
        headroom: 30 - (i % 30),
        crossing: i % 3 === 0 ? { state: 'none', horizonEnd: T + 14 * 86_400_000 } : { state: 'crossing', p10: T + i * 3_600_000, p50: T + i * 4_000_000, p90: null, horizonEnd: T + 14 * 86_400_000 },
        crossingResolution: '1h',
        autoscaler: null,
        model: 'mstl',
        accuracy: { basis: 'backtest', mase: 0.8, naiveMase: 1, coverage80: 0.8, coverage95: 0.95, points: 144, horizonHours: 48, verdict: 'good', words: null },
        cleaning: { count: 3, spans: [{ from: T - 86_400_000, to: T - 82_800_000 }] },
        problem: null,
        whatIf: { label: 'Node count', unit: 'nodes', current: 6 },
        dataAsOf: T,
        madeAt: T,
      };
      const forecast = Array.from({ length: 336 }, (_, h) => 50 + Math.sin(h / 4));
      return { target: summary.id, summary, chart: { history: [], start: T, step: 3_600_000, point: forecast, lower80: forecast, upper80: forecast, lower95: forecast, upper95: forecast, seriesKey: 'x' } };
    });
    store.putLatest('demo', T, rows);
    const answer = (s: CapacityService): string => JSON.stringify(CapacityList.parse(s.list()));
    const cold = await medianMs(5, () => answer(new CapacityService({ store, source: () => 'demo', configFile: join(dir, 'capacity.yaml'), computing: () => false })));
    const service = new CapacityService({ store, source: () => 'demo', configFile: join(dir, 'capacity.yaml'), computing: () => false });
    answer(service);
    const warm = await medianMs(21, () => answer(service));
    expect(CapacityList.parse(service.list()).rows).toHaveLength(200);
    recordFigure('capacity.page_ms', {
      value: Number(warm.toFixed(2)),
      unit: 'ms',
      baseline: Number(cold.toFixed(2)),
      ratio: warm / cold,
      note: 'capacity API answer (stored forecasts, zod-validated, JSON) for 200 series, warm, median of 21; baseline the same answer cold (rows parsed from cache.db); target < 100 ms',
    });
    cache.close();
  });
});
