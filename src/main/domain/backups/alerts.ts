// Backup failures and RPO breaches as alert conditions, from a backup report. Pure: the
// report in (it carries its own `now`), one condition per resource and kind out, firing or
// cleared, with the words an on-call engineer needs: what failed, which resource, since when.
//
// - Backup failing: a backup job FAILED / EXPIRED / ABORTED / PARTIAL, or a scheduled run
//   created no job (MISSED), after the resource's newest good recovery point. Since: the first
//   such failure. Clears when a newer good recovery point exists.
// - RPO breach: RPO now (what a restore started now would lose) beyond what both the policy and
//   the mechanism in place allow. The seeds' 1-minute RPO is not achievable by backup and
//   restore at all (the report's achievability verdict says so, beside the policy); an alert
//   against it alone would fire forever on every resource and tell nobody anything. So it fires
//   when the exposure is past the larger of the target and the mechanism's own bound:
//   point-in-time recovery lagging more than PITR_ALLOWANCE_MINUTES (RDS ships logs every ~5
//   min), or scheduled backups older than their interval plus the job windows.
import type { BackupReport, IssueKind, JobIssue, ResourceEvaluation } from './evaluate';

export type BackupAlertKind = 'backup-failing' | 'rpo-breach';

export interface BackupAlertCondition {
  /** Stable: the kind and the resource ARN (unique across accounts and regions). */
  id: string;
  kind: BackupAlertKind;
  /** Alarm-like name: `backup-failing-<resource>`, `rpo-breach-<resource>`. */
  name: string;
  resourceArn: string;
  resourceName: string;
  resourceType: string;
  firing: boolean;
  /** Firing: since when the condition holds. Cleared: when it cleared, if the data says (else null). */
  since: number | null;
  title: string;
  description: string;
}

const MINUTE = 60_000;
const FAILURES: ReadonlySet<IssueKind> = new Set(['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL', 'MISSED']);
/** RDS ships transaction logs about every 5 minutes: twice that is a stalled PITR, not its normal lag. */
export const PITR_ALLOWANCE_MINUTES = 10;
/** A scheduled backup may start up to 1 h late and take 3 h (the seeds' plan windows; AWS's defaults are 8 h / 7 d). */
export const JOB_WINDOWS_MINUTES = 240;
const MAX_LISTED = 5;

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function minutesText(minutes: number): string {
  if (minutes < 120) return `${minutes.toFixed(minutes < 10 ? 1 : 0)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} d`;
}

function issueLine(i: JobIssue): string {
  const what = i.kind === 'MISSED' ? 'scheduled run created no backup job' : `backup job ${i.jobId ?? '(no id)'} ${i.kind}`;
  return `${iso(i.at)}: ${what} — ${i.reason}`;
}

function failing(r: ResourceEvaluation, issues: readonly JobIssue[]): BackupAlertCondition {
  const since = r.lastGoodPointAt;
  // Issues come newest first.
  const open = issues.filter((i) => FAILURES.has(i.kind) && (since === null || i.at > since));
  const base = { id: `backup-failing:${r.arn}`, kind: 'backup-failing' as const, name: `backup-failing-${r.name}`, resourceArn: r.arn, resourceName: r.name, resourceType: r.type };
  if (open.length === 0) {
    return { ...base, firing: false, since, title: `Backups of ${r.name} succeed again`, description: `The newest good recovery point of ${r.name} is from ${since === null ? 'nowhere (none yet)' : iso(since)}.` };
  }
  const first = open[open.length - 1]!;
  const latest = open[0]!;
  const lines = open.slice(0, MAX_LISTED).map(issueLine);
  if (open.length > MAX_LISTED) lines.push(`… and ${open.length - MAX_LISTED} earlier`);
  // What happened leads: the queue cuts long titles, and the age column already says since when.
  const what = latest.kind === 'MISSED' ? 'Scheduled backup missed' : `Backup job ${latest.kind}`;
  return {
    ...base,
    firing: true,
    since: first.at,
    title: `${what}: ${r.name}${open.length > 1 ? ` (${open.length} runs in a row)` : ''}`,
    description:
      `Backups of ${r.name} (${r.type}, ${r.arn}) have failed since ${iso(first.at)}: ${open.length} failed or missed run(s) since ` +
      `${since === null ? 'the start of the synced history (no good recovery point yet)' : `the last good recovery point, ${iso(since)}`}.\n` +
      `${lines.join('\n')}\n` +
      `RPO now: ${r.rpo.nowMinutes === null ? 'unknown' : minutesText(r.rpo.nowMinutes)}. Resolves when a backup of this resource completes again; the Backups page has its job history.`,
  };
}

function rpoBreach(r: ResourceEvaluation, now: number): BackupAlertCondition | null {
  const { nowMinutes, newestRestorableAt, basis, targetMinutes } = r.rpo;
  if (nowMinutes === null || newestRestorableAt === null || basis === null) return null;
  const pitr = basis === 'point-in-time recovery';
  const mechanismMinutes = pitr ? PITR_ALLOWANCE_MINUTES : (r.expectedIntervalMinutes ?? 24 * 60) + JOB_WINDOWS_MINUTES;
  const threshold = Math.max(targetMinutes, mechanismMinutes);
  const base = { id: `rpo-breach:${r.arn}`, kind: 'rpo-breach' as const, name: `rpo-breach-${r.name}`, resourceArn: r.arn, resourceName: r.name, resourceType: r.type };
  if (nowMinutes <= threshold) {
    return { ...base, firing: false, since: null, title: `RPO of ${r.name} within bounds`, description: `RPO now ${minutesText(nowMinutes)} ≤ ${minutesText(threshold)}.` };
  }
  const since = Math.min(now, newestRestorableAt + threshold * MINUTE);
  const bound = pitr
    ? `point-in-time recovery normally trails by about 5 min; more than ${minutesText(PITR_ALLOWANCE_MINUTES)} means log shipping has stalled`
    : `${r.expectedIntervalMinutes === null ? 'a daily schedule' : `a backup every ${minutesText(r.expectedIntervalMinutes)}`} plus ${JOB_WINDOWS_MINUTES / 60} h of job windows allows ${minutesText(mechanismMinutes)}`;
  const unachievable = targetMinutes < mechanismMinutes ? ` The policy's ${minutesText(targetMinutes)} RPO is not achievable by ${pitr ? 'point-in-time recovery' : 'scheduled backups'} at all (see the achievability verdict on the Backups page); this alert fires past what the mechanism itself allows.` : '';
  return {
    ...base,
    firing: true,
    since,
    title: `RPO breach on ${r.name}: a restore now would lose ${minutesText(nowMinutes)} of data`,
    description:
      `${r.name} (${r.type}, ${r.arn}): the newest restorable point is ${iso(newestRestorableAt)} (${basis}), so RPO now is ${minutesText(nowMinutes)} — past ${minutesText(threshold)} since ${iso(since)}: ${bound}.${unachievable}` +
      ` Resolves when a newer restorable point brings RPO now back within ${minutesText(threshold)}.`,
  };
}

/** Every resource's two conditions, firing or cleared. */
export function backupAlertConditions(report: BackupReport): BackupAlertCondition[] {
  const issuesByResource = new Map<string, JobIssue[]>();
  for (const i of report.issues) {
    const list = issuesByResource.get(i.resourceArn);
    if (list) list.push(i);
    else issuesByResource.set(i.resourceArn, [i]);
  }
  const out: BackupAlertCondition[] = [];
  for (const r of report.resources) {
    out.push(failing(r, issuesByResource.get(r.arn) ?? []));
    const breach = rpoBreach(r, report.now);
    if (breach) out.push(breach);
  }
  return out;
}
