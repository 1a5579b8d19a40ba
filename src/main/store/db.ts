// Opening a SQLite database with versioned migrations. Each applied migration's hash is
// recorded, so an edited migration (a silent schema fork) is caught at open time.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

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
