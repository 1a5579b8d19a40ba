// Timeline entries from the evidence other features cache: the error-budget milestones the SLO
// evaluation found, and AWS Backup jobs and RDS backup/restoration events. Pure: data in,
// entries out; the keys are stable, so a reviewer's pins and notes stay on them across rebuilds.
import type { RawEntry } from './timeline';

/** What the timeline needs of an SLO's budget around an incident (computed by the SLO service). */
export interface BudgetEvidence {
  sloId: string;
  name: string;
  windowLabel: string;
  budgetMinutes: number;
  crossings: readonly { share: number; at: number; consumedPct: number }[];
  /** Share already consumed when the timeline begins, in %, or null without data. */
  consumedAtFromPct: number | null;
}

const pct = (share: number): string => `${Math.round(share * 100)} %`;
const minutes = (m: number): string => (m >= 120 ? `${(m / 60).toFixed(1)} h` : `${Number(m.toPrecision(3))} min`);

/** One entry per milestone crossing (50 %, 100 % of the window's budget spent). */
export function budgetEntries(budgets: readonly BudgetEvidence[]): RawEntry[] {
  return budgets.flatMap((b) =>
    b.crossings.map(
      (c): RawEntry => ({
        key: `slo-budget:${b.sloId}:${Math.round(c.share * 100)}@${c.at}`,
        kind: 'slo-budget',
        source: 'opsdeck:slo',
        at: c.at,
        title: `${b.name}: ${pct(c.share)} of the error budget spent`,
        detail: `${c.consumedPct.toFixed(1)} % of ${minutes(b.budgetMinutes)} (${b.windowLabel}) consumed by the end of this minute`,
        zone: 'UTC',
        severity: c.share >= 1 ? 'critical' : 'warning',
        subject: b.sloId,
      }),
    ),
  );
}

/** Budgets already past a milestone before the window: said once, so their absence is not misread. */
export function budgetNotices(budgets: readonly BudgetEvidence[]): string[] {
  return budgets.flatMap((b) => {
    const at = b.consumedAtFromPct;
    if (at === null || at < 50) return [];
    return [`${b.name}: ${at.toFixed(1)} % of its error budget (${b.windowLabel}) was already spent when this window begins`];
  });
}

export interface BackupJobInput {
  source: string;
  kind: 'backup' | 'copy' | 'restore';
  id: string;
  resourceArn: string;
  resourceType: string;
  createdAt: number;
  completedAt: number | null;
  state: string;
  message: string | null;
  restoreTest: boolean;
}

export interface RdsEventInput {
  source: string;
  sourceId: string;
  sourceType: string;
  at: number;
  message: string;
  categories: readonly string[];
}

/** The resource's name from its ARN: `arn:aws:rds:…:db:orders-db` → `orders-db`. */
export function resourceName(arn: string): string {
  const tail = arn.split(':').pop() ?? arn;
  return tail.split('/').pop() || arn;
}

const FAILED_STATES = new Set(['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL']);
const JOB_LABEL = { backup: 'Backup', copy: 'Copy', restore: 'Restore' } as const;

/**
 * AWS Backup jobs as spans (created → completed) and RDS events as instants. A failed job, or
 * any restore of a resource the incident names, is a warning; restores are what a recovery
 * from data loss looks like, so they are never "info" while the job failed.
 */
export function backupEntries(jobs: readonly BackupJobInput[], events: readonly RdsEventInput[], related: (name: string) => boolean): RawEntry[] {
  const out: RawEntry[] = [];
  for (const j of jobs) {
    const name = resourceName(j.resourceArn);
    const failed = FAILED_STATES.has(j.state);
    const test = j.restoreTest ? ' (restore test)' : '';
    out.push({
      key: `backup-job:${j.source}:${j.kind}:${j.id}`,
      kind: 'backup',
      source: `backup:${j.source}`,
      at: j.createdAt,
      endAt: j.completedAt,
      title: `${JOB_LABEL[j.kind]} job ${j.state.toLowerCase()}${test}: ${name}`,
      detail: [j.resourceType, j.message].filter(Boolean).join(' — ') || null,
      zone: 'UTC',
      severity: failed ? (j.kind === 'restore' && !j.restoreTest ? 'critical' : 'warning') : j.kind === 'restore' && !j.restoreTest && related(name) ? 'warning' : 'info',
      subject: `${j.kind}:${j.resourceArn}`,
    });
  }
  for (const e of events) {
    const restoration = e.categories.includes('restoration');
    out.push({
      key: `rds-event:${e.source}:${e.sourceId}@${e.at}:${e.message}`,
      kind: 'backup',
      source: `rds:${e.source}`,
      at: e.at,
      title: `RDS ${e.sourceId}: ${e.message}`,
      detail: `${e.sourceType}${e.categories.length > 0 ? ` · ${e.categories.join(', ')}` : ''}`,
      zone: 'UTC',
      severity: restoration && related(e.sourceId) ? 'warning' : 'info',
      subject: `rds:${e.sourceId}`,
    });
  }
  return out;
}
