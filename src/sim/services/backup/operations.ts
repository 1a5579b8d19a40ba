// AWS Backup operations over restJson1 (see ../../protocols/restJson1.ts), answered from the
// estate in ../../platform/backups.ts. Output members and shapes follow the Backup API model
// as @aws-sdk/client-backup parses them; timestamps in bodies are epoch seconds.

import { DAY } from '../../platform/clock';
import {
  BACKUP_ACCOUNT,
  BACKUP_ROLE,
  COMPLETION_WINDOW_MIN,
  DR_VAULT_ARN,
  PLAN_DAILY,
  PLAN_PAYMENTS,
  PROTECTED,
  RESOURCES,
  RESTORE_TEST_PLAN,
  RESTORE_TEST_PLAN_ARN,
  RETENTION_DAYS,
  START_WINDOW_MIN,
  VAULT_DEFAULT,
  VAULT_PROD,
  backupJobs,
  copyJobs,
  jobStateAt,
  planArn,
  recoveryPoints,
  restoreJobs,
  vaultArn,
  type EstateJob,
  type EstateResource,
} from '../../platform/backups';
import { type RestRoute, RestRouter, invalidParameterValue, queryEnum, queryInt, queryString, queryTimestamp, resourceNotFound } from '../../protocols/restJson1';
import { asOfFor, decodeToken, encodeToken } from '../../protocols/serviceError';

export const BACKUP_OPERATIONS = [
  'ListBackupPlans',
  'GetBackupPlan',
  'ListBackupSelections',
  'GetBackupSelection',
  'ListProtectedResources',
  'DescribeProtectedResource',
  'ListBackupJobs',
  'ListBackupVaults',
  'DescribeBackupVault',
  'ListRecoveryPointsByBackupVault',
  'ListCopyJobs',
  'ListRestoreJobs',
  'ListRestoreTestingPlans',
] as const;
export type BackupOperation = (typeof BACKUP_OPERATIONS)[number];

const ROUTES: RestRoute<BackupOperation>[] = [
  { operation: 'ListBackupPlans', method: 'GET', path: '/backup/plans' },
  { operation: 'GetBackupPlan', method: 'GET', path: '/backup/plans/{BackupPlanId}' },
  { operation: 'ListBackupSelections', method: 'GET', path: '/backup/plans/{BackupPlanId}/selections' },
  { operation: 'GetBackupSelection', method: 'GET', path: '/backup/plans/{BackupPlanId}/selections/{SelectionId}' },
  { operation: 'ListProtectedResources', method: 'GET', path: '/resources' },
  { operation: 'DescribeProtectedResource', method: 'GET', path: '/resources/{ResourceArn}' },
  { operation: 'ListBackupJobs', method: 'GET', path: '/backup-jobs' },
  { operation: 'ListBackupVaults', method: 'GET', path: '/backup-vaults' },
  { operation: 'DescribeBackupVault', method: 'GET', path: '/backup-vaults/{BackupVaultName}' },
  { operation: 'ListRecoveryPointsByBackupVault', method: 'GET', path: '/backup-vaults/{BackupVaultName}/recovery-points' },
  { operation: 'ListCopyJobs', method: 'GET', path: '/copy-jobs' },
  { operation: 'ListRestoreJobs', method: 'GET', path: '/restore-jobs' },
  { operation: 'ListRestoreTestingPlans', method: 'GET', path: '/restore-testing/plans' },
];

export const backupRouter = new RestRouter(ROUTES);

export function isBackupOperation(name: string): name is BackupOperation {
  return (BACKUP_OPERATIONS as readonly string[]).includes(name);
}

export interface BackupContext {
  seed: number;
  /** The simulated present, epoch milliseconds. */
  nowMs: number;
  /** Page size when the caller gives no maxResults (lower it to exercise paging). */
  defaultPageSize?: number;
}

export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
/** Backup keeps job records this long; older ones are not listed. */
const JOB_LOOKBACK_DAYS = 180;

interface Plan {
  id: string;
  name: string;
  versionId: string;
  created: number;
  ruleName: string;
  ruleId: string;
  copy: boolean;
  selectionId: string;
  selectionName: string;
}

const PLANS: Plan[] = [
  { id: PLAN_DAILY, name: 'ecommerce-daily', versionId: 'ZmE3MjE1OWQtYjM0Ny00', created: Date.UTC(2024, 2, 11, 9) / 1000, ruleName: 'daily-0500-utc', ruleId: '3f1e0b7a-2c4d-4e6f-8a9b-0c1d2e3f4a51', copy: false, selectionId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c61', selectionName: 'databases-volumes-assets' },
  { id: PLAN_PAYMENTS, name: 'ecommerce-payments-dr', versionId: 'NmQ0YTk5ZGMtOGQxNi00', created: Date.UTC(2024, 2, 11, 9, 30) / 1000, ruleName: 'daily-0500-utc-copy-us-west-2', ruleId: '4a2f1c8b-3d5e-4f70-9bac-1d2e3f4a5b62', copy: true, selectionId: '8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d72', selectionName: 'payments-database' },
];

function page<T>(items: readonly T[], query: URLSearchParams, ctx: BackupContext, fingerprint: string, names = { token: 'nextToken', max: 'maxResults' }): { items: T[]; NextToken?: string } {
  const asOf = asOfFor(query.get(names.token), fingerprint, ctx.nowMs);
  const max = queryInt(query, names.max, 1, MAX_PAGE_SIZE) ?? ctx.defaultPageSize ?? DEFAULT_PAGE_SIZE;
  const token = queryString(query, names.token, 4096);
  let offset = 0;
  if (token !== undefined) {
    const decoded = decodeToken(token, fingerprint);
    if (decoded === null) throw invalidParameterValue(`The NextToken "${token.slice(0, 64)}" is not valid for this request.`);
    offset = decoded.offset;
  }
  const slice = items.slice(offset, offset + max);
  const next = offset + max < items.length ? encodeToken(offset + max, fingerprint, asOf) : undefined;
  return { items: slice, ...(next ? { NextToken: next } : {}) };
}

/** The filters of a request, minus paging, so a token only continues the request that made it. */
export function fingerprintOf(op: string, query: URLSearchParams, labels: Record<string, string> = {}): string {
  const entries = [...query.entries()].filter(([k]) => !/^(nextToken|maxResults|NextToken|MaxResults)$/.test(k)).sort();
  return JSON.stringify([op, entries, labels]);
}

function resourceType(r: EstateResource): string {
  return r.type;
}

function jobJson(job: EstateJob, nowSec: number): Record<string, unknown> {
  const { state, percentDone, completion } = jobStateAt(job, nowSec);
  const plan = PLANS.find((p) => p.id === job.resource.planId);
  return {
    AccountId: BACKUP_ACCOUNT,
    BackupJobId: job.jobId,
    BackupVaultName: job.vault,
    BackupVaultArn: vaultArn(job.vault),
    ...(state === 'COMPLETED' ? { RecoveryPointArn: job.recoveryPointArn, BackupSizeInBytes: job.sizeBytes } : {}),
    ResourceArn: job.resource.arn,
    ResourceName: job.resource.name,
    ResourceType: resourceType(job.resource),
    CreationDate: job.creation,
    ...(completion !== null ? { CompletionDate: completion } : {}),
    State: state,
    ...(job.statusMessage && completion !== null ? { StatusMessage: job.statusMessage } : {}),
    PercentDone: String(percentDone),
    IamRoleArn: BACKUP_ROLE,
    StartBy: job.startBy,
    ExpectedCompletionDate: job.creation + (START_WINDOW_MIN + COMPLETION_WINDOW_MIN) * 60,
    BackupType: '',
    IsParent: false,
    CreatedBy: job.onDemand ? {} : { BackupPlanId: plan!.id, BackupPlanArn: planArn(plan!.id), BackupPlanVersion: plan!.versionId, BackupRuleId: plan!.ruleId },
  };
}

const JOB_STATES = ['CREATED', 'PENDING', 'RUNNING', 'ABORTING', 'ABORTED', 'COMPLETED', 'FAILED', 'EXPIRED', 'PARTIAL'] as const;
const RESOURCE_TYPES = ['Aurora', 'RDS', 'EBS', 'S3', 'EC2', 'EFS', 'DynamoDB'] as const;

function createdRange(query: URLSearchParams, nowSec: number, afterName = 'createdAfter', beforeName = 'createdBefore'): { from: number; to: number } {
  const after = queryTimestamp(query, afterName);
  const before = queryTimestamp(query, beforeName);
  const from = Math.max(after ?? 0, nowSec - JOB_LOOKBACK_DAYS * DAY);
  const to = before ?? nowSec + 1;
  return { from, to };
}

function requireNotAfter(query: URLSearchParams, afterName: string, beforeName: string): void {
  const a = queryTimestamp(query, afterName);
  const b = queryTimestamp(query, beforeName);
  if (a !== undefined && b !== undefined && a > b) throw invalidParameterValue(`${afterName} must not be later than ${beforeName}.`);
}

function listBackupJobs(query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  requireNotAfter(query, 'createdAfter', 'createdBefore');
  const { from, to } = createdRange(query, nowSec);
  const resourceArn = queryString(query, 'resourceArn');
  const state = queryEnum(query, 'state', JOB_STATES);
  const vault = queryString(query, 'backupVaultName');
  const type = queryEnum(query, 'resourceType', RESOURCE_TYPES);
  const completeAfter = queryTimestamp(query, 'completeAfter');
  const completeBefore = queryTimestamp(query, 'completeBefore');
  const jobs = backupJobs(ctx.seed, nowSec, from, to)
    .map((j) => ({ j, json: jobJson(j, nowSec) }))
    .filter(({ j, json }) => {
      if (resourceArn && j.resource.arn !== resourceArn) return false;
      if (state && json['State'] !== state) return false;
      if (vault && j.vault !== vault) return false;
      if (type && j.resource.type !== type) return false;
      const done = json['CompletionDate'] as number | undefined;
      if (completeAfter !== undefined && (done === undefined || done <= completeAfter)) return false;
      if (completeBefore !== undefined && (done === undefined || done >= completeBefore)) return false;
      return true;
    })
    // Newest first, as AWS Backup lists them.
    .reverse()
    .map(({ json }) => json);
  const p = page(jobs, query, ctx, fingerprintOf('ListBackupJobs', query, {}));
  return { BackupJobs: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function planOf(id: string): Plan {
  const plan = PLANS.find((p) => p.id === id);
  if (!plan) throw resourceNotFound(`Failed reading Backup plan with provided version: backup plan ${id} does not exist.`);
  return plan;
}

function lastExecution(plan: Plan, ctx: BackupContext, nowSec: number): number | undefined {
  const jobs = backupJobs(ctx.seed, nowSec, nowSec - 2 * DAY, nowSec + 1).filter((j) => j.resource.planId === plan.id);
  return jobs.length ? jobs[jobs.length - 1]!.creation : undefined;
}

function getBackupPlan(labels: Record<string, string>, ctx: BackupContext, nowSec: number): unknown {
  const plan = planOf(labels['BackupPlanId']!);
  const rule: Record<string, unknown> = {
    RuleName: plan.ruleName,
    RuleId: plan.ruleId,
    TargetBackupVaultName: VAULT_PROD,
    ScheduleExpression: 'cron(0 5 ? * * *)',
    ScheduleExpressionTimezone: 'Etc/UTC',
    StartWindowMinutes: START_WINDOW_MIN,
    CompletionWindowMinutes: COMPLETION_WINDOW_MIN,
    Lifecycle: { DeleteAfterDays: RETENTION_DAYS, OptInToArchiveForSupportedResources: false },
    EnableContinuousBackup: true,
    ...(plan.copy ? { CopyActions: [{ DestinationBackupVaultArn: DR_VAULT_ARN, Lifecycle: { DeleteAfterDays: RETENTION_DAYS } }] } : {}),
  };
  const last = lastExecution(plan, ctx, nowSec);
  return {
    BackupPlan: { BackupPlanName: plan.name, Rules: [rule] },
    BackupPlanId: plan.id,
    BackupPlanArn: planArn(plan.id),
    VersionId: plan.versionId,
    CreationDate: plan.created,
    ...(last !== undefined ? { LastExecutionDate: last } : {}),
  };
}

function listBackupPlans(query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  const items = PLANS.map((plan) => {
    const last = lastExecution(plan, ctx, nowSec);
    return { BackupPlanArn: planArn(plan.id), BackupPlanId: plan.id, BackupPlanName: plan.name, CreationDate: plan.created, VersionId: plan.versionId, ...(last !== undefined ? { LastExecutionDate: last } : {}) };
  });
  const p = page(items, query, ctx, fingerprintOf('ListBackupPlans', query));
  return { BackupPlansList: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function listBackupSelections(labels: Record<string, string>, query: URLSearchParams, ctx: BackupContext): unknown {
  const plan = planOf(labels['BackupPlanId']!);
  const items = [{ SelectionId: plan.selectionId, SelectionName: plan.selectionName, BackupPlanId: plan.id, CreationDate: plan.created + 60, IamRoleArn: BACKUP_ROLE }];
  const p = page(items, query, ctx, fingerprintOf('ListBackupSelections', query, labels));
  return { BackupSelectionsList: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function getBackupSelection(labels: Record<string, string>): unknown {
  const plan = planOf(labels['BackupPlanId']!);
  if (labels['SelectionId'] !== plan.selectionId) throw resourceNotFound(`Backup selection ${labels['SelectionId']} does not exist in plan ${plan.id}.`);
  return {
    BackupSelection: {
      SelectionName: plan.selectionName,
      IamRoleArn: BACKUP_ROLE,
      Resources: PROTECTED.filter((r) => r.planId === plan.id).map((r) => r.arn),
      ListOfTags: [],
      NotResources: [],
    },
    SelectionId: plan.selectionId,
    BackupPlanId: plan.id,
    CreationDate: plan.created + 60,
  };
}

function protectedSummary(r: EstateResource, ctx: BackupContext, nowSec: number): Record<string, unknown> | null {
  const points = [...recoveryPoints(ctx.seed, nowSec, VAULT_PROD), ...recoveryPoints(ctx.seed, nowSec, VAULT_DEFAULT)].filter((p) => p.job.resource.arn === r.arn);
  if (points.length === 0) return null;
  const last = points.reduce((a, b) => (b.creation > a.creation ? b : a));
  return { ResourceArn: r.arn, ResourceType: r.type, ResourceName: r.name, LastBackupTime: last.creation, LastBackupVaultArn: vaultArn(last.job.vault), LastRecoveryPointArn: last.arn };
}

function listProtectedResources(query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  const items = RESOURCES.flatMap((r) => {
    const s = protectedSummary(r, ctx, nowSec);
    return s ? [s] : [];
  });
  const p = page(items, query, ctx, fingerprintOf('ListProtectedResources', query, {}));
  return { Results: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function describeProtectedResource(labels: Record<string, string>, ctx: BackupContext, nowSec: number): unknown {
  const arn = labels['ResourceArn']!;
  const r = RESOURCES.find((x) => x.arn === arn);
  const summary = r ? protectedSummary(r, ctx, nowSec) : null;
  if (!r || !summary) throw resourceNotFound(`Resource ${arn} is not protected by AWS Backup in account ${BACKUP_ACCOUNT}.`);
  const restores = restoreJobs(ctx.seed, nowSec, nowSec - JOB_LOOKBACK_DAYS * DAY, nowSec + 1).filter((j) => j.resource.arn === arn && j.end <= nowSec);
  const last = restores[restores.length - 1];
  return {
    ...summary,
    ...(last
      ? {
          LatestRestoreExecutionTimeMinutes: Math.round((last.end - last.creation) / 60),
          LatestRestoreJobCreationDate: last.creation,
          LatestRestoreRecoveryPointCreationDate: last.creation - DAY / 24,
        }
      : {}),
  };
}

const vaultKeyArn = (name: string): string => `arn:aws:kms:us-east-1:${BACKUP_ACCOUNT}:key/${name === VAULT_PROD ? '6f1d2c3b-4a59-4e87-9d10-aa21bc32cd43' : '0b9a8c7d-6e5f-4d3c-8b2a-19f0e8d7c6b5'}`;

function vaultJson(name: string, ctx: BackupContext, nowSec: number): Record<string, unknown> {
  const count = recoveryPoints(ctx.seed, nowSec, name).length;
  const base = {
    BackupVaultName: name,
    BackupVaultArn: vaultArn(name),
    VaultType: 'BACKUP_VAULT',
    VaultState: 'AVAILABLE',
    CreationDate: Date.UTC(2024, 2, 11, 8, 50) / 1000,
    EncryptionKeyArn: vaultKeyArn(name),
    NumberOfRecoveryPoints: count,
  };
  // The production vault is locked in compliance mode: points cannot be deleted before 7 days, nor kept past 35.
  return name === VAULT_PROD ? { ...base, Locked: true, MinRetentionDays: 7, MaxRetentionDays: 35, LockDate: Date.UTC(2024, 2, 14, 9) / 1000 } : { ...base, Locked: false };
}

function listBackupVaults(query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  queryEnum(query, 'vaultType', ['BACKUP_VAULT', 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT', 'RESTORE_ACCESS_BACKUP_VAULT'] as const);
  const p = page([VAULT_DEFAULT, VAULT_PROD].map((v) => vaultJson(v, ctx, nowSec)), query, ctx, fingerprintOf('ListBackupVaults', query));
  return { BackupVaultList: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function knownVault(name: string): void {
  if (name !== VAULT_PROD && name !== VAULT_DEFAULT) throw resourceNotFound(`Backup vault ${name} does not exist in account ${BACKUP_ACCOUNT}.`);
}

function listRecoveryPoints(labels: Record<string, string>, query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  const vault = labels['BackupVaultName']!;
  knownVault(vault);
  requireNotAfter(query, 'createdAfter', 'createdBefore');
  const resourceArn = queryString(query, 'resourceArn');
  const type = queryEnum(query, 'resourceType', RESOURCE_TYPES);
  const after = queryTimestamp(query, 'createdAfter');
  const before = queryTimestamp(query, 'createdBefore');
  const items = recoveryPoints(ctx.seed, nowSec, vault)
    .filter((p) => (!resourceArn || p.job.resource.arn === resourceArn) && (!type || p.job.resource.type === type) && (after === undefined || p.creation >= after) && (before === undefined || p.creation < before))
    .map((p) => {
      const plan = PLANS.find((x) => x.id === p.job.resource.planId);
      return {
        RecoveryPointArn: p.arn,
        BackupVaultName: vault,
        BackupVaultArn: vaultArn(vault),
        ResourceArn: p.job.resource.arn,
        ResourceName: p.job.resource.name,
        ResourceType: p.job.resource.type,
        CreatedBy: p.job.onDemand || !plan ? {} : { BackupPlanId: plan.id, BackupPlanArn: planArn(plan.id), BackupPlanVersion: plan.versionId, BackupRuleId: plan.ruleId },
        IamRoleArn: BACKUP_ROLE,
        Status: p.status,
        ...(p.status === 'EXPIRED' ? { StatusMessage: 'Recovery point past its retention could not be deleted: AWS Backup is not authorized to perform kms:RetireGrant on the snapshot’s key; retrying' } : {}),
        CreationDate: p.creation,
        CompletionDate: p.completion,
        BackupSizeInBytes: p.job.sizeBytes,
        Lifecycle: { DeleteAfterDays: RETENTION_DAYS },
        CalculatedLifecycle: { DeleteAt: p.deleteAt },
        IsEncrypted: p.job.encrypted,
        ...(p.job.encrypted ? { EncryptionKeyArn: vaultKeyArn(vault) } : {}),
        VaultType: 'BACKUP_VAULT',
        IsParent: false,
      };
    });
  const p = page(items, query, ctx, fingerprintOf('ListRecoveryPointsByBackupVault', query, labels));
  return { RecoveryPoints: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function listCopyJobs(query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  requireNotAfter(query, 'createdAfter', 'createdBefore');
  const { from, to } = createdRange(query, nowSec);
  const resourceArn = queryString(query, 'resourceArn');
  const state = queryEnum(query, 'state', ['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'PARTIAL'] as const);
  const items = copyJobs(ctx.seed, nowSec, from, to)
    .filter((c) => (!resourceArn || c.source.resource.arn === resourceArn) && (!state || c.state === state))
    .reverse()
    .map((c) => ({
      AccountId: BACKUP_ACCOUNT,
      CopyJobId: c.copyJobId,
      SourceBackupVaultArn: vaultArn(c.source.vault),
      SourceRecoveryPointArn: c.source.recoveryPointArn,
      DestinationBackupVaultArn: DR_VAULT_ARN,
      ...(c.state === 'COMPLETED' ? { DestinationRecoveryPointArn: c.destinationRecoveryPointArn, CompletionDate: c.end } : {}),
      ResourceArn: c.source.resource.arn,
      ResourceName: c.source.resource.name,
      ResourceType: c.source.resource.type,
      CreationDate: c.creation,
      State: c.state,
      BackupSizeInBytes: c.source.sizeBytes,
      IamRoleArn: BACKUP_ROLE,
      CreatedBy: { BackupPlanId: PLAN_PAYMENTS, BackupPlanArn: planArn(PLAN_PAYMENTS), BackupRuleId: PLANS[1]!.ruleId },
      IsParent: false,
    }));
  const p = page(items, query, ctx, fingerprintOf('ListCopyJobs', query, {}));
  return { CopyJobs: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function listRestoreJobs(query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  requireNotAfter(query, 'createdAfter', 'createdBefore');
  const { from, to } = createdRange(query, nowSec);
  const status = queryEnum(query, 'status', ['PENDING', 'RUNNING', 'COMPLETED', 'ABORTED', 'FAILED'] as const);
  const type = queryEnum(query, 'resourceType', RESOURCE_TYPES);
  const items = restoreJobs(ctx.seed, nowSec, from, to)
    .map((j) => {
      const done = nowSec >= j.end;
      return {
        AccountId: BACKUP_ACCOUNT,
        RestoreJobId: j.restoreJobId,
        RecoveryPointArn: j.recoveryPointArn,
        SourceResourceArn: j.resource.arn,
        BackupVaultArn: vaultArn(VAULT_PROD),
        CreationDate: j.creation,
        ...(done ? { CompletionDate: j.end } : {}),
        Status: done ? 'COMPLETED' : 'RUNNING',
        StatusMessage: j.reason,
        PercentDone: done ? '100' : String(Math.min(99, Math.floor(((nowSec - j.creation) / (j.end - j.creation)) * 100))),
        BackupSizeInBytes: j.resource.sizeGiB * 2 ** 30,
        IamRoleArn: BACKUP_ROLE,
        ExpectedCompletionTimeMinutes: 35,
        ...(done ? { CreatedResourceArn: j.createdResourceArn } : {}),
        ResourceType: j.resource.type,
        RecoveryPointCreationDate: j.creation - DAY / 24,
        ...(j.testPlan ? { CreatedBy: { RestoreTestingPlanArn: RESTORE_TEST_PLAN_ARN }, ...(done ? { ValidationStatus: 'SUCCESSFUL', DeletionStatus: 'SUCCESSFUL' } : {}) } : {}),
      };
    })
    .filter((j) => (!status || j.Status === status) && (!type || j.ResourceType === type))
    .reverse();
  const p = page(items, query, ctx, fingerprintOf('ListRestoreJobs', query, {}));
  return { RestoreJobs: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

function listRestoreTestingPlans(query: URLSearchParams, ctx: BackupContext, nowSec: number): unknown {
  const recent = restoreJobs(ctx.seed, nowSec, nowSec - 40 * DAY, nowSec + 1).filter((j) => j.testPlan);
  const items = [
    {
      RestoreTestingPlanName: RESTORE_TEST_PLAN,
      RestoreTestingPlanArn: RESTORE_TEST_PLAN_ARN,
      ScheduleExpression: 'cron(0 6 3 * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      StartWindowHours: 1,
      CreationTime: Date.UTC(2024, 5, 1, 12) / 1000,
      ...(recent.length ? { LastExecutionTime: recent[recent.length - 1]!.creation } : {}),
    },
  ];
  const p = page(items, query, ctx, fingerprintOf('ListRestoreTestingPlans', query), { token: 'NextToken', max: 'MaxResults' });
  return { RestoreTestingPlans: p.items, ...(p.NextToken ? { NextToken: p.NextToken } : {}) };
}

/** Runs one Backup operation; throws ServiceError for what AWS Backup would reject. */
export function handleBackupOperation(operation: BackupOperation, labels: Record<string, string>, query: URLSearchParams, context: BackupContext): unknown {
  const token = query.get('nextToken') ?? query.get('NextToken');
  const ctx = { ...context, nowMs: asOfFor(token, fingerprintOf(operation, query, labels), context.nowMs) };
  const nowSec = ctx.nowMs / 1000;
  switch (operation) {
    case 'ListBackupPlans':
      return listBackupPlans(query, ctx, nowSec);
    case 'GetBackupPlan':
      return getBackupPlan(labels, ctx, nowSec);
    case 'ListBackupSelections':
      return listBackupSelections(labels, query, ctx);
    case 'GetBackupSelection':
      return getBackupSelection(labels);
    case 'ListProtectedResources':
      return listProtectedResources(query, ctx, nowSec);
    case 'DescribeProtectedResource':
      return describeProtectedResource(labels, ctx, nowSec);
    case 'ListBackupJobs':
      return listBackupJobs(query, ctx, nowSec);
    case 'ListBackupVaults':
      return listBackupVaults(query, ctx, nowSec);
    case 'DescribeBackupVault':
      knownVault(labels['BackupVaultName']!);
      return vaultJson(labels['BackupVaultName']!, ctx, nowSec);
    case 'ListRecoveryPointsByBackupVault':
      return listRecoveryPoints(labels, query, ctx, nowSec);
    case 'ListCopyJobs':
      return listCopyJobs(query, ctx, nowSec);
    case 'ListRestoreJobs':
      return listRestoreJobs(query, ctx, nowSec);
    case 'ListRestoreTestingPlans':
      return listRestoreTestingPlans(query, ctx, nowSec);
  }
}
