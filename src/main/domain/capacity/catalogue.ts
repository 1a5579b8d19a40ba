// The capacity review's resources and their scale triggers, with the seeds' defaults:
// CPU > 70 % for 15 min and memory > 80 % for 15 min → scale up; request queue depth > 100 →
// scale out; p95 response time > 1 s → investigate; disk > 80 %; EKS node group 3–20 nodes
// (target CPU 70 %), pods 2–10 per service (target CPU 70 %, memory 80 %). Storage is
// forecast to "full"; database connections against max connections. The metric names are the
// platform's CloudWatch metrics (namespaces, dimensions) as the seeds' deployment publishes them.
import type { SeriesKind } from './forecast';
import type { Direction } from './crossing';

export interface SeriesRef {
  namespace: string;
  metric: string;
  dimensions: { name: string; value: string }[];
  stat: string;
}

export type CapacityUnit = 'percent' | 'count' | 'bytes' | 'ms';

export interface MetricDefault {
  /** Stable id within the resource (`cpu`, `memory`, `free-storage`, …). */
  id: string;
  label: string;
  series: SeriesRef;
  unit: CapacityUnit;
  /** The metric's own bounds: a threshold outside them is refused. */
  bounds: { min: number | null; max: number | null };
  threshold: number;
  direction: Direction;
  sustainMinutes: number;
  action: string;
  kind: SeriesKind;
}

export interface ResourceDefault {
  id: string;
  label: string;
  /** What a what-if changes for this resource; null: no what-if. */
  whatIf: { label: string; unit: string; replicas: SeriesRef | null; default: number; limits?: PodLimits } | null;
  /**
   * `metric`/`target`: the metric the row's autoscaler line follows; `also`: the HPA's other
   * metrics (a multi-metric HPA takes the largest proposal of all of them).
   */
  autoscaler: { min: number; max: number; target: number; metric: string; noun: string; also: { metric: string; target: number }[] } | null;
  metrics: MetricDefault[];
}

/**
 * A pod's CPU and memory requests, which its utilisation metrics are a percentage of. The seeds
 * give none, so these are the what-if's starting values; only the ratio old ÷ new matters.
 */
export interface PodLimits {
  cpu: { label: string; unit: string; default: number };
  memory: { label: string; unit: string; default: number };
}
export const POD_LIMITS: PodLimits = {
  cpu: { label: 'CPU request', unit: 'millicores', default: 500 },
  memory: { label: 'Memory request', unit: 'MiB', default: 1024 },
};

export const CLUSTER = 'ecommerce-prod';
const K8S_NAMESPACE = 'ecommerce';
const DB = 'ecommerce-prod-db';
const ANALYTICS_DB = 'ecommerce-analytics-db';
const REDIS = 'ecommerce-redis-001';
const SESSIONS = 'ecommerce-sessions-001';
const MSK = 'ecommerce-msk';
export const CAPACITY_SERVICES = ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service', 'recommendation-service'] as const;
const NODES = ['ip-10-0-1-23.ec2.internal', 'ip-10-0-1-87.ec2.internal', 'ip-10-0-2-14.ec2.internal', 'ip-10-0-2-196.ec2.internal', 'ip-10-0-3-41.ec2.internal', 'ip-10-0-3-152.ec2.internal'];

const PCT = { min: 0, max: 100 };
const ref = (namespace: string, metric: string, dims: [string, string][], stat = 'Average'): SeriesRef => ({
  namespace,
  metric,
  dimensions: dims.map(([name, value]) => ({ name, value })),
  stat,
});
const util = (id: string, label: string, series: SeriesRef, threshold: number, sustainMinutes: number, action = 'scale up'): MetricDefault => ({
  id,
  label,
  series,
  unit: 'percent',
  bounds: PCT,
  threshold,
  direction: 'above',
  sustainMinutes,
  action,
  kind: 'seasonal',
});

/** Days until an RDS instance's storage is full: free space falling towards zero. */
const freeStorage = (instance: string): MetricDefault => ({
  id: 'free-storage',
  label: 'Free storage (days until full)',
  series: ref('AWS/RDS', 'FreeStorageSpace', [['DBInstanceIdentifier', instance]]),
  unit: 'bytes',
  bounds: { min: 0, max: null },
  threshold: 0,
  direction: 'below',
  sustainMinutes: 0,
  action: 'extend storage',
  kind: 'monotone',
});

export const SEED_RESOURCES: readonly ResourceDefault[] = [
  {
    id: 'eks-nodes',
    label: `EKS node group (${CLUSTER})`,
    whatIf: { label: 'Node count', unit: 'nodes', replicas: ref('ContainerInsights', 'cluster_node_count', [['ClusterName', CLUSTER]]), default: 6 },
    autoscaler: { min: 3, max: 20, target: 70, metric: 'cpu', noun: 'nodes', also: [] },
    metrics: [
      util('cpu', 'CPU', ref('ContainerInsights', 'node_cpu_utilization', [['ClusterName', CLUSTER]]), 70, 15),
      util('memory', 'Memory', ref('ContainerInsights', 'node_memory_utilization', [['ClusterName', CLUSTER]]), 80, 15),
    ],
  },
  ...CAPACITY_SERVICES.map(
    (svc): ResourceDefault => ({
      id: `pods-${svc}`,
      label: `Pods: ${svc}`,
      whatIf: {
        label: 'Pod count',
        unit: 'pods',
        replicas: ref('ContainerInsights', 'service_number_of_running_pods', [['ClusterName', CLUSTER], ['Namespace', K8S_NAMESPACE], ['Service', svc]]),
        default: 2,
        limits: POD_LIMITS,
      },
      autoscaler: { min: 2, max: 10, target: 70, metric: 'cpu', noun: 'pods', also: [{ metric: 'memory', target: 80 }] },
      metrics: [
        util('cpu', 'Pod CPU', ref('ContainerInsights', 'pod_cpu_utilization', [['ClusterName', CLUSTER], ['Namespace', K8S_NAMESPACE], ['Service', svc]]), 70, 15),
        util('memory', 'Pod memory', ref('ContainerInsights', 'pod_memory_utilization', [['ClusterName', CLUSTER], ['Namespace', K8S_NAMESPACE], ['Service', svc]]), 80, 15),
        {
          id: 'queue-depth',
          label: 'Request queue depth',
          series: ref('ECommerce/Services', 'RequestQueueDepth', [['Service', svc]]),
          unit: 'count' as const,
          bounds: { min: 0, max: null },
          threshold: 100,
          direction: 'above' as const,
          sustainMinutes: 0,
          action: 'scale out',
          kind: 'seasonal' as const,
        },
        ...(svc === 'recommendation-service'
          ? []
          : [
              {
                id: 'p95',
                label: 'p95 response time',
                series: ref('ECommerce/Services', 'Latency', [['Service', svc]], 'p95'),
                unit: 'ms' as const,
                bounds: { min: 0, max: null },
                threshold: 1000,
                direction: 'above' as const,
                sustainMinutes: 0,
                action: 'investigate and scale',
                kind: 'seasonal' as const,
              },
            ]),
      ],
    }),
  ),
  {
    id: 'rds',
    label: `RDS ${DB}`,
    whatIf: { label: 'Instance size (vCPU)', unit: 'vCPU', replicas: null, default: 4 },
    autoscaler: null,
    metrics: [
      util('cpu', 'CPU', ref('AWS/RDS', 'CPUUtilization', [['DBInstanceIdentifier', DB]]), 70, 15),
      {
        id: 'connections',
        label: 'Connections (max 250)',
        series: ref('AWS/RDS', 'DatabaseConnections', [['DBInstanceIdentifier', DB]]),
        unit: 'count',
        bounds: { min: 0, max: 250 },
        threshold: 200,
        direction: 'above',
        sustainMinutes: 15,
        action: 'raise max connections or pool',
        kind: 'seasonal',
      },
      freeStorage(DB),
    ],
  },
  {
    id: 'rds-analytics',
    label: `RDS ${ANALYTICS_DB}`,
    whatIf: null,
    autoscaler: null,
    metrics: [
      freeStorage(ANALYTICS_DB),
    ],
  },
  {
    id: 'elasticache',
    label: `ElastiCache ${REDIS}`,
    whatIf: { label: 'Node size (relative)', unit: '×', replicas: null, default: 1 },
    autoscaler: null,
    metrics: [
      util('memory', 'Memory', ref('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', [['CacheClusterId', REDIS]]), 80, 15),
      util('cpu', 'Engine CPU', ref('AWS/ElastiCache', 'EngineCPUUtilization', [['CacheClusterId', REDIS]]), 70, 15),
    ],
  },
  {
    id: 'elasticache-sessions',
    label: `ElastiCache ${SESSIONS}`,
    whatIf: { label: 'Node size (relative)', unit: '×', replicas: null, default: 1 },
    autoscaler: null,
    metrics: [util('memory', 'Memory', ref('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', [['CacheClusterId', SESSIONS]]), 80, 15)],
  },
  {
    id: 'msk',
    label: `MSK ${MSK} (order-processor)`,
    whatIf: null,
    autoscaler: null,
    metrics: [
      {
        id: 'queue-depth',
        label: 'Consumer lag (queue depth)',
        series: ref('AWS/Kafka', 'MaxOffsetLag', [['Cluster Name', MSK], ['Consumer Group', 'order-processor'], ['Topic', 'order-events']]),
        unit: 'count',
        bounds: { min: 0, max: null },
        threshold: 100,
        direction: 'above',
        sustainMinutes: 0,
        action: 'scale out consumers',
        kind: 'seasonal',
      },
    ],
  },
  {
    id: 'node-disks',
    label: 'EKS node disks',
    whatIf: null,
    autoscaler: null,
    metrics: NODES.map((node, i) => ({
      id: `disk-${i + 1}`,
      label: `Disk ${node.split('.')[0]}`,
      series: ref('ContainerInsights', 'node_filesystem_utilization', [['ClusterName', CLUSTER], ['NodeName', node]]),
      unit: 'percent' as const,
      bounds: PCT,
      threshold: 80,
      direction: 'above' as const,
      sustainMinutes: 0,
      action: 'clean up or grow disk',
      kind: 'monotone' as const,
    })),
  },
];

/** The store's series key for a reference (see sync/collect.ts: dimensions sorted by name). */
export function seriesKeyOf(r: SeriesRef): string {
  const dims = [...r.dimensions]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => `${d.name}=${d.value}`)
    .join(',');
  return `${r.namespace}|${r.metric}|${dims}|${r.stat}`;
}
