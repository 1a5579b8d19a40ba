import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from './journal';
import { exportJournal, importJournal } from './journal-transfer';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'opsdeck-journal-'));

describe('journal export and import', () => {
  it('round-trips into another laptop and merges without duplicates', () => {
    const mine = openJournal(tmp());
    mine.addNote({ createdAt: 1, author: 'ana', subject: 'inc-7', body: 'paged payments team' });
    mine.addNote({ createdAt: 2, author: 'ana', subject: 'inc-7', body: 'rollback started' });
    const file = join(tmp(), 'journal.json');
    expect(exportJournal(mine, file).rows).toBe(2);

    const theirs = openJournal(tmp());
    theirs.addNote({ createdAt: 3, author: 'bo', subject: 'inc-7', body: 'error rate back to normal' });
    expect(importJournal(theirs, file)).toMatchObject({ added: { notes: 2 }, alreadyPresent: { notes: 0 } });
    // Importing the same file again adds nothing.
    expect(importJournal(theirs, file)).toMatchObject({ added: { notes: 0 }, alreadyPresent: { notes: 2 } });
    expect(theirs.notes('inc-7').map((n) => n.body)).toEqual(['paged payments team', 'rollback started', 'error rate back to normal']);
  });

  it('a damaged or foreign file is refused with the reason, and nothing is imported', () => {
    const j = openJournal(tmp());
    const dir = tmp();
    const bad = join(dir, 'x.json');
    writeFileSync(bad, '{"format":"something-else"}');
    expect(() => importJournal(j, bad)).toThrow(/not an Opsdeck journal export \(format: /);
    writeFileSync(bad, '{ not json');
    expect(() => importJournal(j, bad)).toThrow(/not a readable JSON file/);

    // One good row and one broken row: all or nothing.
    const src = openJournal(tmp());
    src.addNote({ createdAt: 1, author: 'a', subject: 's', body: 'ok' });
    const file = join(dir, 'good.json');
    exportJournal(src, file);
    const body = JSON.parse(readFileSync(file, 'utf8'));
    body.tables.notes.push({ id: 'n2', created_at: 5, author: null, subject: 's', body: 'no author' });
    writeFileSync(file, JSON.stringify(body));
    expect(() => importJournal(j, file)).toThrow(/tables\.notes\[1\]: NOT NULL constraint failed: notes\.author; nothing was imported/);
    expect(j.notes('s')).toEqual([]);
  });
});
