// Sync worker thread entry: owns its own cache connection, so backfill writes and
// JSON parsing never stall the process that answers the UI.
import { parentPort, workerData } from 'node:worker_threads';
import { openCache } from '../store/cache';
import type { SyncEvent } from '../sync/engine';
import { createEngines, type SyncMethods } from '../sync/host';
import type { SyncWorkerData } from '../sync/messages';
import { serveRpc } from './rpc';

serveRpc<SyncMethods, SyncEvent>(parentPort, (emit) => {
  const data = workerData as SyncWorkerData;
  const { cache } = openCache(data.dataDir);
  const engines = createEngines(cache, data, emit);
  for (const engine of engines.values()) engine.start();
  return {
    ready: undefined,
    methods: {
      syncNow: (sourceId?: string) => {
        for (const [id, engine] of engines) if (!sourceId || sourceId === id) void engine.syncNow().catch(() => undefined);
      },
      stop: async () => {
        await Promise.all([...engines.values()].map((e) => e.stop()));
        cache.close();
      },
    },
  };
});
