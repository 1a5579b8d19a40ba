// The demo account's CloudWatch alarms (mirroring the seeds' alerting examples) and their
// state over time, derived by evaluating each alarm against the model exactly as
// CloudWatch does: at every period boundary, look at the last EvaluationPeriods datapoints
// and go to ALARM when at least DatapointsToAlarm of them breach.

import { CACHE_CLUSTER, CLUSTER_NAME, DB_INSTANCE, K8S_NAMESPACE, MSK_CLUSTER, computeValue, parseStat, resolveMetric } from '../../platform/model';
import { type PlannedQuery, QueryPlan } from './query';
import { hashString, seedKey } from '../../platform/random';
import { type EpisodeSchedule, episodesBetween } from '../../platform/estate';
import { RDS_FREE_ALARM_GIB } from '../../platform/scenario';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';
export const ALARM_ARN_PREFIX = `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:`;
/** Alarm history is kept (and alarm states are reconstructed) over this window. */
export const HISTORY_LOOKBACK_SEC = 30 * 86_400;

export type Severity = 'P1' | 'P2' | 'P3' | 'P4';
export type StateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export type ComparisonOperator = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';

interface AlarmCommon {
  name: string;
  summary: string;
  severity: Severity;
  service: string;
  team: string;
  runbook: string;
}

export interface MetricAlarmDef extends AlarmCommon {
  kind: 'metric';
  /** Single-metric alarm: namespace, metric, dimensions and statistic. */
  metric?: { namespace: string; metricName: string; dimensions: [string, string][]; stat: string };
  /** Metric-math alarm: MetricDataQueries as the API carries them (exactly one ReturnData). */
  metrics?: Record<string, unknown>[];
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparison: ComparisonOperator;
  treatMissingData: TreatMissingData;
  /**
   * The large estate's alarms (estateAlarms.ts): their state follows the incident schedule
   * their metric was built with, instead of being re-evaluated minute by minute over 30 days
   * (5,000 alarms would cost minutes per DescribeAlarms). The datapoints agree with it.
   * `episodes`: ALARM from each episode's first breaching datapoint to its first calm one;
   * `standing`: INSUFFICIENT_DATA until `offsetSec` after the configuration, ALARM ever since
   * (the threshold sits below the metric's floor).
   */
  schedule?: { kind: 'episodes'; episodes: EpisodeSchedule } | { kind: 'standing'; offsetSec: number };
}

export interface CompositeAlarmDef extends AlarmCommon {
  kind: 'composite';
  /** ALARM when any child is in ALARM. */
  anyOf: string[];
}

export type AlarmDef = MetricAlarmDef | CompositeAlarmDef;

const svcDims = (service: string): [string, string][] => [['Service', service]];
const stat = (id: string, namespace: string, metricName: string, dimensions: [string, string][], s: string, period: number): Record<string, unknown> => ({
  Id: id,
  MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions.map(([Name, Value]) => ({ Name, Value })) }, Period: period, Stat: s },
  ReturnData: false,
});
const errorRateMetrics = (service: string, period: number): Record<string, unknown>[] => [
  stat('errors', 'ECommerce/Services', 'Http5xxCount', svcDims(service), 'Sum', period),
  stat('requests', 'ECommerce/Services', 'RequestCount', svcDims(service), 'Sum', period),
  { Id: 'rate', Expression: '100 * errors / requests', Label: `${service} 5xx rate (%)`, ReturnData: true },
];

export const ALARMS: readonly AlarmDef[] = [
  {
    kind: 'metric',
    name: 'payment-failure-rate-high',
    summary: 'Payment processing failures above 5 % of transactions.',
    severity: 'P1',
    service: 'payment-service',
    team: 'payments',
    runbook: 'payment-service/payment-failure-rate-high',
    metrics: [
      stat('failed', 'ECommerce/Payments', 'FailedTransactions', [], 'Sum', 60),
      stat('total', 'ECommerce/Payments', 'Transactions', [], 'Sum', 60),
      { Id: 'failure_rate', Expression: '100 * failed / total', Label: 'Payment failure rate (%)', ReturnData: true },
    ],
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
  },
  {
    kind: 'metric',
    name: 'database-unavailable',
    summary: 'The primary database has (almost) no client connections: it is down or unreachable.',
    severity: 'P1',
    service: 'database',
    team: 'sre',
    runbook: 'database/database-unavailable',
    metric: { namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: [['DBInstanceIdentifier', DB_INSTANCE]], stat: 'Minimum' },
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 5,
    comparison: 'LessThanThreshold',
    treatMissingData: 'breaching',
  },
  {
    kind: 'metric',
    name: 'payment-latency-p95-critical',
    summary: 'Payment API p95 response time above 3 s.',
    severity: 'P2',
    service: 'payment-service',
    team: 'payments',
    runbook: 'payment-service/payment-latency-p95-critical',
    metric: { namespace: 'ECommerce/Services', metricName: 'Latency', dimensions: svcDims('payment-service'), stat: 'p95' },
    period: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: 3000,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'metric',
    name: 'order-service-5xx-rate-high',
    summary: 'Order service degraded: 5xx error rate above 5 %.',
    severity: 'P2',
    service: 'order-service',
    team: 'orders',
    runbook: 'order-service/5xx-rate-high',
    metrics: errorRateMetrics('order-service', 60),
    period: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
  },
  {
    kind: 'metric',
    name: 'search-service-5xx-rate-high',
    summary: 'Search service degraded: 5xx error rate above 5 %.',
    severity: 'P2',
    service: 'search-service',
    team: 'search',
    runbook: 'search-service/5xx-rate-high',
    metrics: errorRateMetrics('search-service', 60),
    period: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: 5,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
  },
  {
    kind: 'metric',
    name: 'customer-service-memory-high',
    summary: 'customer-service pods above 90 % memory.',
    severity: 'P2',
    service: 'customer-service',
    team: 'customers',
    runbook: 'customer-service/memory-high',
    metric: {
      namespace: 'ContainerInsights',
      metricName: 'pod_memory_utilization',
      dimensions: [
        ['ClusterName', CLUSTER_NAME],
        ['Namespace', K8S_NAMESPACE],
        ['Service', 'customer-service'],
      ],
      stat: 'Average',
    },
    period: 300,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 90,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'metric',
    name: 'product-service-error-rate-high',
    summary: 'Product API errors (4xx + 5xx) above 1 % of requests.',
    severity: 'P3',
    service: 'product-service',
    team: 'catalog',
    runbook: 'product-service/error-rate-high',
    metrics: [
      stat('server_errors', 'ECommerce/Services', 'Http5xxCount', svcDims('product-service'), 'Sum', 300),
      stat('client_errors', 'ECommerce/Services', 'Http4xxCount', svcDims('product-service'), 'Sum', 300),
      stat('requests', 'ECommerce/Services', 'RequestCount', svcDims('product-service'), 'Sum', 300),
      { Id: 'error_rate', Expression: '100 * (server_errors + client_errors) / requests', Label: 'product-service error rate (%)', ReturnData: true },
    ],
    period: 300,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 1,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
  },
  {
    kind: 'metric',
    name: 'search-latency-p95-high',
    summary: 'Search API p95 response time above 1 s.',
    severity: 'P3',
    service: 'search-service',
    team: 'search',
    runbook: 'search-service/latency-p95-high',
    metric: { namespace: 'ECommerce/Services', metricName: 'Latency', dimensions: svcDims('search-service'), stat: 'p95' },
    period: 300,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    threshold: 1000,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'metric',
    name: 'redis-cache-hit-rate-low',
    summary: 'Redis cache hit rate below 80 %.',
    severity: 'P3',
    service: 'cache',
    team: 'sre',
    runbook: 'cache/redis-cache-hit-rate-low',
    metric: { namespace: 'AWS/ElastiCache', metricName: 'CacheHitRate', dimensions: [['CacheClusterId', CACHE_CLUSTER]], stat: 'Average' },
    period: 60,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    threshold: 80,
    comparison: 'LessThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'metric',
    name: 'eks-node-disk-high',
    summary: 'EKS node root filesystem above 80 %.',
    severity: 'P3',
    service: 'platform',
    team: 'devops',
    runbook: 'platform/eks-node-disk-high',
    metric: {
      namespace: 'ContainerInsights',
      metricName: 'node_filesystem_utilization',
      dimensions: [
        ['ClusterName', CLUSTER_NAME],
        ['NodeName', 'ip-10-0-2-14.ec2.internal'],
      ],
      stat: 'Average',
    },
    period: 300,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    threshold: 80,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'metric',
    name: 'rds-free-storage-low',
    summary: `RDS free storage below ${RDS_FREE_ALARM_GIB} GiB.`,
    severity: 'P3',
    service: 'database',
    team: 'sre',
    runbook: 'database/rds-free-storage-low',
    metric: { namespace: 'AWS/RDS', metricName: 'FreeStorageSpace', dimensions: [['DBInstanceIdentifier', DB_INSTANCE]], stat: 'Minimum' },
    period: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: RDS_FREE_ALARM_GIB * 2 ** 30,
    comparison: 'LessThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'metric',
    name: 'msk-consumer-lag-high',
    summary: 'order-processor consumer group lagging more than 1,000 messages on order-events.',
    severity: 'P3',
    service: 'order-service',
    team: 'orders',
    runbook: 'events/msk-consumer-lag-high',
    metric: {
      namespace: 'AWS/Kafka',
      metricName: 'SumOffsetLag',
      dimensions: [
        ['Cluster Name', MSK_CLUSTER],
        ['Consumer Group', 'order-processor'],
        ['Topic', 'order-events'],
      ],
      stat: 'Maximum',
    },
    period: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    threshold: 1000,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'metric',
    name: 'eks-cluster-cpu-high',
    summary: 'EKS node CPU above 70 % for 15 minutes: scale up (capacity planning).',
    severity: 'P4',
    service: 'platform',
    team: 'devops',
    runbook: 'platform/eks-cluster-cpu-high',
    metric: { namespace: 'ContainerInsights', metricName: 'node_cpu_utilization', dimensions: [['ClusterName', CLUSTER_NAME]], stat: 'Average' },
    period: 300,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 70,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'missing',
  },
  {
    kind: 'composite',
    name: 'payment-degraded',
    summary: 'Payments are failing or too slow to complete checkouts.',
    severity: 'P1',
    service: 'payment-service',
    team: 'payments',
    runbook: 'payment-service/payment-degraded',
    anyOf: ['payment-failure-rate-high', 'payment-latency-p95-critical'],
  },
];

const BY_NAME = new Map(ALARMS.map((a) => [a.name, a]));

export function alarmByName(name: string): AlarmDef | undefined {
  return BY_NAME.get(name);
}

export function alarmArn(name: string): string {
  return ALARM_ARN_PREFIX + name;
}

export function runbookUrl(def: AlarmDef): string {
  return `https://runbooks.example.com/${def.runbook}`;
}

export function alarmDescription(def: AlarmDef): string {
  return `${def.summary} Severity ${def.severity}. Runbook: ${runbookUrl(def)}`;
}

const SNS = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:`;
export function alarmActions(def: AlarmDef): string[] {
  const topic = { P1: 'pagerduty-critical', P2: 'pagerduty-high', P3: 'slack-ops-alerts', P4: 'email-ops-digest' }[def.severity];
  return [SNS + topic];
}

export function alarmTags(def: AlarmDef): { Key: string; Value: string }[] {
  return [
    { Key: 'severity', Value: def.severity },
    { Key: 'service', Value: def.service },
    { Key: 'team', Value: def.team },
    { Key: 'runbook', Value: runbookUrl(def) },
    { Key: 'environment', Value: 'production' },
  ];
}

/** The queries a metric alarm evaluates, in MetricDataQuery form. */
export function alarmQueries(def: MetricAlarmDef): Record<string, unknown>[] {
  if (def.metrics) return def.metrics;
  const m = def.metric!;
  return [{ ...stat('m1', m.namespace, m.metricName, m.dimensions, m.stat, def.period), ReturnData: true }];
}

/**
 * When the alarms were (last) configured: the Monday 00:00 UTC at least 30 days before
 * `nowSec`, on a 91-day grid, so it is stable for weeks and always precedes the history window.
 */
export function configurationUpdatedSec(nowSec: number): number {
  const grid = 91 * 86_400;
  const mondayOffset = 4 * 86_400; // 1970-01-05 was a Monday
  return Math.floor((nowSec - HISTORY_LOOKBACK_SEC - mondayOffset) / grid) * grid + mondayOffset;
}

// --- evaluation ---

export interface Evaluation {
  state: StateValue;
  /** Wall-clock time of the evaluation (epoch seconds, may be fractional). */
  atSec: number;
  reason: string;
  reasonData: string | null;
}

export interface Transition {
  atSec: number;
  from: Evaluation;
  to: Evaluation;
}

export interface Timeline {
  initial: Evaluation;
  transitions: Transition[];
}

interface MetricRuntime {
  def: MetricAlarmDef;
  plan: QueryPlan;
  target: PlannedQuery;
  /** Evaluation runs this long after each period closes (CloudWatch's few-second lag). */
  delaySec: number;
}

const runtimeCache = new Map<string, MetricRuntime>();

function runtimeFor(seed: number, def: MetricAlarmDef): MetricRuntime {
  const key = `${seed}|${def.name}`;
  let rt = runtimeCache.get(key);
  if (!rt) {
    const plan = new QueryPlan(alarmQueries(def), { seed, nowSec: null, field: 'Metrics' });
    const target = plan.queries.find((q) => q.returnData);
    if (!target) throw new Error(`alarm ${def.name}: no query returns data`);
    rt = { def, plan, target, delaySec: evaluationDelay(def.name) };
    if (runtimeCache.size > 500) runtimeCache.clear();
    runtimeCache.set(key, rt);
  }
  return rt;
}

// Datapoints per (seed, alarm, UTC day): pure, so cached without regard to "now".
const chunkCache = new Map<string, Float64Array>();
const CHUNK_CACHE_LIMIT = 1500;

function dayChunk(seed: number, rt: MetricRuntime, day: number): Float64Array {
  const key = `${seed}|${rt.def.name}|${day}`;
  const hit = chunkCache.get(key);
  if (hit) {
    chunkCache.delete(key);
    chunkCache.set(key, hit);
    return hit;
  }
  const p = rt.def.period;
  const n = 86_400 / p;
  const out = new Float64Array(n);
  const base = day * 86_400;
  for (let i = 0; i < n; i++) out[i] = rt.plan.value(rt.target, base + i * p) ?? Number.NaN;
  if (chunkCache.size >= CHUNK_CACHE_LIMIT) chunkCache.delete(chunkCache.keys().next().value!);
  chunkCache.set(key, out);
  return out;
}

/** The alarm's datapoints over [fromT, toT], copied out of the day chunks for a fast walk. */
class DatapointSeries {
  private readonly values: Float64Array;
  constructor(
    seed: number,
    rt: MetricRuntime,
    private readonly fromT: number,
    toT: number,
    private readonly period = rt.def.period,
  ) {
    const count = Math.max(0, Math.floor((toT - fromT) / this.period) + 1);
    this.values = new Float64Array(count);
    let i = 0;
    while (i < count) {
      const t = fromT + i * this.period;
      const day = Math.floor(t / 86_400);
      const chunk = dayChunk(seed, rt, day);
      let j = (t - day * 86_400) / this.period;
      while (j < chunk.length && i < count) this.values[i++] = chunk[j++]!;
    }
  }
  at(t: number): number {
    const i = (t - this.fromT) / this.period;
    return i >= 0 && i < this.values.length ? this.values[i]! : Number.NaN;
  }
}

function breaches(def: MetricAlarmDef, v: number): boolean {
  switch (def.comparison) {
    case 'GreaterThanThreshold':
      return v > def.threshold;
    case 'GreaterThanOrEqualToThreshold':
      return v >= def.threshold;
    case 'LessThanThreshold':
      return v < def.threshold;
    case 'LessThanOrEqualToThreshold':
      return v <= def.threshold;
  }
}

/** State after evaluating the window that ends at period boundary `end`. */
function stateAt(rt: MetricRuntime, series: DatapointSeries, end: number, previous: StateValue): StateValue {
  const { def } = rt;
  let breaching = 0;
  let present = 0;
  for (let j = 1; j <= def.evaluationPeriods; j++) {
    const v = series.at(end - j * def.period);
    if (Number.isNaN(v)) {
      if (def.treatMissingData === 'breaching') breaching++;
      if (def.treatMissingData === 'breaching' || def.treatMissingData === 'notBreaching') present++;
      continue;
    }
    present++;
    if (breaches(def, v)) breaching++;
  }
  if (breaching >= def.datapointsToAlarm) return 'ALARM';
  if (present === 0) return def.treatMissingData === 'ignore' ? previous : 'INSUFFICIENT_DATA';
  return 'OK';
}

const COMPARISON_WORDS: Record<ComparisonOperator, string> = {
  GreaterThanThreshold: 'greater than',
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
/** dd/MM/yy HH:mm:ss, as CloudWatch prints datapoint times in state reasons. */
function reasonDate(sec: number): string {
  const d = new Date(sec * 1000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** 2025-11-09T13:06:23.000+0000, as CloudWatch writes dates in StateReasonData. */
function reasonDataDate(sec: number): string {
  return new Date(Math.round(sec * 1000)).toISOString().replace('Z', '+0000');
}
function javaDouble(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}
function roundValue(x: number): number {
  return Number(x.toPrecision(7));
}

function describeEvaluation(def: MetricAlarmDef, series: { at(t: number): number }, end: number, state: StateValue, atSec: number): Evaluation {
  const points: { t: number; v: number }[] = [];
  for (let j = 1; j <= def.evaluationPeriods; j++) {
    const t = end - j * def.period;
    const v = series.at(t);
    if (!Number.isNaN(v)) points.push({ t, v: roundValue(v) });
  }
  const words = COMPARISON_WORDS[def.comparison];
  const threshold = javaDouble(def.threshold);
  const list = (ps: { t: number; v: number }[]): string => ps.map((p) => `${p.v} (${reasonDate(p.t)})`).join(', ');
  let reason: string;
  if (state === 'ALARM') {
    const breaching = points.filter((p) => breaches(def, p.v));
    const count = Math.max(breaching.length, def.datapointsToAlarm);
    reason =
      `Threshold Crossed: ${count} out of the last ${def.evaluationPeriods} datapoints [${list(breaching)}] ${count === 1 ? 'was' : 'were'} ${words} the threshold (${threshold}) ` +
      `(minimum ${def.datapointsToAlarm} datapoint${def.datapointsToAlarm === 1 ? '' : 's'} for OK -> ALARM transition).`;
  } else if (state === 'OK') {
    const calm = points.filter((p) => !breaches(def, p.v));
    const verb = calm.length === 1 ? 'was' : 'were';
    reason =
      calm.length === def.evaluationPeriods
        ? `Threshold Crossed: ${calm.length} datapoint${calm.length === 1 ? '' : 's'} [${list(calm)}] ${verb} not ${words} the threshold (${threshold}).`
        : `Threshold Crossed: ${calm.length} out of the last ${def.evaluationPeriods} datapoints [${list(calm)}] ${verb} not ${words} the threshold (${threshold}) ` +
          `(minimum ${def.evaluationPeriods - def.datapointsToAlarm + 1} datapoint${def.evaluationPeriods - def.datapointsToAlarm === 0 ? '' : 's'} for ALARM -> OK transition).`;
  } else {
    reason = `Insufficient Data: ${def.evaluationPeriods} datapoint${def.evaluationPeriods === 1 ? ' was' : 's were'} unknown.`;
  }
  const single = def.metric;
  const data: Record<string, unknown> = {
    version: '1.0',
    queryDate: reasonDataDate(atSec),
    startDate: reasonDataDate(end - def.evaluationPeriods * def.period),
    ...(single ? (single.stat.startsWith('p') ? { extendedStatistic: single.stat } : { statistic: single.stat }) : {}),
    period: def.period,
    recentDatapoints: [...points].reverse().map((p) => p.v),
    threshold: def.threshold,
    evaluatedDatapoints: points.map((p) => ({ timestamp: reasonDataDate(p.t), value: p.v })),
  };
  return { state, atSec, reason, reasonData: JSON.stringify(data) };
}

let lastDescribed: { of: Evaluation | null; value: Evaluation } = { of: null, value: { state: 'OK', atSec: 0, reason: '', reasonData: null } };

function evaluationDelay(name: string): number {
  return 10 + (hashString(name) % 40) + (hashString(name) % 997) / 1000;
}

/**
 * Timeline of a scheduled alarm (the large estate): the ALARM periods are known in closed form,
 * each transition described by the one datapoint that caused it (EvaluationPeriods is 1). The
 * result does not depend on the window asked for: the initial evaluation is the alarm's last
 * real transition before `fromSec`. Reasons are written when read, not kept: 5,000 alarms have
 * ~150,000 transitions in 30 days.
 */
function scheduledTimeline(seed: number, def: MetricAlarmDef, fromSec: number, toSec: number): Timeline {
  const schedule = def.schedule!;
  const p = def.period;
  const delay = evaluationDelay(def.name);
  const m = def.metric!;
  const handle = resolveMetric({ namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions.map(([name, value]) => ({ name, value })) }, 'large');
  const stat = parseStat(m.stat);
  const series = { at: (t: number): number => (handle && stat ? (computeValue(seed, handle, stat, p, t) ?? Number.NaN) : Number.NaN) };
  const unknown = { at: (): number => Number.NaN };
  const lazy = (state: StateValue, atSec: number): Evaluation => {
    const describe = (): Evaluation => {
      // History items read reason then reasonData of the same evaluation: describe it once for both.
      if (lastDescribed.of !== evaluation) lastDescribed = { of: evaluation, value: describeEvaluation(def, state === 'INSUFFICIENT_DATA' ? unknown : series, Math.floor((atSec - delay) / p) * p, state, atSec) };
      return lastDescribed.value;
    };
    const evaluation: Evaluation = {
      state,
      atSec,
      get reason() {
        return describe().reason;
      },
      get reasonData() {
        return describe().reasonData;
      },
    };
    return evaluation;
  };
  // Every state change in time order, starting with the state the alarm had before them.
  let before: Evaluation;
  const changes: { at: number; state: StateValue }[] = [];
  if (schedule.kind === 'episodes') {
    // Look back one more cycle, so the change before `fromSec` is known.
    const lookback = schedule.episodes.cycleSec + p + delay + 2 * 3600;
    before = lazy('OK', fromSec - lookback);
    for (const e of episodesBetween(seedKey(seed), schedule.episodes, fromSec - lookback, toSec)) {
      changes.push({ at: e.start + p + delay, state: 'ALARM' }, { at: e.end + p + delay, state: 'OK' });
    }
  } else {
    const configured = configurationUpdatedSec(toSec);
    before = lazy('INSUFFICIENT_DATA', configured);
    changes.push({ at: configured + schedule.offsetSec + p + delay, state: 'ALARM' });
  }
  let current = before;
  const transitions: Transition[] = [];
  let initial: Evaluation | null = null;
  for (const c of changes) {
    if (c.at > toSec) break;
    if (c.at <= fromSec) {
      current = lazy(c.state, c.at);
      continue;
    }
    initial ??= current;
    const to = lazy(c.state, c.at);
    transitions.push({ atSec: c.at, from: current, to });
    current = to;
  }
  return { initial: initial ?? current, transitions };
}

/** Timeline of a metric alarm: its state as of `fromSec` and every transition in (fromSec, toSec]. */
function metricTimeline(seed: number, def: MetricAlarmDef, fromSec: number, toSec: number): Timeline {
  if (def.schedule) return scheduledTimeline(seed, def, fromSec, toSec);
  const rt = runtimeFor(seed, def);
  const p = def.period;
  // Evaluation at boundary e happens at e + delay.
  const firstEnd = Math.floor((fromSec - rt.delaySec) / p) * p;
  const lastEnd = Math.max(firstEnd, Math.floor((toSec - rt.delaySec) / p) * p);
  const series = new DatapointSeries(seed, rt, firstEnd - def.evaluationPeriods * p, lastEnd - p);
  let state = stateAt(rt, series, firstEnd, 'INSUFFICIENT_DATA');
  let current = describeEvaluation(def, series, firstEnd, state, firstEnd + rt.delaySec);
  const initial = current;
  const transitions: Transition[] = [];
  for (let end = firstEnd + p; end <= lastEnd; end += p) {
    const next = stateAt(rt, series, end, state);
    if (next !== state) {
      const evaluation = describeEvaluation(def, series, end, next, end + rt.delaySec);
      transitions.push({ atSec: evaluation.atSec, from: current, to: evaluation });
      current = evaluation;
      state = next;
    }
  }
  return { initial, transitions };
}

function compositeReason(def: CompositeAlarmDef, state: StateValue, trigger: { name: string; state: StateValue; atSec: number } | null): Evaluation['reason'] {
  if (!trigger) return state === 'ALARM' ? `${def.anyOf.map(alarmArn).join(', ')} in ALARM` : `No child alarm of ${def.name} is in ALARM`;
  const d = new Date(trigger.atSec * 1000);
  return `${alarmArn(trigger.name)} transitioned to ${trigger.state} at ${d.toUTCString()}`;
}

function compositeTimeline(seed: number, def: CompositeAlarmDef, fromSec: number, toSec: number): Timeline {
  const children = def.anyOf.map((name) => {
    const child = BY_NAME.get(name);
    if (!child || child.kind !== 'metric') throw new Error(`composite ${def.name}: unknown metric alarm ${name}`);
    return { name, timeline: metricTimeline(seed, child, fromSec, toSec) };
  });
  const states = new Map(children.map((c) => [c.name, c.timeline.initial.state]));
  const combine = (): StateValue => {
    const all = [...states.values()];
    if (all.includes('ALARM')) return 'ALARM';
    return all.every((s) => s === 'INSUFFICIENT_DATA') ? 'INSUFFICIENT_DATA' : 'OK';
  };
  const reasonData = (trigger: { name: string; state: StateValue; atSec: number } | null): string =>
    JSON.stringify({ triggeringAlarms: trigger ? [{ arn: alarmArn(trigger.name), state: { value: trigger.state, timestamp: reasonDataDate(trigger.atSec) } }] : [] });
  let state = combine();
  const initialAt = Math.max(...children.map((c) => c.timeline.initial.atSec));
  let current: Evaluation = { state, atSec: initialAt, reason: compositeReason(def, state, null), reasonData: reasonData(null) };
  const initial = current;
  const events = children.flatMap((c) => c.timeline.transitions.map((t) => ({ name: c.name, t }))).sort((a, b) => a.t.atSec - b.t.atSec || a.name.localeCompare(b.name));
  const transitions: Transition[] = [];
  for (const { name, t } of events) {
    states.set(name, t.to.state);
    const next = combine();
    if (next !== state) {
      const trigger = { name, state: t.to.state, atSec: t.atSec };
      // The composite re-evaluates a moment after its child changes.
      const evaluation: Evaluation = { state: next, atSec: t.atSec + 0.5, reason: compositeReason(def, next, trigger), reasonData: reasonData(trigger) };
      transitions.push({ atSec: evaluation.atSec, from: current, to: evaluation });
      current = evaluation;
      state = next;
    }
  }
  return { initial, transitions };
}

/** The alarm's state as of `fromSec` and its transitions in (fromSec, toSec]. */
export function alarmTimeline(seed: number, def: AlarmDef, fromSec: number, toSec: number): Timeline {
  return def.kind === 'metric' ? metricTimeline(seed, def, fromSec, toSec) : compositeTimeline(seed, def, fromSec, toSec);
}

export interface AlarmStatus {
  state: StateValue;
  reason: string;
  reasonData: string | null;
  /** Last state change, or the start of the reconstructed window when there was none. */
  updatedSec: number;
  lastTransition: Transition | null;
}

const statusCache = new Map<string, AlarmStatus>();

/** State of an alarm at `nowSec`, reconstructed over the last 30 days. */
export function alarmStatus(seed: number, def: AlarmDef, nowSec: number): AlarmStatus {
  const key = `${seed}|${def.name}|${Math.floor(nowSec)}`;
  const hit = statusCache.get(key);
  if (hit) return hit;
  // Reconstruct from a start on a fixed 30-day grid (30–60 days back), not from now − 30 d:
  // an alarm with no transition must report the same StateUpdatedTimestamp on every call,
  // or a client would see a new state change — and a new occurrence — each time it asks.
  const from = Math.floor(nowSec / HISTORY_LOOKBACK_SEC) * HISTORY_LOOKBACK_SEC - HISTORY_LOOKBACK_SEC;
  const { initial, transitions } = alarmTimeline(seed, def, from, nowSec);
  const last = transitions[transitions.length - 1] ?? null;
  const current = last ? last.to : initial;
  const status: AlarmStatus = { state: current.state, reason: current.reason, reasonData: current.reasonData, updatedSec: last ? last.atSec : from, lastTransition: last };
  // Large enough for the large estate's 5,000 alarms at one instant.
  if (statusCache.size > 20_000) statusCache.clear();
  statusCache.set(key, status);
  return status;
}
