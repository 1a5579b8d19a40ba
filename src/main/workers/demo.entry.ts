// Worker thread entry for the demo platform simulator.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../../sim/server';
import type { DemoMethods, DemoReady, DemoWorkerData } from '../sources/demo';
import { serveRpc } from './rpc';

serveRpc<DemoMethods, never, DemoReady>(parentPort, async () => {
  const { outage, seed, clockOffsetMs, scale, port } = workerData as DemoWorkerData;
  const sim = await startSimulator({ seed, outage, estate: scale, now: () => Date.now() + clockOffsetMs, ...(port ? { port } : {}) });
  return {
    ready: { endpoint: sim.endpoint, port: sim.port },
    methods: { setOutage: (on: boolean) => sim.setOutage(on), close: () => sim.close() },
  };
});
