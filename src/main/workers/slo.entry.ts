// Worker thread entry for SLO evaluation (see slo-evaluator.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openCache } from '../store/cache';
import { sloOperations, type SloReply, type SloRequest } from '../slo/evaluator';

const port = parentPort;
if (!port) throw new Error('SLO worker must run in a worker thread');
const { cache } = openCache((workerData as { dataDir: string }).dataDir);
const ops = sloOperations(cache) as Record<SloRequest['op'], (...args: unknown[]) => Promise<unknown>>;

port.on('message', (m: SloRequest) => {
  ops[m.op](...m.args).then(
    (value) => port.postMessage({ id: m.id, ok: true, value } satisfies SloReply),
    (err: unknown) => port.postMessage({ id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies SloReply),
  );
});
