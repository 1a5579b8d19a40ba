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
import { clientOptions, DEFAULT_REQUEST_TIMEOUT_MS, type AwsTarget } from './clientOptions';
import { nameFailingCall } from './failedCall';

/** Where and how to reach a source's account and region (every AWS client here takes the same). */
export type CloudWatchTarget = AwsTarget;

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

export { DEFAULT_REQUEST_TIMEOUT_MS };

export function createCloudWatchClient(t: CloudWatchTarget): CloudWatchClient {
  const client = new CloudWatchClient(clientOptions(t));
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
