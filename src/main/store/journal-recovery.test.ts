// A damaged journal.db is never written to: its files are moved aside byte-identical, every
// readable row is salvaged into a fresh journal, and the app keeps working. Damage is made
// the way disks make it — a page overwritten in the middle, a file cut short, a WAL left by a
// crash — on real SQLite files, and the pages to hit are located with dbstat.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isCorruption, quickCheck } from './db';
import { openJournal } from './journal';
import { createRecovery } from './recovery';
import { describeSalvage, salvageJournal } from './journal-salvage';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'opsdeck-journal-damage-'));
const AT = Date.UTC(2026, 11, 1, 9, 30);
const STAMP = '2026-12-01T09-30-00-000Z';
const body = (i: number): string => `note ${i}: ${'paged the payments team and rolled back '.repeat(6)}`;

function fill(dir: string, n: number): void {
  const j = openJournal(dir);
  j.db.transaction(() => {
    for (let i = 0; i < n; i++) j.addNote({ createdAt: i, author: 'ana', subject: 'inc-7', body: body(i) });
  })();
  j.close();
}

/** Leaf pages of a table in b-tree order, with how many rows each holds. */
function leaves(file: string, table: string): { pageno: number; ncell: number }[] {
  // Read from a copy: opening the file itself would leave a -wal and -shm beside it.
  const copy = join(tmp(), 'probe.db');
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  const db = new Database(copy, { readonly: true });
  try {
    return db.prepare("SELECT pageno, ncell FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path").all(table) as { pageno: number; ncell: number }[];
  } finally {
    db.close();
  }
}

function damagePage(file: string, pageno: number, pageSize = 4096): void {
  const buf = readFileSync(file);
  buf.fill(0xa5, (pageno - 1) * pageSize, pageno * pageSize);
  writeFileSync(file, buf);
}

/** The bytes of journal.db and its -wal/-shm, by suffix. */
function snapshot(file: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) out[suffix] = readFileSync(file + suffix);
  return out;
}

/** A journal as a crash leaves it: 1000 rows checkpointed, `extra` more only in the WAL. */
function crashedWithWal(extra: number): string {
  const live = tmp();
  fill(live, 1000);
  const file = join(live, 'journal.db');
  const db = new Database(file);
  db.pragma('wal_autocheckpoint = 0');
  const ins = db.prepare("INSERT INTO notes (id, created_at, author, subject, body) VALUES (?, ?, 'bo', 'inc-7', ?)");
  db.transaction(() => {
    for (let i = 1000; i < 1000 + extra; i++) ins.run(`wal-${i}`, i, body(i));
  })();
  // The crash: the files as they are on disk while the connection is still open.
  const crashed = tmp();
  for (const suffix of ['', '-wal', '-shm']) copyFileSync(file + suffix, join(crashed, `journal.db${suffix}`));
  db.close();
  return crashed;
}

describe('a damaged journal.db found at start-up', () => {
  it('damaged in the middle (no WAL): moved aside byte-identical, every other row salvaged, the app keeps writing', () => {
    const dir = tmp();
    fill(dir, 2000);
    const file = join(dir, 'journal.db');
    expect(existsSync(`${file}-wal`)).toBe(false);
    const notes = leaves(file, 'notes');
    const hit = notes[Math.floor(notes.length / 2)]!;
    damagePage(file, hit.pageno);
    const before = snapshot(file);

    const j = openJournal(dir, () => AT);
    const aside = join(dir, `journal.db.damaged-${STAMP}`);
    expect(j.recovery?.keptAs).toEqual([aside]);
    expect(readFileSync(aside).equals(before['']!)).toBe(true);
    expect(j.recovery?.salvage.problems.length).toBeGreaterThan(0);
    // Only the rows stored on the overwritten page are lost.
    expect(j.recovery?.salvage.tables.find((t) => t.table === 'notes')).toMatchObject({ rows: 2000 - hit.ncell, unreadableRanges: 1 });
    expect(j.notes('inc-7')).toHaveLength(2000 - hit.ncell);
    expect(quickCheck(j.db)).toEqual([]);
    j.addNote({ createdAt: 5000, author: 'ana', subject: 'inc-7', body: 'still writing' });
    j.close();
    // The kept original was not touched by any of that.
    expect(readFileSync(aside).equals(before['']!)).toBe(true);
    expect(openJournal(dir).recovery).toBeNull();
  });

  it('damaged in the middle with a WAL beside it: db, -wal and -shm kept byte-identical; rows only in the WAL salvaged', () => {
    const dir = crashedWithWal(200);
    const file = join(dir, 'journal.db');
    const notes = leaves(file, 'notes');
    const hit = notes[3]!;
    damagePage(file, hit.pageno);
    const before = snapshot(file);
    expect(Object.keys(before).sort()).toEqual(['', '-shm', '-wal']);

    const j = openJournal(dir, () => AT);
    const aside = join(dir, `journal.db.damaged-${STAMP}`);
    expect(j.recovery?.keptAs).toEqual([aside, `${aside}-wal`, `${aside}-shm`]);
    for (const [suffix, bytes] of Object.entries(before)) expect(readFileSync(aside + suffix).equals(bytes)).toBe(true);
    const bodies = j.notes('inc-7').map((n) => n.body);
    expect(bodies).toHaveLength(1200 - hit.ncell);
    expect(bodies).toContain(body(1199)); // committed only in the WAL
    j.close();
  });

  it('cut short with a WAL beside it: refused as damaged, files kept byte-identical, what is readable salvaged', () => {
    const dir = crashedWithWal(50);
    const file = join(dir, 'journal.db');
    truncateSync(file, Math.floor(readFileSync(file).length / 2 / 4096) * 4096);
    const before = snapshot(file);

    const j = openJournal(dir, () => AT);
    const aside = join(dir, `journal.db.damaged-${STAMP}`);
    for (const [suffix, bytes] of Object.entries(before)) expect(readFileSync(aside + suffix).equals(bytes)).toBe(true);
    const salvaged = j.recovery?.salvage.tables.find((t) => t.table === 'notes')?.rows ?? 0;
    expect(salvaged).toBeGreaterThan(0);
    expect(salvaged).toBeLessThan(1050);
    expect(j.notes('inc-7')).toHaveLength(salvaged);
    j.close();
  });

  it('not a database at all: kept, and a fresh empty journal opened instead of refusing to start', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'journal.db'), 'garbage'.repeat(1000));
    const j = openJournal(dir, () => AT);
    expect(j.recovery?.salvage.totalRows).toBe(0);
    expect(readFileSync(join(dir, `journal.db.damaged-${STAMP}`), 'utf8')).toBe('garbage'.repeat(1000));
    expect(j.notes('x')).toEqual([]);
    j.close();
  });

  it('a healthy journal is opened as it is (no recovery, nothing moved)', () => {
    const dir = tmp();
    fill(dir, 10);
    const j = openJournal(dir);
    expect(j.recovery).toBeNull();
    expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([]);
    j.close();
  });
});

describe('a damaged journal.db found at run time', () => {
  it('the write that hit SQLITE_CORRUPT is retried on the fresh journal; the damaged files are not checkpointed into', async () => {
    const dir = tmp();
    let journal = openJournal(dir);
    journal.db.transaction(() => {
      for (let i = 0; i < 300; i++) journal.addNote({ createdAt: i, author: 'ana', subject: 'inc-7', body: body(i) });
    })();
    journal.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = join(dir, 'journal.db');
    // The disk loses the root of the notes primary-key index: every insert into notes needs it.
    const probe = new Database(file, { readonly: true });
    const indexRoot = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_notes_1'").pluck().get() as number;
    probe.close();
    damagePage(file, indexRoot);
    // Another connection writes (so this one's page cache is dropped and the damage is read).
    const other = new Database(file);
    other.prepare("INSERT INTO alert_settings (id, created_at, author, body) VALUES ('s1', 1, 'bo', '{}')").run();
    other.close();
    const before = snapshot(file);
    expect(before['-wal']?.length).toBeGreaterThan(0);

    let rebuiltCache = false;
    const recovery = createRecovery({
      now: () => AT,
      journal: () => journal,
      replaceJournal: (fresh) => {
        journal = fresh;
      },
      rebuildCache: async () => {
        rebuiltCache = true;
      },
    });
    let attempts = 0;
    const written = await recovery.run(() => {
      attempts += 1;
      return journal.addNote({ createdAt: 9_000, author: 'ana', subject: 'inc-7', body: 'mitigated: traffic shifted' });
    });
    expect(attempts).toBe(2);
    expect(rebuiltCache).toBe(false);
    expect(journal.recovery?.when).toBe('run time');
    const aside = join(dir, `journal.db.damaged-${STAMP}`);
    // journal.db and its WAL are exactly as they were when the damage was hit (no checkpoint into
    // the damaged file); the -shm (an index of the WAL, no data) is kept but was in live use.
    expect(readFileSync(aside).equals(before['']!)).toBe(true);
    expect(readFileSync(`${aside}-wal`).equals(before['-wal']!)).toBe(true);
    expect(existsSync(`${aside}-shm`)).toBe(true);
    const bodies = journal.notes('inc-7').map((n) => n.body);
    expect(bodies).toHaveLength(301);
    expect(bodies.at(-1)).toBe(written.body);
    expect(journal.db.prepare('SELECT count(*) FROM alert_settings').pluck().get()).toBe(1);
    journal.close();
  });

  it('damage elsewhere (the journal checks healthy) goes to the cache rebuild, then the call is retried', async () => {
    const journal = openJournal(tmp());
    let rebuilt = '';
    const recovery = createRecovery({ now: () => AT, journal: () => journal, replaceJournal: () => undefined, rebuildCache: async (r) => void (rebuilt = r) });
    let first = true;
    const out = await recovery.run(() => {
      if (first) {
        first = false;
        throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
      }
      return 'answered';
    });
    expect(out).toBe('answered');
    expect(rebuilt).toMatch(/malformed/);
    expect(journal.recovery).toBeNull();
    expect(isCorruption(new Error('SLO evaluation: file is not a database'))).toBe(true);
    journal.close();
  });
});

describe('journal salvage <file> (by hand)', () => {
  it('merges the readable rows of a kept original into a journal by id, again and again, never changing the file', () => {
    const dir = tmp();
    fill(dir, 500);
    const file = join(dir, 'journal.db');
    const hit = leaves(file, 'notes')[5]!;
    damagePage(file, hit.pageno);
    const j = openJournal(dir, () => AT);
    const kept = j.recovery!.keptAs[0]!;
    const bytes = readFileSync(kept);
    j.addNote({ createdAt: 9_000, author: 'bo', subject: 'inc-7', body: 'written after the salvage' });
    const again = salvageJournal(kept, j.db);
    // Everything readable is already here: nothing added twice.
    expect(again.totalRows).toBe(0);
    expect(describeSalvage(again)).toMatch(/^0 rows salvaged — notes 0 \(1 unreadable range\)/);
    const elsewhere = openJournal(tmp());
    const into = salvageJournal(kept, elsewhere.db);
    expect(into.tables.find((t) => t.table === 'notes')?.rows).toBe(500 - hit.ncell);
    expect(readFileSync(kept).equals(bytes)).toBe(true);
    expect(j.notes('inc-7')).toHaveLength(500 - hit.ncell + 1);
    j.close();
    elsewhere.close();
  });
});
