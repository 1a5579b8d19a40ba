// The Backups service: reads the estate from the store, the policy from
// `<data dir>/backup-policy.yaml`, and evaluates it with domain/backups. Answers are kept
// until the cache changes, the policy file changes, or 30 s pass (RPO now moves with time).
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BackupResourceDetail, BackupsView } from '../../shared/contract/backups';
import { NotFoundError } from '../../shared/errors';
import { BACKUP_POLICY_FILE, type BackupPolicyConfig, loadBackupPolicy } from '../config/backupPolicy';
import { type Coverage } from '../domain/backups/controls';
import { type BackupReport, evaluatePrepared, type PreparedEstate, prepareEstate, REPORT_WINDOW_DAYS } from '../domain/backups/evaluate';
import { CONTROL_IDS, controlsFor } from '../domain/backups/policy';
import { BackupStore, type PartStatusRow } from '../store/backups';
import type { CacheStore } from '../store/cache';

const DAY = 86_400_000;
/** Restore history reaches back this far (restore tests are monthly). */
const LOOKBACK_MS = 200 * DAY;
const RECOMPUTE_MS = 30_000;
const MAX_ISSUES = 2_000;

export interface BackupServiceDeps {
  cache: CacheStore;
  sourceIds: readonly string[];
  now: () => number;
  dataVersion: () => number;
  /** Where backup-policy.yaml lives (default: next to cache.db). */
  dataDir?: string;
}

function coverageOf(parts: readonly PartStatusRow[]): Coverage {
  const ok = (part: string): boolean => parts.some((p) => p.part === part && p.lastSuccess !== null);
  return { plans: ok('backup-plans'), points: ok('backup-vaults'), jobs: ok('backup-jobs'), restores: ok('restore-jobs'), copies: ok('copy-jobs') };
}

function frequencyText(f: { unit: string; value: number }): string {
  return f.unit === 'days' && f.value === 1 ? 'daily' : `every ${f.value} ${f.unit}`;
}

function paramText(params: object): string {
  const entries = Object.entries(params).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0));
  return entries.length ? entries.map(([k, v]) => `${k} = ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ') : '—';
}

export class BackupService {
  private readonly store: BackupStore;
  private readonly dataDir: string;
  private estate: { stamp: string; prepared: PreparedEstate; firstJob: number | null } | null = null;
  private cached: { key: string; at: number; policy: BackupPolicyConfig; report: BackupReport; parts: PartStatusRow[] } | null = null;

  constructor(private readonly d: BackupServiceDeps) {
    this.store = new BackupStore(d.cache.db);
    this.dataDir = d.dataDir ?? dirname(d.cache.db.name);
  }

  private policyStamp(file: string): string {
    try {
      const s = statSync(file);
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return 'none';
    }
  }

  private evaluate(): { policy: BackupPolicyConfig; report: BackupReport; parts: PartStatusRow[] } {
    const now = this.d.now();
    const policyFile = join(this.dataDir, BACKUP_POLICY_FILE);
    const key = `${this.d.dataVersion()}|${this.policyStamp(policyFile)}`;
    if (this.cached && this.cached.key === key && now - this.cached.at < RECOMPUTE_MS && now >= this.cached.at) return this.cached;
    const policy = loadBackupPolicy(this.dataDir);
    const parts = this.d.sourceIds.flatMap((id) => this.store.partStatus(id));
    // The estate (120,000 rows for a large account) is read and indexed once per backup sync
    // that wrote, not on every recompute: the 30-s recomputes (RPO now moves), policy edits and
    // other sync parts' writes reuse it and pay only for the evaluation at the new clock.
    const stamp = this.store.writeStamp(this.d.sourceIds);
    if (!this.estate || this.estate.stamp !== stamp) {
      const estate = this.store.loadEstate(this.d.sourceIds, now - LOOKBACK_MS);
      this.estate = { stamp, prepared: prepareEstate(estate), firstJob: estate.jobs.find((j) => j.kind === 'backup')?.createdAt ?? null };
    }
    const { prepared, firstJob } = this.estate;
    const report = evaluatePrepared(prepared, policy.spec, coverageOf(parts), now, Math.max(firstJob ?? now, now - REPORT_WINDOW_DAYS * DAY));
    this.cached = { key, at: now, policy, report, parts };
    return this.cached;
  }

  /** The report and the sub-parts' status it was computed from (for the alert queue's backup source). */
  evaluation(): { report: BackupReport; coverage: Coverage } {
    const { report, parts } = this.evaluate();
    return { report, coverage: coverageOf(parts) };
  }

  view(): BackupsView {
    const { policy, report, parts } = this.evaluate();
    // The oldest part decides how old the page's data is (parts that never succeeded have none).
    const successes = parts.flatMap((p) => (p.lastSuccess === null ? [] : [p.lastSuccess]));
    const dataAsOf = successes.length ? Math.min(...successes) : null;
    const seedControls = controlsFor(policy.spec.targets);
    return {
      generatedAt: report.now,
      dataAsOf,
      resources: report.resources,
      controls: CONTROL_IDS.map((id) => ({ id, parameters: paramText(seedControls[id].params) })),
      issues: report.issues.slice(0, MAX_ISSUES),
      issuesTotal: report.issues.length,
      calendar: report.calendar,
      summary: report.summary,
      verdict: report.verdict,
      policy: {
        file: policy.file,
        exists: policy.exists,
        errors: policy.errors.slice(0, 200),
        targets: { frequency: frequencyText(policy.spec.targets.frequency), retentionDays: policy.spec.targets.retentionDays, rpoMinutes: policy.spec.targets.rpoMinutes, rtoMinutes: policy.spec.targets.rtoMinutes },
        overrides: policy.spec.overrides.length,
      },
      parts: parts.map((p) => ({ sourceId: p.source, part: p.part, lastAttempt: p.lastAttempt, lastSuccess: p.lastSuccess, lastError: p.lastError, calls: p.calls, durationMs: p.durationMs })),
    };
  }

  /** One resource's evaluation with its recovery points, jobs and RDS events; throws for an unknown ARN. */
  detail(arn: string): BackupResourceDetail {
    const { report } = this.evaluate();
    const resource = report.resources.find((r) => r.arn === arn);
    if (!resource) throw new NotFoundError(`no backup resource with ARN ${JSON.stringify(arn.slice(0, 300))} (known: ${report.resources.length} resources)`);
    const now = this.d.now();
    const locked = new Map(this.store.vaults(this.d.sourceIds).map((v) => [v.name, v.locked]));
    const points = this.store
      .resourcePoints(this.d.sourceIds, arn, 2_000)
      .map((p) => ({ arn: p.arn, vault: p.vault, createdAt: p.createdAt, deleteAt: p.deleteAt, status: p.status, statusMessage: p.statusMessage, encrypted: p.encrypted, vaultLocked: locked.get(p.vault) ?? false }));
    const jobs = this.store
      .resourceJobs(this.d.sourceIds, arn, now - LOOKBACK_MS, 2_000)
      .map((j) => ({ kind: j.kind, id: j.id, createdAt: j.createdAt, completedAt: j.completedAt, state: j.state, message: j.message, minutes: j.completedAt === null ? null : (j.completedAt - j.createdAt) / 60_000, restoreTest: j.restoreTest }));
    const dbId = arn.slice(arn.lastIndexOf(':') + 1);
    const events = this.store
      .events(this.d.sourceIds, now - 30 * DAY, 5_000)
      .filter((e) => e.sourceId === dbId || e.sourceId.startsWith(`${dbId}-`))
      .slice(0, 500)
      .map((e) => ({ at: e.at, sourceId: e.sourceId, message: e.message }));
    return { generatedAt: report.now, resource, points, jobs, events };
  }
}
