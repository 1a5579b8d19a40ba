// The demo platform's metrics: a pure function of (seed, metric, time), no I/O.
//
// Every metric is built from deterministic 1-minute base samples, and a datapoint for any
// period is the aggregate of the minutes it covers — so a 5-minute Sum is exactly the sum
// of five 1-minute Sums, and Minimum/Maximum/percentiles nest the same way:
//   - "gauge" metrics publish one value per minute (counts per minute, utilisations…);
//     a period's stats are over those values (SampleCount = minutes with data,
//     percentiles by nearest rank);
//   - "distribution" metrics (latencies) publish n samples per minute drawn from a
//     log-normal(mu, sigma); a period's percentile is the quantile of the request-weighted
//     mixture of its minutes, Sum = Σ n·mean, SampleCount = Σ n.

import { defineCapacityMetrics } from './capacity';
import { defineLargeEstate, type Estate } from './estate';
import { DAY, newYorkLocal } from './clock';
import { gaussian, hashString, normCdf, normInv, poissonCount, seedKey, smoothNoise, uniform } from './random';
import {
  CACHE_FLAPPING,
  FLASH_SALE,
  KAFKA_LAG,
  MEMORY_LEAK,
  NODE_DISK,
  PAYMENT_SPIKE,
  PAYMENT_SPIKE_PEAK_RATIO,
  RDS_STORAGE,
  SEARCH_DEGRADATION,
  leakMemoryPercent,
  nodeDiskPercent,
  rdsFreeGiB,
  recurringIntensity,
  sawtoothPhase,
} from './scenario';

export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: string }[];
}

export type StatSpec =
  | { kind: 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount'; text: string }
  | { kind: 'percentile'; text: string; percent: number; q: number; z: number };

/** CloudWatch unit names used by the simulator. */
export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds' | 'Percent' | 'Bytes' | 'Bytes/Second' | 'Count/Second' | 'None';

interface Sample {
  value: number;
  mu: number;
  sigma: number;
  n: number;
}
type SampleFn = (key: number, sec: number, out: Sample) => boolean;

interface MetricDef {
  readonly id: MetricId;
  readonly key: string;
  readonly unit: MetricUnit;
  readonly shape: 'gauge' | 'distribution';
  readonly stream: number;
  readonly sample: SampleFn;
}

/** Opaque, pre-resolved metric (faster than resolving a MetricId per datapoint). */
export type MetricHandle = MetricDef;

export const CLUSTER_NAME = 'ecommerce-prod';
export const K8S_NAMESPACE = 'ecommerce';
export const DB_INSTANCE = 'ecommerce-prod-db';
export const CACHE_CLUSTER = 'ecommerce-redis-001';
export const MSK_CLUSTER = 'ecommerce-msk';

// --- the shared traffic curve ---

/** Diurnal (New York evening peak, lunchtime bump) × weekly shape; both average to 1. */
const WEEKLY = [1.06, 0.97, 0.96, 0.97, 0.98, 1.02, 1.04]; // Sunday first
const TRAFFIC_TABLE = (() => {
  const table = new Float64Array(7 * 1440);
  for (let dow = 0; dow < 7; dow++) {
    for (let m = 0; m < 1440; m++) {
      const h = (m + 0.5) / 60;
      const diurnal = 1 + 0.45 * Math.cos((2 * Math.PI * (h - 20)) / 24) + 0.12 * Math.cos((4 * Math.PI * (h - 13)) / 24);
      table[dow * 1440 + m] = diurnal * WEEKLY[dow]!;
    }
  }
  return table;
})();

/** Baseline traffic multiplier (mean 1) at the minute starting `sec`; no flash sale. */
export function baseTraffic(sec: number): number {
  const localMinute = Math.floor(newYorkLocal(sec) / 60);
  const day = Math.floor(localMinute / 1440);
  const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return TRAFFIC_TABLE[dow * 1440 + (localMinute - day * 1440)]!;
}

function traffic(key: number, sec: number): number {
  return baseTraffic(sec) * (1 + 0.55 * recurringIntensity(key, FLASH_SALE, sec));
}

// --- services ---

export const SERVICE_NAMES = ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

interface ServiceSpec {
  name: ServiceName;
  /** Mean requests per minute at traffic 1. */
  rate: number;
  err5xx: number;
  err4xx: number;
  medianMs: number;
  sigma: number;
  /** Requests per minute one pod serves at 100 % CPU. */
  podCapacity: number;
  s: Record<'req' | 'e5' | 'e5ratio' | 'e4' | 'e4ratio' | 'lat' | 'db' | 'pods' | 'podcpu' | 'podmem', number>;
}

function service(name: ServiceName, rate: number, err5xx: number, err4xx: number, medianMs: number, sigma: number): ServiceSpec {
  const streams = ['req', 'e5', 'e5ratio', 'e4', 'e4ratio', 'lat', 'db', 'pods', 'podcpu', 'podmem'] as const;
  const s = Object.fromEntries(streams.map((k) => [k, hashString(`svc:${name}:${k}`)])) as ServiceSpec['s'];
  return { name, rate, err5xx, err4xx, medianMs, sigma, podCapacity: 0.34 * rate, s };
}

// Baseline 5xx ratios use ~5–20 % of each 30-day availability budget (Order/Customer 99.9,
// Product 99.95, Payment 99.99, Search 99.5).
const SERVICES: Record<ServiceName, ServiceSpec> = {
  'order-service': service('order-service', 1200, 0.00018, 0.005, 110, 0.5),
  'customer-service': service('customer-service', 1800, 0.00015, 0.006, 55, 0.5),
  'product-service': service('product-service', 6000, 0.00008, 0.004, 40, 0.55),
  'payment-service': service('payment-service', 420, 0.000005, 0.002, 180, 0.45),
  'search-service': service('search-service', 3000, 0.0008, 0.003, 130, 0.5),
};

function expectedRequests(key: number, svc: ServiceSpec, sec: number): number {
  return svc.rate * traffic(key, sec);
}

function requests(key: number, svc: ServiceSpec, sec: number, load = traffic(key, sec)): number {
  const noisy = svc.rate * load * (1 + 0.04 * gaussian(key, svc.s.req, sec / 60));
  return Math.max(0, Math.round(noisy));
}

function paymentSpike(key: number, sec: number): number {
  return recurringIntensity(key, PAYMENT_SPIKE, sec);
}

function errorRatio5xx(key: number, svc: ServiceSpec, sec: number): number {
  let ratio = svc.err5xx * (1 + 0.3 * smoothNoise(key, svc.s.e5ratio, sec, 1800));
  if (svc.name === 'payment-service') ratio += paymentSpike(key, sec);
  else if (svc.name === 'order-service') ratio += 0.3 * paymentSpike(key, sec);
  else if (svc.name === 'search-service') ratio += 0.06 * recurringIntensity(key, SEARCH_DEGRADATION, sec);
  return ratio;
}

function latencyFactor(key: number, svc: ServiceSpec, sec: number): number {
  switch (svc.name) {
    case 'payment-service':
      return 1 + (9 * paymentSpike(key, sec)) / PAYMENT_SPIKE_PEAK_RATIO;
    case 'order-service':
      return 1 + (0.5 * paymentSpike(key, sec)) / PAYMENT_SPIKE_PEAK_RATIO;
    case 'search-service':
      return 1 + 5 * recurringIntensity(key, SEARCH_DEGRADATION, sec);
    default:
      return 1 + 0.15 * recurringIntensity(key, CACHE_FLAPPING, sec);
  }
}

function podCount(key: number, svc: ServiceSpec, sec: number): number {
  // The horizontal pod autoscaler reacts to the load of three minutes ago.
  const needed = Math.ceil(expectedRequests(key, svc, sec - 180) / (0.7 * svc.podCapacity));
  return Math.min(10, Math.max(2, needed));
}

// --- cluster nodes ---

const NODE_NAMES = [
  'ip-10-0-1-23.ec2.internal',
  'ip-10-0-1-87.ec2.internal',
  'ip-10-0-2-14.ec2.internal',
  'ip-10-0-2-196.ec2.internal',
  'ip-10-0-3-41.ec2.internal',
  'ip-10-0-3-152.ec2.internal',
  'ip-10-0-1-210.ec2.internal',
  'ip-10-0-2-77.ec2.internal',
];
const BASE_NODES = 6;
const NODE_CPU_SKEW = [1.06, 0.95, 1.02, 0.97, 1.04, 0.96, 1.0, 1.0];
const NODE_MEM_SKEW = [3, -2, 1, -1, 2, -3, -6, -6];
/** Index of the node whose disk fills up (see NODE_DISK in scenario.ts). */
const FULL_DISK_NODE = 2;

function nodeCount(key: number, sec: number): number {
  // The cluster autoscaler needs ~20 minutes (pending pods, node boot) to add capacity.
  const needed = Math.ceil((BASE_NODES * traffic(key, sec - 1200)) / 1.4);
  return Math.min(NODE_NAMES.length, Math.max(BASE_NODES, needed));
}

const NODE_STREAMS = NODE_NAMES.map((n) => ({
  cpu: hashString(`node:${n}:cpu`),
  cpuJitter: hashString(`node:${n}:cpuj`),
  mem: hashString(`node:${n}:mem`),
  disk: hashString(`node:${n}:disk`),
  diskCycle: hashString(`node:${n}:diskcycle`),
  net: hashString(`node:${n}:net`),
}));

function nodeCpu(key: number, i: number, sec: number, nodes: number, load: number): number {
  const cluster = 8 + (36 * load * BASE_NODES) / nodes;
  const st = NODE_STREAMS[i]!;
  const v = cluster * NODE_CPU_SKEW[i]! * (1 + 0.04 * smoothNoise(key, st.cpu, sec, 600)) + 1.2 * gaussian(key, st.cpuJitter, sec / 60);
  return Math.min(99, Math.max(2, v));
}

function nodeMemory(key: number, i: number, sec: number, load: number): number {
  return 56 + 6 * (load - 1) + NODE_MEM_SKEW[i]! + 2.5 * smoothNoise(key, NODE_STREAMS[i]!.mem, sec, 1800);
}

// --- catalogue ---

const defs: MetricDef[] = [];
const byKey = new Map<string, MetricDef>();
/** The large estate's own metrics (estate.ts), registered on first use after the small ones. */
let largeDefs: MetricDef[] | null = null;
const largeByKey = new Map<string, MetricDef>();
let defineInto: { defs: MetricDef[]; byKey: Map<string, MetricDef> } = { defs, byKey };

function canonicalKey(namespace: string, metricName: string, dimensions: readonly { name: string; value: string }[]): string {
  const dims = dimensions.map((d) => `${d.name}=${d.value}`).sort();
  return `${namespace}\u0000${metricName}\u0000${dims.join('\u0001')}`;
}

function define(namespace: string, metricName: string, dims: [string, string][], unit: MetricUnit, shape: MetricDef['shape'], sample: SampleFn): void {
  const dimensions = dims.map(([name, value]) => ({ name, value }));
  const key = canonicalKey(namespace, metricName, dimensions);
  const def: MetricDef = { id: { namespace, metricName, dimensions }, key, unit, shape, stream: hashString(`metric:${key}`), sample };
  defineInto.defs.push(def);
  defineInto.byKey.set(key, def);
}

function gauge(out: Sample, value: number): true {
  out.value = value;
  return true;
}

function distribution(out: Sample, medianMs: number, sigma: number, n: number): boolean {
  if (!(n > 0)) return false;
  out.mu = Math.log(medianMs);
  out.sigma = sigma;
  out.n = n;
  return true;
}

const svcNs = 'ECommerce/Services';
for (const name of SERVICE_NAMES) {
  const svc = SERVICES[name];
  const dims: [string, string][] = [['Service', name]];
  define(svcNs, 'RequestCount', dims, 'Count', 'gauge', (k, sec, out) => gauge(out, requests(k, svc, sec)));
  define(svcNs, 'Http5xxCount', dims, 'Count', 'gauge', (k, sec, out) =>
    gauge(out, poissonCount(requests(k, svc, sec) * errorRatio5xx(k, svc, sec), k, svc.s.e5, sec / 60)),
  );
  define(svcNs, 'Http4xxCount', dims, 'Count', 'gauge', (k, sec, out) =>
    gauge(out, poissonCount(requests(k, svc, sec) * svc.err4xx * (1 + 0.25 * smoothNoise(k, svc.s.e4ratio, sec, 2400)), k, svc.s.e4, sec / 60)),
  );
  define(svcNs, 'Latency', dims, 'Milliseconds', 'distribution', (k, sec, out) => {
    const load = traffic(k, sec);
    const median = svc.medianMs * (1 + 0.2 * Math.max(0, load - 1)) * (1 + 0.05 * smoothNoise(k, svc.s.lat, sec, 900)) * latencyFactor(k, svc, sec);
    return distribution(out, median, svc.sigma, requests(k, svc, sec, load));
  });
  define(svcNs, 'DbQueryTime', dims, 'Milliseconds', 'distribution', (k, sec, out) => {
    const load = traffic(k, sec);
    const median = 14 * (1 + 0.2 * Math.max(0, load - 1)) * (1 + 0.6 * recurringIntensity(k, CACHE_FLAPPING, sec)) * (1 + 0.05 * smoothNoise(k, svc.s.db, sec, 1200));
    return distribution(out, median, 0.55, 3 * requests(k, svc, sec, load));
  });
}

// Payments: transactions are checkout payment attempts, ~55 % of payment-service requests;
// they fail at the same ratio as the service's 5xx.
const payment = SERVICES['payment-service'];
const TX_FAILED_STREAM = hashString('payments:failed');
function transactions(k: number, sec: number): number {
  return Math.round(0.55 * requests(k, payment, sec));
}
function failedTransactions(k: number, sec: number): number {
  return poissonCount(transactions(k, sec) * errorRatio5xx(k, payment, sec), k, TX_FAILED_STREAM, sec / 60);
}
define('ECommerce/Payments', 'Transactions', [], 'Count', 'gauge', (k, sec, out) => gauge(out, transactions(k, sec)));
define('ECommerce/Payments', 'FailedTransactions', [], 'Count', 'gauge', (k, sec, out) => gauge(out, failedTransactions(k, sec)));

// Business KPIs ride the same curve; a payment spike dents orders, revenue and conversion.
const AOV_STREAM = hashString('business:aov');
const USERS_STREAM = hashString('business:users');
const CONV_STREAM = hashString('business:conversion');
const ABANDON_STREAM = hashString('business:abandon');
function orders(k: number, sec: number): number {
  return Math.round((transactions(k, sec) - failedTransactions(k, sec)) * 0.97);
}
define('ECommerce/Business', 'OrdersPerMinute', [], 'Count', 'gauge', (k, sec, out) => gauge(out, orders(k, sec)));
define('ECommerce/Business', 'RevenuePerHour', [], 'None', 'gauge', (k, sec, out) =>
  gauge(out, Math.round(orders(k, sec) * 60 * 72 * (1 + 0.08 * smoothNoise(k, AOV_STREAM, sec, 3600)) * 100) / 100),
);
define('ECommerce/Business', 'ActiveUsers', [], 'Count', 'gauge', (k, sec, out) =>
  gauge(out, Math.round(9000 * traffic(k, sec) * (1 + 0.03 * gaussian(k, USERS_STREAM, sec / 60)))),
);
define('ECommerce/Business', 'ConversionRate', [], 'Percent', 'gauge', (k, sec, out) =>
  gauge(out, 3.2 * (1 + 0.06 * smoothNoise(k, CONV_STREAM, sec, 2700)) * (1 - 8 * paymentSpike(k, sec))),
);
define('ECommerce/Business', 'CartAbandonmentRate', [], 'Percent', 'gauge', (k, sec, out) =>
  gauge(out, 69 + 3 * smoothNoise(k, ABANDON_STREAM, sec, 3600) + 150 * paymentSpike(k, sec)),
);

// Frontend page loads (real-user monitoring).
const PAGES: [string, number, number][] = [
  ['home', 900, 800],
  ['product', 1500, 950],
  ['checkout', 120, 950],
];
for (const [page, views, medianMs] of PAGES) {
  const stream = hashString(`page:${page}`);
  define('ECommerce/Frontend', 'PageLoadTime', [['Page', page]], 'Milliseconds', 'distribution', (k, sec, out) => {
    const load = traffic(k, sec);
    let factor = 1 + 0.1 * Math.max(0, load - 1);
    if (page === 'product') factor *= 1 + 0.3 * recurringIntensity(k, SEARCH_DEGRADATION, sec);
    if (page === 'checkout') factor *= 1 + (1.5 * paymentSpike(k, sec)) / PAYMENT_SPIKE_PEAK_RATIO;
    const n = poissonCount(views * load, k, stream, sec / 60);
    return distribution(out, medianMs * factor * (1 + 0.04 * smoothNoise(k, stream ^ 1, sec, 1200)), 0.38, n);
  });
}

// Event processing (Kafka consumers).
const TOPICS: [topic: string, group: string, rate: number][] = [
  ['order-events', 'order-processor', 700],
  ['payment-events', 'payment-processor', 230],
  ['inventory-events', 'inventory-updater', 1800],
];
for (const [topic, group, rate] of TOPICS) {
  const st = { processed: hashString(`events:${topic}:p`), failed: hashString(`events:${topic}:f`), lag: hashString(`events:${topic}:lag`), max: hashString(`events:${topic}:max`) };
  const lagged = topic === 'order-events';
  const processed = (k: number, sec: number): number => poissonCount(rate * traffic(k, sec), k, st.processed, sec / 60);
  const dims: [string, string][] = [['Topic', topic]];
  define('ECommerce/Events', 'EventsProcessed', dims, 'Count', 'gauge', (k, sec, out) => gauge(out, processed(k, sec)));
  define('ECommerce/Events', 'EventsFailed', dims, 'Count', 'gauge', (k, sec, out) =>
    gauge(out, poissonCount(processed(k, sec) * 0.00015 * (1 + 0.3 * smoothNoise(k, st.failed, sec, 3600)), k, st.failed, sec / 60)),
  );
  define('ECommerce/Events', 'ProcessingLatency', dims, 'Milliseconds', 'distribution', (k, sec, out) => {
    const lag = lagged ? recurringIntensity(k, KAFKA_LAG, sec) : 0;
    return distribution(out, 85 * (1 + 40 * lag) * (1 + 0.05 * smoothNoise(k, st.lag, sec, 900)), 0.55, processed(k, sec));
  });
  const sumLag = (k: number, sec: number): number =>
    Math.round(30 + 90 * traffic(k, sec) * (1 + 0.3 * Math.abs(gaussian(k, st.lag, sec / 60))) + (lagged ? 9000 * recurringIntensity(k, KAFKA_LAG, sec) : 0));
  const kafkaDims: [string, string][] = [
    ['Cluster Name', MSK_CLUSTER],
    ['Consumer Group', group],
    ['Topic', topic],
  ];
  define('AWS/Kafka', 'SumOffsetLag', kafkaDims, 'Count', 'gauge', (k, sec, out) => gauge(out, sumLag(k, sec)));
  define('AWS/Kafka', 'MaxOffsetLag', kafkaDims, 'Count', 'gauge', (k, sec, out) =>
    gauge(out, Math.round((sumLag(k, sec) / 6) * (1.4 + 0.3 * uniform(k, st.max, sec / 60)))),
  );
}

// Background jobs: published only in the minutes a job runs.
const JOBS: [name: string, everyMinutes: number, atMinute: number, failureRate: number][] = [
  ['inventory-sync', 5, 0, 0.002],
  ['cart-cleanup', 15, 3, 0.003],
  ['order-export', 60, 7, 0.004],
];
for (const [job, every, at, failureRate] of JOBS) {
  const stream = hashString(`job:${job}`);
  const runs = (sec: number): boolean => (Math.floor(sec / 60) % every + every) % every === at % every;
  define('ECommerce/Jobs', 'JobsRun', [['JobName', job]], 'Count', 'gauge', (_k, sec, out) => runs(sec) && gauge(out, 1));
  define('ECommerce/Jobs', 'JobsFailed', [['JobName', job]], 'Count', 'gauge', (k, sec, out) => runs(sec) && gauge(out, uniform(k, stream, sec / 60) < failureRate ? 1 : 0));
}

// Container Insights (EKS). Cluster-level node metrics are the mean of the active nodes.
const ci = 'ContainerInsights';
const clusterDim: [string, string] = ['ClusterName', CLUSTER_NAME];
define(ci, 'cluster_node_count', [clusterDim], 'Count', 'gauge', (k, sec, out) => gauge(out, nodeCount(k, sec)));
define(ci, 'node_cpu_utilization', [clusterDim], 'Percent', 'gauge', (k, sec, out) => {
  const nodes = nodeCount(k, sec);
  const load = traffic(k, sec);
  let sum = 0;
  for (let i = 0; i < nodes; i++) sum += nodeCpu(k, i, sec, nodes, load);
  return gauge(out, sum / nodes);
});
define(ci, 'node_memory_utilization', [clusterDim], 'Percent', 'gauge', (k, sec, out) => {
  const nodes = nodeCount(k, sec);
  const load = traffic(k, sec);
  let sum = 0;
  for (let i = 0; i < nodes; i++) sum += nodeMemory(k, i, sec, load);
  return gauge(out, sum / nodes);
});
NODE_NAMES.forEach((nodeName, i) => {
  const dims: [string, string][] = [clusterDim, ['NodeName', nodeName]];
  const st = NODE_STREAMS[i]!;
  // Nodes beyond the base six exist only while the autoscaler has added them.
  const active = (k: number, sec: number): number => {
    const nodes = nodeCount(k, sec);
    return i < nodes ? nodes : 0;
  };
  define(ci, 'node_cpu_utilization', dims, 'Percent', 'gauge', (k, sec, out) => {
    const nodes = active(k, sec);
    return nodes > 0 && gauge(out, nodeCpu(k, i, sec, nodes, traffic(k, sec)));
  });
  define(ci, 'node_memory_utilization', dims, 'Percent', 'gauge', (k, sec, out) => active(k, sec) > 0 && gauge(out, nodeMemory(k, i, sec, traffic(k, sec))));
  define(ci, 'node_filesystem_utilization', dims, 'Percent', 'gauge', (k, sec, out) => {
    if (active(k, sec) === 0) return false;
    const jitter = 0.3 * smoothNoise(k, st.disk, sec, 3600);
    if (i === FULL_DISK_NODE) return gauge(out, nodeDiskPercent(sawtoothPhase(k, NODE_DISK, sec)) + jitter);
    if (i >= BASE_NODES) return gauge(out, 22 + jitter);
    const x = (sec + uniform(k, st.diskCycle, 0) * 7 * DAY) / (7 * DAY);
    return gauge(out, 30 + 2 * i + 9 * (x - Math.floor(x)) + jitter);
  });
  define(ci, 'node_network_total_bytes', dims, 'Bytes/Second', 'gauge', (k, sec, out) => {
    const nodes = active(k, sec);
    return nodes > 0 && gauge(out, Math.round(((1.1e7 * traffic(k, sec) * BASE_NODES) / nodes) * NODE_CPU_SKEW[i]! * (1 + 0.05 * gaussian(k, st.net, sec / 60))));
  });
});
for (const name of SERVICE_NAMES) {
  const svc = SERVICES[name];
  const dims: [string, string][] = [clusterDim, ['Namespace', K8S_NAMESPACE], ['Service', name]];
  define(ci, 'pod_cpu_utilization', dims, 'Percent', 'gauge', (k, sec, out) => {
    const load = expectedRequests(k, svc, sec) / (podCount(k, svc, sec) * svc.podCapacity);
    return gauge(out, Math.min(100, Math.max(1, 90 * load * (1 + 0.03 * smoothNoise(k, svc.s.podcpu, sec, 600)) + gaussian(k, svc.s.podcpu, sec / 60))));
  });
  define(ci, 'pod_memory_utilization', dims, 'Percent', 'gauge', (k, sec, out) => {
    if (name === 'customer-service') return gauge(out, leakMemoryPercent(sawtoothPhase(k, MEMORY_LEAK, sec)) + 0.6 * smoothNoise(k, svc.s.podmem, sec, 1800));
    const load = expectedRequests(k, svc, sec) / (podCount(k, svc, sec) * svc.podCapacity);
    return gauge(out, 44 + 8 * load + 2 * smoothNoise(k, svc.s.podmem, sec, 1800));
  });
  define(ci, 'service_number_of_running_pods', dims, 'Count', 'gauge', (k, sec, out) => gauge(out, podCount(k, svc, sec)));
}

// RDS (PostgreSQL). A cache hit-rate dip sends more reads to the database.
const rdsDims: [string, string][] = [['DBInstanceIdentifier', DB_INSTANCE]];
const RDS = { cpu: hashString('rds:cpu'), cpuJ: hashString('rds:cpuj'), conn: hashString('rds:conn'), lat: hashString('rds:lat'), free: hashString('rds:free') };
define('AWS/RDS', 'CPUUtilization', rdsDims, 'Percent', 'gauge', (k, sec, out) =>
  gauge(out, 14 + 20 * traffic(k, sec) + 12 * recurringIntensity(k, CACHE_FLAPPING, sec) + 2 * smoothNoise(k, RDS.cpu, sec, 1200) + 0.8 * gaussian(k, RDS.cpuJ, sec / 60)),
);
define('AWS/RDS', 'FreeStorageSpace', rdsDims, 'Bytes', 'gauge', (k, sec, out) =>
  gauge(out, Math.round((rdsFreeGiB(sawtoothPhase(k, RDS_STORAGE, sec)) + 0.4 * smoothNoise(k, RDS.free, sec, 7200)) * 2 ** 30)),
);
define('AWS/RDS', 'DatabaseConnections', rdsDims, 'Count', 'gauge', (k, sec, out) =>
  gauge(out, Math.round(50 + 70 * traffic(k, sec) + 15 * recurringIntensity(k, CACHE_FLAPPING, sec) + 4 * gaussian(k, RDS.conn, sec / 60))),
);
define('AWS/RDS', 'ReadLatency', rdsDims, 'Seconds', 'gauge', (k, sec, out) =>
  gauge(out, 0.0008 * (1 + 0.4 * traffic(k, sec)) * (1 + 0.8 * recurringIntensity(k, CACHE_FLAPPING, sec)) * (1 + 0.05 * gaussian(k, RDS.lat, sec / 60))),
);

// ElastiCache (Redis).
const redisDims: [string, string][] = [['CacheClusterId', CACHE_CLUSTER]];
const REDIS = { hit: hashString('redis:hit'), hitJ: hashString('redis:hitj'), mem: hashString('redis:mem') };
define('AWS/ElastiCache', 'CacheHitRate', redisDims, 'Percent', 'gauge', (k, sec, out) => {
  const flap = recurringIntensity(k, CACHE_FLAPPING, sec);
  const jitter = gaussian(k, REDIS.hitJ, sec / 60);
  const normal = 94.5 + smoothNoise(k, REDIS.hit, sec, 3600) + 0.3 * jitter;
  const hovering = 80 + 3 * Math.sin((2 * Math.PI * sec) / 1320) + 0.8 * jitter;
  return gauge(out, (1 - flap) * normal + flap * hovering);
});
define('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', redisDims, 'Percent', 'gauge', (k, sec, out) =>
  gauge(out, 64 + 6 * (traffic(k, sec) - 1) + 2 * smoothNoise(k, REDIS.mem, sec, 7200)),
);

// Capacity-review series (storage that fills, organic growth, a growing service): after every
// metric above, so none of theirs changes.
defineCapacityMetrics({
  gauge: (namespace, metricName, dims, unit, sample) =>
    define(namespace, metricName, dims, unit, 'gauge', (k, sec, out) => {
      const v = sample(k, sec);
      return v !== null && gauge(out, v);
    }),
  traffic,
});

// --- the large estate (`--demo-scale large`) ---

function largeEstateDefs(): MetricDef[] {
  if (largeDefs) return largeDefs;
  const built: MetricDef[] = [];
  defineInto = { defs: built, byKey: largeByKey };
  try {
    defineLargeEstate({
      gauge: (namespace, metricName, dims, unit, sample) =>
        define(namespace, metricName, dims, unit as MetricUnit, 'gauge', (k, sec, out) => {
          const v = sample(k, sec);
          return v !== null && gauge(out, v);
        }),
      latency: (namespace, metricName, dims, unit, sigma, sample) => {
        const scratchLatency = { median: 0, n: 0 };
        define(namespace, metricName, dims, unit as MetricUnit, 'distribution', (k, sec, out) => sample(k, sec, scratchLatency) && distribution(out, scratchLatency.median, sigma, scratchLatency.n));
      },
      // Without flash sales: the estate's thresholds are set against this curve's bounds.
      traffic: (_k, sec) => baseTraffic(sec),
    });
  } finally {
    defineInto = { defs, byKey };
  }
  for (const d of built) if (byKey.has(d.key)) throw new Error(`large estate: ${d.key} is already a metric of the small estate`);
  largeDefs = built;
  return built;
}

// --- public API ---

/** The metric catalogue, in a stable order (a fresh copy each call). */
export function listMetrics(estate: Estate = 'small'): MetricId[] {
  return metricHandles(estate).map((d) => ({ namespace: d.id.namespace, metricName: d.id.metricName, dimensions: d.id.dimensions.map((x) => ({ ...x })) }));
}

const largeCatalogue: { all: MetricDef[] | null } = { all: null };

/** Internal: the catalogue as handles, in the same order as listMetrics(): the small estate first. */
export function metricHandles(estate: Estate = 'small'): readonly MetricHandle[] {
  if (estate === 'small') return defs;
  largeCatalogue.all ??= [...defs, ...largeEstateDefs()];
  return largeCatalogue.all;
}

const handleCache: Record<Estate, WeakMap<object, MetricDef | null>> = { small: new WeakMap(), large: new WeakMap() };

/** Resolves a metric (dimension order does not matter); null when the estate has no such metric. */
export function resolveMetric(metric: MetricId, estate: Estate = 'small'): MetricHandle | null {
  const cache = handleCache[estate];
  const cached = cache.get(metric);
  if (cached !== undefined) return cached;
  const key = canonicalKey(metric.namespace, metric.metricName, metric.dimensions ?? []);
  let def = byKey.get(key) ?? null;
  if (!def && estate === 'large') {
    largeEstateDefs();
    def = largeByKey.get(key) ?? null;
  }
  cache.set(metric, def);
  return def;
}

export function handleId(handle: MetricHandle): MetricId {
  return handle.id;
}

export function handleUnit(handle: MetricHandle): MetricUnit {
  return handle.unit;
}

/** The CloudWatch unit of a metric ('None' for metrics the catalogue does not have). */
export function metricUnit(m: MetricId, estate: Estate = 'small'): string {
  return resolveMetric(m, estate)?.unit ?? 'None';
}

const statCache = new Map<string, StatSpec | null>();
const PERCENTILE = /^p(\d{1,3}(?:\.\d{1,10})?)$/;

/** Parses a CloudWatch statistic: Average, Sum, Minimum, Maximum, SampleCount or pNN(.N…); null if unsupported. */
export function parseStat(stat: string): StatSpec | null {
  const cached = statCache.get(stat);
  if (cached !== undefined) return cached;
  let spec: StatSpec | null = null;
  if (stat === 'Average' || stat === 'Sum' || stat === 'Minimum' || stat === 'Maximum' || stat === 'SampleCount') {
    spec = { kind: stat, text: stat };
  } else {
    const m = PERCENTILE.exec(stat);
    const percent = m ? Number(m[1]) : NaN;
    if (percent > 0 && percent <= 100) {
      const q = percent / 100;
      spec = { kind: 'percentile', text: stat, percent, q, z: q < 1 ? normInv(q) : Number.POSITIVE_INFINITY };
    }
  }
  if (statCache.size < 1000) statCache.set(stat, spec);
  return spec;
}

let lastSeed = Number.NaN;
let lastSeedKey = 0;
function keyFor(seed: number): number {
  if (seed !== lastSeed) {
    lastSeed = seed;
    lastSeedKey = seedKey(seed);
  }
  return lastSeedKey;
}

/**
 * The datapoint of `metric` covering [startSec, startSec + periodSec): the aggregate of the
 * 1-minute samples starting in that interval. Null when the metric is unknown, the stat is
 * unsupported, or no minute in the period has data.
 */
export function metricValue(seed: number, metric: MetricId, stat: string, periodSec: number, startSec: number, estate: Estate = 'small'): number | null {
  const handle = resolveMetric(metric, estate);
  const spec = parseStat(stat);
  if (!handle || !spec) return null;
  return computeValue(seed, handle, spec, periodSec, startSec);
}

const scratch: Sample = { value: 0, mu: 0, sigma: 0, n: 0 };
let values = new Float64Array(1440);
let mus = new Float64Array(1440);
let sigmas = new Float64Array(1440);
let weights = new Float64Array(1440);

function ensureCapacity(minutes: number): void {
  if (values.length >= minutes) return;
  const size = Math.max(minutes, values.length * 2);
  values = new Float64Array(size);
  mus = new Float64Array(size);
  sigmas = new Float64Array(size);
  weights = new Float64Array(size);
}

const EXTREME_STREAM = 0x3c6ef372;

/** z of a minute's extreme sample: at least that of p99.95, so Maximum ≥ every percentile we serve. */
function extremeZ(key: number, def: MetricDef, minute: number, n: number, sign: number): number {
  const zBase = Math.max(3.3, n > 1 ? normInv(1 - 1 / (2 * n)) : 0);
  return zBase + 0.25 * Math.abs(gaussian(key, def.stream ^ (EXTREME_STREAM + sign), minute));
}

/** Like metricValue, with a pre-resolved handle and stat (the hot path for the server). */
export function computeValue(seed: number, handle: MetricHandle, stat: StatSpec, periodSec: number, startSec: number): number | null {
  if (!(periodSec > 0) || periodSec % 60 !== 0) throw new RangeError(`periodSec must be a positive multiple of 60, got ${periodSec}`);
  if (!Number.isFinite(startSec)) throw new RangeError(`startSec must be finite epoch seconds, got ${startSec}`);
  const key = keyFor(seed);
  const def = handle;
  const first = Math.ceil(startSec / 60) * 60;
  const end = startSec + periodSec;
  const minutes = Math.max(0, Math.ceil((end - first) / 60));
  if (def.shape === 'gauge') {
    if (minutes === 1) {
      if (!def.sample(key, first, scratch)) return null;
      return stat.kind === 'SampleCount' ? 1 : scratch.value;
    }
    // Only percentiles need the individual values.
    const keep = stat.kind === 'percentile';
    if (keep) ensureCapacity(minutes);
    let count = 0;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let sec = first; sec < end; sec += 60) {
      if (!def.sample(key, sec, scratch)) continue;
      const v = scratch.value;
      if (keep) values[count] = v;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (count === 0) return null;
    switch (stat.kind) {
      case 'Sum':
        return sum;
      case 'Average':
        return sum / count;
      case 'SampleCount':
        return count;
      case 'Minimum':
        return min;
      case 'Maximum':
        return max;
      case 'percentile': {
        const sorted = values.subarray(0, count).sort();
        const rank = Math.min(count, Math.max(1, Math.ceil(stat.q * count)));
        return sorted[rank - 1]!;
      }
    }
  }
  // distribution
  if (stat.kind === 'percentile') ensureCapacity(minutes);
  let k = 0;
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let sec = first; sec < end; sec += 60) {
    if (!def.sample(key, sec, scratch)) continue;
    const { mu, sigma } = scratch;
    const w = scratch.n;
    n += w;
    switch (stat.kind) {
      case 'Sum':
      case 'Average':
        sum += w * Math.exp(mu + (sigma * sigma) / 2);
        break;
      case 'Maximum': {
        const v = Math.exp(mu + sigma * extremeZ(key, def, sec / 60, w, 1));
        if (v > max) max = v;
        break;
      }
      case 'Minimum': {
        const v = Math.exp(mu - sigma * extremeZ(key, def, sec / 60, w, -1));
        if (v < min) min = v;
        break;
      }
      case 'percentile':
        mus[k] = mu;
        sigmas[k] = sigma;
        weights[k] = w;
        break;
      case 'SampleCount':
        break;
    }
    k++;
  }
  if (k === 0) return null;
  switch (stat.kind) {
    case 'Sum':
      return sum;
    case 'Average':
      return sum / n;
    case 'SampleCount':
      return n;
    case 'Minimum':
      return min;
    case 'Maximum':
      return max;
    case 'percentile':
      if (stat.q >= 1) return computeValue(seed, handle, { kind: 'Maximum', text: 'Maximum' }, periodSec, startSec);
      return Math.exp(mixtureQuantile(k, stat.q, stat.z));
  }
}

/** Log-space quantile of a weighted mixture of normals in (mus, sigmas, weights)[0..k). */
function mixtureQuantile(k: number, q: number, z: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let total = 0;
  for (let i = 0; i < k; i++) {
    const y = mus[i]! + sigmas[i]! * z;
    if (y < lo) lo = y;
    if (y > hi) hi = y;
    total += weights[i]!;
  }
  // The mixture's quantile lies between its components' quantiles.
  if (hi - lo < 1e-12) return lo;
  const target = q * total;
  const f = (y: number): number => {
    let acc = 0;
    for (let i = 0; i < k; i++) acc += weights[i]! * normCdf((y - mus[i]!) / sigmas[i]!);
    return acc - target;
  };
  // Illinois regula falsi: superlinear and bracketed.
  let flo = f(lo);
  let fhi = f(hi);
  if (flo >= 0) return lo;
  if (fhi <= 0) return hi;
  let side = 0;
  let y = (lo + hi) / 2;
  for (let iter = 0; iter < 100 && hi - lo > 1e-10; iter++) {
    const next = (lo * fhi - hi * flo) / (fhi - flo);
    const converged = Math.abs(next - y) < 1e-11;
    y = next;
    const fy = f(y);
    if (fy === 0 || converged) return y;
    if (fy < 0) {
      lo = y;
      flo = fy;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = y;
      fhi = fy;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  return y;
}
