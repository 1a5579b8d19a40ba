// Runs a sync engine either in a worker thread (the app) or inline (tests, benchmarks),
// behind one interface.
import { Worker } from 'node:worker_threads';
import type { CacheStore } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { SyncEngine, type SyncEvent } from './engine';
import type { FromSyncWorker, SyncWorkerData, ToSyncWorker } from './messages';

export interface SyncRunner {
  syncNow(): void;
  stop(): Promise<void>;
}

export function runSyncInWorker(workerFile: string, data: SyncWorkerData, onEvent: (e: SyncEvent) => void, onFatal: (message: string) => void): SyncRunner {
  const worker = new Worker(workerFile, { workerData: data });
  let stopped: (() => void) | null = null;
  worker.on('message', (m: FromSyncWorker) => {
    if (m.type === 'stopped') stopped?.();
    else if (m.type === 'fatal') onFatal(m.message);
    else onEvent(m);
  });
  worker.on('error', (err) => onFatal(err.message));
  const send = (m: ToSyncWorker): void => worker.postMessage(m);
  return {
    syncNow: () => send({ type: 'syncNow' }),
    stop: () =>
      new Promise<void>((resolve) => {
        const timeout = setTimeout(() => void worker.terminate().then(() => resolve()), 5_000);
        stopped = () => {
          clearTimeout(timeout);
          void worker.terminate().then(() => resolve());
        };
        send({ type: 'stop' });
      }),
  };
}

export function runSyncInline(cache: CacheStore, data: SyncWorkerData, onEvent: (e: SyncEvent) => void): SyncRunner & { engine: SyncEngine } {
  const engine = new SyncEngine({
    sourceId: data.sourceId,
    client: createCloudWatchClient(data.target),
    cache,
    onEvent,
    ...(data.liveIntervalMs ? { liveIntervalMs: data.liveIntervalMs } : {}),
  });
  engine.start();
  return { engine, syncNow: () => void engine.syncNow().catch(() => undefined), stop: () => engine.stop() };
}
