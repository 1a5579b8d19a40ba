// journal.db: what people wrote. Precious: synchronous=FULL, never moved aside or rebuilt —
// if it cannot be opened, Opsdeck refuses to start rather than risk it.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Db, type Migration, openDatabase } from './db';
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

export function openJournal(dir: string): JournalStore {
  const file = join(dir, 'journal.db');
  try {
    return new JournalStore(openDatabase(file, { migrations: JOURNAL_MIGRATIONS, synchronous: 'FULL' }));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new JournalUnavailableError(
      `${file} could not be opened (${reason}). It holds what people wrote, so Opsdeck left it untouched; copy it somewhere safe before investigating.`,
    );
  }
}

export class JournalStore {
  constructor(readonly db: Db) {}

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
