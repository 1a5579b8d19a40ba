// Salvage: every readable row of a damaged journal copied into a healthy one. The damaged
// file is read through a private read-only copy (db.ts withReadOnlyCopy), table by table and
// rowid range by rowid range: a range that hits an unreadable page is halved until the
// unreadable rows are isolated, so one bad page costs only the rows stored on it.
import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import { isCorruption, quickCheck, withReadOnlyCopy } from './db';

export interface SalvagedTable {
  table: string;
  rows: number;
  /** Rowid ranges that could not be read (each range is one or more lost rows). */
  unreadableRanges: number;
  /** Rows read but refused by the fresh journal (NOT NULL, CHECK): damaged content. */
  refused: number;
}

export interface SalvageReport {
  /** The file that was read (never written). */
  source: string;
  /** What quick_check said about it (the first few problems). */
  problems: string[];
  tables: SalvagedTable[];
  /** Tables that could not be read at all, or that this Opsdeck does not know, with why. */
  lost: { table: string; reason: string }[];
  totalRows: number;
}

/** Bounds the probing of one table, so a shredded b-tree cannot keep the start-up busy for long. */
const QUERY_BUDGET_PER_TABLE = 100_000;
/** Rows read per query: small enough to keep memory flat, large enough to be fast. */
const RANGE_ROWS = 2_000;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

type Row = Record<string, unknown>;

function tablesOf(db: Db): { name: string; withoutRowid: boolean }[] {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_migrations' ORDER BY name")
    .all() as { name: string; sql: string | null }[];
  return rows.map((r) => ({ name: r.name, withoutRowid: /WITHOUT\s+ROWID\s*$/i.test((r.sql ?? '').trim()) }));
}

function tryValue<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    if (isCorruption(err)) return null;
    throw err;
  }
}

/**
 * Reads every readable row of `table` in rowid order, handing them over in batches. Returns
 * how many rowid ranges were unreadable.
 */
function readTable(db: Db, table: string, withoutRowid: boolean, onRows: (rows: Row[]) => void): number {
  if (withoutRowid) {
    // No rowid to range over: read in key order and keep what came before the damage.
    const rows: Row[] = [];
    try {
      for (const r of db.prepare(`SELECT * FROM ${quote(table)}`).iterate() as Iterable<Row>) rows.push(r);
      onRows(rows);
      return 0;
    } catch (err) {
      if (!isCorruption(err)) throw err;
      onRows(rows);
      return 1;
    }
  }
  const q = quote(table);
  // The two ends of the b-tree are read separately: either may be the damaged part.
  const lo = tryValue(() => db.prepare(`SELECT rowid FROM ${q} ORDER BY rowid ASC LIMIT 1`).pluck().get() as number | undefined);
  const hi = tryValue(() => db.prepare(`SELECT rowid FROM ${q} ORDER BY rowid DESC LIMIT 1`).pluck().get() as number | undefined);
  if (lo === undefined || hi === undefined) return 0; // empty table
  const first = lo ?? 1;
  // Journal rowids grow from 1 one row at a time; without a readable last page, probe well past the count.
  const last = hi ?? Math.max(first, (tryValue(() => db.prepare(`SELECT max(rowid) FROM ${q}`).pluck().get() as number) ?? 0), first + 1_000_000);
  const range = db.prepare(`SELECT rowid AS "__salvage_rowid", * FROM ${q} WHERE rowid BETWEEN ? AND ? ORDER BY rowid`);
  // One row by equality: a range scan steps past its last row to find the end, and that step
  // may land on the damaged page next door.
  const one = db.prepare(`SELECT rowid AS "__salvage_rowid", * FROM ${q} WHERE rowid = ?`);
  let budget = QUERY_BUDGET_PER_TABLE;
  let unreadable = 0;
  let lastWasUnreadable = false;
  const visit = (a: number, b: number): void => {
    if (budget <= 0) {
      if (!lastWasUnreadable) unreadable += 1;
      lastWasUnreadable = true;
      return;
    }
    budget -= 1;
    let rows: Row[];
    try {
      rows = (a === b ? one.all(a) : range.all(a, b)) as Row[];
    } catch (err) {
      if (!isCorruption(err)) throw err;
      if (a === b) {
        if (!lastWasUnreadable) unreadable += 1;
        lastWasUnreadable = true;
        return;
      }
      const mid = a + Math.floor((b - a) / 2);
      visit(a, mid);
      visit(mid + 1, b);
      return;
    }
    if (rows.length > 0) lastWasUnreadable = false;
    for (const r of rows) delete r.__salvage_rowid;
    if (rows.length) onRows(rows);
  };
  for (let a = first; a <= last; a += RANGE_ROWS) visit(a, Math.min(last, a + RANGE_ROWS - 1));
  return unreadable;
}

/**
 * Copies every readable row of the damaged journal `damagedFile` into `target` (a healthy,
 * migrated journal), merging by primary key as an import does. `damagedFile` is not opened:
 * a private copy is read.
 */
export function salvageJournal(damagedFile: string, target: Db): SalvageReport {
  const report: SalvageReport = { source: damagedFile, problems: [], tables: [], lost: [], totalRows: 0 };
  const targetTables = new Map(
    (target.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_migrations'").pluck().all() as string[]).map(
      (t) => [t, new Set(target.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[])],
    ),
  );
  let opened = false;
  try {
    withReadOnlyCopy(damagedFile, (db) => {
      opened = true;
      report.problems = quickCheck(db, 10);
      let tables: { name: string; withoutRowid: boolean }[];
      try {
        tables = tablesOf(db);
      } catch (err) {
        if (!isCorruption(err)) throw err;
        report.lost.push({ table: '(all)', reason: `the list of tables is unreadable (${(err as Error).message})` });
        return;
      }
      for (const t of tables) {
        const targetCols = targetTables.get(t.name);
        if (!targetCols) {
          report.lost.push({ table: t.name, reason: 'unknown to this Opsdeck (kept in the original file)' });
          continue;
        }
        const entry: SalvagedTable = { table: t.name, rows: 0, unreadableRanges: 0, refused: 0 };
        const insertFor = new Map<string, Statement<unknown[]>>();
        entry.unreadableRanges = readTable(db, t.name, t.withoutRowid, (rows) => {
          target.transaction(() => {
            for (const row of rows) {
              const cols = Object.keys(row).filter((c) => targetCols.has(c));
              const key = cols.join('\u0000');
              let stmt = insertFor.get(key);
              if (!stmt) {
                stmt = target.prepare(`INSERT INTO ${quote(t.name)} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`);
                insertFor.set(key, stmt);
              }
              try {
                entry.rows += stmt.run(...cols.map((c) => row[c])).changes;
              } catch (err) {
                if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) entry.refused += 1;
                else throw err;
              }
            }
          })();
        });
        report.tables.push(entry);
        report.totalRows += entry.rows;
      }
    });
  } catch (err) {
    if (!isCorruption(err) || opened) throw err;
    report.lost.push({ table: '(all)', reason: `the file is not readable as a database (${(err as Error).message})` });
  }
  if (report.problems.length === 0 && report.lost.length > 0) report.problems = [report.lost[0]?.reason ?? 'unreadable'];
  return report;
}

/** "notes 12, silences 3 (2 unreadable ranges)" — for notices and the CLI. */
export function describeSalvage(r: SalvageReport): string {
  const parts = r.tables
    .filter((t) => t.rows > 0 || t.unreadableRanges > 0 || t.refused > 0)
    .map((t) => {
      const extra = [t.unreadableRanges ? `${t.unreadableRanges} unreadable range${t.unreadableRanges === 1 ? '' : 's'}` : '', t.refused ? `${t.refused} damaged row${t.refused === 1 ? '' : 's'} refused` : '']
        .filter(Boolean)
        .join(', ');
      return `${t.table} ${t.rows}${extra ? ` (${extra})` : ''}`;
    });
  const lost = r.lost.map((l) => `${l.table}: ${l.reason}`);
  return [`${r.totalRows} row${r.totalRows === 1 ? '' : 's'} salvaged${parts.length ? ` — ${parts.join(', ')}` : ''}`, ...lost].join('; ');
}
