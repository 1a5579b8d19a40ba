// Sync worker thread entry: owns its own cache connection, so backfill writes and
// JSON parsing never stall the process that answers the UI.
import { parentPort, workerData } from 'node:worker_threads';
import { openCache } from '../store/cache';
import { createEngines } from '../sync/host';
import type { FromSyncWorker, SyncWorkerData, ToSyncWorker } from '../sync/messages';

const port = parentPort;
if (!port) throw new Error('sync worker must run in a worker thread');
const data = workerData as SyncWorkerData;
const post = (m: FromSyncWorker): void => port.postMessage(m);

try {
  const { cache } = openCache(data.dataDir);
  const engines = createEngines(cache, data, post);
  port.on('message', (m: ToSyncWorker) => {
    if (m.type === 'syncNow') {
      for (const [id, engine] of engines) if (!m.sourceId || m.sourceId === id) void engine.syncNow().catch(() => undefined);
    }
    if (m.type === 'stop') {
      void Promise.all([...engines.values()].map((e) => e.stop())).then(() => {
        cache.close();
        post({ type: 'stopped' });
      });
    }
  });
  for (const engine of engines.values()) engine.start();
} catch (err) {
  post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
}
