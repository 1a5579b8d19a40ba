// Journal export/import: one JSON file holding every journal table. Import merges by
// primary key (UUIDs), so importing the same file twice, or a colleague's file that
// shares history with ours, adds each entry exactly once. Every row is validated against
// the contract's schemas first; all or nothing. A row whose id we hold with other content
// is a conflict: ours is kept, theirs listed in the report. Export streams row by row.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { BadInputError } from '../../shared/errors';
import type { JournalStore } from './journal';
import { JOURNAL_ROW_SCHEMAS, schemaFromColumns, type ColumnInfo } from './journal-rows';

export const JOURNAL_EXPORT_FORMAT = 'opsdeck-journal';

const ExportFile = z.object({
  format: z.literal(JOURNAL_EXPORT_FORMAT),
  schemaVersion: z.number().int().positive(),
  exportedAt: z.string(),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

export interface ImportConflict {
  table: string;
  id: string;
  /** Columns whose content differs from ours. */
  fields: string[];
  /** Their row as it was in the file (ours was kept). */
  theirs: Record<string, unknown>;
}

export interface ImportReport {
  added: Record<string, number>;
  alreadyPresent: Record<string, number>;
  /** Rows whose id we already hold with different content: ours kept, theirs listed (the first 200). */
  conflicts: ImportConflict[];
  conflictCount: number;
  /** Columns in the file that this Opsdeck's journal does not have (their values were not imported). */
  unknownColumns: { table: string; columns: string[] }[];
}

/** Export and import as the API uses them: in a worker thread in the app, inline in tests. */
export interface JournalTransfer {
  exportJson(now: number): Promise<{ text: string; rows: number }>;
  importJson(fileName: string, content: string): Promise<ImportReport>;
}

export class JournalImportError extends BadInputError {}

const MAX_LISTED_CONFLICTS = 200;
const MAX_LISTED_PROBLEMS = 20;

function userTables(journal: JournalStore): string[] {
  return (journal.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_migrations' ORDER BY name").pluck().all() as string[]);
}

function columnInfo(journal: JournalStore, table: string): ColumnInfo[] {
  return journal.db.prepare('SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid').all(table) as ColumnInfo[];
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Writes the whole journal as JSON through `write`, row by row (a consistent snapshot): the
 * rows are never all in memory at once, so a large journal exports in flat memory.
 */
export function writeJournalJson(journal: JournalStore, write: (chunk: string) => void, now: Date = new Date()): { rows: number } {
  let rows = 0;
  journal.db.transaction(() => {
    const version = journal.db.pragma('user_version', { simple: true }) as number;
    write(`{"format":${JSON.stringify(JOURNAL_EXPORT_FORMAT)},"schemaVersion":${version},"exportedAt":${JSON.stringify(now.toISOString())},"tables":{`);
    userTables(journal).forEach((t, ti) => {
      write(`${ti ? ',' : ''}\n${JSON.stringify(t)}:[`);
      let first = true;
      for (const row of journal.db.prepare(`SELECT * FROM ${quote(t)} ORDER BY rowid`).iterate()) {
        write(`${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
        first = false;
        rows += 1;
      }
      write(']');
    });
    write('\n}}\n');
  })();
  return { rows };
}

/** The whole journal as one JSON text (a consistent snapshot). */
export function journalToJson(journal: JournalStore, now: Date = new Date()): { text: string; rows: number } {
  const chunks: string[] = [];
  const { rows } = writeJournalJson(journal, (c) => chunks.push(c), now);
  return { text: chunks.join(''), rows };
}

export function exportJournal(journal: JournalStore, file: string, now: Date = new Date()): { rows: number } {
  // Write then rename, so a crash never leaves a half-written export under the real name.
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  let buffered: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (buffered.length) writeSync(fd, buffered.join(''));
    buffered = [];
    size = 0;
  };
  let result: { rows: number };
  try {
    result = writeJournalJson(
      journal,
      (chunk) => {
        buffered.push(chunk);
        size += chunk.length;
        if (size > 1 << 20) flush();
      },
      now,
    );
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return result;
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

const sameValue = (a: unknown, b: unknown): boolean => a === b || (a === null && b === undefined) || (a === undefined && b === null);

/**
 * Merges an export into the journal; `label` names the input in errors (a path or a file
 * name). Every row is validated (journal-rows.ts) before anything is written: one bad row
 * refuses the whole file, naming the row and the field.
 */
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
  const report: ImportReport = { added: {}, alreadyPresent: {}, conflicts: [], conflictCount: 0, unknownColumns: [] };
  const problems: string[] = [];
  let problemCount = 0;
  const plan: { table: string; cols: string[]; pk: string[]; rows: Record<string, unknown>[] }[] = [];

  // 1. Validate everything; write nothing yet.
  for (const [table, rows] of Object.entries(parsed.data.tables)) {
    if (!known.has(table)) throw new JournalImportError(`${file}: table "${table}" is unknown to this Opsdeck; nothing was imported`);
    const info = columnInfo(journal, table);
    const cols = info.map((c) => c.name);
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const schema = JOURNAL_ROW_SCHEMAS[table] ?? schemaFromColumns(info);
    const unknown = new Set<string>();
    const clean: Record<string, unknown>[] = [];
    rows.forEach((row, i) => {
      for (const k of Object.keys(row)) if (!cols.includes(k)) unknown.add(k);
      const picked: Record<string, unknown> = {};
      for (const c of cols) picked[c] = row[c] === undefined ? null : row[c];
      const r = schema.safeParse(picked);
      if (!r.success) {
        problemCount += 1;
        if (problems.length < MAX_LISTED_PROBLEMS) {
          const id = typeof row.id === 'string' ? ` (id ${JSON.stringify(row.id.slice(0, 80))})` : '';
          const first = r.error.issues[0];
          problems.push(`tables.${table}[${i}]${id}: ${first ? `${first.path.join('.') || '(row)'}: ${first.message}` : 'invalid'}`);
        }
        return;
      }
      clean.push(picked);
    });
    if (unknown.size) report.unknownColumns.push({ table, columns: [...unknown].sort() });
    plan.push({ table, cols, pk, rows: clean });
  }
  if (problemCount > 0) {
    const more = problemCount > problems.length ? ` (and ${problemCount - problems.length} more)` : '';
    throw new JournalImportError(`${file}: ${problemCount} invalid row${problemCount === 1 ? '' : 's'}${more}; nothing was imported:\n${problems.join('\n')}`);
  }

  // 2. Write, all or nothing. A row we already hold is skipped, identical or not; a different one is a conflict.
  journal.db.transaction(() => {
    for (const { table, cols, pk, rows } of plan) {
      const insert = journal.db.prepare(`INSERT INTO ${quote(table)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`);
      const existing = pk.length ? journal.db.prepare(`SELECT * FROM ${quote(table)} WHERE ${pk.map((c) => `${quote(c)} = ?`).join(' AND ')}`) : null;
      let added = 0;
      let present = 0;
      rows.forEach((row, i) => {
        const ours = existing?.get(...pk.map((c) => row[c])) as Record<string, unknown> | undefined;
        if (ours) {
          present += 1;
          const fields = cols.filter((c) => !sameValue(ours[c], row[c]));
          if (fields.length) {
            report.conflictCount += 1;
            if (report.conflicts.length < MAX_LISTED_CONFLICTS) report.conflicts.push({ table, id: String(row.id ?? pk.map((c) => row[c]).join('/')), fields, theirs: row });
          }
          return;
        }
        try {
          const changes = insert.run(...cols.map((c) => row[c])).changes;
          added += changes;
          present += 1 - changes;
        } catch (err) {
          throw new JournalImportError(`${file}: tables.${table}[${i}]: ${(err as Error).message}; nothing was imported`);
        }
      });
      report.added[table] = added;
      report.alreadyPresent[table] = present;
    }
  })();
  return report;
}
