// Worker thread entry for the demo platform simulator.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../../sim/server';
import type { DemoWorkerReply, DemoWorkerRequest } from '../sources/demo';

const port = parentPort;
if (!port) throw new Error('demo worker must run in a worker thread');
const post = (m: DemoWorkerReply): void => port.postMessage(m);
const { outage, seed, clockOffsetMs } = workerData as { outage: boolean; seed: number; clockOffsetMs: number };

startSimulator({ seed, outage, now: () => Date.now() + clockOffsetMs }).then(
  (sim) => {
    port.on('message', (m: DemoWorkerRequest) => {
      const done = (): void => post({ type: 'done', id: m.id });
      if (m.type === 'setOutage') void sim.setOutage(m.on).then(done);
      if (m.type === 'close') void sim.close().then(done);
    });
    post({ type: 'ready', endpoint: sim.endpoint });
  },
  (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
);
