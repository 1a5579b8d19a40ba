// RDS through the real SDK client (awsQuery), always through its paginators: the facts that
// decide RPO and RTO (PITR, Multi-AZ, replicas), snapshots and backup/restore events.
import {
  RDSClient,
  paginateDescribeDBClusters,
  paginateDescribeDBInstanceAutomatedBackups,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  paginateDescribeEvents,
} from '@aws-sdk/client-rds';
import type { RdsFacts } from '../../domain/backups/model';
import { clientOptions, type AwsTarget } from './clientOptions';
import { nameFailingCall } from './failedCall';

const PAGE = 100;
const ms = (d: Date | undefined): number | null => (d ? d.getTime() : null);

export function createRdsClient(t: AwsTarget): RDSClient {
  const client = new RDSClient(clientOptions(t));
  client.middlewareStack.use(nameFailingCall);
  return client;
}

export interface RdsDatabase {
  arn: string;
  id: string;
  tags: Record<string, string>;
  facts: RdsFacts;
  /** RDS's own restore window (DescribeDBInstanceAutomatedBackups). */
  restoreWindow: { earliest: number | null; latest: number | null } | null;
}

export interface RdsSnapshot {
  arn: string;
  instanceId: string;
  type: string;
  createdAt: number | null;
  encrypted: boolean;
}

export interface RdsEvent {
  sourceId: string;
  sourceType: string;
  at: number;
  message: string;
  categories: string[];
}

function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}

const tagMap = (list: { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));

/** Standalone instances and Aurora clusters (cluster members are folded into their cluster). */
export async function fetchDatabases(client: RDSClient): Promise<RdsDatabase[]> {
  const out: RdsDatabase[] = [];
  const windows = new Map<string, { earliest: number | null; latest: number | null }>();
  for await (const page of paginateDescribeDBInstanceAutomatedBackups({ client, pageSize: PAGE }, {})) {
    for (const b of page.DBInstanceAutomatedBackups ?? []) {
      if (b.DBInstanceArn) windows.set(b.DBInstanceArn, { earliest: ms(b.RestoreWindow?.EarliestTime), latest: ms(b.RestoreWindow?.LatestTime) });
    }
  }
  for await (const page of paginateDescribeDBInstances({ client, pageSize: PAGE }, {})) {
    for (const i of page.DBInstances ?? []) {
      if (!i.DBInstanceArn || !i.DBInstanceIdentifier || i.DBClusterIdentifier) continue;
      const region = regionOf(i.DBInstanceArn);
      const replicas = i.ReadReplicaDBInstanceIdentifiers ?? [];
      out.push({
        arn: i.DBInstanceArn,
        id: i.DBInstanceIdentifier,
        tags: tagMap(i.TagList),
        restoreWindow: windows.get(i.DBInstanceArn) ?? null,
        facts: {
          kind: 'instance',
          engine: i.Engine ?? '',
          multiAZ: i.MultiAZ ?? false,
          inRegionReplicas: replicas.filter((r) => !r.startsWith('arn:') || regionOf(r) === region).length,
          crossRegionReplicas: replicas.filter((r) => r.startsWith('arn:') && regionOf(r) !== region).length,
          latestRestorableAt: ms(i.LatestRestorableTime),
          observedAt: null,
          backupRetentionDays: i.BackupRetentionPeriod ?? 0,
          preferredBackupWindow: i.PreferredBackupWindow ?? null,
          encrypted: i.StorageEncrypted ?? false,
          deletionProtection: i.DeletionProtection ?? false,
        },
      });
    }
  }
  for await (const page of paginateDescribeDBClusters({ client, pageSize: PAGE }, {})) {
    for (const c of page.DBClusters ?? []) {
      if (!c.DBClusterArn || !c.DBClusterIdentifier) continue;
      const readers = (c.DBClusterMembers ?? []).filter((m) => !m.IsClusterWriter).length;
      out.push({
        arn: c.DBClusterArn,
        id: c.DBClusterIdentifier,
        tags: tagMap(c.TagList),
        restoreWindow: { earliest: ms(c.EarliestRestorableTime), latest: ms(c.LatestRestorableTime) },
        facts: {
          kind: 'cluster',
          engine: c.Engine ?? '',
          multiAZ: c.MultiAZ ?? readers > 0,
          inRegionReplicas: readers,
          crossRegionReplicas: (c.ReadReplicaIdentifiers ?? []).filter((r) => regionOf(r) !== regionOf(c.DBClusterArn!)).length,
          latestRestorableAt: ms(c.LatestRestorableTime),
          observedAt: null,
          backupRetentionDays: c.BackupRetentionPeriod ?? 0,
          preferredBackupWindow: c.PreferredBackupWindow ?? null,
          encrypted: c.StorageEncrypted ?? false,
          deletionProtection: c.DeletionProtection ?? false,
        },
      });
    }
  }
  return out;
}

export async function fetchSnapshots(client: RDSClient): Promise<RdsSnapshot[]> {
  const out: RdsSnapshot[] = [];
  for await (const page of paginateDescribeDBSnapshots({ client, pageSize: PAGE }, {})) {
    for (const s of page.DBSnapshots ?? []) {
      if (!s.DBSnapshotArn) continue;
      out.push({ arn: s.DBSnapshotArn, instanceId: s.DBInstanceIdentifier ?? '', type: s.SnapshotType ?? '', createdAt: ms(s.SnapshotCreateTime), encrypted: s.Encrypted ?? false });
    }
  }
  return out;
}

/** Backup and restoration events since `from` (RDS keeps 14 days). */
export async function fetchEvents(client: RDSClient, from: number, to: number): Promise<RdsEvent[]> {
  const out: RdsEvent[] = [];
  for await (const page of paginateDescribeEvents({ client, pageSize: PAGE }, { StartTime: new Date(from), EndTime: new Date(to), EventCategories: ['backup', 'restoration'] })) {
    for (const e of page.Events ?? []) {
      if (!e.Date || !e.SourceIdentifier) continue;
      out.push({ sourceId: e.SourceIdentifier, sourceType: e.SourceType ?? '', at: e.Date.getTime(), message: e.Message ?? '', categories: e.EventCategories ?? [] });
    }
  }
  return out;
}
