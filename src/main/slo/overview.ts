// Overview figures: the availability SLOs, through the same evaluation as the SLO pages
// (src/main/slo), so both show the same numbers.
import type { AvailabilitySlo, Overview } from '@shared/contract/core';
import type { SloSummary } from '@shared/contract/slos';
import type { SloDef } from '../config/slos';
import { DAY_MS } from '@shared/lib/timeUnits';
import type { CacheStore } from '../store/cache';
import { businessKpis } from './kpis';
import { sloService } from './service';

function toAvailability(s: SloSummary): AvailabilitySlo {
  return {
    id: s.id,
    name: s.name,
    targetPct: s.targetPct,
    windowDays: s.window.lengthMs / DAY_MS,
    availabilityPct: s.attainmentPct,
    totalEvents: s.total,
    badEvents: s.bad,
    budgetTotalMinutes: s.budget.totalMinutes,
    budgetRemainingMinutes: s.budget.remainingMinutes,
    budgetRemainingPct: s.budget.remainingPct,
    status: s.status,
    daily: s.daily.map((d) => ({ day: d.day, availabilityPct: d.attainmentPct })),
    windowStart: s.window.start,
    windowEnd: s.window.end,
    dataAsOf: s.dataAsOf,
    coverage: Math.max(0, Math.min(1, s.coverage)),
  };
}

/**
 * SLO figures are evaluated as of the newest cached datapoint, not the wall clock: offline,
 * the window must not slide past data we do not have. The UI labels them with that instant
 * and marks them stale.
 */
export function overview(cache: CacheStore, source: string, defs: readonly SloDef[], now: number): Overview {
  const service = sloService(cache, source);
  const asOf = service.asOf(now) ?? now;
  const alarms = cache.alarms(source);
  const firing = alarms.filter((a) => a.state === 'ALARM');
  return {
    generatedAt: now,
    kpis: businessKpis(cache, source, asOf),
    slos: defs.map((d) => toAvailability(service.summary(d, asOf))),
    alarms: {
      inAlarm: firing.length,
      total: alarms.length,
      asOf: cache.sourceState(source)?.alarmsAsOf ?? null,
      names: firing.map((a) => a.name),
    },
  };
}
