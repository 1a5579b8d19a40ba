// CloudWatch calls for the alert queue beyond DescribeAlarms (cloudwatch.ts): an alarm's
// tags and its state history. Thin wrappers over the real SDK client, identical against AWS
// and the demo simulator. Errors (AccessDenied included) are thrown as the SDK raised them.
import {
  ListTagsForResourceCommand,
  paginateDescribeAlarmHistory,
  type AlarmHistoryItem,
  type CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import { paginatorClient, type CallOptions } from './cloudwatch';

/** The tags of one alarm (metric or composite), by ARN. */
export async function listAlarmTags(client: CloudWatchClient, arn: string, o?: CallOptions): Promise<Record<string, string>> {
  const res = await client.send(new ListTagsForResourceCommand({ ResourceARN: arn }), ...(o?.signal ? [{ abortSignal: o.signal }] : []));
  const tags: Record<string, string> = {};
  for (const t of res.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  return tags;
}

export interface StateChangeItem {
  alarmName: string;
  alarmType: string;
  at: number;
  summary: string;
  from: string | null;
  to: string | null;
  reason: string | null;
}

/**
 * The old and new state of a StateUpdate item. CloudWatch puts them in HistoryData (JSON:
 * `{ oldState: { stateValue }, newState: { stateValue, stateReason } }`); the summary
 * ("Alarm updated from OK to ALARM") is the fallback when the data is missing or unreadable.
 */
export function readStateChange(item: AlarmHistoryItem): StateChangeItem | null {
  if (!item.AlarmName || !item.Timestamp) return null;
  let from: string | null = null;
  let to: string | null = null;
  let reason: string | null = null;
  if (item.HistoryData) {
    try {
      const data = JSON.parse(item.HistoryData) as { oldState?: { stateValue?: unknown }; newState?: { stateValue?: unknown; stateReason?: unknown } };
      from = typeof data.oldState?.stateValue === 'string' ? data.oldState.stateValue : null;
      to = typeof data.newState?.stateValue === 'string' ? data.newState.stateValue : null;
      reason = typeof data.newState?.stateReason === 'string' ? data.newState.stateReason : null;
    } catch {
      // unreadable data: fall back to the summary below
    }
  }
  if (!to) {
    const m = /from (\w+) to (\w+)/.exec(item.HistorySummary ?? '');
    if (m) {
      from ??= m[1] ?? null;
      to = m[2] ?? null;
    }
  }
  return {
    alarmName: item.AlarmName,
    alarmType: item.AlarmType ?? 'MetricAlarm',
    at: item.Timestamp.getTime(),
    summary: item.HistorySummary ?? '',
    from,
    to,
    reason,
  };
}

/**
 * StateUpdate history of every metric and composite alarm in [start, end], oldest first,
 * page by page: `onPage` stores each page before the next is asked for, so a pass cut short
 * resumes from the newest stored item without a gap.
 */
export async function describeStateHistoryPaged(
  client: CloudWatchClient,
  range: { start: number; end: number },
  onPage: (items: StateChangeItem[]) => void,
  o?: CallOptions,
): Promise<{ pages: number }> {
  let pages = 0;
  const input = {
    AlarmTypes: ['MetricAlarm' as const, 'CompositeAlarm' as const],
    HistoryItemType: 'StateUpdate' as const,
    StartDate: new Date(range.start),
    EndDate: new Date(range.end),
    ScanBy: 'TimestampAscending' as const,
    MaxRecords: 100,
  };
  for await (const res of paginateDescribeAlarmHistory({ client: paginatorClient(client) }, input, ...(o?.signal ? [{ abortSignal: o.signal }] : []))) {
    pages += 1;
    onPage((res.AlarmHistoryItems ?? []).flatMap((item) => readStateChange(item) ?? []));
  }
  return { pages };
}
