// Overview figures: the seeds' availability SLOs, computed from the cache by the domain maths.
import type { AvailabilitySlo, Overview } from '../../shared/api';
import { dailyAttainment, evaluateEventRatioSlo, type EventBucket } from '../domain/slo';
import { DAY_MS } from '../domain/window';
import type { AvailabilitySloDef } from '../config/slos';
import type { CacheStore } from '../store/cache';

/** Availability is evaluated on 5-minute buckets: the coarsest period the 30-day backfill stores. */
const BUCKET_SEC = 300;

function seriesIds(cache: CacheStore, source: string, metric: string, services: readonly string[]): number[] {
  const wanted = new Set(services);
  return cache
    .listSeries(source)
    .filter((s) => s.namespace === 'ECommerce/Services' && s.metric === metric && s.stat === 'Sum')
    .filter((s) => s.dimensions.length === 1 && s.dimensions[0]?.name === 'Service' && wanted.has(s.dimensions[0].value))
    .map((s) => s.id);
}

/** Requests and 5xx responses per 5-minute bucket, as good/total event buckets. */
export function requestBuckets(cache: CacheStore, source: string, services: readonly string[], from: number, to: number): EventBucket[] {
  const fromSec = Math.floor(from / 1000);
  const toSec = Math.ceil(to / 1000);
  const totals = cache.sumsByBucket(seriesIds(cache, source, 'RequestCount', services), fromSec, toSec, BUCKET_SEC);
  const errors = cache.sumsByBucket(seriesIds(cache, source, 'Http5xxCount', services), fromSec, toSec, BUCKET_SEC);
  return [...totals.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, total]) => ({ t: t * 1000, total, good: Math.max(0, total - (errors.get(t) ?? 0)), widthMs: BUCKET_SEC * 1000 }));
}

export function availabilitySlo(cache: CacheStore, source: string, def: AvailabilitySloDef, now: number): AvailabilitySlo {
  const windowMs = def.windowDays * DAY_MS;
  const buckets = requestBuckets(cache, source, def.services, now - windowMs, now);
  const r = evaluateEventRatioSlo({ targetPct: def.targetPct, windowMs, buckets, now, bucketWidthMs: BUCKET_SEC * 1000 });
  const daily = dailyAttainment(buckets, r.window.start, r.window.end, 'UTC', { bucketWidthMs: BUCKET_SEC * 1000 });
  return {
    id: def.id,
    name: def.name,
    targetPct: def.targetPct,
    windowDays: def.windowDays,
    availabilityPct: r.attainmentPct,
    totalEvents: r.total,
    badEvents: r.bad,
    budgetTotalMinutes: r.budget.totalMinutes,
    budgetRemainingMinutes: r.budget.remainingMinutes,
    budgetRemainingPct: r.budget.remainingRatio === null ? null : r.budget.remainingRatio * 100,
    status: r.status,
    daily: daily.map((d) => ({ day: d.day, availabilityPct: d.attainmentPct })),
    windowStart: r.window.start,
    windowEnd: r.window.end,
    dataAsOf: r.dataAsOf,
  };
}

/**
 * SLO figures are evaluated as of the newest cached datapoint, not the wall clock: offline,
 * the window must not slide past data we do not have (that would invent a recovery or
 * quietly drop the incident). The UI labels them with that instant and marks them stale.
 */
export function overview(cache: CacheStore, source: string, defs: readonly AvailabilitySloDef[], now: number): Overview {
  const newest = cache.newestPointTs(source);
  const asOf = newest === null ? now : Math.min(now, (newest + 60) * 1000);
  const alarms = cache.alarms(source);
  const firing = alarms.filter((a) => a.state === 'ALARM');
  return {
    generatedAt: now,
    slos: defs.map((d) => availabilitySlo(cache, source, d, asOf)),
    alarms: {
      inAlarm: firing.length,
      total: alarms.length,
      asOf: cache.sourceState(source)?.alarmsAsOf ?? null,
      names: firing.map((a) => a.name),
    },
  };
}
