// The demo account's backup estate: AWS Backup plans, vaults, jobs, recovery points, copy and
// restore jobs, and the RDS side (instances, clusters, automated snapshots, events). Every
// value is a pure function of (seed, time): a job for a given day is the same whenever it is
// asked for; only its progress (created → running → final) depends on "now".
//
// The seeds' policy is daily backups, 30-day retention, RPO 1 min, RTO 5 min. The estate
// follows it with the flaws an audit finds in practice, each on a fixed cycle so that every
// 30-day window holds exactly one: a missed schedule (S3), a guaranteed failed job
// (products), an unencrypted on-demand recovery point; plus ≈ 2 % failed or expired jobs at
// random, one recovery point AWS Backup could not delete after its retention, one database
// in no backup plan, monthly restore tests of 25–40 min, and a point-in-time restore of the
// payments database during every scripted payment incident.

import { DAY, HOUR, MINUTE } from './clock';
import { hashString, mix, seedKey, uniform } from './random';
import { incidentsBetween } from './scenario';

export const BACKUP_ACCOUNT = '123456789012';
export const BACKUP_REGION = 'us-east-1';
export const DR_REGION = 'us-west-2';
const RDS_ARN = `arn:aws:rds:${BACKUP_REGION}:${BACKUP_ACCOUNT}`;
const BACKUP_ARN = `arn:aws:backup:${BACKUP_REGION}:${BACKUP_ACCOUNT}`;

/** Jobs and points exist from here on (the estate's "go-live"), so listings stay finite. */
export const HISTORY_DAYS = 400;

export type BackupResourceType = 'Aurora' | 'RDS' | 'EBS' | 'S3';

export interface EstateResource {
  arn: string;
  name: string;
  type: BackupResourceType;
  /** Plan that selects it, or null (the unprotected one). */
  planId: string | null;
  /** Backup duration range in minutes. */
  durationMin: readonly [number, number];
  sizeGiB: number;
  encrypted: boolean;
}

export const VAULT_PROD = 'ecommerce-prod-vault';
export const VAULT_DEFAULT = 'Default';
export const DR_VAULT_ARN = `arn:aws:backup:${DR_REGION}:${BACKUP_ACCOUNT}:backup-vault:ecommerce-dr-vault`;
export const vaultArn = (name: string): string => `${BACKUP_ARN}:backup-vault:${name}`;

export const PLAN_DAILY = 'b5f1c2d4-6e7f-4a80-9b1c-2d3e4f5a6b01';
export const PLAN_PAYMENTS = 'c6a2d3e5-7f80-4b91-8c2d-3e4f5a6b7c02';
export const planArn = (id: string): string => `${BACKUP_ARN}:backup-plan:${id}`;
export const RESTORE_TEST_PLAN = 'monthly_restore_test';
export const RESTORE_TEST_PLAN_ARN = `${BACKUP_ARN}:restore-testing-plan:${RESTORE_TEST_PLAN}-8f3a21`;
export const BACKUP_ROLE = `arn:aws:iam::${BACKUP_ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;

export const ebsArn = (volumeId: string): string => `arn:aws:ec2:${BACKUP_REGION}:${BACKUP_ACCOUNT}:volume/${volumeId}`;

export const RESOURCES: readonly EstateResource[] = [
  { arn: `${RDS_ARN}:cluster:ecommerce-orders`, name: 'ecommerce-orders', type: 'Aurora', planId: PLAN_DAILY, durationMin: [9, 18], sizeGiB: 420, encrypted: true },
  { arn: `${RDS_ARN}:db:ecommerce-customers-db`, name: 'ecommerce-customers-db', type: 'RDS', planId: PLAN_DAILY, durationMin: [7, 14], sizeGiB: 180, encrypted: true },
  { arn: `${RDS_ARN}:db:ecommerce-payments-db`, name: 'ecommerce-payments-db', type: 'RDS', planId: PLAN_PAYMENTS, durationMin: [6, 12], sizeGiB: 140, encrypted: true },
  { arn: `${RDS_ARN}:db:ecommerce-products-db`, name: 'ecommerce-products-db', type: 'RDS', planId: PLAN_DAILY, durationMin: [5, 10], sizeGiB: 95, encrypted: true },
  { arn: ebsArn('vol-0a1b2c3d4e5f60001'), name: 'pvc-search-index (search-service)', type: 'EBS', planId: PLAN_DAILY, durationMin: [3, 9], sizeGiB: 200, encrypted: true },
  { arn: ebsArn('vol-0a1b2c3d4e5f60002'), name: 'pvc-order-exports (order-service)', type: 'EBS', planId: PLAN_DAILY, durationMin: [2, 6], sizeGiB: 50, encrypted: true },
  { arn: 'arn:aws:s3:::ecommerce-prod-assets', name: 'ecommerce-prod-assets', type: 'S3', planId: PLAN_DAILY, durationMin: [15, 32], sizeGiB: 610, encrypted: true },
  // Created by the reviews team last quarter and never added to a selection: RDS keeps 7 days of its own backups.
  { arn: `${RDS_ARN}:db:ecommerce-reviews-db`, name: 'ecommerce-reviews-db', type: 'RDS', planId: null, durationMin: [4, 8], sizeGiB: 30, encrypted: true },
];

export const PROTECTED = RESOURCES.filter((r) => r.planId !== null);
export const UNPROTECTED_ARN = RESOURCES.find((r) => r.planId === null)!.arn;
export const PAYMENTS_ARN = `${RDS_ARN}:db:ecommerce-payments-db`;
export const PRODUCTS_ARN = `${RDS_ARN}:db:ecommerce-products-db`;
export const S3_ARN = 'arn:aws:s3:::ecommerce-prod-assets';
export const SEARCH_VOLUME_ARN = ebsArn('vol-0a1b2c3d4e5f60001');
export const EXPORTS_VOLUME_ARN = ebsArn('vol-0a1b2c3d4e5f60002');

export const BACKUP_WINDOW_START_SEC = 5 * HOUR;
export const START_WINDOW_MIN = 60;
export const COMPLETION_WINDOW_MIN = 180;
export const RETENTION_DAYS = 30;
/** Each 30-day window holds exactly one of these (the day number modulo 30 hits the phase once). */
const FLAW_CYCLE_DAYS = 30;

export type JobState = 'CREATED' | 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED' | 'ABORTED';

export interface EstateJob {
  jobId: string;
  resource: EstateResource;
  vault: string;
  /** Epoch seconds. */
  creation: number;
  startBy: number;
  /** When the job reaches its final state (the present decides whether it has). */
  end: number;
  finalState: 'COMPLETED' | 'FAILED' | 'EXPIRED';
  statusMessage: string | null;
  onDemand: boolean;
  sizeBytes: number;
  recoveryPointArn: string;
  encrypted: boolean;
  /** Its recovery point outlived its DeleteAt and could not be deleted (status EXPIRED). */
  stuckPastRetention: boolean;
}

const STREAM = hashString('backups');
const stream = (name: string): number => mix(STREAM, hashString(name));

function hex(key: number, n: number): string {
  let s = '';
  for (let i = 0; s.length < n; i++) s += mix(key, i).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

/** A deterministic UUID-shaped id. */
function uuidFor(key: number): string {
  const h = hex(key, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
}

function phase(seed32: number, name: string): number {
  return Math.floor(uniform(seed32, stream(name), 0) * FLAW_CYCLE_DAYS);
}

const FAILURE_MESSAGES: Record<BackupResourceType, string[]> = {
  Aurora: ['Backup job failed because the DB cluster ecommerce-orders is in an incompatible state: backing-up. A manual snapshot was already in progress.'],
  RDS: [
    'Backup job failed because the DB instance is in an incompatible state: storage-optimization.',
    'An internal error occurred while creating the snapshot: the snapshot quota for this account (100) has been reached.',
  ],
  EBS: ['Insufficient privileges to perform this action: the role AWSBackupDefaultServiceRole is not authorized to perform ec2:CreateSnapshot on the volume (KMS key policy denies kms:CreateGrant).'],
  S3: ['Backup job failed: the bucket ecommerce-prod-assets has versioning suspended; AWS Backup for S3 requires versioning to be enabled.'],
};
const EXPIRED_MESSAGE = `The backup job did not start within the start window of ${START_WINDOW_MIN} minutes: the backup service could not get capacity to run it.`;

function recoveryPointArnFor(resource: EstateResource, jobId: string, key: number): string {
  switch (resource.type) {
    case 'Aurora':
      return `${RDS_ARN}:cluster-snapshot:awsbackup:job-${jobId.toLowerCase()}`;
    case 'RDS':
      return `${RDS_ARN}:snapshot:awsbackup:job-${jobId.toLowerCase()}`;
    case 'EBS':
      return `arn:aws:ec2:${BACKUP_REGION}::snapshot/snap-0${hex(key, 16)}`;
    case 'S3':
      return `${BACKUP_ARN}:recovery-point:${uuidFor(mix(key, 7)).toLowerCase()}`;
  }
}

function between(key: number, name: string, index: number, [lo, hi]: readonly [number, number]): number {
  return lo + uniform(key, stream(name), index) * (hi - lo);
}

/** The scheduled job of `resource` on UTC day `day` (days since the epoch), or null when none was created (the missed schedule). */
export function scheduledJob(seed: number, resource: EstateResource, day: number): EstateJob | null {
  if (resource.planId === null) return null;
  const seed32 = seedKey(seed);
  if (resource.arn === S3_ARN && (day + phase(seed32, 'missed')) % FLAW_CYCLE_DAYS === 0) return null;
  const key = mix(mix(seed32, hashString(resource.arn)), day);
  const creation = day * DAY + BACKUP_WINDOW_START_SEC + Math.floor(uniform(key, stream('offset'), 0) * 180);
  const startBy = creation + START_WINDOW_MIN * MINUTE;
  const startDelay = Math.floor(uniform(key, stream('start'), 0) * 25 * MINUTE);
  const duration = Math.round(between(key, 'duration', 0, resource.durationMin) * MINUTE);
  const roll = uniform(key, stream('failure'), 0);
  const forcedFailure = resource.arn === PRODUCTS_ARN && (day + phase(seed32, 'failed')) % FLAW_CYCLE_DAYS === 0;
  let finalState: EstateJob['finalState'] = 'COMPLETED';
  let statusMessage: string | null = null;
  let end = creation + startDelay + duration;
  if (forcedFailure || roll < 0.012) {
    finalState = 'FAILED';
    const messages = FAILURE_MESSAGES[resource.type];
    statusMessage = messages[Math.floor(uniform(key, stream('message'), 0) * messages.length)]!;
    end = creation + startDelay + Math.round(duration * 0.3);
  } else if (roll < 0.02) {
    finalState = 'EXPIRED';
    statusMessage = EXPIRED_MESSAGE;
    end = startBy;
  }
  const jobId = uuidFor(key);
  const stuckPastRetention = resource.arn === SEARCH_VOLUME_ARN && finalState === 'COMPLETED';
  return {
    jobId,
    resource,
    vault: VAULT_PROD,
    creation,
    startBy,
    end,
    finalState,
    statusMessage,
    onDemand: false,
    sizeBytes: Math.round(resource.sizeGiB * (0.9 + 0.2 * uniform(key, stream('size'), 0)) * 2 ** 30),
    recoveryPointArn: recoveryPointArnFor(resource, jobId, key),
    encrypted: resource.encrypted,
    stuckPastRetention,
  };
}

/** The on-demand backup of the order-exports volume, taken before a bulk export, into the Default vault, unencrypted. */
export function onDemandJob(seed: number, day: number): EstateJob | null {
  const seed32 = seedKey(seed);
  if ((day + phase(seed32, 'unencrypted')) % FLAW_CYCLE_DAYS !== 0) return null;
  const resource = RESOURCES.find((r) => r.arn === EXPORTS_VOLUME_ARN)!;
  const key = mix(mix(seed32, hashString('on-demand')), day);
  const creation = day * DAY + 14 * HOUR + 20 * MINUTE;
  const jobId = uuidFor(key);
  return {
    jobId,
    resource,
    vault: VAULT_DEFAULT,
    creation,
    startBy: creation + 8 * HOUR,
    end: creation + 4 * MINUTE,
    finalState: 'COMPLETED',
    statusMessage: null,
    onDemand: true,
    sizeBytes: 48 * 2 ** 30,
    recoveryPointArn: recoveryPointArnFor(resource, jobId, key),
    encrypted: false,
    stuckPastRetention: false,
  };
}

function firstDay(nowSec: number): number {
  return Math.floor(nowSec / DAY) - HISTORY_DAYS;
}

/** Every backup job created in [fromSec, toSec) and no later than now, oldest first. */
export function backupJobs(seed: number, nowSec: number, fromSec: number, toSec: number): EstateJob[] {
  const to = Math.min(toSec, nowSec + 1);
  const from = Math.max(fromSec, firstDay(nowSec) * DAY);
  const out: EstateJob[] = [];
  for (let day = Math.floor(from / DAY) - 1; day * DAY < to; day++) {
    for (const r of PROTECTED) {
      const job = scheduledJob(seed, r, day);
      if (job && job.creation >= from && job.creation < to) out.push(job);
    }
    const od = onDemandJob(seed, day);
    if (od && od.creation >= from && od.creation < to) out.push(od);
  }
  return out.sort((a, b) => a.creation - b.creation || a.jobId.localeCompare(b.jobId));
}

/** The state a job shows at `nowSec`. */
export function jobStateAt(job: EstateJob, nowSec: number): { state: JobState; percentDone: number; completion: number | null } {
  if (nowSec >= job.end) return { state: job.finalState, percentDone: job.finalState === 'COMPLETED' ? 100 : 0, completion: job.end };
  if (job.finalState === 'EXPIRED' || nowSec < job.creation + 60) return { state: 'CREATED', percentDone: 0, completion: null };
  const pct = Math.min(99, Math.floor(((nowSec - job.creation) / (job.end - job.creation)) * 100));
  return { state: 'RUNNING', percentDone: pct, completion: null };
}

export interface EstateRecoveryPoint {
  job: EstateJob;
  arn: string;
  creation: number;
  completion: number;
  deleteAt: number;
  status: 'COMPLETED' | 'EXPIRED';
}

/**
 * Recovery points present in `vault` at `nowSec`: those of completed jobs whose lifecycle has
 * not deleted them, plus the one whose deletion keeps failing (retention passed a day ago).
 */
export function recoveryPoints(seed: number, nowSec: number, vault: string): EstateRecoveryPoint[] {
  const from = nowSec - (RETENTION_DAYS + 2) * DAY;
  const points: EstateRecoveryPoint[] = [];
  let stuck: EstateRecoveryPoint | null = null;
  for (const job of backupJobs(seed, nowSec, from, nowSec + 1)) {
    if (job.vault !== vault || jobStateAt(job, nowSec).state !== 'COMPLETED') continue;
    const deleteAt = job.creation + RETENTION_DAYS * DAY;
    const point: EstateRecoveryPoint = { job, arn: job.recoveryPointArn, creation: job.creation, completion: job.end, deleteAt, status: 'COMPLETED' };
    if (deleteAt > nowSec) points.push(point);
    // The newest point past its DeleteAt on the search volume: AWS Backup lacks kms:RetireGrant and keeps retrying.
    else if (job.stuckPastRetention && deleteAt > nowSec - 2 * DAY && (!stuck || point.creation > stuck.creation)) stuck = { ...point, status: 'EXPIRED' };
  }
  if (stuck) points.push(stuck);
  return points.sort((a, b) => b.creation - a.creation || a.arn.localeCompare(b.arn));
}

export interface EstateCopyJob {
  copyJobId: string;
  source: EstateJob;
  creation: number;
  end: number;
  state: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  destinationRecoveryPointArn: string;
}

/** Cross-region copies of the payments database's recovery points to the DR vault. */
export function copyJobs(seed: number, nowSec: number, fromSec: number, toSec: number): EstateCopyJob[] {
  const out: EstateCopyJob[] = [];
  for (const job of backupJobs(seed, nowSec, fromSec - DAY, toSec)) {
    if (job.resource.arn !== PAYMENTS_ARN || job.finalState !== 'COMPLETED' || nowSec < job.end) continue;
    const key = mix(hashString(job.jobId), 11);
    const creation = job.end + 60 + Math.floor(uniform(key, stream('copy'), 0) * 120);
    if (creation < fromSec || creation >= toSec || creation > nowSec) continue;
    const end = creation + Math.round(between(key, 'copy-duration', 0, [10, 25]) * MINUTE);
    out.push({
      copyJobId: uuidFor(key),
      source: job,
      creation,
      end,
      state: nowSec >= end ? 'COMPLETED' : 'RUNNING',
      destinationRecoveryPointArn: `arn:aws:rds:${DR_REGION}:${BACKUP_ACCOUNT}:snapshot:awsbackup:copyjob-${uuidFor(key).toLowerCase()}`,
    });
  }
  return out;
}

export interface EstateRestoreJob {
  restoreJobId: string;
  resource: EstateResource;
  recoveryPointArn: string;
  creation: number;
  end: number;
  testPlan: boolean;
  createdResourceArn: string;
  /** Why it ran (for the demo's timeline). */
  reason: string;
}

/** Restore tests run on the 3rd of every month at 06:00 UTC for each database; days since the epoch. */
function restoreTestDays(fromSec: number, toSec: number): number[] {
  const days: number[] = [];
  const start = new Date(fromSec * 1000);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth() - 1; ; m++) {
    const at = Date.UTC(y, m, 3) / 1000;
    if (at >= toSec) break;
    if (at + DAY > fromSec) days.push(at / DAY);
  }
  return days;
}

export const RESTORE_TESTED = RESOURCES.filter((r) => r.planId !== null && (r.type === 'RDS' || r.type === 'Aurora'));

/** Restore jobs created in [fromSec, toSec) and no later than now: monthly tests plus the incident restores. */
export function restoreJobs(seed: number, nowSec: number, fromSec: number, toSec: number): EstateRestoreJob[] {
  const seed32 = seedKey(seed);
  const to = Math.min(toSec, nowSec + 1);
  const out: EstateRestoreJob[] = [];
  for (const day of restoreTestDays(fromSec, to)) {
    RESTORE_TESTED.forEach((resource, i) => {
      const key = mix(mix(seed32, hashString(`restore-test:${resource.arn}`)), day);
      const creation = day * DAY + 6 * HOUR + i * 2 * MINUTE;
      if (creation < fromSec || creation >= to) return;
      const source = scheduledJob(seed, resource, day) ?? scheduledJob(seed, resource, day - 1);
      const end = creation + Math.round(between(key, 'restore-duration', 0, [25, 40]) * MINUTE);
      out.push({
        restoreJobId: uuidFor(key),
        resource,
        recoveryPointArn: source?.recoveryPointArn ?? resource.arn,
        creation,
        end,
        testPlan: true,
        createdResourceArn: `${RDS_ARN}:${resource.type === 'Aurora' ? 'cluster' : 'db'}:awsbackup-restore-test-${hex(key, 10)}`,
        reason: 'Monthly restore test',
      });
    });
  }
  const payments = RESOURCES.find((r) => r.arn === PAYMENTS_ARN)!;
  for (const incident of incidentsBetween(seed, fromSec - HOUR, to)) {
    if (incident.kind !== 'payment-5xx-spike') continue;
    // The on-call restores payments to just before the first errors to compare ledgers.
    const creation = incident.startSec + 12 * MINUTE;
    if (creation < fromSec || creation >= to) continue;
    const key = mix(mix(seed32, hashString('incident-restore')), incident.startSec);
    out.push({
      restoreJobId: uuidFor(key),
      resource: payments,
      recoveryPointArn: `${BACKUP_ARN}:recovery-point:continuous:db-payments-${hex(seed32, 8)}`,
      creation,
      end: creation + Math.round(between(key, 'incident-restore-duration', 0, [31, 38]) * MINUTE),
      testPlan: false,
      createdResourceArn: `${RDS_ARN}:db:ecommerce-payments-db-pitr-${new Date(incident.startSec * 1000).toISOString().slice(0, 10)}`,
      reason: `Point-in-time restore during ${incident.id}`,
    });
  }
  return out.sort((a, b) => a.creation - b.creation || a.restoreJobId.localeCompare(b.restoreJobId));
}

// --- RDS side ---

export interface EstateDbInstance {
  id: string;
  arn: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  multiAZ: boolean;
  clusterId: string | null;
  isClusterWriter: boolean;
  backupRetentionPeriod: number;
  deletionProtection: boolean;
  az: string;
  secondaryAz: string | null;
  resourceId: string;
  createdSec: number;
  service: string;
}

const GO_LIVE = Date.UTC(2024, 2, 11) / 1000;

export const DB_INSTANCES: readonly EstateDbInstance[] = [
  { id: 'ecommerce-orders-1', arn: `${RDS_ARN}:db:ecommerce-orders-1`, engine: 'aurora-postgresql', engineVersion: '16.4', instanceClass: 'db.r6g.xlarge', multiAZ: false, clusterId: 'ecommerce-orders', isClusterWriter: true, backupRetentionPeriod: 30, deletionProtection: true, az: 'us-east-1a', secondaryAz: null, resourceId: 'db-ORD1A7Q3K2M5N8P0R4S6T9V1W3', createdSec: GO_LIVE, service: 'order-service' },
  { id: 'ecommerce-orders-2', arn: `${RDS_ARN}:db:ecommerce-orders-2`, engine: 'aurora-postgresql', engineVersion: '16.4', instanceClass: 'db.r6g.xlarge', multiAZ: false, clusterId: 'ecommerce-orders', isClusterWriter: false, backupRetentionPeriod: 30, deletionProtection: true, az: 'us-east-1b', secondaryAz: null, resourceId: 'db-ORD2B8R4L3N6P9Q1S5T7U0W2X4', createdSec: GO_LIVE, service: 'order-service' },
  { id: 'ecommerce-customers-db', arn: `${RDS_ARN}:db:ecommerce-customers-db`, engine: 'postgres', engineVersion: '16.4', instanceClass: 'db.m6g.large', multiAZ: true, clusterId: null, isClusterWriter: false, backupRetentionPeriod: 30, deletionProtection: true, az: 'us-east-1a', secondaryAz: 'us-east-1c', resourceId: 'db-CUS3C9S5M4P7Q0R2T6U8V1X3Y5', createdSec: GO_LIVE, service: 'customer-service' },
  { id: 'ecommerce-payments-db', arn: PAYMENTS_ARN, engine: 'postgres', engineVersion: '16.4', instanceClass: 'db.r6g.large', multiAZ: true, clusterId: null, isClusterWriter: false, backupRetentionPeriod: 30, deletionProtection: true, az: 'us-east-1b', secondaryAz: 'us-east-1a', resourceId: 'db-PAY4D0T6N5Q8R1S3U7V9W2Y4Z6', createdSec: GO_LIVE, service: 'payment-service' },
  { id: 'ecommerce-products-db', arn: PRODUCTS_ARN, engine: 'mysql', engineVersion: '8.0.39', instanceClass: 'db.m6g.large', multiAZ: false, clusterId: null, isClusterWriter: false, backupRetentionPeriod: 30, deletionProtection: false, az: 'us-east-1c', secondaryAz: null, resourceId: 'db-PRD5E1U7P6R9S2T4V8W0X3Z5A7', createdSec: GO_LIVE, service: 'product-service' },
  { id: 'ecommerce-reviews-db', arn: UNPROTECTED_ARN, engine: 'postgres', engineVersion: '16.4', instanceClass: 'db.t4g.medium', multiAZ: false, clusterId: null, isClusterWriter: false, backupRetentionPeriod: 7, deletionProtection: false, az: 'us-east-1a', secondaryAz: null, resourceId: 'db-REV6F2V8Q7S0T3U5W9X1Y4A6B8', createdSec: Date.UTC(2026, 7, 18) / 1000, service: 'product-service' },
];

export const DB_CLUSTER = {
  id: 'ecommerce-orders',
  arn: `${RDS_ARN}:cluster:ecommerce-orders`,
  engine: 'aurora-postgresql',
  engineVersion: '16.4',
  backupRetentionPeriod: 30,
  resourceId: 'cluster-ORDERS7Q3K2M5N8P0R4S6T9',
  createdSec: GO_LIVE,
};

export const PREFERRED_BACKUP_WINDOW = '04:00-04:30';

/** Latest restorable time: transaction logs reach S3 every few minutes, so it trails now by 3–6 min. */
export function latestRestorableSec(seed: number, resourceId: string, nowSec: number): number {
  const offset = mix(seedKey(seed), hashString(resourceId)) % 180;
  return Math.floor(nowSec - 180 - ((nowSec + offset) % 180));
}

export interface EstateDbSnapshot {
  id: string;
  arn: string;
  instance: EstateDbInstance;
  type: 'automated' | 'manual';
  createdSec: number;
  sizeGiB: number;
}

/** RDS's own automated snapshots (daily in the backup window, kept BackupRetentionPeriod days) plus one manual snapshot. */
export function dbSnapshots(seed: number, nowSec: number): EstateDbSnapshot[] {
  const seed32 = seedKey(seed);
  const out: EstateDbSnapshot[] = [];
  const today = Math.floor(nowSec / DAY);
  for (const inst of DB_INSTANCES) {
    if (inst.clusterId) continue;
    for (let day = today - inst.backupRetentionPeriod; day <= today; day++) {
      const created = day * DAY + 4 * HOUR + (mix(mix(seed32, hashString(inst.id)), day) % 1200);
      if (created > nowSec || created <= nowSec - inst.backupRetentionPeriod * DAY || created < inst.createdSec) continue;
      const stamp = new Date(created * 1000).toISOString().slice(0, 16).replace(/[T:]/g, '-');
      out.push({ id: `rds:${inst.id}-${stamp}`, arn: `${RDS_ARN}:snapshot:rds:${inst.id}-${stamp}`, instance: inst, type: 'automated', createdSec: created, sizeGiB: RESOURCES.find((r) => r.arn === inst.arn)?.sizeGiB ?? 50 });
    }
  }
  const products = DB_INSTANCES.find((i) => i.arn === PRODUCTS_ARN)!;
  const manual = Date.UTC(2026, 5, 14, 21, 5) / 1000;
  if (manual <= nowSec) out.push({ id: 'products-before-mysql8-upgrade', arn: `${RDS_ARN}:snapshot:products-before-mysql8-upgrade`, instance: products, type: 'manual', createdSec: manual, sizeGiB: 88 });
  return out.sort((a, b) => a.createdSec - b.createdSec || a.id.localeCompare(b.id));
}

export interface EstateEvent {
  sourceId: string;
  sourceArn: string;
  sourceType: 'db-instance' | 'db-cluster';
  at: number;
  message: string;
  categories: string[];
}

/** RDS events in [fromSec, toSec): automated backups of each instance, and the restores above. */
export function rdsEvents(seed: number, nowSec: number, fromSec: number, toSec: number): EstateEvent[] {
  const out: EstateEvent[] = [];
  const to = Math.min(toSec, nowSec + 1);
  for (const snap of dbSnapshots(seed, nowSec)) {
    if (snap.type !== 'automated') continue;
    const finished = snap.createdSec + 6 * MINUTE;
    if (snap.createdSec >= fromSec && snap.createdSec < to) out.push({ sourceId: snap.instance.id, sourceArn: snap.instance.arn, sourceType: 'db-instance', at: snap.createdSec, message: 'Backing up DB instance', categories: ['backup'] });
    if (finished >= fromSec && finished < to) out.push({ sourceId: snap.instance.id, sourceArn: snap.instance.arn, sourceType: 'db-instance', at: finished, message: 'Finished DB Instance backup', categories: ['backup'] });
  }
  for (const job of restoreJobs(seed, nowSec, fromSec - HOUR, to)) {
    const id = job.createdResourceArn.slice(job.createdResourceArn.lastIndexOf(':') + 1);
    const sourceType = job.resource.type === 'Aurora' ? 'db-cluster' : 'db-instance';
    const msg = job.testPlan ? `Restored from snapshot ${job.recoveryPointArn.slice(job.recoveryPointArn.lastIndexOf(':') + 1)}` : `Restored from DB instance ${job.resource.name} to ${new Date((job.creation - 13 * MINUTE) * 1000).toISOString()}`;
    if (job.creation >= fromSec && job.creation < to) out.push({ sourceId: id, sourceArn: job.createdResourceArn, sourceType, at: job.creation, message: msg, categories: ['restoration'] });
    if (job.end >= fromSec && job.end < to) out.push({ sourceId: id, sourceArn: job.createdResourceArn, sourceType, at: job.end, message: 'Restored DB instance is available', categories: ['restoration'] });
  }
  return out.sort((a, b) => a.at - b.at || a.sourceId.localeCompare(b.sourceId));
}
