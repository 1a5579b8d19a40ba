// AWS Backup through the real SDK client, always through its paginators; returns the
// normalised shapes of domain/backups/model.ts. Used identically against AWS and the demo.
import {
  BackupClient,
  DescribeBackupVaultCommand,
  DescribeProtectedResourceCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  paginateListBackupJobs,
  paginateListBackupPlans,
  paginateListBackupSelections,
  paginateListBackupVaults,
  paginateListCopyJobs,
  paginateListProtectedResources,
  paginateListRecoveryPointsByBackupVault,
  paginateListRestoreJobs,
  paginateListRestoreTestingPlans,
} from '@aws-sdk/client-backup';
import type { Job, PlanRule, PlanSelection, RecoveryPoint, Vault } from '../../domain/backups/model';
import { clientOptions, type AwsTarget } from './clientOptions';
import { nameFailingCall } from './failedCall';

/** AWS Backup's largest page: fewer calls for the same data. */
const PAGE = 1000;
const ms = (d: Date | undefined): number | null => (d ? d.getTime() : null);

export function createBackupClient(t: AwsTarget): BackupClient {
  const client = new BackupClient(clientOptions(t));
  client.middlewareStack.use(nameFailingCall);
  return client;
}

export async function fetchPlans(client: BackupClient): Promise<{ rules: PlanRule[]; selections: PlanSelection[] }> {
  const rules: PlanRule[] = [];
  const selections: PlanSelection[] = [];
  for await (const page of paginateListBackupPlans({ client, pageSize: PAGE }, {})) {
    for (const summary of page.BackupPlansList ?? []) {
      const planId = summary.BackupPlanId;
      if (!planId) continue;
      const plan = await client.send(new GetBackupPlanCommand({ BackupPlanId: planId }));
      const planName = plan.BackupPlan?.BackupPlanName ?? summary.BackupPlanName ?? planId;
      for (const r of plan.BackupPlan?.Rules ?? []) {
        rules.push({
          planId,
          planName,
          ruleName: r.RuleName ?? '(unnamed rule)',
          scheduleExpression: r.ScheduleExpression ?? null,
          scheduleTimezone: r.ScheduleExpressionTimezone ?? null,
          startWindowMinutes: r.StartWindowMinutes ?? null,
          completionWindowMinutes: r.CompletionWindowMinutes ?? null,
          deleteAfterDays: r.Lifecycle?.DeleteAfterDays ?? null,
          continuous: r.EnableContinuousBackup ?? false,
          targetVault: r.TargetBackupVaultName ?? '',
          copyTargets: (r.CopyActions ?? []).map((c) => ({ vaultArn: c.DestinationBackupVaultArn ?? '', deleteAfterDays: c.Lifecycle?.DeleteAfterDays ?? null })),
        });
      }
      for await (const sp of paginateListBackupSelections({ client, pageSize: PAGE }, { BackupPlanId: planId })) {
        for (const s of sp.BackupSelectionsList ?? []) {
          if (!s.SelectionId) continue;
          const sel = await client.send(new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: s.SelectionId }));
          selections.push({
            planId,
            selectionId: s.SelectionId,
            name: sel.BackupSelection?.SelectionName ?? s.SelectionName ?? s.SelectionId,
            resources: sel.BackupSelection?.Resources ?? [],
            notResources: sel.BackupSelection?.NotResources ?? [],
            tags: (sel.BackupSelection?.ListOfTags ?? []).map((t) => ({ key: t.ConditionKey ?? '', value: t.ConditionValue ?? '' })),
          });
        }
      }
    }
  }
  return { rules, selections };
}

export async function fetchRestoreTestingPlans(client: BackupClient): Promise<{ name: string; scheduleExpression: string | null; scheduleTimezone: string | null; lastExecutionAt: number | null }[]> {
  const out = [];
  for await (const page of paginateListRestoreTestingPlans({ client, pageSize: PAGE }, {})) {
    for (const p of page.RestoreTestingPlans ?? []) {
      out.push({ name: p.RestoreTestingPlanName ?? '', scheduleExpression: p.ScheduleExpression ?? null, scheduleTimezone: p.ScheduleExpressionTimezone ?? null, lastExecutionAt: ms(p.LastExecutionTime) });
    }
  }
  return out;
}

export async function fetchVaultsAndPoints(client: BackupClient): Promise<{ vaults: Vault[]; points: RecoveryPoint[] }> {
  const vaults: Vault[] = [];
  const points: RecoveryPoint[] = [];
  for await (const page of paginateListBackupVaults({ client, pageSize: PAGE }, {})) {
    for (const v of page.BackupVaultList ?? []) {
      if (!v.BackupVaultName) continue;
      const d = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: v.BackupVaultName }));
      vaults.push({
        name: v.BackupVaultName,
        arn: d.BackupVaultArn ?? v.BackupVaultArn ?? '',
        locked: d.Locked ?? false,
        minRetentionDays: d.MinRetentionDays ?? null,
        maxRetentionDays: d.MaxRetentionDays ?? null,
        lockDate: ms(d.LockDate),
      });
      for await (const rp of paginateListRecoveryPointsByBackupVault({ client, pageSize: PAGE }, { BackupVaultName: v.BackupVaultName })) {
        for (const p of rp.RecoveryPoints ?? []) {
          if (!p.RecoveryPointArn) continue;
          points.push({
            arn: p.RecoveryPointArn,
            vault: v.BackupVaultName,
            resourceArn: p.ResourceArn ?? '',
            resourceType: p.ResourceType ?? '',
            createdAt: ms(p.CreationDate),
            completedAt: ms(p.CompletionDate),
            deleteAt: ms(p.CalculatedLifecycle?.DeleteAt),
            status: p.Status ?? 'UNKNOWN',
            statusMessage: p.StatusMessage ?? null,
            encrypted: p.IsEncrypted ?? null,
            planId: p.CreatedBy?.BackupPlanId ?? null,
          });
        }
      }
    }
  }
  return { vaults, points };
}

export interface ProtectedResourceFacts {
  arn: string;
  name: string;
  type: string;
  lastBackupAt: number | null;
  latestRestoreMinutes: number | null;
  latestRestoreAt: number | null;
}

export async function fetchProtectedResources(client: BackupClient): Promise<ProtectedResourceFacts[]> {
  const out: ProtectedResourceFacts[] = [];
  for await (const page of paginateListProtectedResources({ client, pageSize: PAGE }, {})) {
    for (const r of page.Results ?? []) {
      if (!r.ResourceArn) continue;
      const d = await client.send(new DescribeProtectedResourceCommand({ ResourceArn: r.ResourceArn }));
      out.push({
        arn: r.ResourceArn,
        name: d.ResourceName ?? r.ResourceName ?? r.ResourceArn,
        type: d.ResourceType ?? r.ResourceType ?? '',
        lastBackupAt: ms(d.LastBackupTime ?? r.LastBackupTime),
        latestRestoreMinutes: d.LatestRestoreExecutionTimeMinutes ?? null,
        latestRestoreAt: ms(d.LatestRestoreJobCreationDate),
      });
    }
  }
  return out;
}

/** What the three job listings share; each kind adds where its vaults and plan are. */
interface JobCommon {
  ResourceType?: string;
  CreationDate?: Date;
  CompletionDate?: Date;
  StatusMessage?: string;
}

function job(kind: Job['kind'], id: string | undefined, resourceArn: string | undefined, state: string | undefined, j: JobCommon, rest: Pick<Job, 'planId' | 'vault' | 'destinationVaultArn' | 'restoreTest'>): Job | null {
  if (!id || !j.CreationDate) return null;
  return {
    kind,
    id,
    resourceArn: resourceArn ?? '',
    resourceType: j.ResourceType ?? '',
    createdAt: j.CreationDate.getTime(),
    completedAt: ms(j.CompletionDate),
    state: state ?? 'UNKNOWN',
    message: j.StatusMessage ?? null,
    ...rest,
  };
}

/** Backup, copy and restore jobs created after `createdAfter` (epoch ms). */
export async function fetchJobs(client: BackupClient, kind: Job['kind'], createdAfter: number): Promise<Job[]> {
  const ByCreatedAfter = new Date(createdAfter);
  const out: Job[] = [];
  const add = (j: Job | null): void => {
    if (j) out.push(j);
  };
  if (kind === 'backup') {
    for await (const page of paginateListBackupJobs({ client, pageSize: PAGE }, { ByCreatedAfter })) {
      for (const j of page.BackupJobs ?? []) {
        add(job(kind, j.BackupJobId, j.ResourceArn, j.State, j, { planId: j.CreatedBy?.BackupPlanId ?? null, vault: j.BackupVaultName ?? null, destinationVaultArn: null, restoreTest: false }));
      }
    }
  } else if (kind === 'copy') {
    for await (const page of paginateListCopyJobs({ client, pageSize: PAGE }, { ByCreatedAfter })) {
      for (const j of page.CopyJobs ?? []) {
        add(job(kind, j.CopyJobId, j.ResourceArn, j.State, j, { planId: j.CreatedBy?.BackupPlanId ?? null, vault: j.SourceBackupVaultArn ?? null, destinationVaultArn: j.DestinationBackupVaultArn ?? null, restoreTest: false }));
      }
    }
  } else {
    for await (const page of paginateListRestoreJobs({ client, pageSize: PAGE }, { ByCreatedAfter })) {
      for (const j of page.RestoreJobs ?? []) {
        add(job(kind, j.RestoreJobId, j.SourceResourceArn, j.Status, j, { planId: null, vault: j.BackupVaultArn ?? null, destinationVaultArn: null, restoreTest: !!j.CreatedBy?.RestoreTestingPlanArn }));
      }
    }
  }
  return out;
}
