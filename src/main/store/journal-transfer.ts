// Journal export/import: one JSON file holding every journal table. Import merges by
// primary key (UUIDs), so importing the same file twice, or a colleague's file that
// shares history with ours, adds each entry exactly once. All or nothing.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { BadInputError } from '../../shared/errors';
import type { JournalStore } from './journal';

export const JOURNAL_EXPORT_FORMAT = 'opsdeck-journal';

const ExportFile = z.object({
  format: z.literal(JOURNAL_EXPORT_FORMAT),
  schemaVersion: z.number().int().positive(),
  exportedAt: z.string(),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

export interface ImportReport {
  added: Record<string, number>;
  alreadyPresent: Record<string, number>;
}

export class JournalImportError extends BadInputError {}

function userTables(journal: JournalStore): string[] {
  return (journal.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_migrations' ORDER BY name").pluck().all() as string[]);
}

function columnsOf(journal: JournalStore, table: string): string[] {
  return (journal.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The whole journal as one JSON text (a consistent snapshot). */
export function journalToJson(journal: JournalStore, now: Date = new Date()): { text: string; rows: number } {
  const tables: Record<string, unknown[]> = {};
  let rows = 0;
  // One read transaction: a consistent snapshot even while the app keeps writing.
  journal.db.transaction(() => {
    for (const t of userTables(journal)) {
      tables[t] = journal.db.prepare(`SELECT * FROM ${quote(t)}`).all();
      rows += tables[t].length;
    }
  })();
  const body = { format: JOURNAL_EXPORT_FORMAT, schemaVersion: journal.db.pragma('user_version', { simple: true }) as number, exportedAt: now.toISOString(), tables };
  return { text: JSON.stringify(body, null, 1), rows };
}

export function exportJournal(journal: JournalStore, file: string, now: Date = new Date()): { rows: number } {
  const { text, rows } = journalToJson(journal, now);
  // Write then rename, so a crash never leaves a half-written export under the real name.
  writeFileSync(`${file}.partial`, text);
  renameSync(`${file}.partial`, file);
  return { rows };
}

export function importJournal(journal: JournalStore, file: string): ImportReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new JournalImportError(`${file}: cannot be read (${(err as Error).message}); nothing was imported`);
  }
  return importJournalText(journal, text, file);
}

/** Merges an export into the journal; `label` names the input in errors (a path or a file name). */
export function importJournalText(journal: JournalStore, text: string, label: string): ImportReport {
  const file = label;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new JournalImportError(`${file}: not a readable JSON file (${(err as Error).message}); nothing was imported`);
  }
  const parsed = ExportFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JournalImportError(`${file}: not an Opsdeck journal export (${issue ? `${issue.path.join('.') || '(file)'}: ${issue.message}` : 'unknown shape'}); nothing was imported`);
  }
  const local = journal.db.pragma('user_version', { simple: true }) as number;
  if (parsed.data.schemaVersion > local) {
    throw new JournalImportError(`${file}: written by a newer Opsdeck (journal schema ${parsed.data.schemaVersion}, this one understands ${local}); nothing was imported`);
  }
  const known = new Set(userTables(journal));
  const report: ImportReport = { added: {}, alreadyPresent: {} };
  journal.db.transaction(() => {
    for (const [table, rows] of Object.entries(parsed.data.tables)) {
      if (!known.has(table)) throw new JournalImportError(`${file}: table "${table}" is unknown to this Opsdeck; nothing was imported`);
      const cols = columnsOf(journal, table);
      let added = 0;
      rows.forEach((row, i) => {
        const present = cols.filter((c) => c in row);
        if (present.length === 0) throw new JournalImportError(`${file}: tables.${table}[${i}] has none of the columns ${cols.join(', ')}; nothing was imported`);
        // ON CONFLICT DO NOTHING skips only rows we already have; unlike INSERT OR IGNORE it
        // still fails a row that breaks NOT NULL or CHECK, so damage is reported, not dropped.
        const sql = `INSERT INTO ${quote(table)} (${present.map(quote).join(', ')}) VALUES (${present.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`;
        try {
          added += journal.db.prepare(sql).run(...present.map((c) => row[c] as never)).changes;
        } catch (err) {
          throw new JournalImportError(`${file}: tables.${table}[${i}]: ${(err as Error).message}; nothing was imported`);
        }
      });
      report.added[table] = added;
      report.alreadyPresent[table] = rows.length - added;
    }
  })();
  return report;
}
