// SLO definitions: the model every source of SLOs (built-in defaults, Opsdeck YAML files,
// OpenSLO imports) is turned into, and the defaults straight from the seeds' three SLO
// tables (availability, performance, error rate) mapped onto the platform's CloudWatch
// metrics.
import type { CalendarUnit } from '../domain/time/window';
import type { Comparator } from '../domain/slo/maths';
import { DAY_MS } from '@shared/lib/timeUnits';
import type { Severity } from '@shared/contract/alerts';

/** One CloudWatch metric statistic: what GetMetricData's MetricStat names. */
export interface MetricStatRef {
  namespace: string;
  metric: string;
  /** The metric's full dimension set (CloudWatch identifies a metric by all of them). */
  dimensions: { name: string; value: string }[];
  stat: string;
}

/**
 * CloudWatch metric math over metric queries: `expression` combines the query ids with
 * + − × ÷, parentheses, numbers and SUM / MAX / MIN / AVG / FILL (see slo/metricMath.ts).
 * A single metric is `{ queries: [{ id: 'm1', metric }], expression: 'm1' }`.
 */
export interface MetricMathDef {
  queries: { id: string; metric: MetricStatRef }[];
  expression: string;
}

/**
 * Event ratio: good ÷ total, or 1 − bad ÷ total, of counters summed per interval.
 * Time slice: each datapoint interval (1 min, or 5 min where CloudWatch only keeps that) is
 * good when `value comparator threshold`; the SLI is the share of good time.
 */
export type SliDef =
  | { kind: 'event-ratio'; good?: MetricMathDef; bad?: MetricMathDef; total: MetricMathDef; eventUnit: string }
  | { kind: 'time-slice'; value: MetricMathDef; comparator: Comparator; threshold: number; valueUnit: string };

/** Rolling: the last `ms` ending at the evaluation instant. Calendar: the month / week (Monday) containing it, in `zone`. */
export type SloWindowDef = { kind: 'rolling'; ms: number } | { kind: 'calendar'; unit: CalendarUnit; zone: string };

export type SloCategory = 'availability' | 'performance' | 'error-rate' | 'custom';

/** Where a definition came from, so errors and the UI can point at it. */
export interface SloOrigin {
  kind: 'default' | 'file' | 'openslo';
  file: string | null;
  line: number | null;
  column: number | null;
}

export interface SloDef {
  /** Stable id, `[a-z0-9][a-z0-9._-]*`; a file entry with a default's id replaces the default. */
  id: string;
  name: string;
  /**
   * What the SLO list groups by: a service or platform component, spelled as the platform's
   * alarms tag it (`service` tag / `Service` dimension), so a burn alert and an alarm of the
   * same service read and filter as one in the queue.
   */
  service: string;
  category: SloCategory;
  description: string;
  /** Strictly between 0 and 100. */
  targetPct: number;
  window: SloWindowDef;
  sli: SliDef;
  /** Fewer events (time slices: measured minutes) in the window → INSUFFICIENT_DATA. */
  minEvents: number;
  /** Minimum-traffic guard of the burn alerts: a burn window with fewer events cannot fire. */
  alertMinEvents: number;
  /**
   * Queue severity when a page-level burn rule fires (ticket-level rules stay P4, or lower);
   * absent: P2. The seeds make payment failures P1, so the payment SLOs page at P1.
   */
  severity?: Severity;
  /** Datapoint resolution the definition asked for (seconds), if it asked; checked against retention. */
  resolutionSeconds: number | null;
  origin: SloOrigin;
}

export const SERVICES = ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service'] as const;

const DEFAULT_ORIGIN: SloOrigin = { kind: 'default', file: null, line: null, column: null };
const THIRTY_DAYS = { kind: 'rolling', ms: 30 * DAY_MS } as const;

/** Event-ratio defaults: 100 events per window and per burn window (SRE Workbook's low-traffic guard). */
export const DEFAULT_EVENT_MIN_EVENTS = 100;
/** Time-slice defaults count measured minutes: ten of them for a verdict, one for a burn window. */
export const DEFAULT_SLICE_MIN_EVENTS = 10;
export const DEFAULT_SLICE_ALERT_MIN_EVENTS = 1;
/** The seeds give thresholds, not a share of time, for the performance SLOs: 99 % of minutes must meet them. */
export const PERFORMANCE_TARGET_PCT = 99;

function metric(namespace: string, name: string, dims: Record<string, string>, stat: string): MetricStatRef {
  return { namespace, metric: name, dimensions: Object.entries(dims).map(([n, value]) => ({ name: n, value })), stat };
}

function single(m: MetricStatRef): MetricMathDef {
  return { queries: [{ id: 'm1', metric: m }], expression: 'm1' };
}

/** SUM of one metric over several dimension values, as metric math: m1 + m2 + … */
function sumOver(namespace: string, name: string, dim: string, values: readonly string[], stat: string): MetricMathDef {
  const queries = values.map((v, i) => ({ id: `m${i + 1}`, metric: metric(namespace, name, { [dim]: v }, stat) }));
  return { queries, expression: queries.length === 1 ? 'm1' : `SUM([${queries.map((q) => q.id).join(', ')}])` };
}

/** MAX of one statistic across dimension values: the worst one decides the time slice. */
function maxOver(namespace: string, name: string, dim: string, values: readonly string[], stat: string): MetricMathDef {
  const queries = values.map((v, i) => ({ id: `m${i + 1}`, metric: metric(namespace, name, { [dim]: v }, stat) }));
  return { queries, expression: `MAX([${queries.map((q) => q.id).join(', ')}])` };
}

const SVC = 'ECommerce/Services';

function availability(id: string, name: string, service: string, services: readonly string[], targetPct: number): SloDef {
  return {
    id,
    name,
    service,
    category: 'availability',
    description: `${name} availability: requests answered without a 5xx error, over ${services.length === 1 ? services[0] : 'all five services'}.`,
    targetPct,
    window: THIRTY_DAYS,
    sli: {
      kind: 'event-ratio',
      bad: sumOver(SVC, 'Http5xxCount', 'Service', services, 'Sum'),
      total: sumOver(SVC, 'RequestCount', 'Service', services, 'Sum'),
      eventUnit: 'requests',
    },
    minEvents: DEFAULT_EVENT_MIN_EVENTS,
    alertMinEvents: DEFAULT_EVENT_MIN_EVENTS,
    resolutionSeconds: null,
    origin: DEFAULT_ORIGIN,
  };
}

function performance(
  id: string,
  name: string,
  service: string,
  description: string,
  value: MetricMathDef,
  comparator: Comparator,
  threshold: number,
  valueUnit: string,
): SloDef {
  return {
    id,
    name,
    service,
    category: 'performance',
    description,
    targetPct: PERFORMANCE_TARGET_PCT,
    window: THIRTY_DAYS,
    sli: { kind: 'time-slice', value, comparator, threshold, valueUnit },
    minEvents: DEFAULT_SLICE_MIN_EVENTS,
    alertMinEvents: DEFAULT_SLICE_ALERT_MIN_EVENTS,
    resolutionSeconds: null,
    origin: DEFAULT_ORIGIN,
  };
}

function errorRate(
  id: string,
  name: string,
  service: string,
  description: string,
  targetPct: number,
  bad: MetricMathDef,
  total: MetricMathDef,
  eventUnit: string,
): SloDef {
  return {
    id,
    name,
    service,
    category: 'error-rate',
    description,
    targetPct,
    window: THIRTY_DAYS,
    sli: { kind: 'event-ratio', bad, total, eventUnit },
    minEvents: DEFAULT_EVENT_MIN_EVENTS,
    alertMinEvents: DEFAULT_EVENT_MIN_EVENTS,
    resolutionSeconds: null,
    origin: DEFAULT_ORIGIN,
  };
}

const PAGES = ['home', 'product', 'checkout'] as const;
const TOPICS = ['order-events', 'payment-events', 'inventory-events'] as const;
const JOBS = ['inventory-sync', 'cart-cleanup', 'order-export'] as const;

/** The seeds' "Availability SLOs" table: 30-day windows; downtime budgets 43.2, 21.6, 4.32 min and 3.6 h. */
export const DEFAULT_AVAILABILITY_SLOS: readonly SloDef[] = [
  availability('order-availability', 'Order Service', 'order-service', ['order-service'], 99.9),
  availability('customer-availability', 'Customer Service', 'customer-service', ['customer-service'], 99.9),
  availability('product-availability', 'Product Service', 'product-service', ['product-service'], 99.95),
  { ...availability('payment-availability', 'Payment Service', 'payment-service', ['payment-service'], 99.99), severity: 'P1' },
  availability('search-availability', 'Search Service', 'search-service', ['search-service'], 99.5),
  availability('overall-availability', 'Overall Platform', 'platform', SERVICES, 99.9),
];

/** The seeds' "Performance SLOs" table, as time slices: 99 % of minutes must meet the threshold. */
export const DEFAULT_PERFORMANCE_SLOS: readonly SloDef[] = [
  performance(
    'api-latency-p95',
    'API response time p95 < 500 ms',
    'platform',
    'Per endpoint: a minute is good when every service’s p95 latency is under 500 ms (the slowest service decides).',
    maxOver(SVC, 'Latency', 'Service', SERVICES, 'p95'),
    'lt',
    500,
    'ms',
  ),
  performance(
    'page-load-p95',
    'Page load time p95 < 2 s',
    'frontend',
    'Full page load (real-user monitoring): a minute is good when every page’s p95 load time is under 2 s.',
    maxOver('ECommerce/Frontend', 'PageLoadTime', 'Page', PAGES, 'p95'),
    'lt',
    2000,
    'ms',
  ),
  performance(
    'db-query-p95',
    'Database query time p95 < 100 ms',
    'database',
    'Per query: a minute is good when every service’s p95 database query time is under 100 ms.',
    maxOver(SVC, 'DbQueryTime', 'Service', SERVICES, 'p95'),
    'lt',
    100,
    'ms',
  ),
  performance(
    'cache-hit-rate',
    'Cache hit rate > 90 %',
    'cache',
    'Redis operations: a minute is good when the average ElastiCache hit rate is above 90 %.',
    single(metric('AWS/ElastiCache', 'CacheHitRate', { CacheClusterId: 'ecommerce-redis-001' }, 'Average')),
    'gt',
    90,
    '%',
  ),
  performance(
    'event-processing-p95',
    'Event processing latency p95 < 1 s',
    'events',
    'Kafka to handler: a minute is good when every topic’s p95 processing latency is under 1 s.',
    maxOver('ECommerce/Events', 'ProcessingLatency', 'Topic', TOPICS, 'p95'),
    'lt',
    1000,
    'ms',
  ),
];

/** The seeds' "Error Rate SLOs" table: error rate < x % is a (100 − x) % event-ratio SLO. */
export const DEFAULT_ERROR_RATE_SLOS: readonly SloDef[] = [
  errorRate(
    'api-error-rate',
    'API error rate < 1 %',
    'platform',
    'API endpoints: 4xx + 5xx responses over all requests of the five services.',
    99,
    {
      queries: SERVICES.flatMap((s, i) => [
        { id: `e4_${i + 1}`, metric: metric(SVC, 'Http4xxCount', { Service: s }, 'Sum') },
        { id: `e5_${i + 1}`, metric: metric(SVC, 'Http5xxCount', { Service: s }, 'Sum') },
      ]),
      expression: `SUM([${SERVICES.map((_, i) => `e4_${i + 1}, e5_${i + 1}`).join(', ')}])`,
    },
    sumOver(SVC, 'RequestCount', 'Service', SERVICES, 'Sum'),
    'requests',
  ),
  errorRate(
    'job-failure-rate',
    'Background job failures < 0.5 %',
    'jobs',
    'Background jobs: failed runs over all runs (inventory sync, cart clean-up, order export).',
    99.5,
    sumOver('ECommerce/Jobs', 'JobsFailed', 'JobName', JOBS, 'Sum'),
    sumOver('ECommerce/Jobs', 'JobsRun', 'JobName', JOBS, 'Sum'),
    'job runs',
  ),
  errorRate(
    'event-failure-rate',
    'Event processing failures < 0.1 %',
    'events',
    'Kafka consumers: failed events over processed events, all topics.',
    99.9,
    sumOver('ECommerce/Events', 'EventsFailed', 'Topic', TOPICS, 'Sum'),
    sumOver('ECommerce/Events', 'EventsProcessed', 'Topic', TOPICS, 'Sum'),
    'events',
  ),
  {
    // The seeds: "Payment processing failures" are Critical (P1).
    severity: 'P1',
    ...errorRate(
    'payment-failure-rate',
    'Payment failures < 0.01 %',
    'payment-service',
    'Payment processing: failed transactions over all transactions.',
    99.99,
    single(metric('ECommerce/Payments', 'FailedTransactions', {}, 'Sum')),
    single(metric('ECommerce/Payments', 'Transactions', {}, 'Sum')),
    'transactions',
    ),
  },
];

/** Every default SLO: 6 availability, 5 performance, 4 error rate. */
export const DEFAULT_SLOS: readonly SloDef[] = [...DEFAULT_AVAILABILITY_SLOS, ...DEFAULT_PERFORMANCE_SLOS, ...DEFAULT_ERROR_RATE_SLOS];
