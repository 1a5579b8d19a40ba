// The alert benchmarks' estate: 5,000 firing metric alarms over 40 services (one group each
// under the default grouping), written straight into cache.db — alarms, tags, open occurrences.
import { AlarmCache } from '../src/main/store/alarms';
import type { AlarmRow, CacheStore } from '../src/main/store/cache';

export const GROUPS = 5_000;
const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/** Writes the estate into `cache` as of `now`; returns the occurrence keys. */
export function seedAlertGroups(cache: CacheStore, now: number): { occurrenceKeys: string[] } {
  const alarms = new AlarmCache(cache.db);
  const rows: AlarmRow[] = [];
  const tags: { arn: string; tags: Record<string, string> }[] = [];
  const occurrences = [];
  for (let i = 0; i < GROUPS; i++) {
    const name = `bench-${String(i).padStart(4, '0')}-latency-high`;
    const arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    const service = `service-${i % 40}`;
    const firedAt = now - ((i * 7_919) % (6 * 3_600_000));
    rows.push({
      name,
      type: 'MetricAlarm',
      state: 'ALARM',
      stateSince: firedAt,
      body: {
        AlarmName: name,
        AlarmArn: arn,
        AlarmDescription: `p95 latency of ${service} endpoint ${i} above 1 s. Runbook: https://runbooks.example.com/${service}/latency`,
        Namespace: 'ECommerce/Services',
        MetricName: 'Latency',
        ExtendedStatistic: 'p95',
        Dimensions: [{ Name: 'Service', Value: service }],
        Period: 60,
        Threshold: 1000,
        ComparisonOperator: 'GreaterThanThreshold',
        StateValue: 'ALARM',
        StateReason: 'Threshold Crossed',
      },
    });
    tags.push({ arn, tags: { severity: SEVERITIES[i % 4]!, service, team: `team-${i % 12}` } });
    occurrences.push({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt: null, endedBy: null, lastSeenAt: now });
  }
  cache.replaceAlarms('demo', rows, now);
  alarms.saveTags('demo', tags, now);
  alarms.saveOccurrences('demo', occurrences);
  return { occurrenceKeys: occurrences.map((o) => o.key) };
}
