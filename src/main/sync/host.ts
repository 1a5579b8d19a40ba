// Runs the sync engines (one per source) either in a worker thread (the app) or inline
// (tests, benchmarks), behind one interface.
import { Worker } from 'node:worker_threads';
import type { CacheStore } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { credentialsFor } from '../sources/aws/credentials';
import { SyncEngine, type SyncEvent } from './engine';
import { backupSyncFor } from './backups';
import type { FromSyncWorker, SyncSourceSpec, SyncWorkerData, ToSyncWorker } from './messages';

export interface SyncRunner {
  syncNow(sourceId?: string): void;
  stop(): Promise<void>;
}

export function engineFor(cache: CacheStore, spec: SyncSourceSpec, data: SyncWorkerData, onEvent: (e: SyncEvent) => void): SyncEngine {
  const target = spec.demo
    ? // The simulator accepts any key; real accounts never get static credentials.
      { region: spec.region, ...(spec.endpoint ? { endpoint: spec.endpoint } : {}), staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts: 2, requestTimeoutMs: 10_000 }
    : { region: spec.region, credentialProvider: credentialsFor({ region: spec.region, ...(spec.profile ? { profile: spec.profile } : {}), ...(spec.roleArn ? { roleArn: spec.roleArn } : {}) }) };
  const client = createCloudWatchClient(target);
  return new SyncEngine({
    sourceId: spec.id,
    client,
    cache,
    onEvent,
    backups: backupSyncFor(spec.id, target, cache.db, data.clockOffsetMs ? () => Date.now() + (data.clockOffsetMs ?? 0) : Date.now),
    ...(spec.collect ? { collect: spec.collect } : {}),
    ...(spec.profile ? { profile: spec.profile } : {}),
    ...(data.liveIntervalMs ? { liveIntervalMs: data.liveIntervalMs } : {}),
    ...(data.backfillDays ? { backfillMs: data.backfillDays * 86_400_000 } : {}),
    ...(data.cacheBudgetBytes ? { cacheBudgetBytes: data.cacheBudgetBytes } : {}),
    ...(data.clockOffsetMs ? { now: () => Date.now() + (data.clockOffsetMs ?? 0) } : {}),
  });
}

export function createEngines(cache: CacheStore, data: SyncWorkerData, onEvent: (e: SyncEvent) => void): Map<string, SyncEngine> {
  return new Map(data.sources.map((spec) => [spec.id, engineFor(cache, spec, data, onEvent)]));
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
    syncNow: (sourceId) => send({ type: 'syncNow', ...(sourceId ? { sourceId } : {}) }),
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

export function runSyncInline(cache: CacheStore, data: SyncWorkerData, onEvent: (e: SyncEvent) => void): SyncRunner {
  const engines = createEngines(cache, data, onEvent);
  for (const e of engines.values()) e.start();
  return {
    syncNow: (sourceId) => {
      for (const [id, e] of engines) if (!sourceId || sourceId === id) void e.syncNow().catch(() => undefined);
    },
    stop: async () => {
      await Promise.all([...engines.values()].map((e) => e.stop()));
    },
  };
}
