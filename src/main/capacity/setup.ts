// The capacity feature's parts put together for the composition root (app.ts): the store
// over the cache, the worker (or an inline runner in tests), the scheduler and the service.
import { join } from 'node:path';
import type { Topic } from '../../shared/api';
import type { CacheStore } from '../store/cache';
import { CapacityStore } from '../store/capacity';
import { CapacityScheduler } from './schedule';
import { CapacityService } from './service';
import { inlineCapacityRunner, workerCapacityRunner } from './thread';

export interface CapacityFeature {
  service: CapacityService;
  /** New data arrived (a `metrics` push): run a pass if one is due. */
  kick(): void;
  scheduler: CapacityScheduler;
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
}): CapacityFeature {
  const store = new CapacityStore(o.cache.db);
  const configFile = join(o.dataDir, 'capacity.yaml');
  const primary = (): string => o.sourceIds[0] ?? 'demo';
  const data = { configFile, sources: [primary()] };
  const runner = o.workerFile ? workerCapacityRunner(o.workerFile, { capacityWorker: true, dataDir: o.dataDir, ...data }) : inlineCapacityRunner(store, data);
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
    kick: () => scheduler.kick(),
    close: () => scheduler.close(),
  };
}
