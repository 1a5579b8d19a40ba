// Journal import/export in the supervised journal worker (the built entry): a 45 MB import
// runs off this thread, the export comes back whole, and a worker killed mid-import fails
// that import clearly, imports nothing of it, and the next import works.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, type JournalStore } from '../store/journal';
import { workerJournalTransfer, type JournalWorker } from './journal';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'out', 'main', 'journal-worker.js');
let dir: string;
let journal: JournalStore;
let transfer: JournalWorker;

function exportText(notes: number, body: string): string {
  const version = journal.db.pragma('user_version', { simple: true }) as number;
  const rows = Array.from({ length: notes }, (_, i) => JSON.stringify({ id: randomUUID(), created_at: i, author: 'bo', subject: `inc-${i % 50}`, body }));
  return `{"format":"opsdeck-journal","schemaVersion":${version},"exportedAt":"2026-11-24T12:00:00.000Z","tables":{"notes":[${rows.join(',\n')}]}}`;
}

const noteCount = (): number => journal.db.prepare('SELECT count(*) FROM notes').pluck().get() as number;

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-journal-worker-'));
  journal = openJournal(dir);
  journal.addNote({ createdAt: 1, author: 'ana', subject: 'inc-7', body: 'paged payments team' });
  transfer = workerJournalTransfer(WORKER, dir);
}, 300_000);

afterAll(async () => {
  await transfer?.close();
  journal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('journal transfer in the supervised worker', () => {
  it('imports a 45 MB file while this thread keeps answering, then exports it all', async () => {
    const text = exportText(45_000, 'x'.repeat(1000));
    expect(text.length).toBeGreaterThan(45_000_000);
    // This thread's timers keep firing while the worker parses, validates and writes.
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const t = performance.now();
      longestGap = Math.max(longestGap, t - last);
      last = t;
    }, 10);
    const t0 = performance.now();
    const report = await transfer.importJson('big.json', text);
    const took = performance.now() - t0;
    clearInterval(ticker);
    expect(report.added).toEqual({ notes: 45_000 });
    expect(noteCount()).toBe(45_001);
    // Only the hand-over of the text (a structured clone) happens here.
    expect(longestGap).toBeLessThan(Math.max(250, took / 4));

    const out = await transfer.exportJson(Date.UTC(2026, 10, 24));
    expect(out.rows).toBe(45_001);
    expect((JSON.parse(out.text) as { tables: { notes: unknown[] } }).tables.notes).toHaveLength(45_001);
  }, 120_000);

  it('a bad file is refused as bad input, naming the file', async () => {
    await expect(transfer.importJson('bad.json', '{ not json')).rejects.toMatchObject({ name: 'BadInputError', message: expect.stringMatching(/^bad\.json: not a readable JSON file/) });
  });

  it('killed mid-import: that import fails with a clear error and adds nothing; the next import works', async () => {
    const before = noteCount();
    // Listened to before the kill: the import rejects on the exit event, possibly before terminate() resolves.
    const importFails = expect(transfer.importJson('big2.json', exportText(45_000, 'y'.repeat(1000)))).rejects.toThrow(/the journal transfer worker stopped \(exited with code 1\) while answering; it is being restarted — try again/);
    await new Promise((r) => setTimeout(r, 400));
    await transfer.worker.thread?.terminate();
    await importFails;
    expect(noteCount()).toBe(before);
    const report = await transfer.importJson('small.json', exportText(3, 'ok'));
    expect(report.added).toEqual({ notes: 3 });
    expect(noteCount()).toBe(before + 3);
  }, 120_000);
});
