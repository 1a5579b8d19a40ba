// cache.db: everything fetched from the sources. Disposable — if it cannot be opened it is
// moved aside (kept, renamed) and rebuilt by the next sync; the journal is never touched.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, type Migration, MigrationError, isCorruption, openDatabase, quickCheck } from './db';
import { CHANGES_CACHE_MIGRATIONS } from './changes';
import { CAPACITY_MIGRATIONS } from './capacity';
import { BACKUP_CACHE_MIGRATIONS } from './backups';
import { aggregateByBucket, CHUNK_MIGRATIONS, chunkedPointCount, chunksOf, writeSettled } from './chunks';
import { SLI_SETTLED_MIGRATIONS, SliSettledStore } from './sliSettled';

export const CACHE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'series, points, watermarks, alarms, source state',
    sql: `
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        key TEXT NOT NULL,
        namespace TEXT NOT NULL,
        metric TEXT NOT NULL,
        dimensions TEXT NOT NULL,
        stat TEXT NOT NULL,
        unit TEXT,
        UNIQUE (source, key)
      );
      -- ts is epoch seconds (period start): 4-byte integers keep rows small.
      CREATE TABLE points (
        series_id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (series_id, ts)
      ) WITHOUT ROWID;
      -- What has been asked of the source (not merely what came back): [oldest, newest) in
      -- epoch seconds. Written in the same transaction as the points it covers.
      CREATE TABLE watermarks (
        series_id INTEGER PRIMARY KEY,
        oldest INTEGER NOT NULL,
        newest INTEGER NOT NULL
      );
      CREATE TABLE alarms (
        source TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        state TEXT NOT NULL,
        state_since INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (source, name)
      ) WITHOUT ROWID;
      CREATE TABLE source_state (
        source TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        offline_since INTEGER,
        last_success INTEGER,
        last_attempt INTEGER,
        last_error TEXT,
        alarms_as_of INTEGER
      );
    `,
  },
  {
    version: 2,
    name: 'per-series errors (a query the source rejects is shown on its series)',
    sql: `ALTER TABLE series ADD COLUMN last_error TEXT;`,
  },
  {
    version: 3,
    name: 'alarm tags, alarm state history, alert occurrences',
    sql: `
      -- ListTagsForResource per alarm, refreshed hourly rather than every pass.
      CREATE TABLE alarm_tags (
        source TEXT NOT NULL,
        arn TEXT NOT NULL,
        tags TEXT NOT NULL,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (source, arn)
      ) WITHOUT ROWID;
      -- DescribeAlarmHistory StateUpdate items; at is epoch ms. The key makes re-fetching
      -- the newest stored item (the next pass starts there) harmless.
      CREATE TABLE alarm_history (
        source TEXT NOT NULL,
        alarm_name TEXT NOT NULL,
        at INTEGER NOT NULL,
        to_state TEXT NOT NULL,
        from_state TEXT,
        alarm_type TEXT NOT NULL,
        summary TEXT NOT NULL,
        reason TEXT,
        PRIMARY KEY (source, alarm_name, at, to_state)
      ) WITHOUT ROWID;
      CREATE INDEX alarm_history_by_time ON alarm_history (source, at);
      -- One ALARM period of one alert (domain/alertOccurrences.ts). The key is
      -- "<alert id>@<fired at>", derived from upstream data only, so journal entries that
      -- point at it survive a rebuilt cache.
      CREATE TABLE alarm_occurrences (
        key TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        alert_id TEXT NOT NULL,
        fired_at INTEGER NOT NULL,
        resolved_at INTEGER,
        ended_by TEXT,
        last_seen_at INTEGER NOT NULL
      );
      CREATE INDEX alarm_occurrences_by_alert ON alarm_occurrences (source, alert_id, fired_at);
      CREATE INDEX alarm_occurrences_by_fired ON alarm_occurrences (fired_at);
    `,
  },
  {
    version: 4,
    name: 'stored counts per source (counted by the sync worker, read by the UI)',
    sql: `
      ALTER TABLE source_state ADD COLUMN series_stored INTEGER;
      ALTER TABLE source_state ADD COLUMN points_stored INTEGER;
      ALTER TABLE source_state ADD COLUMN counted_at INTEGER;
    `,
  },
  {
    version: 5,
    name: 'what an SLO burn occurrence was (its most urgent severity, name, service, title), kept once the burn has ended',
    sql: `
      ALTER TABLE alarm_occurrences ADD COLUMN severity TEXT;
      ALTER TABLE alarm_occurrences ADD COLUMN label TEXT;
    `,
  },
  {
    version: 6,
    name: 'each alert’s occurrences by the time they ended: its last end is one index seek (the Overview’s last not clear)',
    sql: `
      CREATE INDEX alarm_occurrences_by_alert_end ON alarm_occurrences (source, alert_id, resolved_at);
    `,
  },
  ...BACKUP_CACHE_MIGRATIONS,
  ...CAPACITY_MIGRATIONS,
  ...CHANGES_CACHE_MIGRATIONS,
  ...CHUNK_MIGRATIONS,
  ...SLI_SETTLED_MIGRATIONS,
];

export interface SeriesDef {
  key: string;
  namespace: string;
  metric: string;
  dimensions: { name: string; value: string }[];
  stat: string;
  unit: string | null;
}

export interface PointRow {
  seriesId: number;
  ts: number;
  value: number;
}

export interface AlarmRow {
  name: string;
  type: string;
  state: string;
  stateSince: number;
  body: unknown;
}

export interface SourceStateRow {
  state: 'online' | 'degraded' | 'offline';
  offlineSince: number | null;
  lastSuccess: number | null;
  lastAttempt: number | null;
  lastError: string | null;
  alarmsAsOf: number | null;
}

export interface OpenedCache {
  cache: CacheStore;
  /** Set when an unreadable cache.db was moved aside; shown to the user. */
  notice: string | null;
  /** Where the unreadable file was kept (with -wal/-shm beside it), when it was. */
  keptAs: string | null;
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CANTOPEN']);

function isUnusable(err: unknown): boolean {
  if (err instanceof MigrationError || err instanceof CacheDamagedError) return true;
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && CORRUPTION_CODES.has(code)) || isCorruption(err);
}

/** The file beside cache.db recording the last VACUUM (see CacheStore.compact). */
const COMPACTED_SUFFIX = '-compacted';

/** quick_check found damage in a cache.db that otherwise opened. */
export class CacheDamagedError extends Error {}

export interface OpenCacheOptions {
  /**
   * Run PRAGMA quick_check (reads every page) before trusting the file. The UI-facing
   * process does it once at start; the workers that open the same file afterwards skip it.
   */
  check?: boolean;
}

function openChecked(file: string, check: boolean): CacheStore {
  const db = openDatabase(file, { migrations: CACHE_MIGRATIONS, synchronous: 'NORMAL' });
  try {
    const cache = new CacheStore(db);
    cache.assertReadable();
    if (check) {
      const problems = quickCheck(db, 5);
      if (problems.length > 0) throw new CacheDamagedError(`quick_check: ${problems.join('; ')}`);
    }
    return cache;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Renames cache.db (and -wal, -shm) to cache.db.unreadable-<time>; returns the new name. */
function quarantine(file: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  let aside = `${file}.unreadable-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.unreadable-${stamp}-${n}`;
  for (const suffix of ['', '-wal', '-shm', COMPACTED_SUFFIX]) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

function rebuiltNotice(reason: string, aside: string): string {
  return `The local cache could not be read (${reason}); it was kept as ${aside} and is being rebuilt from the source. Your journal is untouched.`;
}

/** Opens cache.db in `dir`; an unusable file is quarantined and a fresh one created. */
export function openCache(dir: string, now: () => number = Date.now, options: OpenCacheOptions = {}): OpenedCache {
  const file = join(dir, 'cache.db');
  try {
    return { cache: openChecked(file, options.check ?? false), notice: null, keptAs: null };
  } catch (err) {
    if (!isUnusable(err)) throw err;
    const aside = quarantine(file, now());
    const cache = new CacheStore(openDatabase(file, { migrations: CACHE_MIGRATIONS, synchronous: 'NORMAL' }));
    const reason = err instanceof Error ? err.message : String(err);
    return { cache, notice: rebuiltNotice(reason, aside), keptAs: aside };
  }
}

/**
 * Run time: a read or write on cache.db failed with SQLITE_CORRUPT/NOTADB. Closes `damaged`
 * (every other connection to the file must be closed first), quarantines the file and opens
 * a fresh one for the sync to rebuild.
 */
export function rebuildCache(damaged: CacheStore, reason: string, now: () => number = Date.now): OpenedCache {
  const file = damaged.db.name;
  try {
    damaged.close();
  } catch {
    // closing a damaged file may fail; it is being replaced anyway
  }
  const aside = quarantine(file, now());
  const cache = new CacheStore(openDatabase(file, { migrations: CACHE_MIGRATIONS, synchronous: 'NORMAL' }));
  return { cache, notice: rebuiltNotice(reason, aside), keptAs: aside };
}

export class CacheStore {
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      seriesByKey: db.prepare('SELECT id FROM series WHERE source = ? AND key = ?').pluck(),
      insertSeries: db.prepare(
        'INSERT INTO series (source, key, namespace, metric, dimensions, stat, unit) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      upsertPoint: db.prepare(
        'INSERT INTO points (series_id, ts, value) VALUES (?, ?, ?) ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value',
      ),
      getWatermark: db.prepare('SELECT oldest, newest FROM watermarks WHERE series_id = ?'),
      setWatermark: db.prepare(
        `INSERT INTO watermarks (series_id, oldest, newest) VALUES (@seriesId, @oldest, @newest)
         ON CONFLICT (series_id) DO UPDATE SET oldest = min(oldest, excluded.oldest), newest = max(newest, excluded.newest)`,
      ),
      sourceState: db.prepare('SELECT * FROM source_state WHERE source = ?'),
      // One index probe per series: max(ts) over the whole table would scan it.
      newestPoint: db.prepare(
        `SELECT max(coalesce((SELECT max(ts) FROM points p WHERE p.series_id = s.id),
           (SELECT last_ts FROM chunks c WHERE c.series_id = s.id ORDER BY start DESC LIMIT 1))) FROM series s WHERE s.source = ?`,
      ).pluck(),
    };
  }

  /** Touches the schema so a file that opens but is not a database fails here. */
  assertReadable(): void {
    this.db.prepare('SELECT count(*) FROM series').pluck().get();
    chunksOf(this.db).assertNoRecordedDamage();
  }

  close(): void {
    this.db.close();
  }

  /** Returns the id of every series, creating the missing ones (one transaction). */
  ensureSeries(source: string, defs: readonly SeriesDef[]): Map<string, number> {
    const ids = new Map<string, number>();
    this.db.transaction(() => {
      for (const d of defs) {
        let id = this.stmts.seriesByKey.get(source, d.key) as number | undefined;
        if (id === undefined) {
          id = Number(
            this.stmts.insertSeries.run(source, d.key, d.namespace, d.metric, JSON.stringify(d.dimensions), d.stat, d.unit)
              .lastInsertRowid,
          );
        }
        ids.set(d.key, id);
      }
    })();
    return ids;
  }

  listSeries(source: string): (SeriesDef & { id: number })[] {
    const rows = this.db
      .prepare('SELECT id, key, namespace, metric, dimensions, stat, unit FROM series WHERE source = ? ORDER BY id')
      .all(source) as { id: number; key: string; namespace: string; metric: string; dimensions: string; stat: string; unit: string | null }[];
    return rows.map((r) => ({ ...r, dimensions: JSON.parse(r.dimensions) as SeriesDef['dimensions'] }));
  }

  /**
   * Stores one page of datapoints and extends the watermarks it covers, atomically: a crash
   * leaves either both or neither, so a resumed sync neither skips nor duplicates data.
   */
  writePage(points: Iterable<PointRow>, covered: readonly { seriesId: number; oldest: number; newest: number }[], chunkBefore?: number): void {
    this.db.transaction(() => {
      const upsert = this.stmts.upsertPoint;
      // Points older than `chunkBefore` go straight into chunks (store/chunks.ts), the rest to rows.
      const settled = chunkBefore === undefined ? null : new Map<number, [number, number][]>();
      for (const p of points) {
        if (settled !== null && p.ts < (chunkBefore as number)) {
          let rows = settled.get(p.seriesId);
          if (!rows) settled.set(p.seriesId, (rows = []));
          rows.push([p.ts, p.value]);
        } else upsert.run(p.seriesId, p.ts, p.value);
      }
      if (settled !== null) writeSettled(this.db, settled);
      for (const c of covered) this.stmts.setWatermark.run(c);
    })();
  }

  watermark(seriesId: number): { oldest: number; newest: number } | null {
    return (this.stmts.getWatermark.get(seriesId) as { oldest: number; newest: number } | undefined) ?? null;
  }

  /** Start (epoch seconds) of the newest datapoint stored for any series of the source. */
  newestPointTs(source: string): number | null {
    return (this.stmts.newestPoint.get(source) as number | null | undefined) ?? null;
  }

  /**
   * The newest entry of the log of changes to settled datapoints (store/sliSettled.ts: any
   * chunk written or deleted, a late point): it moves whenever older data did, which neither
   * the newest datapoint nor the last sync's time shows (a backfill filling older days).
   */
  settledChangeSeq(): number {
    return SliSettledStore.of(this.db).maxSeq();
  }

  /** Sum of each series' values per bucket of `bucketSec`, for [from, to) in epoch seconds. */
  sumsByBucket(seriesIds: readonly number[], from: number, to: number, bucketSec: number): Map<number, number> {
    return this.aggregateByBucket('sum', seriesIds, from, to, bucketSec);
  }

  /** Mean of the values per bucket (for gauges such as orders per minute). */
  averagesByBucket(seriesIds: readonly number[], from: number, to: number, bucketSec: number): Map<number, number> {
    return this.aggregateByBucket('avg', seriesIds, from, to, bucketSec);
  }

  private aggregateByBucket(fn: 'sum' | 'avg', seriesIds: readonly number[], from: number, to: number, bucketSec: number): Map<number, number> {
    // Chunks and head together (store/chunks.ts).
    return aggregateByBucket(this.db, fn, seriesIds, from, to, bucketSec);
  }

  /** Records (or clears, with null) why the source rejected this series' query. */
  setSeriesError(seriesId: number, message: string | null): void {
    this.db.prepare('UPDATE series SET last_error = ? WHERE id = ?').run(message, seriesId);
  }

  seriesErrors(source: string): { key: string; error: string }[] {
    return this.db
      .prepare('SELECT key, last_error AS error FROM series WHERE source = ? AND last_error IS NOT NULL ORDER BY key')
      .all(source) as { key: string; error: string }[];
  }

  points(seriesId: number, from: number, to: number): { ts: number; value: number }[] {
    return chunksOf(this.db)
      .readRange(seriesId, from, to)
      .map(([ts, value]) => ({ ts, value }));
  }

  replaceAlarms(source: string, alarms: readonly AlarmRow[], asOf: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM alarms WHERE source = ?').run(source);
      const ins = this.db.prepare('INSERT INTO alarms (source, name, type, state, state_since, body) VALUES (?, ?, ?, ?, ?, ?)');
      for (const a of alarms) ins.run(source, a.name, a.type, a.state, a.stateSince, JSON.stringify(a.body));
      this.db
        .prepare(
          `INSERT INTO source_state (source, state, alarms_as_of) VALUES (?, 'online', ?)
           ON CONFLICT (source) DO UPDATE SET alarms_as_of = excluded.alarms_as_of`,
        )
        .run(source, asOf);
    })();
  }

  alarms(source: string): AlarmRow[] {
    const rows = this.db
      .prepare('SELECT name, type, state, state_since AS stateSince, body FROM alarms WHERE source = ? ORDER BY name')
      .all(source) as { name: string; type: string; state: string; stateSince: number; body: string }[];
    return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown }));
  }

  sourceState(source: string): SourceStateRow | null {
    const r = this.stmts.sourceState.get(source) as
      | { state: SourceStateRow['state']; offline_since: number | null; last_success: number | null; last_attempt: number | null; last_error: string | null; alarms_as_of: number | null }
      | undefined;
    if (!r) return null;
    return {
      state: r.state,
      offlineSince: r.offline_since,
      lastSuccess: r.last_success,
      lastAttempt: r.last_attempt,
      lastError: r.last_error,
      alarmsAsOf: r.alarms_as_of,
    };
  }

  saveSourceState(source: string, s: Omit<SourceStateRow, 'alarmsAsOf'>): void {
    this.db
      .prepare(
        `INSERT INTO source_state (source, state, offline_since, last_success, last_attempt, last_error)
         VALUES (@source, @state, @offlineSince, @lastSuccess, @lastAttempt, @lastError)
         ON CONFLICT (source) DO UPDATE SET state = excluded.state, offline_since = excluded.offline_since,
           last_success = excluded.last_success, last_attempt = excluded.last_attempt, last_error = excluded.last_error`,
      )
      .run({ source, ...s });
  }

  /**
   * Rewrites the file densely. Backfill inserts land all over the (series, ts) b-tree and
   * leave pages half full (~36 bytes/point measured); VACUUM packs them (~18 bytes/point).
   */
  compact(at: number = Date.now()): void {
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    // Kept beside the file (not in a table: the schema is the migrations'), so a restart does
    // not VACUUM again; it travels with cache.db when that is quarantined.
    writeFileSync(`${this.db.name}${COMPACTED_SUFFIX}`, `${JSON.stringify({ compactedAt: at })}\n`);
  }

  /** When compact() last ran on this file (epoch ms), across restarts; null if never. */
  lastCompactedAt(): number | null {
    try {
      const v = (JSON.parse(readFileSync(`${this.db.name}${COMPACTED_SUFFIX}`, 'utf8')) as { compactedAt?: unknown }).compactedAt;
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    } catch {
      return null;
    }
  }

  /**
   * Counts one source's series and datapoints and records them with the time. It scans that
   * source's points (~0.4 s for 5 M), so the sync worker does it, not the UI-facing thread.
   */
  recountSource(source: string, now: number): void {
    const series = this.db.prepare('SELECT count(*) FROM series WHERE source = ?').pluck().get(source) as number;
    const points =
      (this.db.prepare('SELECT count(*) FROM points WHERE series_id IN (SELECT id FROM series WHERE source = ?)').pluck().get(source) as number) +
      chunkedPointCount(this.db, source);
    this.db
      .prepare(
        `INSERT INTO source_state (source, state, series_stored, points_stored, counted_at) VALUES (?, 'online', ?, ?, ?)
         ON CONFLICT (source) DO UPDATE SET series_stored = excluded.series_stored, points_stored = excluded.points_stored, counted_at = excluded.counted_at`,
      )
      .run(source, series, points, now);
  }

  /** The last recorded counts per source (see recountSource); cheap. */
  countsBySource(): { sourceId: string; series: number; points: number; countedAt: number }[] {
    return this.db
      .prepare(
        `SELECT source AS sourceId, series_stored AS series, points_stored AS points, counted_at AS countedAt
         FROM source_state WHERE counted_at IS NOT NULL ORDER BY source`,
      )
      .all() as { sourceId: string; series: number; points: number; countedAt: number }[];
  }

  stats(): { points: number; series: number; bytes: number } {
    const points = (this.db.prepare('SELECT count(*) FROM points').pluck().get() as number) + chunkedPointCount(this.db);
    const series = this.db.prepare('SELECT count(*) FROM series').pluck().get() as number;
    const file = this.db.name;
    let bytes = 0;
    for (const suffix of ['', '-wal']) {
      try {
        bytes += statSync(file + suffix).size;
      } catch {
        // no WAL file yet
      }
    }
    return { points, series, bytes };
  }
}
