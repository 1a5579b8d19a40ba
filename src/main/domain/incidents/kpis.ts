// Incident KPIs over a period, against the seeds' targets (MTTR < 30 min, MTBF > 720 h,
// fewer than 5 incidents a month, response < 5 min, resolution < 2 h).
//
// Definitions (vendors disagree; these are the ones we use, written in the README too):
// - MTTD  mean(detected − started)                  time to detect
// - MTTA  mean(acknowledged − detected)             Atlassian/PagerDuty: from the alert to the acknowledgement
// - MTTM  mean(mitigated − started)                 time to mitigate (impact stopped)
// - MTTR  mean(resolved − started)                  Atlassian's "mean time to recovery": from the start of the outage
// - MTBF  (period − downtime) ÷ failures            Atlassian: total uptime divided by the number of failures
// An incident belongs to a period when it started in it. Downtime is started → resolved
// (an open incident counts until the end of the period), clipped to the period; overlapping
// incidents of the same scope count once.
import { DateTime } from 'luxon';
import { type Milestone, type Milestones } from './model';

export interface KpiIncident {
  id: string;
  services: readonly string[];
  milestones: Milestones;
}

export type KpiKey = 'mttd' | 'mtta' | 'mttm' | 'mttr' | 'perMonth' | 'mtbf' | 'resolution';

export interface KpiTarget {
  /** 'below': the value must be under the limit; 'above': over it. */
  direction: 'below' | 'above';
  limit: number;
  unit: 'ms' | 'count';
  text: string;
}

/** The seeds' KPI targets. */
export const KPI_TARGETS: Record<KpiKey, KpiTarget | null> = {
  mttd: null,
  mtta: { direction: 'below', limit: 5 * 60_000, unit: 'ms', text: 'alert response < 5 min' },
  mttm: null,
  mttr: { direction: 'below', limit: 30 * 60_000, unit: 'ms', text: 'MTTR < 30 min' },
  perMonth: { direction: 'below', limit: 5, unit: 'count', text: '< 5 incidents a month' },
  mtbf: { direction: 'above', limit: 720 * 3_600_000, unit: 'ms', text: 'MTBF > 720 h' },
  resolution: { direction: 'below', limit: 2 * 3_600_000, unit: 'ms', text: 'resolution < 2 h (each incident)' },
};

export const KPI_FORMULA: Record<KpiKey, string> = {
  mttd: 'MTTD = Σ (detected − started) ÷ n, over incidents that started in the period and have both times',
  mtta: 'MTTA = Σ (acknowledged − detected) ÷ n, over incidents that started in the period and have both times',
  mttm: 'MTTM = Σ (mitigated − started) ÷ n, over incidents that started in the period and have both times',
  mttr: 'MTTR = Σ (resolved − started) ÷ n, over resolved incidents that started in the period',
  perMonth: 'incidents per month = incidents started in the period × 30 days ÷ period length',
  mtbf: 'MTBF = (period length − downtime) ÷ incidents; downtime = union of started → resolved (open: to the period end), clipped to the period',
  resolution: 'longest (resolved − started) among resolved incidents that started in the period; each must be under 2 h',
};

export interface KpiValue {
  key: KpiKey;
  /** ms for durations, incidents for perMonth; null when no incident has the times needed. */
  value: number | null;
  /** Incidents the value was computed from. */
  n: number;
  target: KpiTarget | null;
  /** null: no target, or no value. */
  met: boolean | null;
  formula: string;
  /** The arithmetic with this period's numbers, for the explain toggle. */
  worked: string;
}

export interface MtbfValue {
  scope: string;
  failures: number;
  uptimeMs: number;
  downtimeMs: number;
  mtbfMs: number | null;
  met: boolean | null;
}

export interface MonthBucket {
  /** ISO month in the report's zone, e.g. "2026-10". */
  month: string;
  start: number;
  end: number;
  incidents: number;
  mttrMs: number | null;
}

export interface KpiReport {
  from: number;
  to: number;
  zone: string;
  incidents: number;
  values: KpiValue[];
  mtbf: { overall: MtbfValue; perService: MtbfValue[] };
  months: MonthBucket[];
}

const MONTH_MS = 30 * 86_400_000;

function meetsTarget(target: KpiTarget | null, value: number | null): boolean | null {
  if (!target || value === null) return null;
  return target.direction === 'below' ? value < target.limit : value > target.limit;
}

const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;
const hours = (ms: number): string => `${(ms / 3_600_000).toFixed(1)} h`;

function meanBetween(incidents: readonly KpiIncident[], a: Milestone, b: Milestone): { value: number | null; n: number; total: number } {
  let total = 0;
  let n = 0;
  for (const i of incidents) {
    const x = i.milestones[a];
    const y = i.milestones[b];
    if (x === undefined || y === undefined) continue;
    total += y - x;
    n += 1;
  }
  return { value: n === 0 ? null : total / n, n, total };
}

/** Length of the union of [start, end) intervals, clipped to [from, to). */
export function unionLength(intervals: readonly (readonly [number, number])[], from: number, to: number): number {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as const)
    .filter(([s, e]) => e > s)
    .sort((p, q) => p[0] - q[0]);
  let total = 0;
  let curS = -Infinity;
  let curE = -Infinity;
  for (const [s, e] of clipped) {
    if (s > curE) {
      if (curE > curS) total += curE - curS;
      curS = s;
      curE = e;
    } else curE = Math.max(curE, e);
  }
  if (curE > curS) total += curE - curS;
  return total;
}

/** MTBF of one scope: (period − downtime) ÷ failures. */
export function mtbf(scope: string, incidents: readonly KpiIncident[], from: number, to: number): MtbfValue {
  const intervals = incidents.map((i) => [i.milestones.started!, i.milestones.resolved ?? to] as const);
  const downtimeMs = unionLength(intervals, from, to);
  const uptimeMs = to - from - downtimeMs;
  const failures = incidents.length;
  const mtbfMs = failures === 0 ? null : uptimeMs / failures;
  return { scope, failures, uptimeMs, downtimeMs, mtbfMs, met: meetsTarget(KPI_TARGETS.mtbf, mtbfMs) };
}

/**
 * The KPIs of incidents that started in [from, to). `zone` sets the calendar months of the
 * trend (an incident at 01:00 UTC on the 1st belongs to the previous month in New York).
 */
export function kpiReport(all: readonly KpiIncident[], from: number, to: number, zone = 'UTC'): KpiReport {
  if (!(to > from)) throw new RangeError('kpiReport: the period must end after it starts');
  if (!DateTime.now().setZone(zone).isValid) throw new RangeError(`kpiReport: unknown time zone ${JSON.stringify(zone)}`);
  const inPeriod = all.filter((i) => i.milestones.started !== undefined && i.milestones.started >= from && i.milestones.started < to);
  const values: KpiValue[] = [];
  const pair = (key: KpiKey, a: Milestone, b: Milestone, label: string): void => {
    const r = meanBetween(inPeriod, a, b);
    values.push({
      key,
      value: r.value,
      n: r.n,
      target: KPI_TARGETS[key],
      met: meetsTarget(KPI_TARGETS[key], r.value),
      formula: KPI_FORMULA[key],
      worked: r.n === 0 ? `no incident in the period has both ${a} and ${b}` : `${label} = ${minutes(r.total)} ÷ ${r.n} = ${minutes(r.value!)}`,
    });
  };
  pair('mttd', 'started', 'detected', 'MTTD');
  pair('mtta', 'detected', 'acknowledged', 'MTTA');
  pair('mttm', 'started', 'mitigated', 'MTTM');
  pair('mttr', 'started', 'resolved', 'MTTR');

  const perMonth = (inPeriod.length * MONTH_MS) / (to - from);
  values.push({
    key: 'perMonth',
    value: perMonth,
    n: inPeriod.length,
    target: KPI_TARGETS.perMonth,
    met: meetsTarget(KPI_TARGETS.perMonth, perMonth),
    formula: KPI_FORMULA.perMonth,
    worked: `${inPeriod.length} × 30 d ÷ ${((to - from) / 86_400_000).toFixed(2)} d = ${perMonth.toFixed(2)} a month`,
  });

  const overall = mtbf('all services', inPeriod, from, to);
  values.push({
    key: 'mtbf',
    value: overall.mtbfMs,
    n: overall.failures,
    target: KPI_TARGETS.mtbf,
    met: overall.met,
    formula: KPI_FORMULA.mtbf,
    worked:
      overall.failures === 0
        ? 'no incident in the period: no failure to divide by'
        : `(${hours(to - from)} − ${hours(overall.downtimeMs)}) ÷ ${overall.failures} = ${hours(overall.mtbfMs!)}`,
  });

  const resolved = inPeriod.filter((i) => i.milestones.resolved !== undefined);
  const longest = resolved.length === 0 ? null : Math.max(...resolved.map((i) => i.milestones.resolved! - i.milestones.started!));
  values.push({
    key: 'resolution',
    value: longest,
    n: resolved.length,
    target: KPI_TARGETS.resolution,
    met: meetsTarget(KPI_TARGETS.resolution, longest),
    formula: KPI_FORMULA.resolution,
    worked:
      longest === null
        ? 'no resolved incident in the period'
        : `${resolved.filter((i) => i.milestones.resolved! - i.milestones.started! < KPI_TARGETS.resolution!.limit).length} of ${resolved.length} resolved within 2 h; longest ${minutes(longest)}`,
  });

  const services = [...new Set(inPeriod.flatMap((i) => i.services))].sort();
  const perService = services.map((s) => mtbf(s, inPeriod.filter((i) => i.services.includes(s)), from, to));

  return { from, to, zone, incidents: inPeriod.length, values, mtbf: { overall, perService }, months: monthBuckets(inPeriod, from, to, zone) };
}

function monthBuckets(incidents: readonly KpiIncident[], from: number, to: number, zone: string): MonthBucket[] {
  const out: MonthBucket[] = [];
  let cursor = DateTime.fromMillis(from, { zone }).startOf('month');
  while (cursor.toMillis() < to) {
    const next = cursor.plus({ months: 1 });
    const start = cursor.toMillis();
    const end = next.toMillis();
    const here = incidents.filter((i) => i.milestones.started! >= start && i.milestones.started! < end);
    const r = meanBetween(here, 'started', 'resolved');
    out.push({ month: cursor.toFormat('yyyy-LL'), start, end, incidents: here.length, mttrMs: r.value });
    cursor = next;
  }
  return out;
}
