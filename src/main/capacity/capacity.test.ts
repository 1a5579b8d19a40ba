// Integration: simulator datapoints in a real cache.db → a forecasting pass with the wasm
// models → the stored answers the API reads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyticsVolumeFullAt } from '../../sim/platform/capacity';
import { metricValue } from '../../sim/platform/model';
import { NotFoundError, BadInputError } from '../../shared/errors';
import { CapacityList } from '../../shared/contract/capacity';
import { SEED_RESOURCES, seriesKeyOf, type SeriesRef } from '../domain/capacity/catalogue';
import { openCache, type CacheStore } from '../store/cache';
import { CapacityStore } from '../store/capacity';
import { changepointFinder, mstlFitter } from './augurs';
import { computeCapacity, ForecastMemo } from './compute';
import { CapacityService } from './service';

const SEED = 11;
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const DAY_S = 86_400;

function fill(cache: CacheStore, refs: SeriesRef[], days: number, endSec: number): void {
  const ids = cache.ensureSeries(
    'demo',
    refs.map((r) => ({ key: seriesKeyOf(r), namespace: r.namespace, metric: r.metric, dimensions: r.dimensions, stat: r.stat, unit: null })),
  );
  for (const r of refs) {
    const id = ids.get(seriesKeyOf(r))!;
    const points = [];
    for (let t = endSec - days * DAY_S; t < endSec; t += 300) {
      const v = metricValue(SEED, { namespace: r.namespace, metricName: r.metric, dimensions: r.dimensions }, r.stat, 300, t);
      if (v !== null) points.push({ seriesId: id, ts: t, value: v });
    }
    cache.writePage(points, [{ seriesId: id, oldest: endSec - days * DAY_S, newest: endSec }]);
  }
}

const resources = SEED_RESOURCES.filter((r) => ['eks-nodes', 'rds-analytics', 'pods-recommendation-service', 'msk'].includes(r.id));
let store: CapacityStore;
let service: CapacityService;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-capacity-'));
  const { cache } = openCache(dir);
  const refs = resources.flatMap((r) => [...r.metrics.map((m) => m.series), ...(r.whatIf?.replicas ? [r.whatIf.replicas] : [])]);
  fill(cache, refs, 30, NOW / 1000);
  store = new CapacityStore(cache.db);
  const result = computeCapacity(store, 'demo', NOW, resources, { mstl: mstlFitter, changepoints: changepointFinder });
  expect(result.forecasts).toBeGreaterThanOrEqual(5);
  service = new CapacityService({ store, source: () => 'demo', configFile: join(dir, 'capacity.yaml'), computing: () => false });
}, 120_000);

describe('capacity pass over simulator data', () => {
  it('the filling volume’s days-until-full range contains the simulator’s true full time', () => {
    const row = service.list().rows.find((r) => r.id === 'rds-analytics/free-storage')!;
    expect(row.model).toBe('theil-sen');
    const truth = analyticsVolumeFullAt(SEED, NOW / 1000) * 1000;
    expect(row.crossing?.state).toBe('crossing');
    if (row.crossing?.state !== 'crossing') return;
    expect(row.crossing.p10).toBeLessThanOrEqual(truth);
    expect(row.crossing.p90).not.toBeNull();
    expect(row.crossing.p90!).toBeGreaterThanOrEqual(truth);
    // And the median is within a day of it.
    expect(Math.abs(row.crossing.p50! - truth)).toBeLessThan(DAY_S * 1000);
  });

  it('answers the contract, ranked, with accuracy labelled as backtest', () => {
    const list = CapacityList.parse(service.list());
    expect(list.rows.length).toBe(resources.reduce((n, r) => n + r.metrics.length, 0));
    for (const r of list.rows.filter((x) => x.problem === null)) {
      expect(r.accuracy?.basis).toBe('backtest');
      expect(r.accuracy?.coverage95).not.toBeNull();
    }
    // The seeds' request queue depth > 100 → scale out, from the simulator's per-service series.
    const queue = list.rows.find((r) => r.id === 'pods-recommendation-service/queue-depth')!;
    expect(queue).toMatchObject({ metric: 'Request queue depth', unit: 'count', threshold: 100, action: 'scale out', problem: null, whatIf: null });
    expect(queue.current).toBeGreaterThanOrEqual(0);
    expect(queue.crossing).not.toBeNull();
    // Kafka lag incidents in the window are cleaned before fitting, and say where.
    const lag = list.rows.find((r) => r.id === 'msk/queue-depth')!;
    expect(lag.cleaning.count).toBeGreaterThanOrEqual(0);
  });

  it('charts stay within 2,000 points a series and bounded series within bounds', () => {
    const chart = service.chart('eks-nodes/cpu');
    expect(chart.history.length).toBeLessThanOrEqual(2000);
    expect(chart.forecast.length).toBeLessThanOrEqual(2000);
    for (const [, p, l80, u80, l95, u95] of chart.forecast) {
      for (const v of [p, l80, u80, l95, u95]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
      expect(l95).toBeLessThanOrEqual(l80);
      expect(u95).toBeGreaterThanOrEqual(u80);
    }
  });

  it('what-if: twice the nodes halves the utilisation forecast; 0 or negative capacity is refused at the field', () => {
    const row = service.list().rows.find((r) => r.id === 'eks-nodes/cpu')!;
    const base = service.chart('eks-nodes/cpu');
    const w = service.whatIf('eks-nodes/cpu', row.whatIf!.current * 2);
    expect(w.forecast[0]![1]).toBeCloseTo(base.forecast[0]![1] / 2, 9);
    expect(() => service.whatIf('eks-nodes/cpu', 0)).toThrow(BadInputError);
    expect(() => service.whatIf('eks-nodes/cpu', -3)).toThrow(/^capacity: must be greater than 0/);
    expect(() => service.whatIf('rds-analytics/free-storage', 2)).toThrow(/has no what-if/);
  });

  it('unknown ids are NOT_FOUND', () => {
    expect(() => service.chart('nope/cpu')).toThrow(NotFoundError);
    expect(() => service.whatIf('nope/cpu', 3)).toThrow(NotFoundError);
  });

  it('the autoscaler row says when pods reach max for the growing service', () => {
    const row = service.list().rows.find((r) => r.id === 'pods-recommendation-service/cpu')!;
    expect(row.autoscaler).toMatchObject({ noun: 'pods', min: 2, max: 10 });
    expect(row.autoscaler?.current).toBeGreaterThanOrEqual(2);
    expect(row.autoscaler?.atMax).not.toBeNull();
    // The what-if's HPA scales on pod CPU (70 %) and pod memory (80 %); the larger proposal wins.
    const w = service.whatIf(row.id, row.autoscaler!.current!);
    expect(w.hpa?.metrics.map((m) => [m.metric, m.target])).toEqual([['cpu', 70], ['memory', 80]]);
    expect(w.desiredPeak).toBe(Math.max(...w.hpa!.metrics.map((m) => m.desiredPeak)));
    expect(w.hpa?.decidedPeak).toBe(w.hpa!.metrics.find((m) => m.desiredPeak === w.desiredPeak)!.label);
  });

  it('a bad capacity.yaml is reported and the defaults stay', () => {
    writeFileSync(join(dir, 'capacity.yaml'), 'resources:\n  eks-nodes:\n    metrics:\n      cpu: { threshold: 170 }\n');
    const list = service.list();
    expect(list.configErrors[0]).toMatch(/capacity\.yaml:4:25: resources\.eks-nodes\.metrics\.cpu\.threshold: 170 is outside CPU's bounds/);
  });

  it('scores a stored forecast once its horizon has passed', () => {
    // Pretend the archived forecasts were made 3 days ago: the pass 3 days on scores them.
    store.db.prepare('UPDATE capacity_forecasts SET made_at = made_at - ?, start = start - ?, horizon_end = horizon_end - ?').run(3 * DAY_S * 1000, 3 * DAY_S * 1000, 3 * DAY_S * 1000);
    const r = computeCapacity(store, 'demo', NOW + 1000, resources, { mstl: mstlFitter, changepoints: changepointFinder });
    expect(r.scored).toBeGreaterThan(0);
    // Scored forecasts keep their scores, not their points.
    const bodies = store.db.prepare('SELECT body FROM capacity_forecasts WHERE scored_at IS NOT NULL').pluck().all() as string[];
    expect(bodies.length).toBe(r.scored);
    expect(new Set(bodies)).toEqual(new Set(['{}']));
    const row = service.list().rows.find((x) => x.id === 'eks-nodes/cpu')!;
    expect(row.accuracy?.basis).toBe('live');
    expect(row.accuracy?.points).toBeGreaterThan(0);
  }, 120_000);
});

describe('a pass whose input has not changed since the last one', () => {
  it('reuses the forecasts instead of refitting, gives the same answer, and refits once an hour completes', () => {
    const d = mkdtempSync(join(tmpdir(), 'opsdeck-capacity-memo-'));
    const { cache } = openCache(d);
    const nodes = SEED_RESOURCES.filter((r) => r.id === 'eks-nodes');
    const refs = nodes.flatMap((r) => [...r.metrics.map((m) => m.series), ...(r.whatIf?.replicas ? [r.whatIf.replicas] : [])]);
    fill(cache, refs, 30, NOW / 1000);
    const s = new CapacityStore(cache.db);
    let fits = 0;
    const counting: typeof mstlFitter = (...a) => {
      fits++;
      return mstlFitter(...a);
    };
    const memo = new ForecastMemo();
    const deps = { mstl: counting, changepoints: changepointFinder, memo };
    computeCapacity(s, 'demo', NOW, nodes, deps);
    const afterFirst = fits;
    const stored = s.archivedCount('demo');
    expect(stored).toBe(nodes.reduce((n, r) => n + r.metrics.length, 0));
    expect(afterFirst).toBeGreaterThan(0);
    const charts = (): (string | null)[] => nodes.flatMap((r) => r.metrics.map((m) => s.chart('demo', `${r.id}/${m.id}`)));
    const first = charts().map((c) => JSON.parse(c!) as { point: number[]; upper95: number[] });

    // Ten minutes on, no new data: nothing is refitted and the forecasts are the same.
    computeCapacity(s, 'demo', NOW + 600_000, nodes, deps);
    expect(fits).toBe(afterFirst);
    expect(memo.hits).toBeGreaterThan(0);
    // The same forecasts: nothing new to store.
    expect(s.archivedCount('demo')).toBe(stored);
    const second = charts().map((c) => JSON.parse(c!) as { point: number[]; upper95: number[] });
    expect(second.map((c) => c.point)).toEqual(first.map((c) => c.point));
    // The same pass without the memo computes the same numbers (the memo changes cost, not answers).
    computeCapacity(s, 'demo', NOW + 600_000, nodes, { mstl: mstlFitter, changepoints: changepointFinder });
    expect(charts().map((c) => (JSON.parse(c!) as { upper95: number[] }).upper95)).toEqual(second.map((c) => c.upper95));

    // An hour of new data: the hourly and 5-minute models are fitted again.
    fill(cache, refs, 1 / 24, NOW / 1000 + 3600);
    computeCapacity(s, 'demo', NOW + 3_700_000, nodes, deps);
    expect(fits).toBeGreaterThan(afterFirst);
    // Every forecast is stored: the new hour's forecasts join the first ones.
    expect(s.archivedCount('demo')).toBe(2 * stored);
    cache.close();
  }, 120_000);
});

describe('a spike within the last hour', () => {
  it('reads "now" from the newest 5-minute reading, so it agrees with "already beyond"', () => {
    // A p95 around 300 ms with a daily cycle for 30 days, then 3 s for the last 40 minutes: the
    // last whole hour's mean is still far below the 1 s threshold.
    const spikeDir = mkdtempSync(join(tmpdir(), 'opsdeck-capacity-spike-'));
    const { cache } = openCache(spikeDir);
    const resource = SEED_RESOURCES.find((r) => r.id === 'pods-payment-service')!;
    const p95 = { ...resource, metrics: resource.metrics.filter((m) => m.id === 'p95'), whatIf: null, autoscaler: null };
    const ref: SeriesRef = p95.metrics[0]!.series;
    expect(ref).toMatchObject({ metric: 'Latency', stat: 'p95' });
    const id = cache.ensureSeries('demo', [{ key: seriesKeyOf(ref), namespace: ref.namespace, metric: ref.metric, dimensions: ref.dimensions, stat: ref.stat, unit: null }]).get(seriesKeyOf(ref))!;
    const end = NOW / 1000 + 40 * 60;
    const points = [];
    for (let t = end - 30 * DAY_S; t < end; t += 300) {
      const daily = 300 + 60 * Math.sin((2 * Math.PI * (t % DAY_S)) / DAY_S);
      points.push({ seriesId: id, ts: t, value: t >= end - 40 * 60 ? 3000 : daily });
    }
    cache.writePage(points, [{ seriesId: id, oldest: end - 30 * DAY_S, newest: end }]);
    const spikeStore = new CapacityStore(cache.db);
    computeCapacity(spikeStore, 'demo', end * 1000, [p95], { mstl: mstlFitter, changepoints: changepointFinder });
    const row = new CapacityService({ store: spikeStore, source: () => 'demo', configFile: join(spikeDir, 'capacity.yaml'), computing: () => false }).list().rows[0]!;
    expect(row.crossing?.state).toBe('already');
    expect(row.current).toBe(3000);
    expect(row.headroom).toBe(-2000);
  }, 120_000);
});
