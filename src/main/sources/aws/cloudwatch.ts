// Thin wrapper over the real CloudWatch SDK client: paging, and the shapes the sync engine
// stores. Used identically against AWS and against the demo simulator.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  ListMetricsCommand,
  type CompositeAlarm,
  type MetricAlarm,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { fullJitterDelay } from '../../domain/backoff';

export interface CloudWatchTarget {
  region: string;
  /** Set for the demo simulator; absent for real AWS (the SDK resolves the endpoint). */
  endpoint?: string;
  /** Only for the simulator: it accepts any key. Real accounts use the SDK default chain. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** Credentials from the SDK default chain for a profile/role (see config/sources). */
  credentialProvider?: AwsCredentialIdentityProvider;
  requestTimeoutMs?: number;
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

export function createCloudWatchClient(t: CloudWatchTarget): CloudWatchClient {
  return new CloudWatchClient({
    region: t.region,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(t.staticCredentials ? { credentials: t.staticCredentials } : {}),
    ...(t.credentialProvider ? { credentials: t.credentialProvider } : {}),
    // The SDK's standard strategy decides *what* is retryable (throttling, 5xx, transient
    // network errors) and keeps a retry quota; we only set how long to wait: full jitter.
    retryStrategy: new ConfiguredRetryStrategy(t.maxAttempts ?? 4, (attempt) => fullJitterDelay(attempt, t.retryBaseMs ?? 200, t.retryCapMs ?? 20_000)),
    requestHandler: { requestTimeout: t.requestTimeoutMs ?? 15_000, connectionTimeout: 5_000 },
  });
}

export async function listAllMetrics(client: CloudWatchClient, namespace?: string): Promise<MetricRef[]> {
  const out: MetricRef[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListMetricsCommand({ NextToken: token, ...(namespace ? { Namespace: namespace } : {}) }));
    for (const m of page.Metrics ?? []) {
      if (!m.Namespace || !m.MetricName) continue;
      out.push({
        namespace: m.Namespace,
        metric: m.MetricName,
        dimensions: (m.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
      });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

/**
 * Runs one GetMetricData call to completion, following NextToken, and hands each page to
 * `onPage` as it arrives so it can be stored before the next page is requested.
 */
export async function getMetricDataPaged(
  client: CloudWatchClient,
  call: { startTime: number; endTime: number; queries: readonly MetricQuery[] },
  onPage: (page: MetricPage) => void,
): Promise<{ pages: number }> {
  let token: string | undefined;
  let pages = 0;
  do {
    const res = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(call.startTime),
        EndTime: new Date(call.endTime),
        ScanBy: 'TimestampDescending',
        NextToken: token,
        MetricDataQueries: call.queries.map((q) => ({
          Id: q.id,
          ReturnData: true,
          MetricStat: {
            Metric: { Namespace: q.metric.namespace, MetricName: q.metric.metric, Dimensions: q.metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })) },
            Period: q.period,
            Stat: q.stat,
          },
        })),
      }),
    );
    pages += 1;
    onPage({ results: (res.MetricDataResults ?? []).map(toResult) });
    token = res.NextToken;
  } while (token);
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
export async function describeAllAlarms(client: CloudWatchClient, prefixes?: readonly string[]): Promise<{ metric: MetricAlarm[]; composite: CompositeAlarm[] }> {
  const metric: MetricAlarm[] = [];
  const composite: CompositeAlarm[] = [];
  for (const prefix of prefixes?.length ? prefixes : [undefined]) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, NextToken: token, ...(prefix ? { AlarmNamePrefix: prefix } : {}) }),
      );
      metric.push(...(page.MetricAlarms ?? []));
      composite.push(...(page.CompositeAlarms ?? []));
      token = page.NextToken;
    } while (token);
  }
  return { metric, composite };
}
