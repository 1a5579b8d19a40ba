// Worker thread entry for capacity forecasting passes (see capacity/runner.ts): its own cache
// connection and the wasm models.
import { parentPort, workerData } from 'node:worker_threads';
import { capacityOperations, type CapacityMethods, type CapacityWorkerData } from '../capacity/runner';
import { openCache } from '../store/cache';
import { READER_CACHE_KB, setPageCacheKb } from '../store/db';
import { CapacityStore } from '../store/capacity';
import { serveRpc } from './rpc';

serveRpc<CapacityMethods>(parentPort, () => {
  const data = workerData as CapacityWorkerData;
  const { cache } = openCache(data.dataDir);
  setPageCacheKb(cache.db, READER_CACHE_KB);
  return { methods: capacityOperations(new CapacityStore(cache.db), data), ready: undefined };
});
