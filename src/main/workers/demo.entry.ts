// Child process entry for the demo platform simulator (forked by the app: sources/demo.ts).
// Its own process: the simulator's heap and GC are not the app's, as with a real account.
import { startSimulator } from '../../sim/server';
import type { DemoMethods, DemoReady, DemoWorkerData } from '../sources/demo';
import { parentChannel } from './child';
import { serveRpc } from './rpc';

serveRpc<DemoMethods, never, DemoReady>(parentChannel(), async () => {
  const { outage, seed, clockOffsetMs, scale, port } = JSON.parse(process.argv[2] ?? 'null') as DemoWorkerData;
  const sim = await startSimulator({ seed, outage, estate: scale, now: () => Date.now() + clockOffsetMs, ...(port ? { port } : {}) });
  return {
    ready: { endpoint: sim.endpoint, port: sim.port },
    methods: { setOutage: (on: boolean) => sim.setOutage(on), close: () => sim.close() },
  };
});
