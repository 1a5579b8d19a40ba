// Worker thread entry for one journal import or export, or one file check (see store/journal-transfer-thread.ts).
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/db';
import { JOURNAL_MIGRATIONS, JournalStore } from '../store/journal';
import { runJournalJob, type JournalJob } from '../store/journal-transfer-thread';

const port = parentPort;
if (!port) throw new Error('journal worker must run in a worker thread');
const { dataDir, job } = workerData as { dataDir: string; job: JournalJob };
if (job.op === 'check') {
  // A file check needs no journal connection.
  port.postMessage(runJournalJob(null, job));
} else {
  // The main thread has checked (and if need be salvaged) journal.db; this connection only works on it.
  const journal = new JournalStore(openDatabase(join(dataDir, 'journal.db'), { migrations: JOURNAL_MIGRATIONS, synchronous: 'FULL' }));
  try {
    port.postMessage(runJournalJob(journal, job));
  } finally {
    journal.close();
  }
}
