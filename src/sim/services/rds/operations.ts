// RDS operations over awsQuery (see ../../protocols/awsQuery.ts), answered from the estate in
// ../../platform/backups.ts: instances, the Aurora cluster, snapshots, automated backups
// (restore windows) and events. Element names follow the RDS 2014-10-31 API model.

import { DAY, HOUR, MINUTE } from '../../platform/clock';
import {
  DB_CLUSTER,
  DB_INSTANCES,
  PREFERRED_BACKUP_WINDOW,
  dbSnapshots,
  latestRestorableSec,
  rdsEvents,
  type EstateDbInstance,
} from '../../platform/backups';
import { paramInt, paramTimestamp, queryList, xmlList } from '../../protocols/awsQuery';
import { ServiceError, asOfFor, decodeToken, encodeToken } from '../../protocols/serviceError';

export const RDS_OPERATIONS = ['DescribeDBInstances', 'DescribeDBClusters', 'DescribeDBSnapshots', 'DescribeDBInstanceAutomatedBackups', 'DescribeEvents'] as const;
export type RdsOperation = (typeof RDS_OPERATIONS)[number];
export const RDS_VERSION = '2014-10-31';
export const RDS_XMLNS = `http://rds.amazonaws.com/doc/${RDS_VERSION}/`;

export function isRdsOperation(name: string): name is RdsOperation {
  return (RDS_OPERATIONS as readonly string[]).includes(name);
}

export interface RdsContext {
  seed: number;
  nowMs: number;
}

const invalid = (message: string): ServiceError => new ServiceError('InvalidParameterValue', 400, message);
const iso = (sec: number): string => new Date(Math.floor(sec) * 1000).toISOString();

function fingerprint(action: string, params: URLSearchParams): string {
  return JSON.stringify([action, [...params.entries()].filter(([k]) => k !== 'Marker' && k !== 'MaxRecords').sort()]);
}

function page<T>(action: string, items: readonly T[], params: URLSearchParams, asOfMs: number): { items: T[]; marker?: string } {
  // RDS: MaxRecords 20–100, default 100.
  const max = paramInt(params, 'MaxRecords', 20, 100) ?? 100;
  const marker = params.get('Marker');
  let offset = 0;
  if (marker !== null) {
    const decoded = decodeToken(marker, fingerprint(action, params));
    if (decoded === null) throw invalid(`The marker ${marker.slice(0, 64)} is not valid for this request.`);
    offset = decoded.offset;
  }
  const next = offset + max < items.length ? encodeToken(offset + max, fingerprint(action, params), asOfMs) : undefined;
  return { items: items.slice(offset, offset + max), ...(next ? { marker: next } : {}) };
}

function tags(inst: { service: string }): unknown {
  return xmlList('Tag', [
    { Key: 'service', Value: inst.service },
    { Key: 'environment', Value: 'production' },
    { Key: 'team', Value: 'platform' },
  ]);
}

function instanceXml(inst: EstateDbInstance, seed: number, nowSec: number): Record<string, unknown> {
  const inCluster = inst.clusterId !== null;
  const storage = inCluster ? undefined : Math.round((DB_INSTANCES.indexOf(inst) + 1) * 100 + 100);
  return {
    DBInstanceIdentifier: inst.id,
    DBInstanceClass: inst.instanceClass,
    Engine: inst.engine,
    DBInstanceStatus: 'available',
    Endpoint: { Address: `${inst.id}.c9akciq32.us-east-1.rds.amazonaws.com`, Port: inst.engine === 'mysql' ? 3306 : 5432 },
    AllocatedStorage: storage ?? 1,
    InstanceCreateTime: iso(inst.createdSec),
    PreferredBackupWindow: PREFERRED_BACKUP_WINDOW,
    BackupRetentionPeriod: inst.backupRetentionPeriod,
    AvailabilityZone: inst.az,
    PreferredMaintenanceWindow: 'sun:07:00-sun:08:00',
    // Aurora instances have no instance-level restore time: the cluster carries it.
    ...(inCluster ? {} : { LatestRestorableTime: iso(latestRestorableSec(seed, inst.resourceId, nowSec)) }),
    MultiAZ: inst.multiAZ,
    EngineVersion: inst.engineVersion,
    ReadReplicaDBInstanceIdentifiers: xmlList('ReadReplicaDBInstanceIdentifier', []),
    ...(inst.secondaryAz ? { SecondaryAvailabilityZone: inst.secondaryAz } : {}),
    StorageType: inCluster ? 'aurora' : 'gp3',
    ...(inCluster ? { DBClusterIdentifier: inst.clusterId } : {}),
    StorageEncrypted: true,
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/6f1d2c3b-4a59-4e87-9d10-aa21bc32cd43',
    DbiResourceId: inst.resourceId,
    DBInstanceArn: inst.arn,
    DeletionProtection: inst.deletionProtection,
    TagList: tags(inst),
    BackupTarget: 'region',
  };
}

function describeDbInstances(params: URLSearchParams, ctx: RdsContext, nowSec: number): Record<string, unknown> {
  const id = params.get('DBInstanceIdentifier');
  const list = DB_INSTANCES.filter((i) => i.createdSec <= nowSec && (id === null || i.id === id || i.arn === id));
  if (id !== null && list.length === 0) throw new ServiceError('DBInstanceNotFound', 404, `DBInstance ${id} not found.`);
  const p = page('DescribeDBInstances', list, params, ctx.nowMs);
  return { ...(p.marker ? { Marker: p.marker } : {}), DBInstances: xmlList('DBInstance', p.items.map((i) => instanceXml(i, ctx.seed, nowSec))) };
}

function describeDbClusters(params: URLSearchParams, ctx: RdsContext, nowSec: number): Record<string, unknown> {
  const id = params.get('DBClusterIdentifier');
  const c = DB_CLUSTER;
  if (id !== null && id !== c.id && id !== c.arn) throw new ServiceError('DBClusterNotFoundFault', 404, `DBCluster ${id} not found.`);
  const members = DB_INSTANCES.filter((i) => i.clusterId === c.id);
  const cluster = {
    AllocatedStorage: 1,
    AvailabilityZones: xmlList('AvailabilityZone', ['us-east-1a', 'us-east-1b', 'us-east-1c']),
    BackupRetentionPeriod: c.backupRetentionPeriod,
    DBClusterIdentifier: c.id,
    Status: 'available',
    EarliestRestorableTime: iso(nowSec - c.backupRetentionPeriod * DAY + HOUR),
    Endpoint: `${c.id}.cluster-c9akciq32.us-east-1.rds.amazonaws.com`,
    ReaderEndpoint: `${c.id}.cluster-ro-c9akciq32.us-east-1.rds.amazonaws.com`,
    MultiAZ: members.length > 1,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    LatestRestorableTime: iso(latestRestorableSec(ctx.seed, c.resourceId, nowSec)),
    Port: 5432,
    PreferredBackupWindow: PREFERRED_BACKUP_WINDOW,
    PreferredMaintenanceWindow: 'sun:07:00-sun:08:00',
    DBClusterMembers: xmlList('DBClusterMember', members.map((m) => ({ DBInstanceIdentifier: m.id, IsClusterWriter: m.isClusterWriter, PromotionTier: 1 }))),
    StorageEncrypted: true,
    DbClusterResourceId: c.resourceId,
    DBClusterArn: c.arn,
    ClusterCreateTime: iso(c.createdSec),
    DeletionProtection: true,
    TagList: tags({ service: 'order-service' }),
  };
  const p = page('DescribeDBClusters', [cluster], params, ctx.nowMs);
  return { ...(p.marker ? { Marker: p.marker } : {}), DBClusters: xmlList('DBCluster', p.items) };
}

function describeDbSnapshots(params: URLSearchParams, ctx: RdsContext, nowSec: number): Record<string, unknown> {
  const id = params.get('DBInstanceIdentifier');
  const type = params.get('SnapshotType');
  if (type !== null && !['automated', 'manual', 'shared', 'public', 'awsbackup'].includes(type)) throw invalid(`Invalid snapshot type: ${type}`);
  const list = dbSnapshots(ctx.seed, nowSec).filter((s) => (id === null || s.instance.id === id) && (type === null || s.type === type));
  const p = page('DescribeDBSnapshots', list, params, ctx.nowMs);
  return {
    ...(p.marker ? { Marker: p.marker } : {}),
    DBSnapshots: xmlList(
      'DBSnapshot',
      p.items.map((s) => ({
        DBSnapshotIdentifier: s.id,
        DBInstanceIdentifier: s.instance.id,
        SnapshotCreateTime: iso(s.createdSec),
        Engine: s.instance.engine,
        AllocatedStorage: s.sizeGiB,
        Status: 'available',
        AvailabilityZone: s.instance.az,
        InstanceCreateTime: iso(s.instance.createdSec),
        EngineVersion: s.instance.engineVersion,
        SnapshotType: s.type,
        PercentProgress: 100,
        Encrypted: true,
        DBSnapshotArn: s.arn,
        DbiResourceId: s.instance.resourceId,
        OriginalSnapshotCreateTime: iso(s.createdSec),
        SnapshotTarget: 'region',
      })),
    ),
  };
}

function describeAutomatedBackups(params: URLSearchParams, ctx: RdsContext, nowSec: number): Record<string, unknown> {
  const id = params.get('DBInstanceIdentifier');
  const list = DB_INSTANCES.filter((i) => i.clusterId === null && i.createdSec <= nowSec && (id === null || i.id === id));
  const p = page('DescribeDBInstanceAutomatedBackups', list, params, ctx.nowMs);
  return {
    ...(p.marker ? { Marker: p.marker } : {}),
    DBInstanceAutomatedBackups: xmlList(
      'DBInstanceAutomatedBackup',
      p.items.map((i) => ({
        DBInstanceArn: i.arn,
        DbiResourceId: i.resourceId,
        Region: 'us-east-1',
        DBInstanceIdentifier: i.id,
        RestoreWindow: { EarliestTime: iso(Math.max(i.createdSec, nowSec - i.backupRetentionPeriod * DAY + 20 * MINUTE)), LatestTime: iso(latestRestorableSec(ctx.seed, i.resourceId, nowSec)) },
        Status: 'active',
        Engine: i.engine,
        EngineVersion: i.engineVersion,
        InstanceCreateTime: iso(i.createdSec),
        Encrypted: true,
        BackupRetentionPeriod: i.backupRetentionPeriod,
        DBInstanceAutomatedBackupsArn: `arn:aws:rds:us-east-1:123456789012:auto-backup:ab-${i.resourceId.slice(3).toLowerCase()}`,
        BackupTarget: 'region',
      })),
    ),
  };
}

const EVENT_SOURCE_TYPES = ['db-instance', 'db-parameter-group', 'db-security-group', 'db-snapshot', 'db-cluster', 'db-cluster-snapshot', 'custom-engine-version', 'db-proxy', 'blue-green-deployment'];

function describeEvents(params: URLSearchParams, ctx: RdsContext, nowSec: number): Record<string, unknown> {
  const sourceType = params.get('SourceType');
  if (sourceType !== null && !EVENT_SOURCE_TYPES.includes(sourceType)) throw invalid(`Invalid SourceType: ${sourceType}`);
  const sourceId = params.get('SourceIdentifier');
  if (sourceId !== null && sourceType === null) throw new ServiceError('InvalidParameterCombination', 400, 'SourceType must be specified if SourceIdentifier is specified.');
  const duration = paramInt(params, 'Duration', 0, 20_160);
  let start = paramTimestamp(params, 'StartTime');
  let end = paramTimestamp(params, 'EndTime') ?? nowSec;
  if (start === undefined) start = end - (duration ?? 60) * 60;
  // RDS keeps 14 days of events.
  start = Math.max(start, nowSec - 14 * DAY);
  end = Math.min(end, nowSec);
  const categories = queryList(params, 'EventCategories', 'EventCategory');
  const list = end <= start ? [] : rdsEvents(ctx.seed, nowSec, start, end).filter(
    (e) => (sourceType === null || e.sourceType === sourceType) && (sourceId === null || e.sourceId === sourceId) && (categories.length === 0 || e.categories.some((c) => categories.includes(c))),
  );
  const p = page('DescribeEvents', list, params, ctx.nowMs);
  return {
    ...(p.marker ? { Marker: p.marker } : {}),
    Events: xmlList(
      'Event',
      p.items.map((e) => ({ SourceIdentifier: e.sourceId, SourceType: e.sourceType, Message: e.message, EventCategories: xmlList('EventCategory', e.categories), Date: iso(e.at), SourceArn: e.sourceArn })),
    ),
  };
}

/** Runs one RDS action; throws ServiceError for what RDS would reject. */
export function handleRdsOperation(action: RdsOperation, params: URLSearchParams, context: RdsContext): Record<string, unknown> {
  const ctx = { ...context, nowMs: asOfFor(params.get('Marker'), fingerprint(action, params), context.nowMs) };
  const nowSec = ctx.nowMs / 1000;
  switch (action) {
    case 'DescribeDBInstances':
      return describeDbInstances(params, ctx, nowSec);
    case 'DescribeDBClusters':
      return describeDbClusters(params, ctx, nowSec);
    case 'DescribeDBSnapshots':
      return describeDbSnapshots(params, ctx, nowSec);
    case 'DescribeDBInstanceAutomatedBackups':
      return describeAutomatedBackups(params, ctx, nowSec);
    case 'DescribeEvents':
      return describeEvents(params, ctx, nowSec);
  }
}
