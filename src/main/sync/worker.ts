// Sync worker thread entry: owns its own cache connection, so backfill writes and
// JSON parsing never stall the process that answers the UI.
import { parentPort, workerData } from 'node:worker_threads';
import { openCache } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { SyncEngine } from './engine';
import type { FromSyncWorker, SyncWorkerData, ToSyncWorker } from './messages';

const port = parentPort;
if (!port) throw new Error('sync worker must run in a worker thread');
const data = workerData as SyncWorkerData;
const post = (m: FromSyncWorker): void => port.postMessage(m);

try {
  const { cache } = openCache(data.dataDir);
  const engine = new SyncEngine({
    sourceId: data.sourceId,
    client: createCloudWatchClient(data.target),
    cache,
    onEvent: post,
    ...(data.liveIntervalMs ? { liveIntervalMs: data.liveIntervalMs } : {}),
  });
  port.on('message', (m: ToSyncWorker) => {
    if (m.type === 'syncNow') void engine.syncNow().catch(() => undefined);
    if (m.type === 'stop') {
      void engine.stop().then(() => {
        cache.close();
        post({ type: 'stopped' });
      });
    }
  });
  engine.start();
} catch (err) {
  post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
}
