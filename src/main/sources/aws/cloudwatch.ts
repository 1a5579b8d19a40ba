// Thin wrapper over the real CloudWatch SDK client: the SDK's paginators, and the shapes the
// sync engine stores. Used identically against AWS and against the demo simulator.
import {
  CloudWatchClient,
  paginateDescribeAlarms,
  paginateGetMetricData,
  paginateListMetrics,
  type CompositeAlarm,
  type MetricAlarm,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { fullJitterDelay } from '../../domain/backoff';
import { nameFailingCall } from './failedCall';

export interface CloudWatchTarget {
  region: string;
  /** Set for the demo simulator; absent for real AWS (the SDK resolves the endpoint). */
  endpoint?: string;
  /** Only for the simulator: it accepts any key. Real accounts use the SDK default chain. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** Credentials from the SDK default chain for a profile/role (see config/sources). */
  credentialProvider?: AwsCredentialIdentityProvider;
  /** Whole request and response, per attempt: past it the attempt is aborted (and retried). */
  requestTimeoutMs?: number;
  /** A socket idle this long (a hung endpoint that accepted and never answers) is closed. */
  socketTimeoutMs?: number;
  /** TCP connect. */
  connectionTimeoutMs?: number;
  /** Attempts per request, including the first (the SDK retries throttling, 5xx and network errors). */
  maxAttempts?: number;
  /** Full-jitter backoff between those attempts. */
  retryBaseMs?: number;
  retryCapMs?: number;
}

export interface MetricRef {
  namespace: string;
  metric: string;
  dimensions: { name: string; value: string }[];
}

export interface MetricQuery {
  id: string;
  metric: MetricRef;
  stat: string;
  period: number;
}

export interface MetricPage {
  results: { id: string; timestamps: number[]; values: number[]; status: string }[];
}

/** Cancels the calls of one sync part (engine stopping). */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * Defaults sized so a hung endpoint is noticed within a minute: 4 attempts of at most 10 s
 * each, plus backoff. A healthy GetMetricData of 500 queries answers in a few seconds.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function createCloudWatchClient(t: CloudWatchTarget): CloudWatchClient {
  const requestTimeout = t.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const client = new CloudWatchClient({
    region: t.region,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(t.staticCredentials ? { credentials: t.staticCredentials } : {}),
    ...(t.credentialProvider ? { credentials: t.credentialProvider } : {}),
    // The SDK's standard strategy decides *what* is retryable (throttling, 5xx, transient
    // network errors) and keeps a retry quota; we only set how long to wait: full jitter.
    retryStrategy: new ConfiguredRetryStrategy(t.maxAttempts ?? 4, (attempt) => fullJitterDelay(attempt, t.retryBaseMs ?? 200, t.retryCapMs ?? 20_000)),
    // Without throwOnRequestTimeout the installed handler only logs a warning past
    // requestTimeout; the socket timeout also catches a connection that went silent.
    requestHandler: {
      requestTimeout,
      throwOnRequestTimeout: true,
      socketTimeout: t.socketTimeoutMs ?? requestTimeout,
      connectionTimeout: t.connectionTimeoutMs ?? Math.min(5_000, requestTimeout),
    },
  });
  client.middlewareStack.use(nameFailingCall);
  return client;
}

/**
 * The SDK's paginators insist on a real CloudWatchClient; a wrapped client or test double
 * that only has `send` is given a CloudWatchClient face that forwards to it.
 */
function paginatorClient(client: CloudWatchClient): CloudWatchClient {
  if (client instanceof CloudWatchClient) return client;
  const inner = client as { send: (...args: unknown[]) => Promise<unknown> };
  const forward = Object.create(CloudWatchClient.prototype) as CloudWatchClient;
  Object.defineProperty(forward, 'send', { value: (...args: unknown[]) => inner.send(...args) });
  return forward;
}

const sendOptions = (o?: CallOptions): [{ abortSignal: AbortSignal }] | [] => (o?.signal ? [{ abortSignal: o.signal }] : []);

export async function listAllMetrics(client: CloudWatchClient, namespace?: string, o?: CallOptions): Promise<MetricRef[]> {
  const out: MetricRef[] = [];
  for await (const page of paginateListMetrics({ client: paginatorClient(client) }, namespace ? { Namespace: namespace } : {}, ...sendOptions(o))) {
    for (const m of page.Metrics ?? []) {
      if (!m.Namespace || !m.MetricName) continue;
      out.push({
        namespace: m.Namespace,
        metric: m.MetricName,
        dimensions: (m.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
      });
    }
  }
  return out;
}

/**
 * Runs one GetMetricData call to completion, page by page, and hands each page to `onPage`
 * as it arrives so it can be stored before the next page is requested.
 */
export async function getMetricDataPaged(
  client: CloudWatchClient,
  call: { startTime: number; endTime: number; queries: readonly MetricQuery[] },
  onPage: (page: MetricPage) => void,
  o?: CallOptions,
): Promise<{ pages: number }> {
  let pages = 0;
  const input = {
    StartTime: new Date(call.startTime),
    EndTime: new Date(call.endTime),
    ScanBy: 'TimestampDescending' as const,
    MetricDataQueries: call.queries.map((q) => ({
      Id: q.id,
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: q.metric.namespace, MetricName: q.metric.metric, Dimensions: q.metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })) },
        Period: q.period,
        Stat: q.stat,
      },
    })),
  };
  for await (const res of paginateGetMetricData({ client: paginatorClient(client) }, input, ...sendOptions(o))) {
    pages += 1;
    onPage({ results: (res.MetricDataResults ?? []).map(toResult) });
  }
  return { pages };
}

function toResult(r: MetricDataResult): MetricPage['results'][number] {
  return {
    id: r.Id ?? '',
    timestamps: (r.Timestamps ?? []).map((d) => d.getTime()),
    values: r.Values ?? [],
    status: r.StatusCode ?? 'Complete',
  };
}

/** Every metric and composite alarm, or only those whose names start with one of `prefixes`. */
export async function describeAllAlarms(
  client: CloudWatchClient,
  prefixes?: readonly string[],
  o?: CallOptions,
): Promise<{ metric: MetricAlarm[]; composite: CompositeAlarm[] }> {
  const metric: MetricAlarm[] = [];
  const composite: CompositeAlarm[] = [];
  for (const prefix of prefixes?.length ? prefixes : [undefined]) {
    const input = { AlarmTypes: ['MetricAlarm' as const, 'CompositeAlarm' as const], MaxRecords: 100, ...(prefix ? { AlarmNamePrefix: prefix } : {}) };
    for await (const page of paginateDescribeAlarms({ client: paginatorClient(client) }, input, ...sendOptions(o))) {
      metric.push(...(page.MetricAlarms ?? []));
      composite.push(...(page.CompositeAlarms ?? []));
    }
  }
  return { metric, composite };
}

export { paginatorClient };
