// The seeds' business metrics for the Overview: orders per minute, revenue per hour,
// active users, conversion and cart abandonment — each with its last 24 hours.
import type { Kpi } from '@shared/contract/core';
import type { CacheStore } from '../store/cache';
import { HOUR_S, WEEK_S } from '@shared/lib/timeUnits';


const KPIS: { id: string; metric: string; label: string; unit: string }[] = [
  { id: 'orders', metric: 'OrdersPerMinute', label: 'Orders', unit: 'orders/min' },
  { id: 'revenue', metric: 'RevenuePerHour', label: 'Revenue', unit: 'USD/h' },
  { id: 'active-users', metric: 'ActiveUsers', label: 'Active users', unit: 'users' },
  { id: 'conversion', metric: 'ConversionRate', label: 'Conversion', unit: '%' },
  { id: 'cart-abandonment', metric: 'CartAbandonmentRate', label: 'Cart abandonment', unit: '%' },
];

/** KPIs as of `asOfMs` (the newest cached data, so offline figures do not slide). */
export function businessKpis(cache: CacheStore, source: string, asOfMs: number): Kpi[] {
  const series = cache.listSeries(source).filter((s) => s.namespace === 'ECommerce/Business' && s.stat === 'Average');
  const end = Math.floor(asOfMs / 1000 / HOUR_S) * HOUR_S;
  return KPIS.map((k) => {
    const ids = series.filter((s) => s.metric === k.metric).map((s) => s.id);
    const hourly = [...cache.averagesByBucket(ids, end - 24 * HOUR_S, end, HOUR_S).entries()].sort((a, b) => a[0] - b[0]);
    const last = hourly[hourly.length - 1];
    const weekAgo = last ? cache.averagesByBucket(ids, last[0] - WEEK_S, last[0] - WEEK_S + HOUR_S, HOUR_S).get(last[0] - WEEK_S) : undefined;
    return {
      id: k.id,
      label: k.label,
      unit: k.unit,
      value: last ? last[1] : null,
      weekOverWeekPct: last && weekAgo ? ((last[1] - weekAgo) / weekAgo) * 100 : null,
      asOf: last ? (last[0] + HOUR_S) * 1000 : null,
      hourly: hourly.map(([t, value]) => ({ t: t * 1000, value })),
    };
  });
}
