// cache.db queries for changes (CACHE_MIGRATIONS 300–309): CloudTrail management write
// events and how far each event source has been read; the incident timeline's reads of other
// features' cached evidence. Disposable like the rest of the
// cache; every write is idempotent (keyed by EventId), so an interrupted sync resumes.
import { chunksOf } from './chunks';
import type { Db, Migration } from './db';
import type { ChangeRecord } from '../domain/incidents/changes';
import type { BackupJobInput } from '../domain/incidents/evidence';

export const CHANGES_CACHE_MIGRATIONS: readonly Migration[] = [
  {
    version: 300,
    name: 'CloudTrail change events and per-event-source coverage',
    sql: `
      CREATE TABLE change_events (
        source TEXT NOT NULL,
        event_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        event_source TEXT NOT NULL,
        event_name TEXT NOT NULL,
        username TEXT,
        resources TEXT NOT NULL,
        summary TEXT NOT NULL,
        PRIMARY KEY (source, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX change_events_by_time ON change_events (at);
      -- [oldest, newest] epoch ms read completely from one event source; the part's last outcome.
      CREATE TABLE change_coverage (
        source TEXT NOT NULL,
        event_source TEXT NOT NULL,
        oldest INTEGER NOT NULL,
        newest INTEGER NOT NULL,
        PRIMARY KEY (source, event_source)
      ) WITHOUT ROWID;
      CREATE TABLE change_part_state (
        source TEXT PRIMARY KEY,
        last_attempt INTEGER NOT NULL,
        last_success INTEGER,
        last_error TEXT,
        calls INTEGER NOT NULL,
        stored INTEGER NOT NULL
      );
    `,
  },
  {
    version: 301,
    name: 'RDS events by time, for the incident timeline',
    // rds_events is keyed (source, source_id, at, message): a window of time would scan every row.
    sql: 'CREATE INDEX rds_events_by_time ON rds_events (source, at);',
  },
];

export interface StoredChange extends ChangeRecord {
  source: string;
}

export interface ChangePartState {
  source: string;
  lastAttempt: number;
  lastSuccess: number | null;
  lastError: string | null;
  calls: number;
  stored: number;
}

type ChangeDbRow = { source: string; event_id: string; at: number; event_source: string; event_name: string; username: string | null; resources: string; summary: string };

function toChange(r: ChangeDbRow): StoredChange {
  return {
    source: r.source,
    eventId: r.event_id,
    at: r.at,
    eventSource: r.event_source,
    eventName: r.event_name,
    readOnly: false,
    username: r.username,
    resources: JSON.parse(r.resources) as StoredChange['resources'],
    summary: r.summary,
  };
}

export class ChangeCache {
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO change_events (source, event_id, at, event_source, event_name, username, resources, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      between: db.prepare('SELECT * FROM change_events WHERE at >= ? AND at < ? ORDER BY at, event_id'),
      coverage: db.prepare('SELECT oldest, newest FROM change_coverage WHERE source = ? AND event_source = ?'),
      extendCoverage: db.prepare(
        `INSERT INTO change_coverage (source, event_source, oldest, newest) VALUES (?, ?, ?, ?)
         ON CONFLICT (source, event_source) DO UPDATE SET oldest = min(oldest, excluded.oldest), newest = max(newest, excluded.newest)`,
      ),
      saveState: db.prepare(
        `INSERT INTO change_part_state (source, last_attempt, last_success, last_error, calls, stored) VALUES (@source, @lastAttempt, @lastSuccess, @lastError, @calls, @stored)
         ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt, last_success = coalesce(excluded.last_success, last_success),
           last_error = excluded.last_error, calls = excluded.calls, stored = excluded.stored`,
      ),
      states: db.prepare('SELECT source, last_attempt AS lastAttempt, last_success AS lastSuccess, last_error AS lastError, calls, stored FROM change_part_state ORDER BY source'),
      prune: db.prepare('DELETE FROM change_events WHERE source = ? AND at < ?'),
    };
  }

  /** Stores write events (read-only ones are dropped); returns how many were new. */
  save(source: string, records: readonly ChangeRecord[]): number {
    let added = 0;
    this.db.transaction(() => {
      for (const r of records) {
        if (r.readOnly) continue;
        added += this.stmts.insert.run(source, r.eventId, r.at, r.eventSource, r.eventName, r.username, JSON.stringify(r.resources), r.summary).changes;
      }
    })();
    return added;
  }

  between(from: number, to: number): StoredChange[] {
    return (this.stmts.between.all(from, to) as ChangeDbRow[]).map(toChange);
  }

  coverage(source: string, eventSource: string): { oldest: number; newest: number } | null {
    return (this.stmts.coverage.get(source, eventSource) as { oldest: number; newest: number } | undefined) ?? null;
  }

  extendCoverage(source: string, eventSource: string, oldest: number, newest: number): void {
    this.stmts.extendCoverage.run(source, eventSource, oldest, newest);
  }

  saveState(s: ChangePartState): void {
    this.stmts.saveState.run(s);
  }

  states(): ChangePartState[] {
    return this.stmts.states.all() as ChangePartState[];
  }

  prune(source: string, before: number): number {
    return this.stmts.prune.run(source, before).changes;
  }
}

// ---------------------------------------------------------------------------------------
// Reads for the incident timeline: alarm history, SLO burn occurrences and the times at
// which datapoints exist, each over one window through an index.

export interface HistoryEvidence {
  source: string;
  alarmName: string;
  at: number;
  from: string | null;
  to: string;
  reason: string | null;
  summary: string;
}

export interface BurnEvidence {
  key: string;
  alertId: string;
  firedAt: number;
  resolvedAt: number | null;
  /** The burn's name ("Payment Service: error budget burn"), where its occurrence recorded one. */
  name: string | null;
  /** Its most urgent queue severity, where recorded. */
  severity: string | null;
}

/** A backup job row as stored (SQLite has no booleans: restore_test is 0/1). */
type BackupJobRow = Omit<BackupJobInput, 'restoreTest'> & { restoreTest: number };

/** An RDS event (backup and restoration categories, as the backup sync stores them). */
export interface RdsEventEvidence {
  source: string;
  sourceId: string;
  sourceType: string;
  at: number;
  message: string;
  categories: string;
}

export class TimelineCache {
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      // Per source: the (source, at) index serves the range; without the source it would scan.
      history: db.prepare(
        `SELECT source, alarm_name AS alarmName, at, from_state AS "from", to_state AS "to", reason, summary
         FROM alarm_history WHERE source = ? AND at >= ? AND at < ? ORDER BY at`,
      ),
      burns: db.prepare(
        `SELECT key, alert_id AS alertId, fired_at AS firedAt, resolved_at AS resolvedAt, json_extract(label, '$.name') AS name, severity FROM alarm_occurrences
         WHERE source = 'slo-burn' AND fired_at < ? AND (resolved_at IS NULL OR resolved_at >= ?) ORDER BY fired_at`,
      ),
      sampleSeries: db.prepare('SELECT id FROM series WHERE source = ? ORDER BY id LIMIT ?').pluck(),
      alarmNames: db.prepare('SELECT name FROM alarms WHERE source = ?').pluck(),
      // backup_jobs_by_created (source, kind, created_at) serves this range.
      backupJobs: db.prepare(
        `SELECT source, kind, id, resource_arn AS resourceArn, resource_type AS resourceType, created_at AS createdAt, completed_at AS completedAt,
           state, message, restore_test AS restoreTest
         FROM backup_jobs WHERE source = ? AND kind = ? AND created_at >= ? AND created_at < ? ORDER BY created_at`,
      ),
      rdsEvents: db.prepare(
        `SELECT source, source_id AS sourceId, source_type AS sourceType, at, message, categories FROM rds_events
         WHERE source = ? AND at >= ? AND at < ? ORDER BY at`,
      ),
    };
  }

  history(sources: readonly string[], from: number, to: number): HistoryEvidence[] {
    return sources.flatMap((s) => this.stmts.history.all(s, from, to) as HistoryEvidence[]);
  }

  burns(from: number, to: number): BurnEvidence[] {
    return this.stmts.burns.all(to, from) as BurnEvidence[];
  }

  /** Distinct datapoint times (epoch ms) of the source's first `maxSeries` series in [from, to). */
  pointTimes(source: string, from: number, to: number, maxSeries = 8): number[] {
    const ids = this.stmts.sampleSeries.all(source, maxSeries) as number[];
    const seen = new Set<number>();
    const fromSec = Math.floor(from / 1000);
    const toSec = Math.ceil(to / 1000);
    // Through the chunk store: settled data is compressed, only the last hours are rows.
    for (const id of ids) for (const [ts] of chunksOf(this.db).readRange(id, fromSec, toSec)) seen.add(ts * 1000);
    return [...seen];
  }

  /** Backup, copy and restore jobs created in [from, to). */
  /** AWS Backup jobs (backup, copy, restore) as the timeline shows them. */
  backupJobs(sources: readonly string[], from: number, to: number): BackupJobInput[] {
    return sources.flatMap((s) =>
      (['backup', 'copy', 'restore'] as const).flatMap((kind) => (this.stmts.backupJobs.all(s, kind, from, to) as BackupJobRow[]).map((j) => ({ ...j, restoreTest: j.restoreTest === 1 }))),
    );
  }

  rdsEvents(sources: readonly string[], from: number, to: number): RdsEventEvidence[] {
    return sources.flatMap((s) => this.stmts.rdsEvents.all(s, from, to) as RdsEventEvidence[]);
  }

  alarmNames(source: string): string[] {
    return this.stmts.alarmNames.all(source) as string[];
  }
}
