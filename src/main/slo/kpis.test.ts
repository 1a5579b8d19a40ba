import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache } from '../store/cache';
import { businessKpis } from './kpis';

describe('business KPIs on the Overview', () => {
  it('the newest complete hour, its week-over-week change, and 24 hourly points', () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-kpi-')));
    const id = cache
      .ensureSeries('demo', [{ key: 'orders', namespace: 'ECommerce/Business', metric: 'OrdersPerMinute', dimensions: [], stat: 'Average', unit: null }])
      .get('orders')!;
    const now = 1_800_003_600 + 1_800; // 30 min into an hour
    const hour = Math.floor(now / 3600) * 3600;
    const points = [];
    // Last 25 hours at 100 orders/min, except the newest complete hour alternating 110/130.
    for (let ts = hour - 25 * 3600; ts < now; ts += 60) points.push({ seriesId: id, ts, value: ts >= hour - 3600 && ts < hour ? (ts % 120 === 0 ? 110 : 130) : 100 });
    // A week earlier, the same hour at 96.
    for (let ts = hour - 3600 - 7 * 86_400; ts < hour - 7 * 86_400; ts += 60) points.push({ seriesId: id, ts, value: 96 });
    cache.writePage(points, []);

    const orders = businessKpis(cache, 'demo', now * 1000).find((k) => k.id === 'orders')!;
    expect(orders.value).toBe(120);
    expect(orders.unit).toBe('orders/min');
    expect(orders.asOf).toBe(hour * 1000);
    expect(orders.weekOverWeekPct).toBeCloseTo(25, 9);
    expect(orders.hourly).toHaveLength(24);
    expect(orders.hourly[0]).toEqual({ t: (hour - 24 * 3600) * 1000, value: 100 });
    // KPIs without data say so rather than showing zero.
    expect(businessKpis(cache, 'demo', now * 1000).find((k) => k.id === 'revenue')).toMatchObject({ value: null, weekOverWeekPct: null, hourly: [] });
  });
});
