// journal.db: what people wrote. Precious: synchronous=FULL, and a damaged journal is never
// written to. It is checked read-only at open (quick_check on a private copy); a damaged one
// is moved aside byte-identical with its -wal and -shm, its readable rows are salvaged into a
// fresh journal, and the app says so. A journal that is healthy but unusable for another
// reason (written by a newer Opsdeck, unreadable permissions) is refused, untouched.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { type Db, type Migration, checkFileReadOnly, isCorruption, openDatabase, quickCheck } from './db';
import { salvageJournal, type SalvageReport } from './journal-salvage';
import { INCIDENT_JOURNAL_MIGRATIONS } from './incidents';

export const JOURNAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'notes',
    sql: `
      CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX notes_by_subject ON notes (subject, created_at);
    `,
  },
  {
    version: 2,
    name: 'alert queue: actions, silences, maintenance plans, settings (append-only)',
    sql: `
      -- Every row: a UUID id, its author and created_at (epoch ms), so journal files merge
      -- without duplicates. Nothing is updated in place: an un-acknowledge is a new row, an
      -- early end of a silence is a row in silence_expiries, and so on.
      CREATE TABLE alert_actions (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        -- Rows written by one gesture (acknowledge a group of three alerts) share a batch.
        batch_id TEXT NOT NULL,
        occurrence_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('ack', 'unack', 'assign', 'snooze', 'unsnooze', 'note')),
        note TEXT,
        assignee TEXT,
        until INTEGER
      );
      CREATE INDEX alert_actions_by_occurrence ON alert_actions (occurrence_key, created_at);
      CREATE INDEX alert_actions_by_time ON alert_actions (created_at);
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        matchers TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
        reason TEXT NOT NULL
      );
      CREATE TABLE silence_expiries (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        silence_id TEXT NOT NULL
      );
      CREATE INDEX silence_expiries_by_silence ON silence_expiries (silence_id);
      CREATE TABLE maintenance_plans (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        title TEXT NOT NULL,
        rule TEXT NOT NULL,
        matchers TEXT NOT NULL
      );
      CREATE TABLE maintenance_retirements (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        plan_id TEXT NOT NULL
      );
      CREATE INDEX maintenance_retirements_by_plan ON maintenance_retirements (plan_id);
      -- Severity rules, grouping and runbook links: the newest row wins.
      CREATE TABLE alert_settings (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        body TEXT NOT NULL
      );
    `,
  },
  ...INCIDENT_JOURNAL_MIGRATIONS,
];

export interface Note {
  id: string;
  createdAt: number;
  author: string;
  subject: string;
  body: string;
}

export class JournalUnavailableError extends Error {}

/** What happened to a damaged journal: where the original went and what was salvaged. */
export interface JournalRecovery {
  at: number;
  /** Found at open, or by a read/write that hit the damage while running. */
  when: 'start-up' | 'run time';
  /** The damaged files, renamed byte-identical: journal.db.damaged-<time>[-wal|-shm]. */
  keptAs: string[];
  salvage: SalvageReport;
}

const stampOf = (at: number): string => new Date(at).toISOString().replace(/[:.]/g, '-');

function openHealthy(file: string): Db {
  try {
    return openDatabase(file, { migrations: JOURNAL_MIGRATIONS, synchronous: 'FULL' });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new JournalUnavailableError(
      `${file} could not be opened (${reason}). It holds what people wrote, so Opsdeck left it untouched; copy it somewhere safe before investigating.`,
    );
  }
}

/** Renames journal.db and its -wal/-shm to journal.db.damaged-<time>…; returns the new names. */
function moveAside(file: string, at: number): string[] {
  let aside = `${file}.damaged-${stampOf(at)}`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.damaged-${stampOf(at)}-${n}`;
  const kept: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(file + suffix)) continue;
    renameSync(file + suffix, aside + suffix);
    kept.push(aside + suffix);
  }
  return kept;
}

/** A fresh journal at `file` holding every readable row of the damaged one (already moved aside). */
function freshFromDamaged(file: string, keptAs: string[]): { db: Db; salvage: SalvageReport } {
  const db = openHealthy(file);
  const damaged = keptAs[0];
  const salvage = damaged ? salvageJournal(damaged, db) : { source: file, problems: [], tables: [], lost: [], totalRows: 0 };
  return { db, salvage };
}

/**
 * Opens journal.db in `dir`, checking it first without writing to it. A damaged journal is
 * moved aside and salvaged into a fresh one (`recovery` on the store says what happened).
 */
export function openJournal(dir: string, now: () => number = Date.now): JournalStore {
  const file = join(dir, 'journal.db');
  if (existsSync(file)) {
    let problems: string[];
    try {
      problems = checkFileReadOnly(file);
    } catch (err) {
      throw new JournalUnavailableError(
        `${file} could not be checked (${err instanceof Error ? err.message : String(err)}). It holds what people wrote, so Opsdeck left it untouched; copy it somewhere safe before investigating.`,
      );
    }
    if (problems.length > 0) {
      const at = now();
      const keptAs = moveAside(file, at);
      const { db, salvage } = freshFromDamaged(file, keptAs);
      if (salvage.problems.length === 0) salvage.problems = problems;
      return new JournalStore(db, { at, when: 'start-up', keptAs, salvage });
    }
  }
  return new JournalStore(openHealthy(file));
}

/**
 * After a read or write on `store` failed with SQLITE_CORRUPT: if the journal really is
 * damaged, closes it without checkpointing, moves its files aside and returns a fresh,
 * salvaged journal; if it is healthy (the damage was elsewhere), returns null.
 */
export function recoverJournal(store: JournalStore, now: () => number = Date.now): JournalStore | null {
  const problems = quickCheck(store.db);
  if (problems.length === 0) return null;
  const file = store.db.name;
  // A second, read-only handle holds a shared lock while the writer closes, so the writer's
  // close cannot checkpoint the WAL into the damaged file nor delete the WAL.
  const nativeBinding = process.env.OPSDECK_SQLITE_NATIVE;
  const guard = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    guard.pragma('user_version', { simple: true });
  } catch (err) {
    if (!isCorruption(err)) throw err;
  }
  store.db.close();
  guard.close();
  const at = now();
  const keptAs = moveAside(file, at);
  const { db, salvage } = freshFromDamaged(file, keptAs);
  if (salvage.problems.length === 0) salvage.problems = problems;
  return new JournalStore(db, { at, when: 'run time', keptAs, salvage });
}

export class JournalStore {
  /** Set when this journal was rebuilt from a damaged one. */
  constructor(
    readonly db: Db,
    readonly recovery: JournalRecovery | null = null,
  ) {}

  close(): void {
    this.db.close();
  }

  addNote(n: Omit<Note, 'id'> & { id?: string }): Note {
    const note: Note = { id: n.id ?? randomUUID(), createdAt: n.createdAt, author: n.author, subject: n.subject, body: n.body };
    this.db
      .prepare('INSERT INTO notes (id, created_at, author, subject, body) VALUES (@id, @createdAt, @author, @subject, @body)')
      .run(note);
    return note;
  }

  notes(subject: string): Note[] {
    return this.db
      .prepare('SELECT id, created_at AS createdAt, author, subject, body FROM notes WHERE subject = ? ORDER BY created_at')
      .all(subject) as Note[];
  }
}
