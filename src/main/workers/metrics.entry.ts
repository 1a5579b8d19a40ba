// Worker thread entry for the metric reads (see metrics/reads.ts): read-only connections to
// cache.db (the series and chunks) and journal.db (incident marks on the charts).
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { metricReadOperations } from '../metrics/operations';
import type { MetricReadMethods, MetricReadsData } from '../metrics/reads';
import { CacheStore } from '../store/cache';
import { openDatabase, READER_CACHE_KB, setPageCacheKb } from '../store/db';
import { serveRpc } from './rpc';
import { traceMethods, traceStartup } from './trace';

traceStartup('metric reads worker loaded');

serveRpc<MetricReadMethods>(parentPort, () => {
  const data = workerData as MetricReadsData;
  // The main thread opened (and migrated) both files before starting this worker.
  const cacheDb = openDatabase(join(data.dataDir, 'cache.db'), { migrations: [], synchronous: 'NORMAL', readonly: true });
  setPageCacheKb(cacheDb, READER_CACHE_KB);
  const journalDb = openDatabase(join(data.dataDir, 'journal.db'), { migrations: [], synchronous: 'FULL', readonly: true });
  setPageCacheKb(journalDb, 1_000);
  traceStartup('metric reads worker open');
  return { methods: traceMethods('metrics', metricReadOperations(new CacheStore(cacheDb), journalDb, data)), ready: undefined };
});
