// Series the capacity review needs that the rest of the estate does not have, each a pure
// function of (seed, time) and each registered after every existing metric, so no existing
// series changes:
//   - the analytics database's volume fills at 10 GiB a day and is extended every 24 days
//     (an upward step in FreeStorageSpace); `analyticsVolumeFullAt` is the true time it
//     would be full if nobody extended it, for tests to compare forecasts against;
//   - the sessions cache grows organically (+0.5 % of memory a day) until it is resized;
//   - recommendation-service's traffic grows 3 % a week over a 20-week campaign, so its HPA
//     runs into its max of 10 pods at the evening peaks and pod CPU climbs past 70 %;
//   - Redis engine CPU rides the shared traffic curve;
//   - every service publishes its request queue depth (requests waiting for a worker), which
//     stays low at ordinary load and climbs past the seeds' 100 when a service runs hot — at
//     flash sales, and for recommendation-service once its HPA is at max pods.
import { DAY } from './clock';
import { gaussian, hashString, seedKey, smoothNoise, uniform } from './random';

/** What model.ts passes in: a way to define a gauge, and the shared traffic curve. */
export interface CapacityHost {
  gauge(namespace: string, metricName: string, dims: [string, string][], unit: 'Percent' | 'Bytes' | 'Count', sample: (key: number, sec: number) => number | null): void;
  /** Traffic multiplier (mean 1) including flash sales. */
  traffic(key: number, sec: number): number;
}

export const ANALYTICS_DB = 'ecommerce-analytics-db';
export const SESSIONS_CACHE = 'ecommerce-sessions-001';
export const GROWING_SERVICE = 'recommendation-service';
/** Services that publish ECommerce/Services RequestQueueDepth (the platform's five and the growing one). */
export const QUEUE_SERVICES = ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service', GROWING_SERVICE] as const;

const GIB = 2 ** 30;
export const VOLUME = {
  cycleSec: 24 * DAY,
  /** Free space right after an extension. */
  freeAfterExtensionGiB: 260,
  fillGiBPerDay: 10,
  stream: hashString('capacity:analytics-volume'),
  noise: hashString('capacity:analytics-volume:noise'),
};

function volumeSegmentStart(key: number, sec: number): number {
  const offset = Math.floor(uniform(key, VOLUME.stream, 0) * VOLUME.cycleSec);
  return offset + Math.floor((sec - offset) / VOLUME.cycleSec) * VOLUME.cycleSec;
}

/** Free space (GiB) of the analytics volume without its noise: the trend the forecast should find. */
export function analyticsVolumeFreeGiB(seed: number, sec: number): number {
  const key = seedKey(seed);
  return VOLUME.freeAfterExtensionGiB - (VOLUME.fillGiBPerDay * (sec - volumeSegmentStart(key, sec))) / DAY;
}

/**
 * When (epoch seconds) the analytics volume is full — free space reaches 0 — if it is not
 * extended again, for the fill segment containing `sec`. The true crossing time.
 */
export function analyticsVolumeFullAt(seed: number, sec: number): number {
  const start = volumeSegmentStart(seedKey(seed), sec);
  return start + (VOLUME.freeAfterExtensionGiB / VOLUME.fillGiBPerDay) * DAY;
}

const SESSIONS = { cycleSec: 70 * DAY, stream: hashString('capacity:sessions'), noise: hashString('capacity:sessions:noise') };
const GROWTH = { cycleSec: 140 * DAY, weekly: 1.03, rate: 800, stream: hashString('capacity:growth'), noise: hashString('capacity:growth:noise') };
/** Requests per minute one recommendation pod serves at 100 % CPU. */
const GROWTH_POD_CAPACITY = 0.34 * GROWTH.rate;
const REDIS_CPU = hashString('capacity:redis-cpu');
const QUEUE = { stream: hashString('capacity:queue-depth'), workers: 8, maxBusy: 0.985 };

/**
 * Requests waiting at a busy fraction `busy` of the service's workers: an M/M/1-like
 * workers × ρ ÷ (1 − ρ), so 8 at half load, ~72 at 90 % and past 100 above ~93 %.
 */
export function queueDepthAt(busy: number): number {
  const rho = Math.min(QUEUE.maxBusy, Math.max(0, busy));
  return (QUEUE.workers * rho) / (1 - rho);
}

function cycleAge(key: number, stream: number, cycleSec: number, sec: number): number {
  const offset = Math.floor(uniform(key, stream, 0) * cycleSec);
  const x = (sec - offset) / cycleSec;
  return (x - Math.floor(x)) * cycleSec;
}

/** recommendation-service's traffic growth factor: 1.03 per week since the campaign began. */
export function growthFactor(key: number, sec: number): number {
  return GROWTH.weekly ** (cycleAge(key, GROWTH.stream, GROWTH.cycleSec, sec) / (7 * DAY));
}

export function defineCapacityMetrics(host: CapacityHost): void {
  host.gauge('AWS/RDS', 'FreeStorageSpace', [['DBInstanceIdentifier', ANALYTICS_DB]], 'Bytes', (k, sec) => {
    const free = VOLUME.freeAfterExtensionGiB - (VOLUME.fillGiBPerDay * (sec - volumeSegmentStart(k, sec))) / DAY;
    return Math.round((free + 0.3 * smoothNoise(k, VOLUME.noise, sec, 5400)) * GIB);
  });

  host.gauge('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', [['CacheClusterId', SESSIONS_CACHE]], 'Percent', (k, sec) => {
    const days = cycleAge(k, SESSIONS.stream, SESSIONS.cycleSec, sec) / DAY;
    return Math.min(100, 48 + 0.5 * days + 3 * (host.traffic(k, sec) - 1) + 0.8 * smoothNoise(k, SESSIONS.noise, sec, 3600));
  });

  host.gauge('AWS/ElastiCache', 'EngineCPUUtilization', [['CacheClusterId', 'ecommerce-redis-001']], 'Percent', (k, sec) =>
    Math.max(1, 12 + 16 * host.traffic(k, sec) + 1.5 * smoothNoise(k, REDIS_CPU, sec, 1200) + 0.6 * gaussian(k, REDIS_CPU ^ 1, sec / 60)),
  );

  const expected = (k: number, sec: number): number => GROWTH.rate * host.traffic(k, sec) * growthFactor(k, sec);
  // Like the other services' HPA: reacts to the load of three minutes ago, 2–10 pods, target 70 %.
  const pods = (k: number, sec: number): number => Math.min(10, Math.max(2, Math.ceil(expected(k, sec - 180) / (0.7 * GROWTH_POD_CAPACITY))));
  const dims: [string, string][] = [['ClusterName', 'ecommerce-prod'], ['Namespace', 'ecommerce'], ['Service', GROWING_SERVICE]];
  host.gauge('ECommerce/Services', 'RequestCount', [['Service', GROWING_SERVICE]], 'Count', (k, sec) =>
    Math.max(0, Math.round(expected(k, sec) * (1 + 0.04 * gaussian(k, GROWTH.noise, sec / 60)))),
  );
  host.gauge('ContainerInsights', 'pod_cpu_utilization', dims, 'Percent', (k, sec) => {
    const load = expected(k, sec) / (pods(k, sec) * GROWTH_POD_CAPACITY);
    return Math.min(100, Math.max(1, 90 * load * (1 + 0.03 * smoothNoise(k, GROWTH.noise ^ 2, sec, 600)) + gaussian(k, GROWTH.noise ^ 3, sec / 60)));
  });
  host.gauge('ContainerInsights', 'pod_memory_utilization', dims, 'Percent', (k, sec) => {
    const load = expected(k, sec) / (pods(k, sec) * GROWTH_POD_CAPACITY);
    return 46 + 8 * load + 2 * smoothNoise(k, GROWTH.noise ^ 4, sec, 1800);
  });
  host.gauge('ContainerInsights', 'service_number_of_running_pods', dims, 'Count', (k, sec) => pods(k, sec));

  // Request queue depth per service, registered after everything else so no existing series moves.
  QUEUE_SERVICES.forEach((svc, i) => {
    const stream = QUEUE.stream ^ hashString(svc);
    // Busy fraction at mean traffic, 0.30–0.45 per service (a pure function of seed and service).
    const base = (k: number): number => 0.3 + 0.15 * uniform(k, stream, 0);
    const busy =
      svc === GROWING_SERVICE
        ? (k: number, sec: number): number => (0.95 * expected(k, sec)) / (pods(k, sec) * GROWTH_POD_CAPACITY)
        : (k: number, sec: number): number => base(k) * host.traffic(k, sec);
    host.gauge('ECommerce/Services', 'RequestQueueDepth', [['Service', svc]], 'Count', (k, sec) =>
      Math.max(0, Math.round(queueDepthAt(busy(k, sec) * (1 + 0.03 * smoothNoise(k, stream ^ (i + 1), sec, 900))) + Math.abs(gaussian(k, stream ^ 0x51, sec / 60)))),
    );
  });
}

/** How many metrics defineCapacityMetrics adds to the catalogue. */
export const CAPACITY_METRIC_COUNT = 7 + QUEUE_SERVICES.length;
