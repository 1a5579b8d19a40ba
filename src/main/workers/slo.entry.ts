// Worker thread entry for SLO evaluation (see slo/evaluator.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { sloOperations, type SloMethods } from '../slo/evaluator';
import { openCache } from '../store/cache';
import { serveRpc } from './rpc';
import { traceMethods, traceStartup } from './trace';

traceStartup('slo worker loaded');

serveRpc<SloMethods>(parentPort, () => {
  const { cache } = openCache((workerData as { dataDir: string }).dataDir);
  traceStartup('slo worker cache open');
  return { methods: traceMethods('slo', sloOperations(cache)), ready: undefined };
});
