// The large estate (`--demo-scale large`): the same platform at a real production account's
// size — 60 more microservices with their pods, a second 120-node EKS cluster, 160 Lambda
// functions, 100 SQS queues, 30 RDS instances, 40 load balancers, 60 DynamoDB tables and 20
// Redis clusters — about 2,500 metrics more, ~5,000 series under Opsdeck's default statistics.
// It only adds: the small estate's metrics are defined first and none of their values changes.
//
// Each metric is a pure function of (seed, time) on the shared traffic curve. 2,000 of them
// carry an *episode schedule* (one incident every 17–20 h, 5–90 min long, jittered by the
// seed) during which the metric leaves its normal band; the alarm on that metric
// (services/cloudwatch/estateAlarms.ts) reads the same schedule, so its state history and the
// datapoints agree.
import { DAY, HOUR, MINUTE } from './clock';
import { gaussian, hashString, poissonCount, smoothNoise, uniform } from './random';

/** `small`: the default demo (212 series); `large`: the small estate plus everything below. */
export type Estate = 'small' | 'large';
export const ESTATES: readonly Estate[] = ['small', 'large'];

export function isEstate(x: unknown): x is Estate {
  return x === 'small' || x === 'large';
}

export type LargeMetricKind = 'gauge' | 'counter' | 'latency';

/** What model.ts passes in to register a metric of the large estate. */
export interface EstateHost {
  gauge(namespace: string, metricName: string, dims: [string, string][], unit: string, sample: (key: number, sec: number) => number | null): void;
  /** A latency: per minute n samples from a log-normal with this median and sigma. */
  latency(namespace: string, metricName: string, dims: [string, string][], unit: string, sigma: number, sample: (key: number, sec: number, out: { median: number; n: number }) => boolean): void;
  /** The shared traffic multiplier (mean 1) without flash sales: the bounds below rely on it. */
  traffic(key: number, sec: number): number;
}

/** One incident stream: the episode in cycle j starts inside that cycle, so cycles never overlap. */
export interface EpisodeSchedule {
  stream: number;
  cycleSec: number;
  phaseSec: number;
}

export interface Episode {
  /** Inclusive, a whole minute. */
  start: number;
  /** Exclusive, a whole minute. */
  end: number;
}

const MAX_EPISODE_MIN = 90;
/** How far the seed moves an episode within its cycle. */
const JITTER_MIN = 3 * 60;

export function episodeSchedule(id: string): EpisodeSchedule {
  const h = hashString(`estate:episodes:${id}`);
  // 17–20 h in whole minutes; with the jitter, consecutive episodes start under 23 h apart, so
  // every alarm on such a metric has fired within the last day.
  const cycleSec = (17 * 60 + (h % (3 * 60 + 1))) * MINUTE;
  const phaseSec = (hashString(`estate:phase:${id}`) % (cycleSec / MINUTE)) * MINUTE;
  return { stream: h, cycleSec, phaseSec };
}

/** The episode of cycle `j` (the seed only moves it within its cycle and sets its length). */
export function episodeOf(key: number, s: EpisodeSchedule, j: number): Episode {
  const start = s.phaseSec + j * s.cycleSec + Math.floor(uniform(key, s.stream, j) * JITTER_MIN) * MINUTE;
  const minutes = 5 + Math.floor(uniform(key, s.stream ^ 0x2545f491, j) * (MAX_EPISODE_MIN - 4));
  return { start, end: start + minutes * MINUTE };
}

export function inEpisode(key: number, s: EpisodeSchedule, sec: number): boolean {
  const e = episodeOf(key, s, Math.floor((sec - s.phaseSec) / s.cycleSec));
  return sec >= e.start && sec < e.end;
}

/** Episodes overlapping [fromSec, toSec), in time order. */
export function episodesBetween(key: number, s: EpisodeSchedule, fromSec: number, toSec: number): Episode[] {
  const out: Episode[] = [];
  const first = Math.floor((fromSec - s.phaseSec) / s.cycleSec);
  const last = Math.floor((toSec - s.phaseSec) / s.cycleSec);
  for (let j = first; j <= last; j++) {
    const e = episodeOf(key, s, j);
    if (e.end > fromSec && e.start < toSec) out.push(e);
  }
  return out;
}

/** A metric of the large estate, as the alarms need to know it. */
export interface LargeMetric {
  namespace: string;
  metricName: string;
  dims: [string, string][];
  unit: string;
  kind: LargeMetricKind;
  /** Typical level: gauge value, counter per minute, latency median. */
  level: number;
  /** How much the value follows traffic: value = level × (1 − follows + follows × traffic). */
  follows: number;
  /** Requests per minute behind a latency. */
  rate: number;
  sigma: number;
  integer: boolean;
  percent: boolean;
  /** Episodes lower the value instead of raising it (hit rates). */
  down: boolean;
  /** Null for metrics without incidents (capacity-like gauges). */
  episodes: EpisodeSchedule | null;
  /** Whom the resource belongs to (alarm tags). */
  service: string;
  team: string;
  /** Short resource name for alarm names. */
  resource: string;
}

const DOMAINS = [
  'cart', 'checkout', 'inventory', 'pricing', 'promotion', 'shipping', 'tax', 'fraud', 'loyalty', 'review',
  'wishlist', 'notification', 'email', 'sms', 'auth', 'session', 'profile', 'address', 'catalog-import', 'image',
  'media', 'cdn-purge', 'feature-flag', 'config', 'audit', 'billing', 'invoice', 'refund', 'returns', 'warehouse',
  'fulfilment', 'tracking', 'gift-card', 'coupon', 'ads', 'analytics-ingest', 'reporting', 'export', 'search-indexer', 'sitemap',
  'geo', 'currency', 'translation', 'support', 'chat', 'ticketing', 'identity', 'consent', 'partner-api', 'marketplace',
  'seller', 'vendor-sync', 'rating', 'quote', 'subscription', 'bundle', 'store-locator', 'recommendation-feed', 'price-alert', 'backorder',
] as const;
const TEAMS = ['checkout', 'catalog', 'growth', 'fulfilment', 'identity', 'payments', 'platform', 'data', 'support', 'marketplace', 'sre', 'devops'];

export const LARGE_CLUSTER = 'ecommerce-platform';
export const LARGE_SIZES = { services: DOMAINS.length, nodes: 120, lambdas: 160, queues: 100, databases: 30, loadBalancers: 40, tables: 60, caches: 20 } as const;

const serviceOf = (i: number): string => `${DOMAINS[i % DOMAINS.length]!}-service`;
const teamOf = (i: number): string => TEAMS[i % TEAMS.length]!;

interface Template {
  metricName: string;
  unit: string;
  kind: LargeMetricKind;
  /** [low, high) of the level, picked per resource. */
  level: [number, number];
  /** How much the value follows traffic: value = level × (1 − t + t × traffic). */
  follows: number;
  episodic?: boolean;
  down?: boolean;
  percent?: boolean;
  /** Published as whole numbers, as AWS does for counts, whole seconds (SQS message age) and bytes. */
  integer?: boolean;
  sigma?: number;
}

const g = (metricName: string, unit: string, level: [number, number], follows: number, extra: Partial<Template> = {}): Template => ({ metricName, unit, kind: 'gauge', level, follows, episodic: true, ...extra });
const c = (metricName: string, level: [number, number], follows = 1): Template => ({ metricName, unit: 'Count', kind: 'counter', level, follows, episodic: true });
const l = (metricName: string, unit: string, level: [number, number], sigma: number): Template => ({ metricName, unit, kind: 'latency', level, follows: 1, episodic: true, sigma });

interface ResourceKind {
  namespace: string;
  count: number;
  dims: (i: number) => [string, string][];
  resource: (i: number) => string;
  owner: (i: number) => number;
  templates: Template[];
  /** Requests per minute behind latencies and the counters' scale. */
  rate: [number, number];
}

const RESOURCE_KINDS: ResourceKind[] = [
  {
    namespace: 'ECommerce/Services',
    count: LARGE_SIZES.services,
    dims: (i) => [['Service', serviceOf(i)]],
    resource: serviceOf,
    owner: (i) => i,
    rate: [80, 3000],
    templates: [c('RequestCount', [1, 1]), c('Http5xxCount', [0.0004, 0.0004]), c('Http4xxCount', [0.004, 0.004]), l('Latency', 'Milliseconds', [35, 220], 0.5)],
  },
  {
    namespace: 'ContainerInsights',
    count: LARGE_SIZES.services,
    dims: (i) => [['ClusterName', LARGE_CLUSTER], ['Namespace', 'ecommerce'], ['Service', serviceOf(i)]],
    resource: (i) => `${serviceOf(i)}-pods`,
    owner: (i) => i,
    rate: [1, 1],
    templates: [
      g('pod_cpu_utilization', 'Percent', [22, 42], 0.7, { percent: true }),
      g('pod_memory_utilization', 'Percent', [32, 48], 0.2, { percent: true }),
      g('service_number_of_running_pods', 'Count', [2, 9], 0.5, { integer: true, episodic: false }),
    ],
  },
  {
    namespace: 'ContainerInsights',
    count: LARGE_SIZES.nodes,
    dims: (i) => [['ClusterName', LARGE_CLUSTER], ['NodeName', `ip-10-1-${1 + (i % 3)}-${10 + i}.ec2.internal`]],
    resource: (i) => `node-${String(i + 1).padStart(3, '0')}`,
    owner: () => -1,
    rate: [1, 1],
    templates: [
      g('node_cpu_utilization', 'Percent', [20, 40], 0.8, { percent: true }),
      g('node_memory_utilization', 'Percent', [38, 45], 0.3, { percent: true }),
      g('node_filesystem_utilization', 'Percent', [20, 38], 0, { percent: true }),
      g('node_network_total_bytes', 'Bytes/Second', [4e6, 2e7], 0.9),
    ],
  },
  {
    namespace: 'AWS/Lambda',
    count: LARGE_SIZES.lambdas,
    dims: (i) => [['FunctionName', `${DOMAINS[i % DOMAINS.length]!}-${['handler', 'worker', 'cron'][Math.floor(i / DOMAINS.length)]!}`]],
    resource: (i) => `${DOMAINS[i % DOMAINS.length]!}-${['handler', 'worker', 'cron'][Math.floor(i / DOMAINS.length)]!}`,
    owner: (i) => i,
    rate: [30, 900],
    templates: [g('Invocations', 'Count', [1, 1], 1, { integer: true }), c('Errors', [0.002, 0.002]), l('Duration', 'Milliseconds', [20, 900], 0.6), g('Throttles', 'Count', [0.3, 1.2], 0.5, { integer: true })],
  },
  {
    namespace: 'AWS/SQS',
    count: LARGE_SIZES.queues,
    dims: (i) => [['QueueName', `${DOMAINS[i % DOMAINS.length]!}-${['events', 'jobs'][Math.floor(i / DOMAINS.length)]!}`]],
    resource: (i) => `${DOMAINS[i % DOMAINS.length]!}-${['events', 'jobs'][Math.floor(i / DOMAINS.length)]!}-queue`,
    owner: (i) => i,
    rate: [20, 600],
    templates: [
      g('ApproximateNumberOfMessagesVisible', 'Count', [5, 400], 0.8, { integer: true }),
      g('ApproximateAgeOfOldestMessage', 'Seconds', [2, 60], 0.5, { integer: true }),
      g('NumberOfMessagesSent', 'Count', [1, 1], 1, { integer: true }),
    ],
  },
  {
    namespace: 'AWS/RDS',
    count: LARGE_SIZES.databases,
    dims: (i) => [['DBInstanceIdentifier', `${DOMAINS[i]!}-db`]],
    resource: (i) => `${DOMAINS[i]!}-db`,
    owner: (i) => i,
    rate: [1, 1],
    templates: [
      g('CPUUtilization', 'Percent', [12, 40], 0.7, { percent: true }),
      g('FreeStorageSpace', 'Bytes', [60 * 2 ** 30, 900 * 2 ** 30], 0, { integer: true, episodic: false }),
      g('DatabaseConnections', 'Count', [20, 180], 0.8, { integer: true }),
      g('ReadLatency', 'Seconds', [0.0006, 0.004], 0.4),
      g('WriteLatency', 'Seconds', [0.001, 0.006], 0.4),
    ],
  },
  {
    namespace: 'AWS/ApplicationELB',
    count: LARGE_SIZES.loadBalancers,
    dims: (i) => [['LoadBalancer', `app/${DOMAINS[i]!}-alb/${(hashString(`alb:${i}`) >>> 0).toString(16).padStart(8, '0')}${(hashString(`alb2:${i}`) >>> 0).toString(16).padStart(8, '0')}`]],
    resource: (i) => `${DOMAINS[i]!}-alb`,
    owner: (i) => i,
    rate: [200, 6000],
    templates: [c('RequestCount', [1, 1]), l('TargetResponseTime', 'Seconds', [0.03, 0.25], 0.5), c('HTTPCode_Target_5XX_Count', [0.0005, 0.0005]), g('HealthyHostCount', 'Count', [2, 12], 0, { integer: true, episodic: false })],
  },
  {
    namespace: 'AWS/DynamoDB',
    count: LARGE_SIZES.tables,
    dims: (i) => [['TableName', `${DOMAINS[i]!}-table`]],
    resource: (i) => `${DOMAINS[i]!}-table`,
    owner: (i) => i,
    rate: [50, 3000],
    templates: [
      g('ConsumedReadCapacityUnits', 'Count', [1, 1], 1, { integer: true }),
      g('ConsumedWriteCapacityUnits', 'Count', [0.3, 0.3], 1, { integer: true }),
      c('ThrottledRequests', [0.001, 0.001]),
      l('SuccessfulRequestLatency', 'Milliseconds', [2, 12], 0.45),
    ],
  },
  {
    namespace: 'AWS/ElastiCache',
    count: LARGE_SIZES.caches,
    dims: (i) => [['CacheClusterId', `${DOMAINS[i]!}-redis-001`]],
    resource: (i) => `${DOMAINS[i]!}-redis`,
    owner: (i) => i,
    rate: [1, 1],
    templates: [
      g('CPUUtilization', 'Percent', [8, 30], 0.8, { percent: true }),
      g('CacheHitRate', 'Percent', [88, 97], 0, { percent: true, down: true }),
      g('CurrConnections', 'Count', [40, 600], 0.7, { integer: true }),
      g('Evictions', 'Count', [1, 40], 0.6, { integer: true }),
    ],
  },
];

// Bounds of the shared traffic curve without flash sales (baseTraffic: 0.43–1.66): the large
// estate rides that one, so the thresholds below hold at every minute.
const TRAFFIC_MIN = 0.4;
const TRAFFIC_MAX = 1.7;
/** Episodes: latencies ×LATENCY_EPISODE, counters ×10 (at least 40 a minute), gauges above their threshold, hit rates ×0.7. */
export const LATENCY_EPISODE = 2.4;
const COUNTER_EPISODE = 10;
const GAUGE_NOISE = { smooth: 0.04, fast: 0.015, slowFast: 0.002 };
/** Of the metrics that can have incidents, this many do (each with one alarm). */
export const EPISODIC_METRICS = 2_000;

let catalogue: LargeMetric[] | null = null;

/** The large estate's metrics, in catalogue order (the same list defineLargeEstate registers). */
export function largeMetrics(): readonly LargeMetric[] {
  if (catalogue) return catalogue;
  const out: LargeMetric[] = [];
  let episodic = 0;
  for (const kind of RESOURCE_KINDS) {
    for (let i = 0; i < kind.count; i++) {
      const dims = kind.dims(i);
      const owner = kind.owner(i);
      const resource = kind.resource(i);
      const rate = kind.rate[0] + (kind.rate[1] - kind.rate[0]) * uniform(0, hashString(`estate:rate:${kind.namespace}:${resource}`), 0);
      for (const t of kind.templates) {
        const v = uniform(0, hashString(`estate:level:${kind.namespace}:${resource}:${t.metricName}`), 0);
        const base = t.level[0] + (t.level[1] - t.level[0]) * v;
        // Counters and per-request gauges (a [1, 1]-like range) scale with the resource's request rate.
        const level = t.kind === 'counter' || (t.kind === 'gauge' && t.level[0] === t.level[1]) ? base * rate : base;
        const id = `${kind.namespace}|${t.metricName}|${dims.map((d) => d.join('=')).join(',')}`;
        // Every service metric and five in six of the others, until 2,000 have incidents.
        const withEpisodes = t.episodic !== false && episodic < EPISODIC_METRICS && (out.length % 6 !== 5 || kind.namespace === 'ECommerce/Services');
        if (withEpisodes) episodic++;
        out.push({
          namespace: kind.namespace,
          metricName: t.metricName,
          dims,
          unit: t.unit,
          kind: t.kind,
          level,
          follows: t.follows,
          rate,
          sigma: t.sigma ?? 0.5,
          integer: t.integer === true,
          percent: t.percent === true,
          down: t.down === true,
          episodes: withEpisodes ? episodeSchedule(id) : null,
          service: owner >= 0 ? serviceOf(owner) : 'platform',
          team: owner >= 0 ? teamOf(owner) : 'devops',
          resource,
        });
      }
    }
  }
  catalogue = out;
  return out;
}

const isDisk = (m: LargeMetric): boolean => m.metricName === 'node_filesystem_utilization';
const noiseOf = (m: LargeMetric): number => (1 + GAUGE_NOISE.smooth) * (1 + 4 * (m.follows === 0 ? GAUGE_NOISE.slowFast : GAUGE_NOISE.fast));

/** The most a metric reaches in normal operation (a gauge's value, a latency's median). */
export function normalPeak(m: LargeMetric): number {
  const load = 1 - m.follows + m.follows * TRAFFIC_MAX;
  if (m.kind === 'latency') return m.level * (1 + 0.2 * (TRAFFIC_MAX - 1)) * 1.05;
  if (m.kind === 'counter') return m.level * load;
  const v = m.level * load * noiseOf(m) + (isDisk(m) ? 4 : 0);
  return m.percent ? Math.min(100, v) : v;
}

/** The least a metric reaches in normal operation (0 when it can reach zero). */
export function normalFloor(m: LargeMetric): number {
  const load = 1 - m.follows + m.follows * TRAFFIC_MIN;
  if (m.kind === 'latency') return m.level * 0.95;
  // A Poisson count is far above half its mean only when the mean is large.
  if (m.kind === 'counter') return m.level * load >= 100 ? 0.5 * m.level * load : 0;
  const v = m.level * load * (1 - GAUGE_NOISE.smooth) * (1 - 4 * (m.follows === 0 ? GAUGE_NOISE.slowFast : GAUGE_NOISE.fast));
  return m.integer ? (v >= 3 ? Math.floor(v) : 0) : v;
}

/**
 * The threshold an episode crosses and normal operation never does, in the alarm's
 * statistic: Sum for counters, p95 for latencies, the value for gauges.
 */
export function episodeThreshold(m: LargeMetric): number {
  if (m.kind === 'counter') return Math.max(1.5 * normalPeak(m) + 4 * Math.sqrt(normalPeak(m)), 15);
  if (m.kind === 'latency') return 1.35 * m.level * Math.exp(1.6448536269514722 * m.sigma);
  if (m.down) return 0.85 * m.level;
  const peak = normalPeak(m);
  return m.integer ? Math.ceil(peak * 1.1) + 0.5 : peak * 1.1;
}

/** Registers every metric of the large estate with the model (called once, lazily). */
export function defineLargeEstate(host: EstateHost): void {
  for (const m of largeMetrics()) {
    const stream = hashString(`estate:noise:${m.namespace}:${m.metricName}:${m.dims.map((d) => d.join('=')).join(',')}`);
    const ep = m.episodes;
    const load = (k: number, sec: number): number => 1 - m.follows + m.follows * host.traffic(k, sec);
    if (m.kind === 'counter') {
      const threshold = episodeThreshold(m);
      host.gauge(m.namespace, m.metricName, m.dims, m.unit, (k, sec) => {
        const expected = m.level * load(k, sec);
        // An incident's count sits well above the alarm's threshold (Poisson tails included).
        return poissonCount(ep && inEpisode(k, ep, sec) ? Math.max(COUNTER_EPISODE * expected, 2.5 * threshold) : expected, k, stream, sec / 60);
      });
    } else if (m.kind === 'latency') {
      host.latency(m.namespace, m.metricName, m.dims, m.unit, m.sigma, (k, sec, out) => {
        const x = load(k, sec);
        const n = poissonCount(m.rate * x, k, stream, sec / 60);
        if (n === 0) return false;
        out.n = n;
        out.median = m.level * (1 + 0.2 * Math.max(0, x - 1)) * (1 + 0.05 * smoothNoise(k, stream, sec, 900)) * (ep && inEpisode(k, ep, sec) ? LATENCY_EPISODE : 1);
        return true;
      });
    } else {
      const slow = m.follows === 0;
      const threshold = episodeThreshold(m);
      host.gauge(m.namespace, m.metricName, m.dims, m.unit, (k, sec) => {
        let v: number;
        if (ep && inEpisode(k, ep, sec)) {
          v = m.down ? m.level * (0.7 + 0.03 * smoothNoise(k, stream, sec, 600)) : threshold * (1.3 + 0.05 * smoothNoise(k, stream, sec, 600));
        } else {
          v = m.level * load(k, sec) * (1 + GAUGE_NOISE.smooth * smoothNoise(k, stream, sec, slow ? 6 * HOUR : 1200)) * (1 + (slow ? GAUGE_NOISE.slowFast : GAUGE_NOISE.fast) * clamp4(gaussian(k, stream ^ 7, sec / 60)));
          if (isDisk(m)) v += 4 * (((sec + uniform(k, stream, 1) * 5 * DAY) / (5 * DAY)) % 1);
        }
        if (m.percent) v = Math.min(100, v);
        return m.integer ? Math.round(v) : v;
      });
    }
  }
}

/** A normal deviate clipped to ±4, so a gauge's noise has the bound the thresholds assume. */
function clamp4(z: number): number {
  return Math.max(-4, Math.min(4, z));
}
