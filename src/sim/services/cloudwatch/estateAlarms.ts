// The alarms of each estate. The small one has the seeds' 14 (alarms.ts); the large one adds
// 5,000 metric alarms on its own metrics (platform/estate.ts):
//   - 2,000 incident alarms, one per metric with an episode schedule: ALARM for each episode
//     (one every 17–20 h, 5–90 min), so each has a 30-day history of state changes and has
//     fired within the last day;
//   - 3,000 standing alarms whose threshold sits below their metric's floor (the untuned
//     "warning" alarms every real account has): ALARM since shortly after they were configured.
// Every alarm of the large estate has fired or is firing within 24 h, so the alert queue
// (open, or resolved within a day) holds one group per alarm: 5,000 and more.
import { ALARMS, type AlarmDef, type MetricAlarmDef, type Severity } from './alarms';
import { type Estate, type LargeMetric, episodeThreshold, largeMetrics, normalFloor } from '../../platform/estate';
import { hashString } from '../../platform/random';

export const LARGE_ALARM_COUNTS = { incident: 2_000, standing: 3_000 } as const;

// The same rule Opsdeck's default statistics use, so an alarm's statistic is one it collects anyway.
const COUNTER = /(Count|Transactions|Processed|Failed|Run|Errors|Requests)$/;
const LATENCY = /(Latency|Time|Duration)$/;

const slug = (metricName: string): string =>
  metricName
    .replace(/_/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

function pick<T>(name: string, weights: readonly [T, number][]): T {
  const total = weights.reduce((n, [, w]) => n + w, 0);
  let x = (hashString(`estate:severity:${name}`) % 1000) * (total / 1000);
  for (const [v, w] of weights) {
    if (x < w) return v;
    x -= w;
  }
  return weights[weights.length - 1]![0];
}

function statFor(m: LargeMetric, standing: boolean): string {
  if (m.kind === 'counter' || (m.kind === 'gauge' && COUNTER.test(m.metricName))) return 'Sum';
  if (m.kind === 'latency' || LATENCY.test(m.metricName)) return standing && m.kind === 'latency' ? 'p50' : 'p95';
  return 'Average';
}

/** A threshold as an operator writes one: `digits` significant, thousands grouped (3.089e+7 read as 30,890,000). */
function thresholdText(threshold: number, digits: number): string {
  return Number(threshold.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 20 });
}

function largeAlarm(m: LargeMetric, name: string, severity: Severity, threshold: number, standing: boolean): MetricAlarmDef {
  const down = !standing && m.down;
  const what = `${m.metricName} of ${m.resource}`;
  return {
    kind: 'metric',
    name,
    summary: standing ? `${what} above ${thresholdText(threshold, 3)} (warning level).` : `${what} ${down ? 'below' : 'above'} ${thresholdText(threshold, 4)}.`,
    severity,
    service: m.service,
    team: m.team,
    runbook: `${m.service}/${slug(m.metricName)}`,
    metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dims, stat: statFor(m, standing) },
    period: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: Number(threshold.toPrecision(6)),
    comparison: down ? 'LessThanThreshold' : 'GreaterThanThreshold',
    // A minute without data (a latency with no requests) keeps the state, as the schedule does.
    treatMissingData: 'ignore',
    schedule: standing ? { kind: 'standing', offsetSec: 60 * (5 + (hashString(`estate:standing:${name}`) % 46)) } : { kind: 'episodes', episodes: m.episodes! },
  };
}

let large: AlarmDef[] | null = null;

function largeAlarms(): AlarmDef[] {
  if (large) return large;
  const metrics = largeMetrics();
  const out: AlarmDef[] = [...ALARMS];
  for (const m of metrics) {
    if (!m.episodes) continue;
    const name = `${m.resource}-${slug(m.metricName)}-${m.down ? 'low' : 'high'}`;
    out.push(largeAlarm(m, name, pick(name, [['P1', 5], ['P2', 20], ['P3', 40], ['P4', 35]]), episodeThreshold(m), false));
  }
  const eligible = metrics.filter((m) => normalFloor(m) > 0);
  const variants = ['warning', 'notice', 'info'];
  for (let n = 0; n < LARGE_ALARM_COUNTS.standing; n++) {
    const m = eligible[n % eligible.length]!;
    const name = `${m.resource}-${slug(m.metricName)}-${variants[Math.floor(n / eligible.length)]!}`;
    out.push(largeAlarm(m, name, pick(name, [['P3', 25], ['P4', 75]]), 0.5 * normalFloor(m), true));
  }
  const names = new Set<string>();
  for (const a of out) {
    if (names.has(a.name)) throw new Error(`large estate: alarm name ${a.name} appears twice`);
    names.add(a.name);
  }
  large = out;
  return out;
}

const sorted: Partial<Record<Estate, AlarmDef[]>> = {};
const byName: Partial<Record<Estate, Map<string, AlarmDef>>> = {};

/** Every alarm of the estate, metric alarms first, then composites, each by name (DescribeAlarms' order). */
export function alarmsOf(estate: Estate): readonly AlarmDef[] {
  return (sorted[estate] ??= [...(estate === 'small' ? ALARMS : largeAlarms())].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'metric' ? -1 : 1)));
}

export function alarmIn(estate: Estate, name: string): AlarmDef | undefined {
  return (byName[estate] ??= new Map(alarmsOf(estate).map((a) => [a.name, a]))).get(name);
}
