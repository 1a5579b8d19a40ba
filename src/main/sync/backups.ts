// The backup part of a sync pass: AWS Backup and RDS into cache.db, every 15 minutes. It is
// made of parts that succeed or fail on their own, each with its status, call count and (for
// jobs) a watermark: an AccessDenied on one Backup operation names that part and action while
// every other part — RDS included — keeps syncing. It never throws: the engine's metric sync
// is not held up by it.
import type { BackupClient } from '@aws-sdk/client-backup';
import type { Topic } from '@shared/contract/spec';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { Job } from '../domain/backups/model';
import { createBackupClient, fetchJobs, fetchPlans, fetchProtectedResources, fetchRestoreTestingPlans, fetchVaultsAndPoints } from '../sources/aws/backup';
import type { AwsTarget } from '../sources/aws/clientOptions';
import { deniedAction } from '../sources/aws/credentials';
import { failedCallOf } from '../sources/aws/failedCall';
import { createRdsClient, fetchDatabases, fetchEvents, fetchSnapshots } from '../sources/aws/rds';
import { BackupStore, type PartStatusRow } from '../store/backups';
import type { Db } from '../store/db';
import { classifyFailure, type FailureKind } from './connectivity';
import { PartError, type SyncPart } from './parts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const BACKUP_PARTS = ['backup-plans', 'backup-vaults', 'backup-resources', 'backup-jobs', 'copy-jobs', 'restore-jobs', 'rds'] as const;
export type BackupPart = (typeof BACKUP_PARTS)[number];

/** What each part is for, so an error says what is missing. */
const PART_DATA: Record<BackupPart, string> = {
  'backup-plans': 'backup plans, selections and restore testing plans',
  'backup-vaults': 'vaults and recovery points',
  'backup-resources': 'protected resources',
  'backup-jobs': 'backup jobs',
  'copy-jobs': 'copy jobs',
  'restore-jobs': 'restore jobs',
  rds: 'RDS databases, snapshots and events',
};

/** The first call of each part: named when its failure does not say which call it was. */
const PART_CALL: Record<BackupPart, string> = {
  'backup-plans': 'ListBackupPlans',
  'backup-vaults': 'ListBackupVaults',
  'backup-resources': 'ListProtectedResources',
  'backup-jobs': 'ListBackupJobs',
  'copy-jobs': 'ListCopyJobs',
  'restore-jobs': 'ListRestoreJobs',
  rds: 'DescribeDBInstances',
};

const serviceOf = (part: BackupPart): string => (part === 'rds' ? 'RDS' : 'AWS Backup');

/** What a sub-part's last failure was, beyond its stored text: for the source's part status. */
interface SubpartFailure {
  kind: FailureKind;
  call: string;
  denied: string | null;
}

export interface BackupSyncOptions {
  sourceId: string;
  backup: BackupClient;
  rds: RDSClient;
  db: Db;
  now?: () => number;
  /** Refresh interval (default 15 min); a part that failed is retried after 1 min. */
  intervalMs?: number;
  /** How far back backup and copy jobs are kept (default 30 days, the minimum for the controls). */
  jobsHorizonMs?: number;
  /** Restore jobs go further back: restore tests are monthly (default 180 days). */
  restoreHorizonMs?: number;
  /** Re-read this much before a jobs watermark, for jobs whose creation and listing race. */
  overlapMs?: number;
}

export interface PartResult {
  part: BackupPart;
  ok: boolean;
  error: string | null;
  calls: number;
  durationMs: number;
}

export interface BackupSyncReport {
  ran: boolean;
  parts: PartResult[];
  calls: number;
  durationMs: number;
}

/** Counts HTTP attempts (retries included) made through a client. */
function countCalls(client: BackupClient | RDSClient, counter: { n: number }): void {
  (client.middlewareStack as { add: (mw: unknown, opts: unknown) => void }).add(
    (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
      counter.n++;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'opsdeckCallCounter' },
  );
}

export class BackupSync {
  private readonly store: BackupStore;
  private readonly now: () => number;
  private readonly counter = { n: 0 };
  /** Each failing sub-part's last failure, for partState(); not persisted (the text is). */
  private readonly failures = new Map<BackupPart, SubpartFailure>();
  private running: Promise<BackupSyncReport> | null = null;

  constructor(private readonly o: BackupSyncOptions) {
    this.store = new BackupStore(o.db);
    this.now = o.now ?? Date.now;
    countCalls(o.backup, this.counter);
    countCalls(o.rds, this.counter);
  }

  /** True when some part is due: never run, older than the interval, or failed a minute ago. */
  due(): boolean {
    const status = new Map(this.store.partStatus(this.o.sourceId).map((p) => [p.part, p]));
    const t = this.now();
    return BACKUP_PARTS.some((part) => this.partDue(status.get(part), t));
  }

  private partDue(row: PartStatusRow | undefined, t: number, retryFailedNow = false): boolean {
    if (!row || row.lastAttempt === null) return true;
    const wait = row.lastError ? (retryFailedNow ? 0 : MINUTE) : (this.o.intervalMs ?? 15 * MINUTE);
    return t - row.lastAttempt >= wait;
  }

  /**
   * Runs the due parts (all of them with `force`; with `retryFailed`, also the failed ones at
   * once, not a minute after their failure). Never throws. `answered`: called after each
   * sub-part that succeeded (the endpoint is reachable again before the whole run ends).
   */
  runIfDue(force = false, retryFailed = false, answered?: () => void): Promise<BackupSyncReport> {
    if (this.running) return this.running;
    this.running = this.run(force, retryFailed, answered).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(force: boolean, retryFailed: boolean, answered?: () => void): Promise<BackupSyncReport> {
    const started = this.now();
    const status = new Map(this.store.partStatus(this.o.sourceId).map((p) => [p.part, p]));
    const parts: PartResult[] = [];
    const callsBefore = this.counter.n;
    // AWS Backup and RDS are independent: run the two sides concurrently, parts in order within each.
    // Once a side's endpoint did not answer (timeout, refused, reset), its remaining parts are
    // not tried in this run: each would wait out its own request timeouts and hold the part.
    const side = async (names: readonly BackupPart[]): Promise<void> => {
      let unreachable: { part: BackupPart; error: string } | null = null;
      for (const part of names) {
        if (!force && !this.partDue(status.get(part), this.now(), retryFailed)) continue;
        if (unreachable) {
          parts.push(this.skipPart(part, `${PART_DATA[part]} not refreshed: not tried, ${serviceOf(part)} did not answer ${this.failures.get(unreachable.part)?.call ?? PART_CALL[unreachable.part]} (${unreachable.error.replace(/^.*? not refreshed: /, '')})`));
          continue;
        }
        const result = await this.runPart(part, status.get(part));
        parts.push(result);
        if (result.ok) answered?.();
        if (!result.ok && this.failures.get(part)?.kind === 'unreachable') unreachable = { part, error: result.error ?? 'failed' };
      }
    };
    await Promise.all([side(BACKUP_PARTS.filter((p) => p !== 'rds')), side(['rds'])]);
    return { ran: parts.length > 0, parts, calls: this.counter.n - callsBefore, durationMs: this.now() - started };
  }

  private async runPart(part: BackupPart, previous: PartStatusRow | undefined): Promise<PartResult> {
    const t0 = this.now();
    const calls0 = this.counter.n;
    let watermark: number | null = null;
    let error: string | null = null;
    try {
      watermark = await this.fetchPart(part, previous?.watermark ?? null);
      this.failures.delete(part);
    } catch (err) {
      error = describeFailure(err, part);
      this.failures.set(part, { kind: deniedAction(err, '') !== null ? 'auth' : classifyFailure(err).kind, call: failedCallOf(err) ?? PART_CALL[part], denied: deniedAction(err, part === 'rds' ? 'rds:Describe*' : 'backup:List*') });
    }
    const row: PartStatusRow = {
      source: this.o.sourceId,
      part,
      lastAttempt: t0,
      lastSuccess: error ? null : this.now(),
      lastError: error,
      watermark,
      calls: this.counter.n - calls0,
      durationMs: this.now() - t0,
    };
    this.store.savePart(row);
    return { part, ok: error === null, error, calls: row.calls, durationMs: row.durationMs ?? 0 };
  }

  /** A part not tried in this run (its endpoint did not answer another part): failed, no calls. */
  private skipPart(part: BackupPart, error: string): PartResult {
    const at = this.now();
    const first = this.failures.get(BACKUP_PARTS.find((p) => this.failures.get(p)?.kind === 'unreachable') ?? part);
    this.failures.set(part, { kind: 'unreachable', call: first?.call ?? PART_CALL[part], denied: null });
    this.store.savePart({ source: this.o.sourceId, part, lastAttempt: at, lastSuccess: null, lastError: error, watermark: null, calls: 0, durationMs: 0 });
    return { part, ok: false, error, calls: 0, durationMs: 0 };
  }

  /**
   * The backups part as the source's sync sees it, derived from the stored sub-part status so
   * the two cannot disagree: failing while any sub-part's last attempt failed (whether or not
   * it ran this time), else current as of its oldest sub-part's last success.
   */
  partState(): { error: PartError | null; asOf: number | null } {
    const rows = new Map(this.store.partStatus(this.o.sourceId).map((p) => [p.part, p]));
    const failing = BACKUP_PARTS.filter((p) => rows.get(p)?.lastError);
    if (failing.length === 0) {
      const successes = BACKUP_PARTS.map((p) => rows.get(p)?.lastSuccess ?? null);
      return { error: null, asOf: successes.some((t) => t === null) ? null : Math.min(...(successes as number[])) };
    }
    const first = failing[0]!;
    const known = this.failures.get(first);
    const current = BACKUP_PARTS.filter((p) => !failing.includes(p) && rows.get(p)?.lastSuccess != null).map((p) => PART_DATA[p]);
    const message = [
      rows.get(first)!.lastError!,
      ...(failing.length > 1 ? [`also not refreshed: ${failing.slice(1).map((p) => PART_DATA[p]).join(', ')}`] : []),
      ...(current.length ? [`${current.join(', ')} current`] : []),
    ].join('; ');
    // Denied only when every failing sub-part is: one endpoint that is down is not a permission to fix.
    const denied = failing.every((p) => this.failures.get(p)?.denied) ? (known?.denied ?? null) : null;
    return { error: new PartError(message, known?.call ?? PART_CALL[first], denied ? 'auth' : (known?.kind ?? 'rejected'), denied), asOf: null };
  }

  /** Fetches and stores one part; returns its new watermark (jobs) or null. */
  private async fetchPart(part: BackupPart, watermark: number | null): Promise<number | null> {
    const { backup, rds } = this.o;
    const src = this.o.sourceId;
    const now = this.now();
    switch (part) {
      case 'backup-plans': {
        const { rules, selections } = await fetchPlans(backup);
        const testPlans = await fetchRestoreTestingPlans(backup);
        this.store.replacePlans(src, rules, selections, testPlans);
        return null;
      }
      case 'backup-vaults': {
        const { vaults, points } = await fetchVaultsAndPoints(backup);
        this.store.replaceVaultsAndPoints(src, vaults, points);
        return null;
      }
      case 'backup-resources':
        this.store.replaceProtected(src, await fetchProtectedResources(backup));
        return null;
      case 'backup-jobs':
      case 'copy-jobs':
      case 'restore-jobs': {
        const kind: Job['kind'] = part === 'backup-jobs' ? 'backup' : part === 'copy-jobs' ? 'copy' : 'restore';
        const horizon = now - (kind === 'restore' ? (this.o.restoreHorizonMs ?? 180 * DAY) : (this.o.jobsHorizonMs ?? 30 * DAY));
        // Incremental by creation time: from the watermark (minus an overlap), but never past a
        // job that has not finished yet, so its final state is fetched too.
        const unfinished = this.store.oldestUnfinishedJob(src, kind);
        const fromWatermark = watermark !== null ? watermark - (this.o.overlapMs ?? HOUR) : horizon;
        const from = Math.max(horizon, Math.min(fromWatermark, unfinished ?? Number.POSITIVE_INFINITY));
        const jobs = await fetchJobs(backup, kind, from);
        this.store.upsertJobs(src, kind, jobs, horizon);
        const newest = jobs.reduce((m, j) => Math.max(m, j.createdAt), watermark ?? horizon);
        return newest;
      }
      case 'rds': {
        const dbs = await fetchDatabases(rds);
        const snapshots = await fetchSnapshots(rds);
        this.store.replaceRds(
          src,
          dbs.map((d) => ({ arn: d.arn, name: d.id, type: d.facts.kind === 'cluster' ? 'Aurora' : 'RDS', tags: d.tags, facts: { ...d.facts, observedAt: this.now() } })),
          snapshots,
        );
        // RDS keeps 14 days of events; fetch from the newest stored one.
        const newest = this.store.newestEvent(src);
        const from = Math.max(now - 14 * DAY + MINUTE, newest !== null ? newest - HOUR : 0);
        const events = await fetchEvents(rds, from, now);
        this.store.addEvents(src, events, now - 30 * DAY);
        return events.reduce((m, e) => Math.max(m, e.at), newest ?? 0) || null;
      }
    }
  }
}

/** One line for the part's status: the denied action and what is missing, or the error. */
export function describeFailure(err: unknown, part: BackupPart): string {
  const denied = deniedAction(err, part === 'rds' ? 'rds:Describe*' : 'backup:List*');
  if (denied) return `access denied to ${denied}: ${PART_DATA[part]} are not synced (the other parts are)`;
  const e = err as { name?: string; message?: string; code?: string };
  const call = failedCallOf(err);
  const at = call ? `${call}: ` : '';
  let what: string;
  if (e?.code === 'ECONNREFUSED') what = `${at}connection refused`;
  else if (e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT') what = `${at}${serviceOf(part)} did not answer within the request timeout (${e?.message ?? 'TimeoutError'})`;
  else what = `${at}${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
  return `${PART_DATA[part]} not refreshed: ${what}`;
}

/** The backup part for one source, with its own Backup and RDS clients on the source's target. */
export function backupSyncFor(sourceId: string, target: AwsTarget, db: Db, now: () => number): BackupSync {
  return new BackupSync({ sourceId, backup: createBackupClient(target), rds: createRdsClient(target), db, now });
}

/**
 * AWS Backup and RDS as one part of the source's sync. Its sub-parts (plans, jobs, vaults,
 * RDS, …) keep their own status for the Backups page, and this part's status is derived from
 * theirs after every run (see partState): failing while any sub-part is, naming it — the other
 * sub-parts' data is kept — and otherwise as current as its oldest sub-part.
 */
export function backupsPart(sync: BackupSync, changed: (topics: Topic[]) => void): SyncPart {
  return {
    id: 'backups',
    label: 'backups (AWS Backup, RDS)',
    call: 'ListBackupJobs',
    // The sync itself decides what is due (15 min; 1 min after a failure): ask it every minute.
    intervalMs: MINUTE,
    after: ['alarms'],
    // Failed sub-parts are retried on every run of this part: a failing part is re-run on the
    // runner's backoff and breaker, so that paces them — their own minute would keep a source
    // that is back (Sync now after an outage) "degraded" for up to a minute.
    run: async (_signal, reached) => {
      const report = await sync.runIfDue(false, true, reached);
      if (report.ran) changed(['backups']);
      const { error, asOf } = sync.partState();
      if (error) throw error;
      return { outcome: report.ran ? 'done' : 'idle', ...(asOf !== null ? { asOf } : {}) };
    },
  };
}
