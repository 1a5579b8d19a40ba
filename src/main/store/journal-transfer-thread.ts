// Journal import/export off the UI-facing thread: each job runs in a short-lived
// worker_threads Worker with its own journal.db connection (WAL lets it work beside the main
// connection). All the thread glue is in this file, so the shared worker RPC and supervisor
// (src/main/workers/) can replace it in one place. Tests run the same jobs inline.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BadInputError } from '../../shared/errors';
import { isCorruption, quickCheck } from './db';
import type { JournalStore } from './journal';
import { exportJournal, importJournalText, type ImportReport } from './journal-transfer';

export interface JournalTransfer {
  exportJson(now: number): Promise<{ text: string; rows: number }>;
  importJson(fileName: string, content: string): Promise<ImportReport>;
}

export type JournalJob = { op: 'export'; now: number } | { op: 'import'; fileName: string; content: string } | { op: 'check'; file: string };
export type JournalJobReply =
  | { ok: true; op: 'export'; file: string; rows: number }
  | { ok: true; op: 'import'; report: ImportReport }
  | { ok: true; op: 'check'; problems: string[] }
  | { ok: false; badInput: boolean; message: string };

/** A job's longest run before its worker is terminated (a 50 MB import takes a few seconds). */
const JOB_TIMEOUT_MS = 5 * 60_000;

/** The job itself, over one journal connection (used by the worker entry and inline). */
export function runJournalJob(journal: JournalStore | null, job: JournalJob): JournalJobReply {
  try {
    if (job.op === 'check') return { ok: true, op: 'check', problems: quickCheckFile(job.file) };
    if (!journal) throw new Error(`journal ${job.op} needs the journal`);
    if (job.op === 'export') {
      // Streamed to a private file row by row (flat memory); the caller reads it once and deletes it.
      const file = join(mkdtempSync(join(tmpdir(), 'opsdeck-export-')), 'journal.json');
      const { rows } = exportJournal(journal, file, new Date(job.now));
      return { ok: true, op: 'export', file, rows };
    }
    return { ok: true, op: 'import', report: importJournalText(journal, job.content, job.fileName) };
  } catch (err) {
    return { ok: false, badInput: err instanceof BadInputError, message: err instanceof Error ? err.message : String(err) };
  }
}

function quickCheckFile(file: string): string[] {
  const nativeBinding = process.env.OPSDECK_SQLITE_NATIVE;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    if (isCorruption(err)) return [(err as Error).message];
    throw err;
  }
  try {
    return quickCheck(db, 5);
  } finally {
    db.close();
  }
}

/** Reads the export file once (the API answers with its text) and removes it. */
async function takeExport(file: string, rows: number): Promise<{ text: string; rows: number }> {
  try {
    return { text: await readFile(file, 'utf8'), rows };
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

function unwrap(reply: JournalJobReply): JournalJobReply & { ok: true } {
  if (!reply.ok) throw reply.badInput ? new BadInputError(reply.message) : new Error(reply.message);
  return reply;
}

export function inlineJournalTransfer(journal: () => JournalStore): JournalTransfer {
  return {
    exportJson: async (now) => {
      const r = unwrap(runJournalJob(journal(), { op: 'export', now }));
      return r.op === 'export' ? takeExport(r.file, r.rows) : { text: '', rows: 0 };
    },
    importJson: async (fileName, content) => {
      const r = unwrap(runJournalJob(journal(), { op: 'import', fileName, content }));
      if (r.op !== 'import') throw new Error('unexpected reply');
      return r.report;
    },
  };
}

function inWorker(workerFile: string, dataDir: string, job: JournalJob): Promise<JournalJobReply & { ok: true }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { dataDir, job } });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`journal ${job.op} took longer than ${JOB_TIMEOUT_MS / 60_000} min and was stopped`))), JOB_TIMEOUT_MS);
    worker.once('message', (m: JournalJobReply) => finish(() => {
      try {
        resolve(unwrap(m));
      } catch (err) {
        reject(err as Error);
      }
    }));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`journal ${job.op} worker exited (${code}) without an answer`))));
  });
}

/**
 * PRAGMA quick_check of a live database file on a read-only handle, in a worker: it reads
 * every page (seconds for a multi-GB cache), so the UI-facing thread does not wait for it.
 */
export async function quickCheckInWorker(workerFile: string, dataDir: string, file: string): Promise<string[]> {
  const r = await inWorker(workerFile, dataDir, { op: 'check', file });
  return r.op === 'check' ? r.problems : [];
}

export function workerJournalTransfer(workerFile: string, dataDir: string): JournalTransfer {
  return {
    exportJson: async (now) => {
      const r = await inWorker(workerFile, dataDir, { op: 'export', now });
      return r.op === 'export' ? takeExport(r.file, r.rows) : { text: '', rows: 0 };
    },
    importJson: async (fileName, content) => {
      const r = await inWorker(workerFile, dataDir, { op: 'import', fileName, content });
      if (r.op !== 'import') throw new Error('unexpected reply');
      return r.report;
    },
  };
}
