// Worker thread entry for journal import/export and file checks (see workers/journal.ts).
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/db';
import { JOURNAL_MIGRATIONS, JournalStore } from '../store/journal';
import { journalOperations, type JournalMethods } from './journal';
import { serveRpc } from './rpc';

serveRpc<JournalMethods>(parentPort, () => {
  const { dataDir } = workerData as { dataDir: string };
  return {
    ready: undefined,
    // The main thread has checked (and if need be salvaged) journal.db; each job opens it, works, closes.
    methods: journalOperations((fn) => {
      const journal = new JournalStore(openDatabase(join(dataDir, 'journal.db'), { migrations: JOURNAL_MIGRATIONS, synchronous: 'FULL' }));
      try {
        return fn(journal);
      } finally {
        journal.close();
      }
    }),
  };
});
