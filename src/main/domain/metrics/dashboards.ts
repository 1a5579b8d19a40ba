// The seeds' three metric families as dashboards ("Monitoring Strategy → Metrics"), each
// chart mapped onto the CloudWatch metrics the platform publishes (the demo platform's names,
// src/sim/platform/model.ts, which are also what the Overview's KPIs read). Targets are the
// seeds' own: CPU < 70 %, memory < 80 %, disk < 80 %, API p95 < 500 ms, error rate < 1 %,
// database query p95 < 100 ms.
import type { MetricFamily, MetricUnit } from '@shared/contract/metrics';

/** A dimension value of '*' matches every value (e.g. every node of the cluster). */
export interface MetricMatch {
  namespace: string;
  metric: string;
  dimensions: readonly { name: string; value: string }[];
  stat: string;
  /**
   * Its id under opsdeck.yaml `metrics:` (the chart's id; `<chart>.<part>` for a chart that reads
   * several metrics), so another account can map it to its own metric. Set on every DASHBOARDS match.
   */
  slot?: string;
}

/**
 * How one line is computed per bucket:
 * - gauge: the bucket mean of each matched series, then combined across them (avg, sum or max);
 * - rate: the sum of a counter's Sums in the bucket divided by the bucket's seconds (or minutes);
 * - ratio: 100 × Σ numerators ÷ Σ denominator in the bucket (error rates).
 */
export type SeriesSpec =
  | { kind: 'gauge'; id: string; label: string; match: MetricMatch; combine: 'avg' | 'sum' | 'max' }
  | { kind: 'rate'; id: string; label: string; match: MetricMatch; per: 'second' | 'minute' }
  | { kind: 'ratio'; id: string; label: string; numerators: readonly MetricMatch[]; denominator: MetricMatch };

export interface ChartDef {
  id: string;
  title: string;
  unit: MetricUnit;
  unitLabel: string;
  target: { value: number; direction: 'below' | 'above'; label: string } | null;
  description: string;
  series: readonly SeriesSpec[];
  /** One line per value of this dimension (e.g. Service): each spec's '*' in it is split. */
  splitBy?: string;
}

const SVC = 'ECommerce/Services';
const BIZ = 'ECommerce/Business';
const CI = 'ContainerInsights';
const ANY = '*';

const m = (namespace: string, metric: string, stat: string, dims: Record<string, string> = {}): MetricMatch => ({
  namespace,
  metric,
  stat,
  dimensions: Object.entries(dims).map(([name, value]) => ({ name, value })),
});

const business = (id: string, title: string, metric: string, unit: MetricUnit, unitLabel: string): ChartDef => ({
  id,
  title,
  unit,
  unitLabel,
  target: null,
  description: `${BIZ} ${metric}, mean per bucket`,
  series: [{ kind: 'gauge', id, label: title, match: m(BIZ, metric, 'Average'), combine: 'avg' }],
});

const latency = (stat: 'p50' | 'p95' | 'p99'): ChartDef => ({
  id: `latency-${stat}`,
  title: `Response time ${stat}, per service`,
  unit: 'ms',
  unitLabel: 'ms',
  target: stat === 'p95' ? { value: 500, direction: 'below', label: 'API p95 < 500 ms' } : null,
  description: `${SVC} Latency ${stat} by Service (mean of the per-minute ${stat} over a bucket)`,
  splitBy: 'Service',
  series: [{ kind: 'gauge', id: 'latency', label: stat, match: m(SVC, 'Latency', stat, { Service: ANY }), combine: 'avg' }],
});

const clusterGauge = (id: string, title: string, metric: string, target: ChartDef['target']): ChartDef => ({
  id,
  title,
  unit: 'percent',
  unitLabel: '%',
  target,
  description: `${CI} ${metric} of the cluster (mean of its nodes)`,
  series: [{ kind: 'gauge', id, label: 'cluster mean', match: m(CI, metric, 'Average', { ClusterName: ANY }), combine: 'avg' }],
});

const podGauge = (id: string, title: string, metric: string, target: ChartDef['target']): ChartDef => ({
  id,
  title,
  unit: 'percent',
  unitLabel: '%',
  target,
  description: `${CI} ${metric} by Service`,
  splitBy: 'Service',
  series: [{ kind: 'gauge', id, label: title, match: m(CI, metric, 'Average', { ClusterName: ANY, Namespace: ANY, Service: ANY }), combine: 'avg' }],
});

const CPU_TARGET = { value: 70, direction: 'below', label: 'CPU < 70 %' } as const;
const MEMORY_TARGET = { value: 80, direction: 'below', label: 'memory < 80 %' } as const;
const DISK_TARGET = { value: 80, direction: 'below', label: 'disk < 80 %' } as const;

export type Dashboards = Readonly<Record<MetricFamily, readonly ChartDef[]>>;

const BUILT_IN: Dashboards = {
  business: [
    business('orders', 'Orders per minute', 'OrdersPerMinute', 'per_minute', 'orders/min'),
    business('revenue', 'Revenue per hour', 'RevenuePerHour', 'usd_per_hour', 'USD/h'),
    business('active-users', 'Active users', 'ActiveUsers', 'count', 'users'),
    business('conversion', 'Conversion rate', 'ConversionRate', 'percent', '%'),
    business('cart-abandonment', 'Cart abandonment rate', 'CartAbandonmentRate', 'percent', '%'),
  ],
  application: [
    {
      id: 'request-rate',
      title: 'Request rate, per service',
      unit: 'per_second',
      unitLabel: 'req/s',
      target: null,
      description: `${SVC} RequestCount (Sum) by Service ÷ bucket seconds`,
      splitBy: 'Service',
      series: [{ kind: 'rate', id: 'requests', label: 'requests', match: m(SVC, 'RequestCount', 'Sum', { Service: ANY }), per: 'second' }],
    },
    {
      id: 'error-rate',
      title: 'Error rate (4xx + 5xx), per service',
      unit: 'percent',
      unitLabel: '%',
      target: { value: 1, direction: 'below', label: 'API errors < 1 %' },
      description: `100 × (Http4xxCount + Http5xxCount) ÷ RequestCount, ${SVC}, by Service`,
      splitBy: 'Service',
      series: [
        {
          kind: 'ratio',
          id: 'errors',
          label: 'errors',
          numerators: [
            { ...m(SVC, 'Http4xxCount', 'Sum', { Service: ANY }), slot: 'error-rate.4xx' },
            { ...m(SVC, 'Http5xxCount', 'Sum', { Service: ANY }), slot: 'error-rate.5xx' },
          ],
          denominator: { ...m(SVC, 'RequestCount', 'Sum', { Service: ANY }), slot: 'error-rate.requests' },
        },
      ],
    },
    {
      id: 'errors-5xx',
      title: 'Server errors (5xx) per second, per service',
      unit: 'per_second',
      unitLabel: 'errors/s',
      target: null,
      description: `${SVC} Http5xxCount (Sum) by Service ÷ bucket seconds`,
      splitBy: 'Service',
      series: [{ kind: 'rate', id: '5xx', label: '5xx', match: m(SVC, 'Http5xxCount', 'Sum', { Service: ANY }), per: 'second' }],
    },
    latency('p50'),
    latency('p95'),
    latency('p99'),
    {
      id: 'db-query-p95',
      title: 'Database query time p95, per service',
      unit: 'ms',
      unitLabel: 'ms',
      target: { value: 100, direction: 'below', label: 'query p95 < 100 ms' },
      description: `${SVC} DbQueryTime p95 by Service`,
      splitBy: 'Service',
      series: [{ kind: 'gauge', id: 'db', label: 'p95', match: m(SVC, 'DbQueryTime', 'p95', { Service: ANY }), combine: 'avg' }],
    },
    {
      id: 'active-connections',
      title: 'Active database connections',
      unit: 'count',
      unitLabel: 'connections',
      target: null,
      description: 'AWS/RDS DatabaseConnections (Average) per instance',
      splitBy: 'DBInstanceIdentifier',
      series: [{ kind: 'gauge', id: 'conn', label: 'connections', match: m('AWS/RDS', 'DatabaseConnections', 'Average', { DBInstanceIdentifier: ANY }), combine: 'avg' }],
    },
    {
      id: 'queue-depth',
      title: 'Queue depth (consumer lag), per topic',
      unit: 'count',
      unitLabel: 'messages',
      target: null,
      description: 'AWS/Kafka SumOffsetLag (Average) by Topic',
      splitBy: 'Topic',
      series: [
        { kind: 'gauge', id: 'lag', label: 'lag', match: m('AWS/Kafka', 'SumOffsetLag', 'Average', { 'Cluster Name': ANY, 'Consumer Group': ANY, Topic: ANY }), combine: 'sum' },
      ],
    },
  ],
  infrastructure: [
    clusterGauge('node-cpu', 'Node CPU', 'node_cpu_utilization', CPU_TARGET),
    podGauge('pod-cpu', 'Pod CPU, per service', 'pod_cpu_utilization', CPU_TARGET),
    clusterGauge('node-memory', 'Node memory', 'node_memory_utilization', MEMORY_TARGET),
    podGauge('pod-memory', 'Pod memory, per service', 'pod_memory_utilization', MEMORY_TARGET),
    {
      id: 'disk',
      title: 'Node disk utilisation',
      unit: 'percent',
      unitLabel: '%',
      target: DISK_TARGET,
      description: `${CI} node_filesystem_utilization of every node: the fullest node and the mean`,
      series: [
        { kind: 'gauge', id: 'disk-max', label: 'fullest node', match: m(CI, 'node_filesystem_utilization', 'Average', { ClusterName: ANY, NodeName: ANY }), combine: 'max' },
        { kind: 'gauge', id: 'disk-mean', label: 'mean of nodes', match: m(CI, 'node_filesystem_utilization', 'Average', { ClusterName: ANY, NodeName: ANY }), combine: 'avg' },
      ],
    },
    {
      id: 'network',
      title: 'Network throughput',
      unit: 'bytes_per_second',
      unitLabel: 'B/s',
      target: null,
      description: `${CI} node_network_total_bytes summed over every node`,
      series: [{ kind: 'gauge', id: 'net', label: 'all nodes', match: m(CI, 'node_network_total_bytes', 'Average', { ClusterName: ANY, NodeName: ANY }), combine: 'sum' }],
    },
    {
      id: 'running-pods',
      title: 'Running pods, per service',
      unit: 'count',
      unitLabel: 'pods',
      target: null,
      description: `${CI} service_number_of_running_pods by Service (seeds: 2–10 replicas)`,
      splitBy: 'Service',
      series: [{ kind: 'gauge', id: 'pods', label: 'pods', match: m(CI, 'service_number_of_running_pods', 'Average', { ClusterName: ANY, Namespace: ANY, Service: ANY }), combine: 'avg' }],
    },
    {
      id: 'nodes',
      title: 'EKS nodes',
      unit: 'count',
      unitLabel: 'nodes',
      target: null,
      description: `${CI} cluster_node_count (seeds: 3–20 nodes)`,
      series: [{ kind: 'gauge', id: 'nodes', label: 'nodes', match: m(CI, 'cluster_node_count', 'Average', { ClusterName: ANY }), combine: 'sum' }],
    },
    {
      id: 'rds-cpu',
      title: 'Database CPU (RDS)',
      unit: 'percent',
      unitLabel: '%',
      target: CPU_TARGET,
      description: 'AWS/RDS CPUUtilization (Average) per instance',
      splitBy: 'DBInstanceIdentifier',
      series: [{ kind: 'gauge', id: 'rds-cpu', label: 'CPU', match: m('AWS/RDS', 'CPUUtilization', 'Average', { DBInstanceIdentifier: ANY }), combine: 'avg' }],
    },
    {
      id: 'cache-memory',
      title: 'Cache memory (ElastiCache)',
      unit: 'percent',
      unitLabel: '%',
      target: MEMORY_TARGET,
      description: 'AWS/ElastiCache DatabaseMemoryUsagePercentage (Average) per cluster',
      splitBy: 'CacheClusterId',
      series: [
        { kind: 'gauge', id: 'cache-mem', label: 'memory', match: m('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', 'Average', { CacheClusterId: ANY }), combine: 'avg' },
      ],
    },
  ],
};

/** Every match of a spec (a ratio reads its denominator and numerators). */
export function specMatches(spec: SeriesSpec): MetricMatch[] {
  return spec.kind === 'ratio' ? [spec.denominator, ...spec.numerators] : [spec.match];
}

/** Each spec's matches rewritten by `f` (the charts otherwise unchanged). */
export function mapMatches(dashboards: Dashboards, f: (match: MetricMatch, chart: ChartDef) => MetricMatch): Dashboards {
  const spec = (s: SeriesSpec, c: ChartDef): SeriesSpec =>
    s.kind === 'ratio' ? { ...s, denominator: f(s.denominator, c), numerators: s.numerators.map((n) => f(n, c)) } : { ...s, match: f(s.match, c) };
  const out = {} as Record<MetricFamily, readonly ChartDef[]>;
  for (const [family, charts] of Object.entries(dashboards) as [MetricFamily, readonly ChartDef[]][]) {
    out[family] = charts.map((c) => ({ ...c, series: c.series.map((s) => spec(s, c)) }));
  }
  return out;
}

/** A chart that reads one metric names it by its own id; one that reads several names each part (error-rate.4xx). */
function withSlots(dashboards: Dashboards): Dashboards {
  return mapMatches(dashboards, (match, chart) => {
    if (match.slot) return match;
    const distinct = new Set(chart.series.flatMap(specMatches).filter((x) => !x.slot).map(describeMatch));
    if (distinct.size > 1) throw new Error(`dashboards: chart ${chart.id} reads ${distinct.size} metrics; give each a slot`);
    return { ...match, slot: chart.id };
  });
}

/** The seeds' dashboards on the demo platform's metric names, each match with its `metrics:` id. */
export const DASHBOARDS: Dashboards = withSlots(BUILT_IN);

/** A cached series as the matcher sees it. */
export interface CatalogueSeries {
  id: number;
  namespace: string;
  metric: string;
  dimensions: readonly { name: string; value: string }[];
  stat: string;
}

/**
 * The series a match names: same namespace, metric and statistic, and exactly the match's
 * dimension names (CloudWatch treats every dimension set as its own metric), each value
 * equal or '*'. So `{ClusterName=*}` is the cluster-wide series, not every node's.
 */
export function matchSeries(match: MetricMatch, catalogue: readonly CatalogueSeries[]): CatalogueSeries[] {
  return catalogue.filter((s) => {
    if (s.namespace !== match.namespace || s.metric !== match.metric || s.stat !== match.stat) return false;
    if (s.dimensions.length !== match.dimensions.length) return false;
    return match.dimensions.every((d) => s.dimensions.some((x) => x.name === d.name && (d.value === ANY || x.value === d.value)));
  });
}

/** "ContainerInsights node_cpu_utilization {ClusterName=*} Average". */
export function describeMatch(match: MetricMatch): string {
  const dims = match.dimensions.map((d) => `${d.name}=${d.value}`).join(', ');
  return `${match.namespace} ${match.metric}${dims ? ` {${dims}}` : ''} ${match.stat}`;
}

/** How to get a missing metric into the cache, in words, from what the catalogue does have; then how to map it. */
export function missingHint(match: MetricMatch, catalogue: readonly CatalogueSeries[]): string {
  const how = collectHint(match, catalogue);
  // Before the first sync there is nothing to map against yet.
  return match.slot && catalogue.length > 0 ? `${how} ${mappingHint(match)}` : how;
}

/** What to write in opsdeck.yaml when the account has the metric under another name. */
export function mappingHint(match: MetricMatch): string {
  const dims = match.dimensions.map((d) => `${d.name}: '${d.value}'`).join(', ');
  return (
    `If this account publishes it under another name, map it in opsdeck.yaml: metrics: { ${match.slot}: { namespace: <namespace>, metric: <name>, ` +
    `dimensions: { ${dims || '<name>: <value>'} }, statistic: ${match.stat} } } ('*' matches every value of a dimension).`
  );
}

function collectHint(match: MetricMatch, catalogue: readonly CatalogueSeries[]): string {
  if (catalogue.length === 0) return 'The metric catalogue is empty: the first sync has not finished yet.';
  const sameMetric = catalogue.filter((s) => s.namespace === match.namespace && s.metric === match.metric);
  if (sameMetric.length === 0) {
    const inNamespace = catalogue.some((s) => s.namespace === match.namespace);
    return inNamespace
      ? `${match.namespace} is collected but has no ${match.metric}: publish it under that name (CloudWatch PutMetricData or the agent that reports this family).`
      : `Nothing from ${match.namespace} is in the cache: publish it, and if opsdeck.yaml sets collect.namespaces for this source, add ${match.namespace} there.`;
  }
  const wantedNames = match.dimensions.map((d) => d.name).sort().join(', ');
  const sameDims = sameMetric.filter((s) => s.dimensions.map((d) => d.name).sort().join(', ') === wantedNames);
  if (sameDims.length === 0) {
    const have = [...new Set(sameMetric.map((s) => `{${s.dimensions.map((d) => d.name).join(', ')}}`))].slice(0, 4).join(', ');
    return `${match.namespace} ${match.metric} is collected with dimensions ${have}, but this chart reads it with {${wantedNames}}: publish that dimension set too.`;
  }
  const stats = [...new Set(sameDims.map((s) => s.stat))].join(', ');
  return `${match.namespace} ${match.metric} is collected as ${stats}, not ${match.stat}: add ${match.stat} under collect.statistics in opsdeck.yaml for this namespace and metric.`;
}
