// The UI-facing side of the sync worker: start it supervised, ask it to sync, stop it. Kept
// apart from host.ts (the engines and their AWS SDK clients), so the process that answers the
// UI never loads the SDK — it is only needed inside the worker, or inline in tests.
import { BUSY_WORKER_YOUNG_GENERATION_MB, SupervisedWorker, type WorkerStatus } from '../workers/supervisor';
import type { SyncEvent } from './engine';
import type { SyncWorkerData } from './messages';

export interface SyncRunner {
  syncNow(sourceId?: string): void;
  stop(): Promise<void>;
}

/**
 * The sync worker's old generation is capped. A backfill allocates ~100,800 points per call
 * that live across the call's awaits (promoted, then garbage), and left alone V8 lets that
 * garbage pile up: on the large estate the engine's RSS saw-toothed 160 → 466 MB while its live
 * set stayed under ~150 MB. Capped, it collects sooner: peak 222 MB, same points/s (measured
 * with the CLI engine on the large estate, bench/scale.bench.ts). 192 MB leaves room for an
 * account larger than that one; a worker that still runs out is restarted and resumes.
 * (Most of that live set was the backfill plan's ~600,000 query objects, now shared per group
 * of series in the planner, and each call's points as objects, now written from the pages'
 * number arrays: the worker's heap in serve mode went from ~150 to ~60–100 MB.)
 */
export const SYNC_HEAP_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: BUSY_WORKER_YOUNG_GENERATION_MB } as const;

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
  const worker = new SupervisedWorker<SyncMethods, SyncEvent>({ name: 'sync', file: workerFile, workerData: () => data, timeoutMs: 10_000, resourceLimits: SYNC_HEAP_LIMITS, onEvent, onStatus });
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
