// Store → SLI buckets → domain: hand-built cache contents with hand-computed figures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SLOS, type SloDef } from '../config/slos';
import { openCache, type CacheStore, type PointRow } from '../store/cache';
import { explainPlain, type ExplainStep } from '../domain/slo/maths';
import { SloService, thresholdText } from './evaluate';

/** An explain step with its cells as plain text (the figures in the main side's notation). */
function plain(s: ExplainStep | undefined) {
  return s === undefined ? undefined : { ...s, substituted: explainPlain(s.substituted), result: explainPlain(s.result) };
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Minute-, 5-minute- and hour-aligned, so the 30-day window starts on a bucket boundary.
const NOW = Date.UTC(2026, 10, 20, 15, 0);
const S = (ms: number): number => Math.floor(ms / 1000);

const order = DEFAULT_SLOS.find((s) => s.id === 'order-availability') as SloDef;
const apiLatency = DEFAULT_SLOS.find((s) => s.id === 'api-latency-p95') as SloDef;

let caches: CacheStore[] = [];
afterEach(() => {
  for (const c of caches) c.close();
  caches = [];
});

function newCache(): CacheStore {
  const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-slo-eval-')));
  caches.push(cache);
  return cache;
}

function series(cache: CacheStore, namespace: string, metric: string, dims: Record<string, string>, stat: string): number {
  const dimensions = Object.entries(dims).map(([name, value]) => ({ name, value }));
  const key = `${namespace}|${metric}|${dimensions.map((d) => `${d.name}=${d.value}`).join(',')}|${stat}`;
  return cache.ensureSeries('demo', [{ key, namespace, metric, dimensions, stat, unit: null }]).get(key) as number;
}

/** 31 days of order-service traffic: 1000 requests a minute (60 s data for 15 days, 300 s before), and 5xx only where given. */
function orderTraffic(cache: CacheStore, errors: (minuteStartMs: number) => number, until = NOW, requests: (minuteStartMs: number) => number = () => 1000): void {
  const req = series(cache, 'ECommerce/Services', 'RequestCount', { Service: 'order-service' }, 'Sum');
  const e5 = series(cache, 'ECommerce/Services', 'Http5xxCount', { Service: 'order-service' }, 'Sum');
  const points: PointRow[] = [];
  const boundary = NOW - 15 * DAY;
  for (let t = NOW - 31 * DAY; t < boundary; t += 5 * MIN) {
    let total = 0;
    for (let m = 0; m < 5; m++) total += requests(t + m * MIN);
    points.push({ seriesId: req, ts: S(t), value: total });
    let bad = 0;
    for (let m = 0; m < 5; m++) bad += errors(t + m * MIN);
    if (bad > 0) points.push({ seriesId: e5, ts: S(t), value: bad });
  }
  for (let t = boundary; t < until; t += MIN) {
    points.push({ seriesId: req, ts: S(t), value: requests(t) });
    const bad = errors(t);
    // Like CloudWatch, nothing is published for a minute without errors.
    if (bad > 0) points.push({ seriesId: e5, ts: S(t), value: bad });
  }
  cache.writePage(points, [
    { seriesId: req, oldest: S(NOW - 31 * DAY), newest: S(until) },
    { seriesId: e5, oldest: S(NOW - 31 * DAY), newest: S(until) },
  ]);
}

/** The ongoing spike: 50 errors a minute for the last 40 minutes; plus 100 errors 10 days ago. */
function spike(t: number): number {
  if (t >= NOW - 40 * MIN && t < NOW) return 50;
  if (t >= NOW - 10 * DAY && t < NOW - 10 * DAY + 10 * MIN) return 10;
  return 0;
}

describe('event-ratio SLO from the cache (order-service availability, 99.9 % over 30 days)', () => {
  it('computes attainment, budget and burn rates to the decimal', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const service = new SloService(cache, 'demo');
    const asOf = service.asOf(NOW + 5 * HOUR);
    // Evaluated as of the newest datapoint (NOW − 1 min) + 1 min, not the wall clock.
    expect(asOf).toBe(NOW);
    const s = service.summary(order, NOW);
    // 30 days × 1440 minutes × 1000 requests; 40 × 50 + 10 × 10 failures.
    expect(s.total).toBe(43_200_000);
    expect(s.bad).toBe(2_100);
    expect(s.attainmentPct).toBeCloseTo(100 * (1 - 2_100 / 43_200_000), 10);
    expect(s.coverage).toBe(1);
    // Budget 0.001 × 43 200 min = 43.2 min; consumed 2100 / 43.2 M × 43 200 min = 2.1 min.
    expect(s.budget.totalMinutes).toBeCloseTo(43.2, 9);
    expect(s.budget.consumedMinutes).toBeCloseTo(2.1, 9);
    expect(s.budget.remainingMinutes).toBeCloseTo(41.1, 9);
    expect(s.budget.remainingPct).toBeCloseTo((100 * 41.1) / 43.2, 9);
    const burn = Object.fromEntries(s.burnRates.map((b) => [b.key, b.burnRate]));
    expect(burn['5m']).toBeCloseTo(250 / 5_000 / 0.001, 9); // 50×
    expect(burn['30m']).toBeCloseTo(1_500 / 30_000 / 0.001, 9); // 50×
    expect(burn['1h']).toBeCloseTo(2_000 / 60_000 / 0.001, 9); // 33.3×
    expect(burn['6h']).toBeCloseTo(2_000 / 360_000 / 0.001, 9); // 5.56×
    expect(burn['1d']).toBeCloseTo(2_000 / 1_440_000 / 0.001, 9);
    expect(burn['3d']).toBeCloseTo(2_000 / 4_320_000 / 0.001, 9);
    // Time to exhaustion at the 1 h burn: (41.1 / 43.2) × 43 200 min ÷ 33.33 = 1233 min.
    expect(s.timeToExhaustionMs).toBeCloseTo(1_233 * MIN, 3);
    expect(s.window).toMatchObject({ kind: 'rolling', start: NOW - 30 * DAY, end: NOW, zone: 'UTC', label: 'rolling 30 days (UTC)' });
    expect(s.dataAsOf).toBe(NOW);
    expect(s.sli).toBe('1 − Http5xxCount ÷ RequestCount');
  });

  it('pages on the fast burn, and knows since when (first minute with 1 h ≥ 14.4× and 5 m ≥ 14.4×)', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const s = new SloService(cache, 'demo').summary(order, NOW);
    // 1 h needs ≥ 864 bad of 60 000: 18 spike minutes (900) first at NOW − 22 min.
    expect(s.alert).toMatchObject({ state: 'page', rule: 'fast burn', longWindow: '1h', shortWindow: '5m', threshold: 14.4, since: NOW - 22 * MIN, sinceIsLowerBound: false });
    expect(s.alert.longBurnRate).toBeCloseTo(33.333333, 5);
    // Budget is fine (4.9 % spent) but a page-level burn makes it a WARNING.
    expect(s.status).toBe('WARNING');
    expect(s.reason).toMatch(/^fast burn alert \(page\)/);
  });

  it('publishes the firing burn alert for the alert queue', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const alerts = new SloService(cache, 'demo').burnAlerts([order, DEFAULT_SLOS.find((d) => d.id === 'search-availability') as SloDef], NOW);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a).toMatchObject({ id: 'slo-burn:order-availability', sloId: 'order-availability', service: 'order-service', severity: 'page', rule: 'fast burn', since: NOW - 22 * MIN, window: '1h/5m', evaluatedAt: NOW });
    expect(a.sloSeverity).toBeUndefined();
    expect(a.burnRate).toBeCloseTo(33.333333, 5);
    // Burn rates to 3 significant figures, the budget in one unit, the time with its zone — never raw ISO.
    expect(a.description).toMatch(/burning its error budget at 33\.3× over 1h and 50× over 5m \(fast burn, threshold 14\.4×\); target 99\.9 % over .+\. 41\.1 min of 43\.2 min budget left\. As of \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
  });

  it('the same figures from settled buckets kept in memory as from a fresh read, also after new data arrives', () => {
    const cache = newCache();
    orderTraffic(cache, spike, NOW - 10 * MIN);
    const kept = new SloService(cache, 'demo');
    kept.summary(order, NOW - 10 * MIN);
    // Ten more minutes arrive; the kept service reuses its settled buckets.
    orderTraffic(cache, spike);
    const warm = kept.summary(order, NOW);
    const fresh = new SloService(cache, 'demo').summary(order, NOW);
    expect(warm).toEqual(fresh);
    expect(warm.bad).toBe(2_100);
  });

  it('offline: a later wall clock changes nothing — the figures stay as of the newest datapoint', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const service = new SloService(cache, 'demo');
    const later = service.asOf(NOW + 6 * HOUR) as number;
    expect(service.summary(order, later)).toEqual(service.summary(order, NOW));
  });

  it('a gap the sync never fetched counts against coverage; below 50 % the status is INSUFFICIENT_DATA', () => {
    const cache = newCache();
    const req = series(cache, 'ECommerce/Services', 'RequestCount', { Service: 'order-service' }, 'Sum');
    const e5 = series(cache, 'ECommerce/Services', 'Http5xxCount', { Service: 'order-service' }, 'Sum');
    const points: PointRow[] = [];
    for (let t = NOW - 12 * DAY; t < NOW; t += MIN) points.push({ seriesId: req, ts: S(t), value: 100 });
    cache.writePage(points, [
      { seriesId: req, oldest: S(NOW - 12 * DAY), newest: S(NOW) },
      { seriesId: e5, oldest: S(NOW - 12 * DAY), newest: S(NOW) },
    ]);
    const s = new SloService(cache, 'demo').summary(order, NOW);
    expect(s.coverage).toBeCloseTo(0.4, 9);
    expect(s.status).toBe('INSUFFICIENT_DATA');
    expect(s.reason).toBe('data covers 40 % of the window so far, at least 50 % needed');
    expect(s.total).toBe(12 * 1440 * 100);
  });

  it('an unknown metric leaves the SLO INSUFFICIENT_DATA with the reason; a stat not collected says which are', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const service = new SloService(cache, 'demo');
    const unknown: SloDef = {
      ...order,
      id: 'x',
      sli: { ...(order.sli as Extract<SloDef['sli'], { kind: 'event-ratio' }>), total: { queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Services', metric: 'RequestCnt', dimensions: [{ name: 'Service', value: 'order-service' }], stat: 'Sum' } }], expression: 'm1' } },
    };
    const s = service.summary(unknown, NOW);
    expect(s.status).toBe('INSUFFICIENT_DATA');
    expect(s.reason).toBe("total: unknown metric: ECommerce/Services RequestCnt is not in the metric catalogue of 'demo'");
    expect(s.warnings).toContain(s.reason);
    const wrongDims: SloDef = { ...unknown, sli: { ...(unknown.sli as Extract<SloDef['sli'], { kind: 'event-ratio' }>), total: { queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Services', metric: 'RequestCount', dimensions: [{ name: 'Service', value: 'cart' }], stat: 'Sum' } }], expression: 'm1' } } };
    expect(service.summary(wrongDims, NOW).reason).toBe('total: unknown metric: ECommerce/Services RequestCount has no series with dimensions {Service=cart}; it has {Service=order-service}');
    const wrongStat: SloDef = { ...unknown, sli: { ...(unknown.sli as Extract<SloDef['sli'], { kind: 'event-ratio' }>), total: { queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Services', metric: 'RequestCount', dimensions: [{ name: 'Service', value: 'order-service' }], stat: 'Average' } }], expression: 'm1' } } };
    expect(service.summary(wrongStat, NOW).reason).toBe('total: ECommerce/Services RequestCount {Service=order-service} Average: the statistic Average is not collected for this metric (collected: Sum)');
  });

  it('an SLO that cannot be evaluated (a target of 100 %) is INSUFFICIENT_DATA with the reason; the others are unaffected', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const service = new SloService(cache, 'demo');
    const broken = service.summary({ ...order, id: 'broken', targetPct: 100 }, NOW);
    expect(broken.status).toBe('INSUFFICIENT_DATA');
    expect(broken.reason).toBe('could not be evaluated: targetPct: must be greater than 0 and less than 100, got 100');
    expect(service.summary(order, NOW).bad).toBe(2_100);
  });

  it('a calendar month in America/New_York: the window is the local month, the budget its length', () => {
    const cache = newCache();
    orderTraffic(cache, () => 0);
    const monthly: SloDef = { ...order, window: { kind: 'calendar', unit: 'month', zone: 'America/New_York' } };
    const s = new SloService(cache, 'demo').summary(monthly, NOW);
    // November 2026 in New York: 1 Nov 04:00 UTC (EDT) to 1 Dec 05:00 UTC (EST) = 721 h.
    expect(s.window).toMatchObject({ kind: 'calendar', start: Date.UTC(2026, 10, 1, 4), end: Date.UTC(2026, 11, 1, 5), zone: 'America/New_York' });
    expect(s.window.label).toBe('calendar month, November 2026 (America/New_York)');
    expect(s.budget.totalMinutes).toBeCloseTo(0.001 * 721 * 60, 9);
    // 1 Nov 04:00 → 20 Nov 15:00 UTC = 19 d 11 h = 28 020 minutes of 1000 requests.
    expect(s.total).toBe(28_020_000);
    expect(s.status).toBe('OK');
  });
});

describe('counters published only when something happens (background jobs)', () => {
  it('a fetched minute without a datapoint has no events, so the window is fully covered', () => {
    const cache = newCache();
    const runs = series(cache, 'ECommerce/Jobs', 'JobsRun', { JobName: 'j' }, 'Sum');
    const failed = series(cache, 'ECommerce/Jobs', 'JobsFailed', { JobName: 'j' }, 'Sum');
    const points: PointRow[] = [];
    // A run every 15 minutes; every 100th fails.
    let n = 0;
    for (let t = NOW - 30 * DAY; t < NOW; t += 15 * MIN) {
      points.push({ seriesId: runs, ts: S(t), value: 1 });
      points.push({ seriesId: failed, ts: S(t), value: n++ % 100 === 0 ? 1 : 0 });
    }
    cache.writePage(points, [
      { seriesId: runs, oldest: S(NOW - 31 * DAY), newest: S(NOW) },
      { seriesId: failed, oldest: S(NOW - 31 * DAY), newest: S(NOW) },
    ]);
    const jobs: SloDef = {
      ...(DEFAULT_SLOS.find((d) => d.id === 'job-failure-rate') as SloDef),
      id: 'jobs',
      sli: {
        kind: 'event-ratio',
        bad: { queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Jobs', metric: 'JobsFailed', dimensions: [{ name: 'JobName', value: 'j' }], stat: 'Sum' } }], expression: 'm1' },
        total: { queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Jobs', metric: 'JobsRun', dimensions: [{ name: 'JobName', value: 'j' }], stat: 'Sum' } }], expression: 'm1' },
        eventUnit: 'job runs',
      },
    };
    const service = new SloService(cache, 'demo');
    const asOf = service.asOf(NOW) as number;
    // The newest run started at NOW − 15 min: figures are as of NOW − 14 min.
    expect(asOf).toBe(NOW - 14 * MIN);
    const s = service.summary(jobs, asOf);
    expect(s.total).toBe(2_880);
    expect(s.bad).toBe(29);
    expect(s.coverage).toBe(1);
    // 29 ÷ 2880 failed = 1.007 %; allowed 0.5 % → 201 % of the budget: BREACHED.
    expect(s.budget.consumedPct).toBeCloseTo((100 * (29 / 2_880)) / 0.005, 6);
    expect(s.status).toBe('BREACHED');
    // Minimum-traffic guard: one run in 5 minutes is not enough to judge a burn rate.
    expect(s.burnRates.find((b) => b.key === '5m')).toMatchObject({ burnRate: null, reason: '5m window has 1 events (minimum 100)' });
    expect(s.alert.state).toBe('none');
  });
});

describe('time-slice SLO from the cache (API p95 < 500 ms in 99 % of minutes)', () => {
  function latency(cache: CacheStore): void {
    const services = ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service'];
    const ids = services.map((s) => series(cache, 'ECommerce/Services', 'Latency', { Service: s }, 'p95'));
    const points: PointRow[] = [];
    const boundary = NOW - 15 * DAY;
    ids.forEach((id, i) => {
      for (let t = NOW - 31 * DAY; t < boundary; t += 5 * MIN) {
        // 20 days ago: order-service's 5-minute p95 is 700 ms for two datapoints (10 minutes).
        const bad = i === 0 && t >= NOW - 20 * DAY && t < NOW - 20 * DAY + 10 * MIN;
        points.push({ seriesId: id, ts: S(t), value: bad ? 700 : 200 });
      }
      for (let t = boundary; t < NOW; t += MIN) {
        // 2 days ago: search-service at 600 ms for 30 minutes.
        const bad = i === 4 && t >= NOW - 2 * DAY && t < NOW - 2 * DAY + 30 * MIN;
        // Payment has a 20-minute hole: the other services still measure those minutes.
        if (i === 3 && t >= NOW - 5 * DAY && t < NOW - 5 * DAY + 20 * MIN) continue;
        points.push({ seriesId: id, ts: S(t), value: bad ? 600 : 200 + i });
      }
    });
    cache.writePage(points, ids.map((seriesId) => ({ seriesId, oldest: S(NOW - 31 * DAY), newest: S(NOW) })));
  }

  it('attainment is good minutes ÷ measured minutes; 300 s datapoints count five minutes each', () => {
    const cache = newCache();
    latency(cache);
    const s = new SloService(cache, 'demo').summary(apiLatency, NOW);
    expect(s.unit).toBe('minutes');
    expect(s.total).toBe(43_200);
    expect(s.bad).toBe(40);
    expect(s.attainmentPct).toBeCloseTo((100 * (43_200 - 40)) / 43_200, 10);
    // Budget 1 % of 43 200 min = 432 min; consumed = the 40 bad minutes.
    expect(s.budget.totalMinutes).toBeCloseTo(432, 9);
    expect(s.budget.consumedMinutes).toBeCloseTo(40, 9);
    expect(s.status).toBe('OK');
    // 30 bad minutes of the last 3 days: burn(3d) = (30 ÷ 4320) ÷ 0.01.
    expect(s.burnRates.find((b) => b.key === '3d')?.burnRate).toBeCloseTo(30 / 4_320 / 0.01, 9);
    expect(s.sli).toBe('minutes with max Latency p95 (5 series) < 500 ms');
  });

  it('a threshold of 1,000 ms or more reads in seconds, thousands separated as every figure on screen', () => {
    expect(thresholdText(2000, 'ms')).toBe('2 s');
    expect(thresholdText(1500, 'Milliseconds')).toBe('1.5 s');
    expect(thresholdText(500, 'ms')).toBe('500 ms');
    expect(thresholdText(12_500, 'req')).toBe('12,500 req');
    expect(thresholdText(90, '%')).toBe('90 %');
    const pageLoad = DEFAULT_SLOS.find((d) => d.sli.kind === 'time-slice' && d.sli.threshold >= 1000);
    expect(pageLoad).toBeDefined();
    expect(new SloService(newCache(), 'demo').summary(pageLoad!, NOW).sli).not.toMatch(/\d{4} ms/);
  });

  it('the detail shows the metric against its threshold, and the explain panel speaks in minutes', () => {
    const cache = newCache();
    latency(cache);
    const d = new SloService(cache, 'demo').detail(apiLatency, NOW);
    expect(d.sliSeries).toMatchObject({ kind: 'value', unit: 'ms', target: 500 });
    expect(d.sliSeries.points.length).toBeLessThanOrEqual(2_000);
    expect(Math.max(...d.sliSeries.points.map((p) => p.value ?? 0))).toBe(700);
    const steps = Object.fromEntries(d.explain.map((s) => [s.label, plain(s)]));
    expect(steps.Minutes).toMatchObject({ formula: 'bad minutes = measured − good', substituted: '43,200 − 43,160', result: '40 bad of 43,200' });
    expect(steps.Attainment?.formula).toBe('good minutes ÷ measured minutes × 100');
  });
});

describe('SLO detail', () => {
  it('explains every figure with the real numbers, and they match the summary', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const d = new SloService(cache, 'demo').detail(order, NOW);
    const step = (label: string) => plain(d.explain.find((s) => s.label === label));
    expect(step('Events')).toMatchObject({ formula: 'bad = total − good', substituted: '43,200,000 − 43,197,900', result: '2,100 bad of 43,200,000' });
    expect(step('Attainment')).toMatchObject({ formula: 'good ÷ total × 100', substituted: '43,197,900 ÷ 43,200,000 × 100', result: '99.9951 %' });
    expect(step('Error budget')).toMatchObject({ substituted: '(1 − 0.999) × 30 d', result: '43.2 min' });
    expect(step('Budget remaining')?.result).toBe('41.1 min (95.1 % of budget)');
    expect(step('Burn rate over 1h')).toMatchObject({ substituted: '(2,000 ÷ 60,000) ÷ 0.001 = 0.0333333 ÷ 0.001', result: '33.3333×' });
    expect(step('Evaluated as of')?.result).toBe('2026-11-20T15:00:00Z');
    expect(step('Alert since')?.result).toBe('2026-11-20T14:38:00Z');
    expect(step('SLI')?.substituted).toBe('bad = ECommerce/Services Http5xxCount {Service=order-service} Sum; total = ECommerce/Services RequestCount {Service=order-service} Sum');
  });

  it('burn-down ends at the headline budget; charts stay under 2 000 points', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const d = new SloService(cache, 'demo').detail(order, NOW);
    const last = d.burnDown[d.burnDown.length - 1]!;
    expect(last.t).toBe(NOW);
    expect(last.remainingPct).toBeCloseTo(d.slo.budget.remainingPct as number, 9);
    expect(last.idealPct).toBeCloseTo(0, 9);
    expect(d.burnDown.length).toBeLessThanOrEqual(2_000);
    expect(d.burnSeries.points.length).toBeLessThanOrEqual(2_000);
    expect(d.burnSeries.thresholds).toEqual([
      { window: '1h', value: 14.4, severity: 'page', rule: 'fast burn' },
      { window: '6h', value: 6, severity: 'page', rule: 'sustained burn' },
      { window: '3d', value: 1, severity: 'ticket', rule: 'slow burn' },
    ]);
    expect(d.burnSeries.points[d.burnSeries.points.length - 1]!.burn['1h']).toBeCloseTo(33.333333, 5);
    expect(d.sliSeries.kind).toBe('attainment');
  });

  it('lists the breached periods, newest first, with the budget each spent', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const d = new SloService(cache, 'demo').detail(order, NOW);
    expect(d.breaches).toHaveLength(2);
    const [now, old] = d.breaches as [NonNullable<(typeof d.breaches)[0]>, NonNullable<(typeof d.breaches)[0]>];
    expect(now).toMatchObject({ ongoing: true, end: NOW, worstAlert: 'page', bad: 2_000 });
    // 2000 failures at 1000 requests a minute: 2000 ÷ 1000 min-equivalents = 2 min of a 43.2 min budget.
    expect(now.budgetSpentPct).toBeCloseTo((100 * 2) / 43.2, 6);
    expect(old).toMatchObject({ ongoing: false, bad: 100, worstAlert: 'none' });
    expect(old.budgetSpentPct).toBeCloseTo((100 * 0.1) / 43.2, 6);
    expect(old.start).toBeLessThanOrEqual(NOW - 10 * DAY);
    expect(old.end).toBeGreaterThanOrEqual(NOW - 10 * DAY + 10 * MIN);
    // 100 failures in an hour of 60 000 requests: 1.67×.
    expect(old.peakBurnRate).toBeCloseTo(100 / 60_000 / 0.001, 6);
  });

  it('the breached periods spend shares of the budget weighted as the total is, so they add up to it', () => {
    // Five days ago, two quiet hours (100 requests a minute) with 5 errors a minute for 30 of
    // them: 150 bad requests. Its own error ratio over its own length would make it cost
    // 150 ÷ 3 000 × 30 min ≈ 1.5 min — 20 times what 150 of the window's ~43 million requests cost.
    const quietFrom = NOW - 5 * DAY;
    const requests = (t: number): number => (t >= quietFrom && t < quietFrom + 2 * HOUR ? 100 : 1000);
    const errors = (t: number): number => spike(t) + (t >= quietFrom + 30 * MIN && t < quietFrom + 60 * MIN ? 5 : 0);
    const cache = newCache();
    orderTraffic(cache, errors, NOW, requests);
    const d = new SloService(cache, 'demo').detail(order, NOW);
    const quiet = d.breaches.find((b) => b.start <= quietFrom + 60 * MIN && b.end >= quietFrom + 30 * MIN);
    const now = d.breaches.find((b) => b.ongoing);
    expect(quiet?.bad).toBe(150);
    expect(now?.bad).toBe(2_000);
    // Every bad request of the window lies in some period: the periods add up to the headline.
    expect(d.breaches.reduce((n, b) => n + b.bad, 0)).toBe(d.slo.bad);
    expect(d.breaches.reduce((n, b) => n + b.budgetSpentPct, 0)).toBeCloseTo(d.slo.budget.consumedPct as number, 6);
    // Same weighting: shares in proportion to bad requests (150 : 2000), whatever the traffic then.
    expect((quiet?.budgetSpentPct ?? 0) / (now?.budgetSpentPct ?? 1)).toBeCloseTo(150 / 2_000, 9);
    // Periods do not overlap, so no bad request is counted twice.
    const inOrder = [...d.breaches].sort((a, b) => a.start - b.start);
    for (let i = 1; i < inOrder.length; i++) expect(inOrder[i]!.start).toBeGreaterThanOrEqual(inOrder[i - 1]!.end);
  });

  it('compliance of the last three windows: older ones outside the cache have no data', () => {
    const cache = newCache();
    orderTraffic(cache, spike);
    const d = new SloService(cache, 'demo').detail(order, NOW);
    expect(d.compliance.map((c) => [c.status, c.complete])).toEqual([
      ['WARNING', false],
      ['INSUFFICIENT_DATA', true],
      ['INSUFFICIENT_DATA', true],
    ]);
    expect(d.compliance[1]).toMatchObject({ start: NOW - 60 * DAY, end: NOW - 30 * DAY });
    // One day of the previous window (31 → 30 days ago) is cached: 1/30 coverage.
    expect(d.compliance[1]?.coverage).toBeCloseTo(1 / 30, 9);
    expect(d.compliance[0]?.attainmentPct).toBeCloseTo(d.slo.attainmentPct as number, 12);
    expect(d.definitionYaml).toMatch(/^apiVersion: opsdeck\/v1\nslos:\n {2}- id: order-availability\n/);
  });
});

describe('time-slice value chart', () => {
  it('keeps holes in the data as holes, and stays under 2 000 points', () => {
    const cache = newCache();
    const id = series(cache, 'AWS/ElastiCache', 'CacheHitRate', { CacheClusterId: 'ecommerce-redis-001' }, 'Average');
    const points: PointRow[] = [];
    for (let t = NOW - 30 * DAY; t < NOW; t += MIN) {
      // A 2-hour hole 10 days ago.
      if (t >= NOW - 10 * DAY && t < NOW - 10 * DAY + 2 * HOUR) continue;
      points.push({ seriesId: id, ts: S(t), value: t === NOW - 20 * DAY ? 70 : 95 });
    }
    cache.writePage(points, [{ seriesId: id, oldest: S(NOW - 31 * DAY), newest: S(NOW) }]);
    const def = DEFAULT_SLOS.find((d) => d.id === 'cache-hit-rate') as SloDef;
    const d = new SloService(cache, 'demo').detail(def, NOW);
    const p = d.sliSeries.points;
    expect(p.length).toBeLessThanOrEqual(2_000);
    expect(p.length).toBeGreaterThan(1_000);
    // Exactly one gap marker, right before the data resumes after the hole.
    const gaps = p.filter((x) => x.value === null);
    expect(gaps).toEqual([{ t: NOW - 10 * DAY + 2 * HOUR - 1, value: null }]);
    // The one bad minute survives downsampling.
    expect(p).toContainEqual({ t: NOW - 20 * DAY, value: 70 });
    expect(d.slo.bad).toBe(1);
  });
});
