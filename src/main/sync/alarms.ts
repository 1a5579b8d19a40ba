// Alarm sync: the current state of every metric and composite alarm, into the cache.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CacheStore } from '../store/cache';
import { describeAllAlarms } from '../sources/aws/cloudwatch';

export async function syncAlarms(client: CloudWatchClient, cache: CacheStore, sourceId: string, now: () => number, prefixes?: readonly string[]): Promise<void> {
  const { metric, composite } = await describeAllAlarms(client, prefixes);
  const rows = [
    ...metric.map((a) => ({
      name: a.AlarmName ?? '',
      type: 'MetricAlarm',
      state: a.StateValue ?? 'INSUFFICIENT_DATA',
      stateSince: a.StateUpdatedTimestamp?.getTime() ?? 0,
      body: a,
    })),
    ...composite.map((a) => ({
      name: a.AlarmName ?? '',
      type: 'CompositeAlarm',
      state: a.StateValue ?? 'INSUFFICIENT_DATA',
      stateSince: a.StateUpdatedTimestamp?.getTime() ?? 0,
      body: a,
    })),
  ];
  cache.replaceAlarms(sourceId, rows, now());
}
