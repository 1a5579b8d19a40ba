// journal.db: what people wrote. Precious: synchronous=FULL, never moved aside or rebuilt —
// if it cannot be opened, Opsdeck refuses to start rather than risk it.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type Db, type Migration, openDatabase } from './db';

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
