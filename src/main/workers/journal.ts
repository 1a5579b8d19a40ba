// Journal import/export and file checks off the UI-facing thread: a supervised worker
// (journal.entry.ts) opens journal.db for each job (WAL lets it work beside the main
// connection, and the main side may swap the file after a salvage between jobs). Export
// streams to a private file row by row; the API side reads it once and deletes it. Tests
// and `workers: 'inline'` run the same operations on the main connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { quickCheckFile } from '../store/db';
import type { JournalStore } from '../store/journal';
import { exportJournal, importJournalText, type ImportReport, type JournalTransfer } from '../store/journal-transfer';
import { SupervisedWorker, type WorkerStatus } from './supervisor';

export type JournalMethods = {
  /** Streams the journal to a private file; the caller reads and removes it. */
  exportToFile(now: number): { file: string; rows: number };
  importText(fileName: string, content: string): ImportReport;
  /** PRAGMA quick_check of a database file (cache.db after start), read-only. */
  check(file: string): string[];
};

/** A job's longest run (a 50 MB import takes a few seconds). */
const JOB_TIMEOUT_MS = 5 * 60_000;
/** Its jobs are rare and keep nothing: the thread ends this long after the last one (SupervisorOptions.idleExitMs). */
export const JOURNAL_WORKER_IDLE_MS = 10_000;

/** The operations, each over a journal connection `withJournal` lends for the job. */
export function journalOperations(withJournal: <T>(fn: (journal: JournalStore) => T) => T): JournalMethods {
  return {
    exportToFile: (now) =>
      withJournal((journal) => {
        const file = join(mkdtempSync(join(tmpdir(), 'opsdeck-export-')), 'journal.json');
        return { file, rows: exportJournal(journal, file, new Date(now)).rows };
      }),
    importText: (fileName, content) => withJournal((journal) => importJournalText(journal, content, fileName)),
    check: (file) => quickCheckFile(file),
  };
}

/** Reads the export file once (the API answers with its text) and removes it. */
async function takeExport({ file, rows }: { file: string; rows: number }): Promise<{ text: string; rows: number }> {
  try {
    return { text: await readFile(file, 'utf8'), rows };
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

export function inlineJournalTransfer(journal: () => JournalStore): JournalTransfer {
  const ops = journalOperations((fn) => fn(journal()));
  return {
    exportJson: async (now) => takeExport(ops.exportToFile(now)),
    importJson: async (fileName, content) => ops.importText(fileName, content),
  };
}

export interface JournalWorker extends JournalTransfer {
  /** quick_check of a live database file, in the worker (it reads every page: seconds for a large cache). */
  check(file: string): Promise<string[]>;
  worker: SupervisedWorker<JournalMethods>;
  close(): Promise<void>;
}

export function workerJournalTransfer(workerFile: string, dataDir: string, onStatus?: (s: WorkerStatus) => void): JournalWorker {
  const worker = new SupervisedWorker<JournalMethods>({ name: 'journal transfer', file: workerFile, workerData: () => ({ dataDir }), timeoutMs: JOB_TIMEOUT_MS, spawnOnFirstCall: true, idleExitMs: JOURNAL_WORKER_IDLE_MS, ...(onStatus ? { onStatus } : {}) });
  return {
    worker,
    exportJson: async (now) => takeExport(await worker.call('exportToFile', now)),
    importJson: (fileName, content) => worker.call('importText', fileName, content),
    check: (file) => worker.call('check', file),
    close: () => worker.stop(),
  };
}
