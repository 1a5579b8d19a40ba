// The backup estate as Opsdeck holds it (normalised from AWS Backup and RDS by the sync):
// plain data, epoch milliseconds, no SDK types. The domain evaluates controls over it.

export type JobKind = 'backup' | 'copy' | 'restore';

export interface RdsFacts {
  kind: 'instance' | 'cluster';
  engine: string;
  multiAZ: boolean;
  /** Aurora readers (cluster members that are not the writer) or RDS read replicas in-region. */
  inRegionReplicas: number;
  /** Read replicas in another region (ARNs of other regions). */
  crossRegionReplicas: number;
  latestRestorableAt: number | null;
  /** When the sync read latestRestorableAt: the PITR lag is judged at that instant, not against a later clock. */
  observedAt: number | null;
  backupRetentionDays: number;
  preferredBackupWindow: string | null;
  encrypted: boolean;
  deletionProtection: boolean;
}

export interface BackupResource {
  arn: string;
  name: string;
  /** AWS Backup resource type: RDS, Aurora, EBS, S3, … */
  type: string;
  tags: Record<string, string>;
  /** From AWS Backup's protected resources (null: AWS Backup has no recovery point of it). */
  lastBackupAt: number | null;
  latestRestoreMinutes: number | null;
  latestRestoreAt: number | null;
  rds: RdsFacts | null;
}

export interface PlanRule {
  planId: string;
  planName: string;
  ruleName: string;
  scheduleExpression: string | null;
  scheduleTimezone: string | null;
  startWindowMinutes: number | null;
  completionWindowMinutes: number | null;
  deleteAfterDays: number | null;
  continuous: boolean;
  targetVault: string;
  copyTargets: { vaultArn: string; deleteAfterDays: number | null }[];
}

export interface PlanSelection {
  planId: string;
  selectionId: string;
  name: string;
  resources: string[];
  notResources: string[];
  /** ListOfTags conditions (STRINGEQUALS). */
  tags: { key: string; value: string }[];
}

export interface Vault {
  name: string;
  arn: string;
  locked: boolean;
  minRetentionDays: number | null;
  maxRetentionDays: number | null;
  lockDate: number | null;
}

export interface RecoveryPoint {
  arn: string;
  vault: string;
  resourceArn: string;
  resourceType: string;
  createdAt: number | null;
  completedAt: number | null;
  deleteAt: number | null;
  status: string;
  statusMessage: string | null;
  encrypted: boolean | null;
  planId: string | null;
}

export interface Job {
  kind: JobKind;
  id: string;
  resourceArn: string;
  resourceType: string;
  createdAt: number;
  completedAt: number | null;
  state: string;
  message: string | null;
  planId: string | null;
  vault: string | null;
  /** Copy jobs: the destination vault ARN (its region tells cross-region, its account cross-account). */
  destinationVaultArn: string | null;
  /** Restore jobs started by a restore testing plan. */
  restoreTest: boolean;
}

export interface Estate {
  resources: BackupResource[];
  rules: PlanRule[];
  selections: PlanSelection[];
  vaults: Vault[];
  points: RecoveryPoint[];
  jobs: Job[];
  restoreTestingPlans: { name: string; scheduleExpression: string | null; scheduleTimezone: string | null; lastExecutionAt: number | null }[];
}

export const FINAL_FAILURES = new Set(['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL']);
