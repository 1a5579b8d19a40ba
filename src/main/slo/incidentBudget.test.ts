// An incident's error budget, from hand-built cache contents with hand-computed figures:
// when 50 % and 100 % of the window's budget were spent, and what the impact window spent.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SLOS, type SloDef } from '../config/slos';
import { openCache, type CacheStore, type PointRow } from '../store/cache';
import { SloService } from './evaluate';
import { incidentBudgets } from './service';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 20, 15, 0);
const S = (ms: number): number => Math.floor(ms / 1000);
const order = DEFAULT_SLOS.find((s) => s.id === 'order-availability') as SloDef;

let caches: CacheStore[] = [];
afterEach(() => {
  for (const c of caches) c.close();
  caches = [];
});

function series(cache: CacheStore, metric: string): number {
  const key = `ECommerce/Services|${metric}|Service=order-service|Sum`;
  return cache.ensureSeries('demo', [{ key, namespace: 'ECommerce/Services', metric, dimensions: [{ name: 'Service', value: 'order-service' }], stat: 'Sum', unit: null }]).get(key) as number;
}

/** 31 days of 1000 requests a minute (5-minute data before 15 days, as CloudWatch keeps it); 5xx where given. */
function orderTraffic(errors: (minuteStartMs: number) => number): CacheStore {
  const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-slo-incident-')));
  caches.push(cache);
  const req = series(cache, 'RequestCount');
  const e5 = series(cache, 'Http5xxCount');
  const points: PointRow[] = [];
  const boundary = NOW - 15 * DAY;
  for (let t = NOW - 31 * DAY; t < boundary; t += 5 * MIN) {
    points.push({ seriesId: req, ts: S(t), value: 5000 });
    let bad = 0;
    for (let m = 0; m < 5; m++) bad += errors(t + m * MIN);
    if (bad > 0) points.push({ seriesId: e5, ts: S(t), value: bad });
  }
  for (let t = boundary; t < NOW; t += MIN) {
    points.push({ seriesId: req, ts: S(t), value: 1000 });
    const bad = errors(t);
    if (bad > 0) points.push({ seriesId: e5, ts: S(t), value: bad });
  }
  cache.writePage(points, [
    { seriesId: req, oldest: S(NOW - 31 * DAY), newest: S(NOW) },
    { seriesId: e5, oldest: S(NOW - 31 * DAY), newest: S(NOW) },
  ]);
  return cache;
}

// Order availability: 99.9 % over 30 days of 1000 requests a minute → budget 0.001 × 43 200 min =
// 43.2 min, i.e. 43 200 failed requests (each failure spends 1 ÷ 1000 of a minute).
const SPIKE_START = NOW - 3 * HOUR;

describe('an incident’s error budget (order-service availability, 99.9 % over 30 days)', () => {
  it('50 % is spent after 54 minutes of 400 errors a minute and 100 % after 108; the 2-hour impact spent 48 min = 111.1 % of the budget', () => {
    // 400 failures a minute for 120 minutes from SPIKE_START: 21 600 failures (50 %) after 54
    // minutes, 43 200 (100 %) after 108.
    const cache = orderTraffic((t) => (t >= SPIKE_START && t < SPIKE_START + 120 * MIN ? 400 : 0));
    const b = new SloService(cache, 'demo').incidentBudget(order, { from: SPIKE_START - 2 * HOUR, to: NOW, impactFrom: SPIKE_START, impactTo: SPIKE_START + 120 * MIN }, NOW);
    expect(b.reason).toBeNull();
    expect(b.budgetMinutes).toBeCloseTo(43.2, 9);
    expect(b.consumedAtFromPct).toBe(0);
    expect(b.crossings.map((c) => ({ share: c.share, at: c.at }))).toEqual([
      { share: 0.5, at: SPIKE_START + 54 * MIN },
      { share: 1, at: SPIKE_START + 108 * MIN },
    ]);
    expect(b.crossings[0]!.consumedPct).toBeCloseTo(50, 6);
    // 48 000 of 120 000 requests failed over 120 minutes with data: 0.4 × 120 min = 48 min.
    expect(b.impact).toMatchObject({ bad: 48_000, total: 120_000, coveredMs: 120 * MIN });
    expect(b.impact.spentMinutes).toBeCloseTo(48, 9);
    expect(b.impact.spentPct).toBeCloseTo((100 * 48) / 43.2, 9);
    expect(b.formula).toMatch(/^spent = bad ÷ total × time with data/);
    expect(b.worked).toBe('spent = 48,000 ÷ 120,000 × 2 h = 48 min; share = 48 min ÷ (0.001 × 30 days = 43.2 min) = 111.1 %');
  });

  it('budget already half spent before the timeline starts: no 50 % crossing inside it, 100 % still found', () => {
    // 10 days ago 25 920 failures (60 % of the budget); today 200 a minute from SPIKE_START:
    // the remaining 17 280 take 86.4 minutes → 100 % at the end of the 87th minute.
    const cache = orderTraffic((t) => {
      if (t >= NOW - 10 * DAY && t < NOW - 10 * DAY + 60 * MIN) return 432;
      return t >= SPIKE_START && t < SPIKE_START + 120 * MIN ? 200 : 0;
    });
    const b = new SloService(cache, 'demo').incidentBudget(order, { from: SPIKE_START - HOUR, to: NOW, impactFrom: SPIKE_START, impactTo: SPIKE_START + 30 * MIN }, NOW);
    expect(b.consumedAtFromPct).toBeCloseTo(60, 6);
    expect(b.crossings.map((c) => [c.share, c.at])).toEqual([[1, SPIKE_START + 87 * MIN]]);
    // 30 minutes of the impact: 6 000 failures → 6 min → 13.9 % of 43.2 min.
    expect(b.impact.spentMinutes).toBeCloseTo(6, 9);
    expect(b.impact.spentPct).toBeCloseTo((100 * 6) / 43.2, 9);
  });

  it('no failures: no crossing and 0 % spent; an open incident counts to the newest data, never past it', () => {
    const cache = orderTraffic(() => 0);
    const b = new SloService(cache, 'demo').incidentBudget(order, { from: NOW - 2 * HOUR, to: NOW + HOUR, impactFrom: NOW - HOUR, impactTo: NOW + HOUR }, NOW);
    expect(b.crossings).toEqual([]);
    expect(b.impact).toMatchObject({ to: NOW, bad: 0, total: 60_000, spentMinutes: 0, spentPct: 0 });
  });

  it('picks the SLOs of the incident’s services and the linked ones; an unknown metric is a reason, not a throw', () => {
    const cache = orderTraffic(() => 0);
    const r = incidentBudgets(cache, 'demo', null, { sloIds: ['payment-availability'], services: ['order-service'], from: NOW - HOUR, to: NOW, impactFrom: NOW - HOUR, impactTo: NOW }, NOW);
    expect(r.asOf).toBe(NOW);
    const ids = r.slos.map((s) => s.sloId);
    expect(ids).toContain('order-availability');
    expect(ids).toContain('payment-availability');
    expect(ids.every((id) => id.startsWith('order-') || id === 'payment-availability')).toBe(true);
    const payment = r.slos.find((s) => s.sloId === 'payment-availability')!;
    expect(payment.reason).toMatch(/./);
    expect(payment.impact.spentPct).toBeNull();
  });
});
