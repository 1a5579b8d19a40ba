// All SQL of the Backups feature (cache.db, migrations 100–109): AWS Backup plans, vaults,
// recovery points and jobs, RDS databases, snapshots and events, and the backup sync's
// per-part status. Cache data: rebuilt from the sources if lost.
import type { BackupResource, Estate, Job, PlanRule, PlanSelection, RdsFacts, RecoveryPoint, Vault } from '../domain/backups/model';
import type { Db, Migration } from './db';

export const BACKUP_CACHE_MIGRATIONS: readonly Migration[] = [
  {
    version: 100,
    name: 'backups: resources, plans, vaults, recovery points, jobs, RDS snapshots and events, sync parts',
    sql: `
      -- One row per resource either AWS Backup or RDS knows; each side fills its own columns.
      CREATE TABLE backup_resources (
        source TEXT NOT NULL,
        arn TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}',
        in_backup INTEGER NOT NULL DEFAULT 0,
        last_backup_at INTEGER,
        latest_restore_minutes REAL,
        latest_restore_at INTEGER,
        rds TEXT,
        PRIMARY KEY (source, arn)
      ) WITHOUT ROWID;
      CREATE TABLE backup_rules (
        source TEXT NOT NULL, plan_id TEXT NOT NULL, rule_name TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (source, plan_id, rule_name)
      ) WITHOUT ROWID;
      CREATE TABLE backup_selections (
        source TEXT NOT NULL, plan_id TEXT NOT NULL, selection_id TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (source, plan_id, selection_id)
      ) WITHOUT ROWID;
      CREATE TABLE backup_vaults (
        source TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (source, name)
      ) WITHOUT ROWID;
      CREATE TABLE backup_restore_testing_plans (
        source TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (source, name)
      ) WITHOUT ROWID;
      -- Epoch ms throughout. A point without a creation date keeps NULL (the controls say why).
      CREATE TABLE backup_points (
        source TEXT NOT NULL,
        arn TEXT NOT NULL,
        vault TEXT NOT NULL,
        resource_arn TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        created_at INTEGER,
        completed_at INTEGER,
        delete_at INTEGER,
        status TEXT NOT NULL,
        status_message TEXT,
        encrypted INTEGER,
        plan_id TEXT,
        PRIMARY KEY (source, arn)
      ) WITHOUT ROWID;
      -- Backup, copy and restore jobs; re-fetched jobs (a RUNNING one that finished) are upserted.
      CREATE TABLE backup_jobs (
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        resource_arn TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        completed_at INTEGER,
        state TEXT NOT NULL,
        message TEXT,
        plan_id TEXT,
        vault TEXT,
        destination_vault_arn TEXT,
        restore_test INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source, kind, id)
      ) WITHOUT ROWID;
      CREATE INDEX backup_jobs_by_created ON backup_jobs (source, kind, created_at);
      CREATE TABLE rds_snapshots (
        source TEXT NOT NULL, arn TEXT NOT NULL, instance_id TEXT NOT NULL, type TEXT NOT NULL,
        created_at INTEGER, encrypted INTEGER NOT NULL,
        PRIMARY KEY (source, arn)
      ) WITHOUT ROWID;
      CREATE TABLE rds_events (
        source TEXT NOT NULL, source_id TEXT NOT NULL, at INTEGER NOT NULL, message TEXT NOT NULL,
        source_type TEXT NOT NULL, categories TEXT NOT NULL,
        PRIMARY KEY (source, source_id, at, message)
      ) WITHOUT ROWID;
      -- The backup sync's parts succeed or fail on their own; watermark: newest job creation seen.
      CREATE TABLE backup_sync_parts (
        source TEXT NOT NULL,
        part TEXT NOT NULL,
        last_attempt INTEGER,
        last_success INTEGER,
        last_error TEXT,
        watermark INTEGER,
        calls INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        PRIMARY KEY (source, part)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 101,
    name: 'backups: jobs and recovery points readable per resource in index order',
    // The evaluation reads every job and point grouped by resource: in these orders the
    // repeated columns (resource ARN, type, plan, vault) are read once per group, not per row.
    sql: `
      CREATE INDEX backup_jobs_by_resource ON backup_jobs (source, kind, resource_arn, resource_type, plan_id, vault, destination_vault_arn, created_at);
      CREATE INDEX backup_points_by_resource ON backup_points (source, resource_arn, resource_type, vault, plan_id);
    `,
  },
  {
    version: 102,
    name: 'backups: the per-resource indexes cover the rows the evaluation reads',
    // The grouped read took each row's own cells from the table: one primary-key search per
    // job and point. With those cells in the index (its entries already hold the key: id, arn)
    // the read is one index scan, for a few bytes more per row.
    sql: `
      DROP INDEX backup_jobs_by_resource;
      CREATE INDEX backup_jobs_by_resource ON backup_jobs (source, kind, resource_arn, resource_type, plan_id, vault, destination_vault_arn, created_at, completed_at, state, message, restore_test);
      DROP INDEX backup_points_by_resource;
      CREATE INDEX backup_points_by_resource ON backup_points (source, resource_arn, resource_type, vault, plan_id, created_at, completed_at, delete_at, status, status_message, encrypted);
    `,
  },
];

export interface PartStatusRow {
  source: string;
  part: string;
  lastAttempt: number | null;
  lastSuccess: number | null;
  lastError: string | null;
  watermark: number | null;
  calls: number;
  durationMs: number | null;
}

export interface RdsDatabaseRow {
  arn: string;
  name: string;
  type: string;
  tags: Record<string, string>;
  facts: RdsFacts;
}

export interface ProtectedRow {
  arn: string;
  name: string;
  type: string;
  lastBackupAt: number | null;
  latestRestoreMinutes: number | null;
  latestRestoreAt: number | null;
}

type PointRowDb = [string, string, string, string, number | null, number | null, number | null, string, string | null, number | null, string | null];
type JobRowDb = [Job['kind'], string, string, string, number, number | null, string, string | null, string | null, string | null, string | null, number];
/** A run of jobs sharing resource, type, plan, vault and destination, and how many rows it has. */
type JobGroupDb = [string, string, string | null, string | null, string | null, number];
/** id, created, completed, state (NULL: COMPLETED), message, restore test. */
type JobCellsDb = [string, number, number | null, string | null, string | null, number];
type PointGroupDb = [string, string, string, string | null, number];
/** arn, created, completed, delete, status (NULL: COMPLETED), message, encrypted. */
type PointCellsDb = [string, number | null, number | null, number | null, string | null, string | null, number | null];
const COMPLETED = 'COMPLETED';

export class BackupStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      upsertProtected: db.prepare(
        `INSERT INTO backup_resources (source, arn, name, type, in_backup, last_backup_at, latest_restore_minutes, latest_restore_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?)
         ON CONFLICT (source, arn) DO UPDATE SET in_backup = 1, last_backup_at = excluded.last_backup_at,
           latest_restore_minutes = excluded.latest_restore_minutes, latest_restore_at = excluded.latest_restore_at,
           name = CASE WHEN backup_resources.rds IS NULL THEN excluded.name ELSE backup_resources.name END`,
      ),
      clearProtected: db.prepare('UPDATE backup_resources SET in_backup = 0, last_backup_at = NULL, latest_restore_minutes = NULL, latest_restore_at = NULL WHERE source = ?'),
      upsertRds: db.prepare(
        `INSERT INTO backup_resources (source, arn, name, type, tags, rds) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, arn) DO UPDATE SET name = excluded.name, type = excluded.type, tags = excluded.tags, rds = excluded.rds`,
      ),
      clearRds: db.prepare('UPDATE backup_resources SET rds = NULL WHERE source = ?'),
      dropOrphans: db.prepare('DELETE FROM backup_resources WHERE source = ? AND in_backup = 0 AND rds IS NULL'),
      deleteRules: db.prepare('DELETE FROM backup_rules WHERE source = ?'),
      insertRule: db.prepare('INSERT INTO backup_rules (source, plan_id, rule_name, body) VALUES (?, ?, ?, ?)'),
      deleteSelections: db.prepare('DELETE FROM backup_selections WHERE source = ?'),
      insertSelection: db.prepare('INSERT INTO backup_selections (source, plan_id, selection_id, body) VALUES (?, ?, ?, ?)'),
      deleteTestPlans: db.prepare('DELETE FROM backup_restore_testing_plans WHERE source = ?'),
      insertTestPlan: db.prepare('INSERT INTO backup_restore_testing_plans (source, name, body) VALUES (?, ?, ?)'),
      deleteVaults: db.prepare('DELETE FROM backup_vaults WHERE source = ?'),
      insertVault: db.prepare('INSERT INTO backup_vaults (source, name, body) VALUES (?, ?, ?)'),
      deletePoints: db.prepare('DELETE FROM backup_points WHERE source = ?'),
      insertPoint: db.prepare(
        `INSERT INTO backup_points (source, arn, vault, resource_arn, resource_type, created_at, completed_at, delete_at, status, status_message, encrypted, plan_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertJob: db.prepare(
        `INSERT INTO backup_jobs (source, kind, id, resource_arn, resource_type, created_at, completed_at, state, message, plan_id, vault, destination_vault_arn, restore_test)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source, kind, id) DO UPDATE SET completed_at = excluded.completed_at, state = excluded.state, message = excluded.message`,
      ),
      pruneJobs: db.prepare('DELETE FROM backup_jobs WHERE source = ? AND kind = ? AND created_at < ?'),
      oldestUnfinished: db
        .prepare(`SELECT min(created_at) FROM backup_jobs WHERE source = ? AND kind = ? AND state IN ('CREATED', 'PENDING', 'RUNNING', 'ABORTING')`)
        .pluck(),
      deleteSnapshots: db.prepare('DELETE FROM rds_snapshots WHERE source = ?'),
      insertSnapshot: db.prepare('INSERT INTO rds_snapshots (source, arn, instance_id, type, created_at, encrypted) VALUES (?, ?, ?, ?, ?, ?)'),
      upsertEvent: db.prepare(
        'INSERT INTO rds_events (source, source_id, at, message, source_type, categories) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      pruneEvents: db.prepare('DELETE FROM rds_events WHERE source = ? AND at < ?'),
      newestEvent: db.prepare('SELECT max(at) FROM rds_events WHERE source = ?').pluck(),
      partStatus: db.prepare('SELECT * FROM backup_sync_parts WHERE source = ? ORDER BY part'),
      // Every write of the backup sync ends with its part's row: this moves exactly when the estate can have.
      writeStamp: db.prepare("SELECT coalesce(max(last_attempt), 0) || ':' || count(*) || ':' || coalesce(sum(calls), 0) FROM backup_sync_parts WHERE source IN (SELECT value FROM json_each(?))").pluck(),
      allPartStatus: db.prepare('SELECT * FROM backup_sync_parts ORDER BY source, part'),
      savePart: db.prepare(
        `INSERT INTO backup_sync_parts (source, part, last_attempt, last_success, last_error, watermark, calls, duration_ms)
         VALUES (@source, @part, @lastAttempt, @lastSuccess, @lastError, @watermark, @calls, @durationMs)
         ON CONFLICT (source, part) DO UPDATE SET last_attempt = excluded.last_attempt,
           last_success = coalesce(excluded.last_success, backup_sync_parts.last_success),
           last_error = excluded.last_error, watermark = coalesce(excluded.watermark, backup_sync_parts.watermark),
           calls = excluded.calls, duration_ms = excluded.duration_ms`,
      ),
      resources: db.prepare('SELECT * FROM backup_resources WHERE source IN (SELECT value FROM json_each(?)) ORDER BY arn'),
      rules: db.prepare('SELECT body FROM backup_rules WHERE source IN (SELECT value FROM json_each(?))').pluck(),
      selections: db.prepare('SELECT body FROM backup_selections WHERE source IN (SELECT value FROM json_each(?))').pluck(),
      vaults: db.prepare('SELECT body FROM backup_vaults WHERE source IN (SELECT value FROM json_each(?))').pluck(),
      testPlans: db.prepare('SELECT body FROM backup_restore_testing_plans WHERE source IN (SELECT value FROM json_each(?))').pluck(),
      // Arrays, not objects: tens of thousands of rows are read on every evaluation.
      // Grouped reads (migration 101): the groups in index order, then the rows' own cells in the
      // same order. A column repeated on every row costs a string per row; this way a group.
      jobGroups: db
        .prepare(
          `SELECT resource_arn, resource_type, plan_id, vault, destination_vault_arn, count(*) FROM backup_jobs INDEXED BY backup_jobs_by_resource
           WHERE source = ? AND kind = ? AND created_at >= ?
           GROUP BY resource_arn, resource_type, plan_id, vault, destination_vault_arn ORDER BY resource_arn, resource_type, plan_id, vault, destination_vault_arn`,
        )
        .raw(true),
      jobCells: db
        .prepare(
          `SELECT id, created_at, completed_at, CASE state WHEN 'COMPLETED' THEN NULL ELSE state END, message, restore_test FROM backup_jobs INDEXED BY backup_jobs_by_resource
           WHERE source = ? AND kind = ? AND created_at >= ? ORDER BY resource_arn, resource_type, plan_id, vault, destination_vault_arn`,
        )
        .raw(true),
      pointGroups: db
        .prepare(
          `SELECT resource_arn, resource_type, vault, plan_id, count(*) FROM backup_points INDEXED BY backup_points_by_resource
           WHERE source = ? GROUP BY resource_arn, resource_type, vault, plan_id ORDER BY resource_arn, resource_type, vault, plan_id`,
        )
        .raw(true),
      pointCells: db
        .prepare(
          `SELECT arn, created_at, completed_at, delete_at, CASE status WHEN 'COMPLETED' THEN NULL ELSE status END, status_message, encrypted FROM backup_points INDEXED BY backup_points_by_resource
           WHERE source = ? ORDER BY resource_arn, resource_type, vault, plan_id`,
        )
        .raw(true),
      resourceJobs: db.prepare(
        `SELECT kind, id, resource_arn, resource_type, created_at, completed_at, state, message, plan_id, vault, destination_vault_arn, restore_test FROM backup_jobs
         WHERE source IN (SELECT value FROM json_each(?)) AND kind IN ('backup', 'copy', 'restore') AND resource_arn = ? AND created_at >= ? ORDER BY created_at DESC LIMIT ?`,
      ).raw(true),
      resourcePoints: db.prepare(
        `SELECT arn, vault, resource_arn, resource_type, created_at, completed_at, delete_at, status, status_message, encrypted, plan_id FROM backup_points
         WHERE source IN (SELECT value FROM json_each(?)) AND resource_arn = ? ORDER BY created_at DESC LIMIT ?`,
      ).raw(true),
      events: db.prepare('SELECT source_id, at, message, source_type, categories FROM rds_events WHERE source IN (SELECT value FROM json_each(?)) AND at >= ? ORDER BY at DESC LIMIT ?'),
      snapshots: db.prepare('SELECT arn, instance_id, type, created_at, encrypted FROM rds_snapshots WHERE source IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC'),
    };
  }

  replacePlans(source: string, rules: readonly PlanRule[], selections: readonly PlanSelection[], testPlans: Estate['restoreTestingPlans']): void {
    this.db.transaction(() => {
      this.s.deleteRules.run(source);
      for (const r of rules) this.s.insertRule.run(source, r.planId, r.ruleName, JSON.stringify(r));
      this.s.deleteSelections.run(source);
      for (const sel of selections) this.s.insertSelection.run(source, sel.planId, sel.selectionId, JSON.stringify(sel));
      this.s.deleteTestPlans.run(source);
      for (const p of testPlans) this.s.insertTestPlan.run(source, p.name, JSON.stringify(p));
    })();
  }

  replaceVaultsAndPoints(source: string, vaults: readonly Vault[], points: readonly RecoveryPoint[]): void {
    this.db.transaction(() => {
      this.s.deleteVaults.run(source);
      for (const v of vaults) this.s.insertVault.run(source, v.name, JSON.stringify(v));
      this.s.deletePoints.run(source);
      for (const p of points) {
        this.s.insertPoint.run(source, p.arn, p.vault, p.resourceArn, p.resourceType, p.createdAt, p.completedAt, p.deleteAt, p.status, p.statusMessage, p.encrypted === null ? null : p.encrypted ? 1 : 0, p.planId);
      }
    })();
  }

  replaceProtected(source: string, rows: readonly ProtectedRow[]): void {
    this.db.transaction(() => {
      this.s.clearProtected.run(source);
      for (const r of rows) this.s.upsertProtected.run(source, r.arn, r.name, r.type, r.lastBackupAt, r.latestRestoreMinutes, r.latestRestoreAt);
      this.s.dropOrphans.run(source);
    })();
  }

  replaceRds(source: string, dbs: readonly RdsDatabaseRow[], snapshots: readonly { arn: string; instanceId: string; type: string; createdAt: number | null; encrypted: boolean }[]): void {
    this.db.transaction(() => {
      this.s.clearRds.run(source);
      for (const d of dbs) this.s.upsertRds.run(source, d.arn, d.name, d.type, JSON.stringify(d.tags), JSON.stringify(d.facts));
      this.s.dropOrphans.run(source);
      this.s.deleteSnapshots.run(source);
      for (const s of snapshots) this.s.insertSnapshot.run(source, s.arn, s.instanceId, s.type, s.createdAt, s.encrypted ? 1 : 0);
    })();
  }

  /** Upserts jobs and drops those older than `keepSince`, in one transaction. */
  upsertJobs(source: string, kind: Job['kind'], jobs: readonly Job[], keepSince: number): void {
    this.db.transaction(() => {
      for (const j of jobs) {
        this.s.upsertJob.run(source, j.kind, j.id, j.resourceArn, j.resourceType, j.createdAt, j.completedAt, j.state, j.message, j.planId, j.vault, j.destinationVaultArn, j.restoreTest ? 1 : 0);
      }
      this.s.pruneJobs.run(source, kind, keepSince);
    })();
  }

  /** The creation time of the oldest stored job not yet in a final state (it must be fetched again). */
  oldestUnfinishedJob(source: string, kind: Job['kind']): number | null {
    return (this.s.oldestUnfinished.get(source, kind) as number | null) ?? null;
  }

  addEvents(source: string, events: readonly { sourceId: string; sourceType: string; at: number; message: string; categories: string[] }[], keepSince: number): void {
    this.db.transaction(() => {
      for (const e of events) this.s.upsertEvent.run(source, e.sourceId, e.at, e.message, e.sourceType, JSON.stringify(e.categories));
      this.s.pruneEvents.run(source, keepSince);
    })();
  }

  newestEvent(source: string): number | null {
    return (this.s.newestEvent.get(source) as number | null) ?? null;
  }

  partStatus(source?: string): PartStatusRow[] {
    const rows = (source === undefined ? this.s.allPartStatus.all() : this.s.partStatus.all(source)) as {
      source: string;
      part: string;
      last_attempt: number | null;
      last_success: number | null;
      last_error: string | null;
      watermark: number | null;
      calls: number;
      duration_ms: number | null;
    }[];
    return rows.map((r) => ({ source: r.source, part: r.part, lastAttempt: r.last_attempt, lastSuccess: r.last_success, lastError: r.last_error, watermark: r.watermark, calls: r.calls, durationMs: r.duration_ms }));
  }

  /** Changes whenever the backup sync of these sources has written (each sub-part run records its attempt). */
  writeStamp(sources: readonly string[]): string {
    return this.s.writeStamp.get(JSON.stringify(sources)) as string;
  }

  savePart(row: PartStatusRow): void {
    this.s.savePart.run(row);
  }

  /**
   * Everything the controls need, for the given sources; jobs created since `jobsSince`. Read
   * in one snapshot, grouped by resource (see the jobGroups statement): 120,000 rows in tens
   * of milliseconds instead of hundreds. Jobs come ordered by creation time.
   */
  loadEstate(sources: readonly string[], jobsSince: number): Estate {
    return this.db.transaction(() => this.readEstate(sources, jobsSince))();
  }

  private readEstate(sources: readonly string[], jobsSince: number): Estate {
    const src = JSON.stringify(sources);
    const resources = (this.s.resources.all(src) as { arn: string; name: string; type: string; tags: string; in_backup: number; last_backup_at: number | null; latest_restore_minutes: number | null; latest_restore_at: number | null; rds: string | null }[]).map(
      (r): BackupResource => ({
        arn: r.arn,
        name: r.name,
        type: r.type,
        tags: JSON.parse(r.tags) as Record<string, string>,
        lastBackupAt: r.last_backup_at,
        latestRestoreMinutes: r.latest_restore_minutes,
        latestRestoreAt: r.latest_restore_at,
        rds: r.rds ? (JSON.parse(r.rds) as RdsFacts) : null,
      }),
    );
    const parse = <T>(bodies: unknown[]): T[] => bodies.map((b) => JSON.parse(b as string) as T);
    const points: RecoveryPoint[] = [];
    const jobs: Job[] = [];
    for (const source of sources) {
      // The cells are iterated, not collected: 120,000 row arrays held at once survive every
      // young-generation collection of the read and are copied each time; read one by one
      // they die young, and only the estate's own objects stay.
      const groups = this.s.pointGroups.all(source) as PointGroupDb[];
      let g = 0;
      let left = 0;
      let group: PointGroupDb | undefined;
      for (const cells of this.s.pointCells.iterate(source) as IterableIterator<PointCellsDb>) {
        while (left === 0 && g < groups.length) left = (group = groups[g++]!)[4];
        if (left === 0 || !group) break;
        left--;
        const [arn, createdAt, completedAt, deleteAt, status, statusMessage, encrypted] = cells;
        points.push({ arn, vault: group[2], resourceArn: group[0], resourceType: group[1], createdAt, completedAt, deleteAt, status: status ?? COMPLETED, statusMessage, encrypted: encrypted === null ? null : encrypted === 1, planId: group[3] });
      }
      for (const kind of ['backup', 'copy', 'restore'] as const) {
        const jobGroups = this.s.jobGroups.all(source, kind, jobsSince) as JobGroupDb[];
        let k = 0;
        let rest = 0;
        let jg: JobGroupDb | undefined;
        for (const cells of this.s.jobCells.iterate(source, kind, jobsSince) as IterableIterator<JobCellsDb>) {
          while (rest === 0 && k < jobGroups.length) rest = (jg = jobGroups[k++]!)[5];
          if (rest === 0 || !jg) break;
          rest--;
          const [id, createdAt, completedAt, state, message, restoreTest] = cells;
          jobs.push({ kind, id, resourceArn: jg[0], resourceType: jg[1], createdAt, completedAt, state: state ?? COMPLETED, message, planId: jg[2], vault: jg[3], destinationVaultArn: jg[4], restoreTest: restoreTest === 1 });
        }
      }
    }
    jobs.sort((a, b) => a.createdAt - b.createdAt);
    return {
      resources,
      rules: parse<PlanRule>(this.s.rules.all(src)),
      selections: parse<PlanSelection>(this.s.selections.all(src)),
      vaults: parse<Vault>(this.s.vaults.all(src)),
      points,
      jobs,
      restoreTestingPlans: parse<Estate['restoreTestingPlans'][number]>(this.s.testPlans.all(src)),
    };
  }

  vaults(sources: readonly string[]): Vault[] {
    return (this.s.vaults.all(JSON.stringify(sources)) as string[]).map((b) => JSON.parse(b) as Vault);
  }

  /** One resource's jobs (newest first, every column), for its detail view. */
  resourceJobs(sources: readonly string[], resourceArn: string, since: number, limit: number): Job[] {
    return (this.s.resourceJobs.all(JSON.stringify(sources), resourceArn, since, limit) as JobRowDb[]).map(
      ([kind, id, arn, resourceType, createdAt, completedAt, state, message, planId, vault, destinationVaultArn, restoreTest]): Job => ({
        kind,
        id,
        resourceArn: arn,
        resourceType,
        createdAt,
        completedAt,
        state,
        message,
        planId,
        vault,
        destinationVaultArn,
        restoreTest: restoreTest === 1,
      }),
    );
  }

  /** One resource's recovery points (newest first), for its detail view. */
  resourcePoints(sources: readonly string[], resourceArn: string, limit: number): RecoveryPoint[] {
    return (this.s.resourcePoints.all(JSON.stringify(sources), resourceArn, limit) as PointRowDb[]).map(
      ([arn, vault, resArn, resourceType, createdAt, completedAt, deleteAt, status, statusMessage, encrypted, planId]): RecoveryPoint => ({
        arn,
        vault,
        resourceArn: resArn,
        resourceType,
        createdAt,
        completedAt,
        deleteAt,
        status,
        statusMessage,
        encrypted: encrypted === null ? null : encrypted === 1,
        planId,
      }),
    );
  }

  events(sources: readonly string[], since: number, limit: number): { sourceId: string; at: number; message: string; sourceType: string; categories: string[] }[] {
    return (this.s.events.all(JSON.stringify(sources), since, limit) as { source_id: string; at: number; message: string; source_type: string; categories: string }[]).map((e) => ({
      sourceId: e.source_id,
      at: e.at,
      message: e.message,
      sourceType: e.source_type,
      categories: JSON.parse(e.categories) as string[],
    }));
  }

  snapshots(sources: readonly string[]): { arn: string; instanceId: string; type: string; createdAt: number | null; encrypted: boolean }[] {
    return (this.s.snapshots.all(JSON.stringify(sources)) as { arn: string; instance_id: string; type: string; created_at: number | null; encrypted: number }[]).map((s) => ({
      arn: s.arn,
      instanceId: s.instance_id,
      type: s.type,
      createdAt: s.created_at,
      encrypted: s.encrypted === 1,
    }));
  }
}
