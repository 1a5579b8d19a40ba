// The capacity feature's parts put together for the composition root (app.ts): the store
// over the cache, the worker (or an inline runner in tests), the scheduler and the service.
import { join } from 'node:path';
import type { Topic } from '../../shared/api';
import type { CacheStore } from '../store/cache';
import { CapacityStore } from '../store/capacity';
import { CapacityScheduler } from './schedule';
import { CapacityService } from './service';
import type { SupervisedWorker, WorkerStatus } from '../workers/supervisor';
import { inlineCapacityRunner, workerCapacityRunner, type CapacityMethods } from './runner';

export interface CapacityFeature {
  service: CapacityService;
  /** New data arrived (a `metrics` push): run a pass if one is due. */
  kick(): void;
  scheduler: CapacityScheduler;
  /** The supervised thread the passes run in (absent when inline). */
  worker: SupervisedWorker<CapacityMethods> | null;
  close(): Promise<void>;
}

export function createCapacity(o: {
  cache: CacheStore;
  dataDir: string;
  sourceIds: readonly string[];
  /** Worker entry file, or null to compute inline (tests). */
  workerFile: string | null;
  now: () => number;
  push: (topics: Topic[]) => void;
  onWorkerStatus?: (s: WorkerStatus) => void;
}): CapacityFeature {
  const store = new CapacityStore(o.cache.db);
  const configFile = join(o.dataDir, 'capacity.yaml');
  const primary = (): string => o.sourceIds[0] ?? 'demo';
  const data = { configFile, sources: [primary()] };
  const threaded = o.workerFile ? workerCapacityRunner(o.workerFile, { dataDir: o.dataDir, ...data }, o.onWorkerStatus ? { onStatus: o.onWorkerStatus } : {}) : null;
  const runner = threaded ?? inlineCapacityRunner(store, data);
  let scheduler: CapacityScheduler | null = null;
  const service = new CapacityService({ store, source: primary, configFile, computing: () => scheduler?.computing() ?? false });
  scheduler = new CapacityScheduler({
    runner,
    now: o.now,
    onPass: () => o.push(['capacity']),
    onError: () => o.push(['capacity']),
    configStamp: () => service.configNow().stamp,
    incomplete: () => {
      const rows = service.list().rows;
      return rows.length === 0 || rows.some((r) => r.problem !== null);
    },
  });
  return {
    service,
    scheduler,
    worker: threaded?.worker ?? null,
    kick: () => scheduler.kick(),
    close: () => scheduler.close(),
  };
}
