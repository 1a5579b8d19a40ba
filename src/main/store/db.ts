// Opening a SQLite database with versioned migrations. Each applied migration's hash is
// recorded, so an edited migration (a silent schema fork) is caught at open time.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export type Db = Database.Database;

export interface OpenOptions {
  migrations: readonly Migration[];
  /** FULL for the journal (what people wrote), NORMAL for the disposable cache. */
  synchronous: 'FULL' | 'NORMAL';
  readonly?: boolean;
}

export class MigrationError extends Error {}

function hashOf(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex').slice(0, 16);
}

export function openDatabase(file: string, options: OpenOptions): Db {
  // In Electron, the copy of better-sqlite3 built for Electron's ABI (scripts/build-electron-sqlite.mjs);
  // in Node (tests, serve mode), the one npm built.
  const nativeBinding = process.env.OPSDECK_SQLITE_NATIVE;
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous}`);
      db.pragma('foreign_keys = ON');
      migrate(db, options.migrations, file);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * SQLite page cache of a connection that mostly reads cache.db (the UI-facing thread; the SLO,
 * capacity and metric-read workers): 4 MB instead of better-sqlite3's 16 MB default. Five
 * connections to a large cache.db each filled 16 MB of the one process's RSS
 * (memory.main_rss_mb); the pages come from the OS's file cache. The sync worker, which writes
 * pages all the time, keeps the default.
 */
export const READER_CACHE_KB = 4_000;

/** quick_check's own connection (quickCheckFile). */
const QUICK_CHECK_CACHE_KB = 1_000;

export function setPageCacheKb(db: Db, kb: number): void {
  db.pragma(`cache_size = -${kb}`);
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * True for "the file is damaged" (SQLITE_CORRUPT and its extended codes, SQLITE_NOTADB), also
 * when it crossed a worker boundary as a bare message.
 */
/** Another connection holds the write lock (past busy_timeout): the write can be tried again later. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

export function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && [...CORRUPTION_CODES].some((c) => code === c || code.startsWith(`${c}_`))) return true;
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  return /database disk image is malformed|file is not a database/.test(message);
}

/**
 * `PRAGMA quick_check` as a list of problems (empty: healthy). Damage that stops the check
 * itself (an unreadable header, say) is returned as a problem, not thrown.
 */
export function quickCheck(db: Db, maxErrors = 20): string[] {
  try {
    const rows = db.pragma(`quick_check(${maxErrors})`, { simple: false }) as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
    return problems;
  } catch (err) {
    if (isCorruption(err) || (err as { code?: unknown }).code === 'SQLITE_CANTOPEN') return [(err as Error).message];
    throw err;
  }
}

/**
 * quick_check of a live database file on a read-only handle (the file is not copied: a
 * multi-GB cache is read in place). Used off the UI-facing thread; [] when healthy.
 */
export function quickCheckFile(file: string, maxErrors = 5): string[] {
  const nativeBinding = process.env.OPSDECK_SQLITE_NATIVE;
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    if (isCorruption(err)) return [(err as Error).message];
    throw err;
  }
  try {
    // It reads every page once: a cache only holds them longer.
    setPageCacheKb(db, QUICK_CHECK_CACHE_KB);
    return quickCheck(db, maxErrors);
  } finally {
    db.close();
  }
}

/**
 * Runs `fn` on a read-only handle to a private copy of `file` and its `-wal`, then deletes
 * the copy. The original files are never opened, so nothing — not a checkpoint on close, not
 * a rebuilt `-shm` — can change a byte of them. A journal is small; copying it is cheap.
 */
export function withReadOnlyCopy<T>(file: string, fn: (db: Db) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-check-'));
  const copy = join(dir, basename(file));
  try {
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const nativeBinding = process.env.OPSDECK_SQLITE_NATIVE;
    const db = new Database(copy, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** quick_check of `file` (with its WAL) without opening the file itself; [] when healthy. */
export function checkFileReadOnly(file: string): string[] {
  try {
    return withReadOnlyCopy(file, (db) => quickCheck(db));
  } catch (err) {
    if (isCorruption(err)) return [(err as Error).message];
    throw err;
  }
}

export function migrate(db: Db, migrations: readonly Migration[], file: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT version, name, hash FROM _migrations').all() as { version: number; name: string; hash: string }[]).map((r) => [
      r.version,
      r,
    ]),
  );
  const known = new Set(migrations.map((m) => m.version));
  for (const version of applied.keys()) {
    if (!known.has(version)) {
      throw new MigrationError(`${file}: schema version ${version} is newer than this Opsdeck understands; upgrade Opsdeck`);
    }
  }
  const insert = db.prepare('INSERT INTO _migrations (version, name, hash, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = applied.get(m.version);
    if (done) {
      if (done.hash !== hashOf(m)) {
        throw new MigrationError(`${file}: migration ${m.version} (${m.name}) was changed after it was applied`);
      }
      continue;
    }
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, hashOf(m), Date.now());
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
