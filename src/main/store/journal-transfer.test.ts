import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from './journal';
import { AlertSettings, MaintenanceRule } from '../../shared/contract/alerts';
import { AlertJournal } from './alert-journal';
import { exportJournal, importJournal, importJournalText, journalToJson } from './journal-transfer';

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
    expect(() => importJournal(j, file)).toThrow(/1 invalid row; nothing was imported:\ntables\.notes\[1\] \(id "n2"\): author: /);
    expect(j.notes('s')).toEqual([]);
  });
});

/** A journal holding one of every kind of alert row, written the way the app writes them. */
function alertJournal(): ReturnType<typeof openJournal> {
  const j = openJournal(tmp());
  const a = new AlertJournal(j.db);
  a.recordActions([{ occurrenceKey: 'arn:a@1', kind: 'ack', note: 'on it' }], 'ana', 1_000);
  const s = a.addSilence({ matchers: [{ label: 'service', op: '=~', value: 'pay.*' }], startsAt: 1_000, endsAt: 9_000, reason: 'gateway maintenance', author: 'ana' }, 1_000);
  a.expireSilence(s.id, 'bo', 2_000);
  const plan = a.addPlan({ title: 'Sunday window', rule: MaintenanceRule.parse({ kind: 'monthly', weekday: 'sunday', start: '02:00', end: '04:00' }), matchers: [], author: 'ana' }, 1_000);
  a.retirePlan(plan.id, 'bo', 3_000);
  a.saveSettings(AlertSettings.parse({ severityPolicy: { rules: [{ name: 'payment-*', severity: 'P1' }] }, groupBy: ['service'] }), 'ana', 1_000);
  j.addNote({ createdAt: 1, author: 'ana', subject: 'inc-7', body: 'paged payments' });
  return j;
}

describe('journal import validates every row against the contract', () => {
  it('every kind of row the app writes round-trips through export and import', () => {
    const src = alertJournal();
    const { text, rows } = journalToJson(src);
    expect(rows).toBe(7);
    const dst = openJournal(tmp());
    const r = importJournalText(dst, text, 'mine.json');
    expect(Object.values(r.added).reduce((a, b) => a + b, 0)).toBe(7);
    expect(r).toMatchObject({ conflicts: [], conflictCount: 0, unknownColumns: [] });
  });

  it('a silence whose matchers is not JSON is refused naming the row and the field; nothing is written and the queue stays readable', () => {
    const src = alertJournal();
    const body = JSON.parse(journalToJson(src).text);
    body.tables.silences.push({ ...body.tables.silences[0], id: 'poison', matchers: 'service=payment' });
    body.tables.notes.push({ id: 'n-new', created_at: 5, author: 'bo', subject: 'inc-7', body: 'would be added' });
    const dst = openJournal(tmp());
    expect(() => importJournalText(dst, JSON.stringify(body), 'theirs.json')).toThrow(
      /theirs\.json: 1 invalid row; nothing was imported:\ntables\.silences\[1\] \(id "poison"\): matchers: not JSON/,
    );
    expect(dst.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    expect(new AlertJournal(dst.db).silences()).toEqual([]);
  });

  it('matchers that are JSON but not matchers, a bad maintenance rule and bad settings are refused too, each named', () => {
    const body = JSON.parse(journalToJson(alertJournal()).text);
    body.tables.silences[0].matchers = JSON.stringify([{ label: 'nope', op: '=', value: 'x' }]);
    body.tables.maintenance_plans[0].rule = JSON.stringify({ kind: 'monthly', weekday: 'funday', start: '02:00', end: '04:00' });
    body.tables.alert_settings[0].body = '{"groupBy":[]}';
    const dst = openJournal(tmp());
    let message = '';
    try {
      importJournalText(dst, JSON.stringify(body), 'x.json');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/3 invalid rows/);
    expect(message).toMatch(/tables\.silences\[0\] \(id "[^"]+"\): matchers: 0\.label: expected name, service/);
    expect(message).toMatch(/tables\.maintenance_plans\[0\] \(id "[^"]+"\): rule: /);
    expect(message).toMatch(/tables\.alert_settings\[0\] \(id "[^"]+"\): body: /);
  });

  it('a row whose id we hold with different content is a conflict: ours kept, theirs listed; unknown columns reported', () => {
    const mine = alertJournal();
    const body = JSON.parse(journalToJson(mine).text);
    const note = body.tables.notes[0];
    const theirs = { ...note, body: 'edited on another laptop', mood: 'tired' };
    body.tables.notes = [theirs];
    const r = importJournalText(mine, JSON.stringify(body), 'theirs.json');
    expect(r.conflictCount).toBe(1);
    expect(r.conflicts).toEqual([{ table: 'notes', id: note.id, fields: ['body'], theirs: { ...note, body: 'edited on another laptop' } }]);
    expect(r.unknownColumns).toEqual([{ table: 'notes', columns: ['mood'] }]);
    expect(r.alreadyPresent.notes).toBe(1);
    expect(mine.notes('inc-7').map((n) => n.body)).toEqual(['paged payments']);
  });

  it('export streams: a large journal is written row by row and reads back whole', () => {
    const j = openJournal(tmp());
    j.db.transaction(() => {
      for (let i = 0; i < 5_000; i++) j.addNote({ createdAt: i, author: 'ana', subject: 's', body: `note ${i} "quoted" \n newline` });
    })();
    const file = join(tmp(), 'big.json');
    expect(exportJournal(j, file).rows).toBe(5_000);
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    expect(parsed.tables.notes).toHaveLength(5_000);
    expect(parsed.tables.notes[4_999].body).toBe('note 4999 "quoted" \n newline');
  });
});
