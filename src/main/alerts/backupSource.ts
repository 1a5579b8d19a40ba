// The queue's backup source: backup failures and RPO breaches (domain/backups/alerts.ts) from
// the Backups service's report over the cache. Severity P2, the seeds' level for backup
// failures ("High: … Backup failures"), decided by the source itself (as an alarm's severity
// tag would be, and said so in the detail — no synthetic tag). Occurrences are recorded under their own source when
// first seen and reconciled like the SLO burn alerts, so acknowledgements attach to a stable
// key (alert id + since) and survive every re-sync while the condition holds.
import type { AlertSettings, Severity } from '@shared/contract/alerts';
import { backupAlertConditions, type BackupAlertCondition } from '../domain/backups/alerts';
import type { SeverityDecision, UpstreamAlert } from '../domain/alerts/model';
import { reconcileOccurrences } from '../domain/alerts/occurrences';
import { BackupService } from '../backups/service';
import type { AlarmCache } from '../store/alarms';
import type { CacheStore } from '../store/cache';
import type { ApiContext } from '../api/context';
import type { Entry } from './sources';

/** Source of backup alerts in the cache's occurrence table. */
export const BACKUP_ALERT_SOURCE = 'backup';
/** Seeds, alert severity levels: "High (P2) … Backup failures". RPO breaches are the same failure seen as exposure. */
export const BACKUP_ALERT_SEVERITY: Severity = 'P2';

const TYPE: Record<BackupAlertCondition['kind'], string> = { 'backup-failing': 'BackupFailure', 'rpo-breach': 'RpoBreach' };

// One service per cache file: it keeps the estate it read until a backup sync writes.
const services = new WeakMap<CacheStore, BackupService>();
function serviceFor(ctx: ApiContext): BackupService {
  let s = services.get(ctx.cache);
  if (!s) {
    s = new BackupService({ cache: ctx.cache, sourceIds: ctx.sourceIds, now: ctx.now, dataVersion: ctx.dataVersion ?? (() => 0) });
    services.set(ctx.cache, s);
  }
  return s;
}

/**
 * Backup alerts as upstream alerts, with their occurrences saved. A backup evaluation that
 * fails must not take the queue down: it becomes a notice and nothing is resolved.
 */
export function backupEntries(ctx: ApiContext, alarms: AlarmCache, settings: AlertSettings, now: number, notices: string[]): Entry[] {
  let conditions: BackupAlertCondition[];
  let complete: boolean;
  try {
    const { report, coverage } = serviceFor(ctx).evaluation();
    conditions = backupAlertConditions(report);
    // Without jobs and recovery points synced at least once, "no failure" means "not known yet".
    complete = coverage.jobs && coverage.points;
  } catch (err) {
    notices.push(`Backup alerts could not be evaluated (${err instanceof Error ? err.message : String(err)}); CloudWatch alarms and SLO alerts are shown.`);
    return [];
  }
  const previous = alarms.occurrencesOfSource(BACKUP_ALERT_SOURCE);
  const openSince = new Map(previous.filter((o) => o.resolvedAt === null).map((o) => [o.alertId, o.firedAt]));
  const known = new Set(previous.map((o) => o.alertId));
  const reports: UpstreamAlert[] = [];
  const entries: Entry[] = [];
  for (const c of conditions) {
    const open = openSince.get(c.id);
    let alert: UpstreamAlert;
    if (c.firing) {
      // An open occurrence keeps its start (a PITR lag can move its computed start), so acks stay attached.
      alert = { ...upstream(c, now), stateSince: open ?? c.since ?? now };
    } else if (known.has(c.id)) {
      // Cleared: since when, never before the open occurrence began (that would be ignored as stale).
      // It stays an entry so the queue shows it resolved, like a CloudWatch alarm back to OK.
      alert = { ...upstream(c, now), state: 'OK', stateSince: Math.max(open ?? 0, c.since ?? now) };
      if (!complete) continue;
    } else continue;
    reports.push(alert);
    const decision = backupSeverity(c.kind);
    entries.push({ alert: { ...alert, severity: decision.severity }, decision, sourceId: BACKUP_ALERT_SOURCE, type: TYPE[c.kind], body: null, occurrence: null });
  }
  const { occurrences } = reconcileOccurrences(previous, reports, now, { missing: complete ? 'resolve' : 'keep' });
  const before = new Map(previous.map((o) => [o.key, o]));
  alarms.saveOccurrences(
    BACKUP_ALERT_SOURCE,
    occurrences.filter((o) => {
      const was = before.get(o.key);
      return !was || was.resolvedAt !== o.resolvedAt || was.endedBy !== o.endedBy || (was.label === null && o.resolvedAt === null);
    }),
    // Severity and name kept with the occurrence, for the fatigue report once it has ended.
    (o) => (o.resolvedAt === null ? BACKUP_ALERT_SEVERITY : null),
    (o) => {
      const a = o.resolvedAt === null ? reports.find((r) => r.id === o.alertId) : undefined;
      return a ? { name: a.name, title: a.title } : null;
    },
  );
  return entries;
}

const CONDITION_TEXT: Record<BackupAlertCondition['kind'], string> = { 'backup-failing': 'a backup is failing', 'rpo-breach': 'the recovery point objective is breached' };

export function backupSeverity(kind: BackupAlertCondition['kind']): SeverityDecision {
  return { severity: BACKUP_ALERT_SEVERITY, decidedBy: { sourceRule: kind, description: `${CONDITION_TEXT[kind]} → P2, the seeds' level for backup failures (High)` } };
}

function upstream(c: BackupAlertCondition, now: number): UpstreamAlert {
  return {
    id: c.id,
    source: 'backup',
    name: c.name,
    title: c.title.length > 160 ? `${c.title.slice(0, 157)}…` : c.title,
    namespace: 'AWS/Backup',
    state: 'ALARM',
    stateSince: c.since ?? now,
    tags: { resource: c.resourceArn, resourceName: c.resourceName, resourceType: c.resourceType, condition: c.kind },
    description: c.description,
  };
}
