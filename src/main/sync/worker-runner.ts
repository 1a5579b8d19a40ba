// The UI-facing side of the sync worker: start it supervised, ask it to sync, stop it. Kept
// apart from host.ts (the engines and their AWS SDK clients), so the process that answers the
// UI never loads the SDK — it is only needed inside the worker, or inline in tests.
import { SupervisedWorker, type WorkerStatus } from '../workers/supervisor';
import type { SyncEvent } from './engine';
import type { SyncWorkerData } from './messages';

export interface SyncRunner {
  syncNow(sourceId?: string): void;
  stop(): Promise<void>;
}

/** What the sync worker serves (workers/sync.entry.ts). */
export type SyncMethods = {
  syncNow(sourceId?: string): void;
  stop(): Promise<void>;
};

/**
 * The engines in a supervised worker thread. A restarted worker resumes from the stored
 * watermarks (every write is idempotent), so a crash costs a few seconds, not data.
 */
export function runSyncInWorker(workerFile: string, data: SyncWorkerData, onEvent: (e: SyncEvent) => void, onStatus: (s: WorkerStatus) => void): SyncRunner & { worker: SupervisedWorker<SyncMethods, SyncEvent> } {
  const worker = new SupervisedWorker<SyncMethods, SyncEvent>({ name: 'sync', file: workerFile, workerData: () => data, timeoutMs: 10_000, onEvent, onStatus });
  return {
    worker,
    syncNow: (sourceId) => void worker.call('syncNow', ...(sourceId ? [sourceId] : [])).catch(() => undefined),
    stop: async () => {
      // Let the engines finish their transaction; never wait more than 5 s.
      await worker.callWithTimeout(5_000, 'stop').catch(() => undefined);
      await worker.stop();
    },
  };
}
