// Backup health: the compliance matrix (resources × the ten AWS Backup Audit Manager
// controls), RPO now, RTO evidence, achievability verdicts, failed / expired / missed jobs,
// a 30-day calendar, and per-resource detail. Everything is computed from cache.db.
import { z } from 'zod';
import type { ApiSpec } from './spec';

const EpochMs = z.number().int().nonnegative();
const Text = z.string().max(4000);
const Arn = z.string().min(1).max(2048);

export const ControlStatus = z.enum(['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA']);
export type ControlStatus = z.infer<typeof ControlStatus>;

export const ControlResult = z.object({
  control: z.string().max(100),
  status: ControlStatus,
  evidence: Text,
  since: EpochMs.nullable(),
  ref: z.string().max(2048).nullable(),
});
export type ControlResult = z.infer<typeof ControlResult>;

export const Achievability = z.object({
  rpo: z.object({ achievable: z.boolean().nullable(), floorMinutes: z.number().nullable(), mechanism: z.string().max(200), explanation: Text }),
  rto: z.object({ achievable: z.boolean().nullable(), typicalMinutes: z.number().nullable(), mechanism: z.string().max(200), explanation: Text }),
  alternatives: z.array(z.object({ name: z.string().max(200), present: z.boolean(), approaches: Text })).max(10),
});
export type Achievability = z.infer<typeof Achievability>;

export const RestoreEvidence = z.object({
  targetMinutes: z.number(),
  restores: z.number().int().nonnegative(),
  p50Minutes: z.number().nullable(),
  p95Minutes: z.number().nullable(),
  lastMinutes: z.number().nullable(),
  lastRestoreAt: EpochMs.nullable(),
  lastTestAt: EpochMs.nullable(),
  daysSinceLastTest: z.number().int().nullable(),
  history: z.array(z.object({ jobId: z.string().max(200), at: EpochMs, minutes: z.number(), test: z.boolean() })).max(50),
});

export const ResourceEvaluation = z.object({
  arn: Arn,
  name: z.string().max(500),
  type: z.string().max(100),
  plans: z.array(z.string().max(500)).max(100),
  controls: z.array(ControlResult).max(10),
  nonCompliant: z.number().int().nonnegative(),
  compliant: z.boolean(),
  rpo: z.object({
    nowMinutes: z.number().nullable(),
    targetMinutes: z.number(),
    basis: z.enum(['point-in-time recovery', 'recovery point']).nullable(),
    newestRestorableAt: EpochMs.nullable(),
    met: z.boolean().nullable(),
  }),
  lastGoodPointAt: EpochMs.nullable(),
  expectedIntervalMinutes: z.number().nullable(),
  rto: RestoreEvidence,
  achievability: Achievability,
  risk: z.object({ score: z.number(), reasons: z.array(z.string().max(500)).max(20) }),
  policy: z.object({ frequency: z.string().max(100), retentionDays: z.number(), rpoMinutes: z.number(), rtoMinutes: z.number(), overrides: z.array(z.string().max(500)).max(500) }),
});
export type ResourceEvaluation = z.infer<typeof ResourceEvaluation>;

export const JobIssue = z.object({
  kind: z.enum(['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL', 'MISSED', 'PAST_RETENTION']),
  resourceArn: Arn,
  resourceName: z.string().max(500),
  at: EpochMs,
  jobId: z.string().max(2048).nullable(),
  reason: Text,
});
export type JobIssue = z.infer<typeof JobIssue>;

export const SyncPart = z.object({
  sourceId: z.string().max(100),
  part: z.string().max(100),
  lastAttempt: EpochMs.nullable(),
  lastSuccess: EpochMs.nullable(),
  lastError: Text.nullable(),
  calls: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative().nullable(),
});
export type SyncPart = z.infer<typeof SyncPart>;

export const PolicyIssue = z.object({ file: z.string().max(4096), line: z.number().int(), column: z.number().int(), field: z.string().max(500), message: Text });

export const BackupsView = z.object({
  generatedAt: EpochMs,
  /** The oldest last-successful sync among the parts: the data is at least this old. */
  dataAsOf: EpochMs.nullable(),
  resources: z.array(ResourceEvaluation).max(10_000),
  controls: z.array(z.object({ id: z.string().max(100), parameters: z.string().max(500) })).max(10),
  issues: z.array(JobIssue).max(2_000),
  issuesTotal: z.number().int().nonnegative(),
  calendar: z.array(z.object({ day: z.string().max(10), completed: z.number().int(), failed: z.number().int(), expired: z.number().int(), missed: z.number().int() })).max(31),
  summary: z.object({
    compliant: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    worstRpo: z.object({ arn: Arn, name: z.string().max(500), minutes: z.number() }).nullable(),
    lastFailed: JobIssue.nullable(),
  }),
  verdict: z.object({ rpo: Text, rto: Text, alternatives: Text }),
  policy: z.object({
    file: z.string().max(4096),
    exists: z.boolean(),
    errors: z.array(PolicyIssue).max(200),
    targets: z.object({ frequency: z.string().max(100), retentionDays: z.number(), rpoMinutes: z.number(), rtoMinutes: z.number() }),
    overrides: z.number().int().nonnegative(),
  }),
  parts: z.array(SyncPart).max(200),
});
export type BackupsView = z.infer<typeof BackupsView>;

export const BackupResourceDetail = z.object({
  generatedAt: EpochMs,
  resource: ResourceEvaluation,
  points: z
    .array(
      z.object({
        arn: Arn,
        vault: z.string().max(500),
        createdAt: EpochMs.nullable(),
        deleteAt: EpochMs.nullable(),
        status: z.string().max(50),
        statusMessage: Text.nullable(),
        encrypted: z.boolean().nullable(),
        vaultLocked: z.boolean(),
      }),
    )
    .max(2_000),
  jobs: z
    .array(z.object({ kind: z.enum(['backup', 'copy', 'restore']), id: z.string().max(2048), createdAt: EpochMs, completedAt: EpochMs.nullable(), state: z.string().max(50), message: Text.nullable(), minutes: z.number().nullable(), restoreTest: z.boolean() }))
    .max(2_000),
  events: z.array(z.object({ at: EpochMs, sourceId: z.string().max(500), message: Text })).max(500),
});
export type BackupResourceDetail = z.infer<typeof BackupResourceDetail>;

export const backupApi = {
  backups: { input: z.object({}).strict(), output: BackupsView, topics: ['backups'] },
  backupResource: { input: z.object({ arn: Arn }).strict(), output: BackupResourceDetail, topics: ['backups'] },
} as const satisfies ApiSpec;
