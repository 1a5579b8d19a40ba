// The embedded demo platform: the simulator, run in its own worker thread so generating
// datapoints never competes with the UI-facing event loop (inline in tests).
import { Worker } from 'node:worker_threads';
import { startSimulator } from '../../sim/server';

export interface DemoPlatform {
  endpoint: string;
  readonly outage: boolean;
  setOutage(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export type DemoWorkerRequest = { type: 'setOutage'; on: boolean; id: number } | { type: 'close'; id: number };
export type DemoWorkerReply = { type: 'ready'; endpoint: string } | { type: 'done'; id: number } | { type: 'error'; message: string };

type DemoRequestBody = DemoWorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export const DEMO_SEED = 20251023;

export async function startDemoInline(opts: { outage: boolean; seed?: number; now?: () => number }): Promise<DemoPlatform> {
  const sim = await startSimulator({ seed: opts.seed ?? DEMO_SEED, outage: opts.outage, ...(opts.now ? { now: opts.now } : {}) });
  return {
    endpoint: sim.endpoint,
    get outage() {
      return sim.outage;
    },
    setOutage: (on) => sim.setOutage(on),
    close: () => sim.close(),
  };
}

export function startDemoInWorker(workerFile: string, opts: { outage: boolean; seed?: number; clockOffsetMs?: number }): Promise<DemoPlatform> {
  const worker = new Worker(workerFile, { workerData: { outage: opts.outage, seed: opts.seed ?? DEMO_SEED, clockOffsetMs: opts.clockOffsetMs ?? 0 } });
  let outage = opts.outage;
  let nextId = 1;
  const pending = new Map<number, () => void>();
  const request = (m: DemoRequestBody): Promise<void> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ ...m, id });
    });
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: DemoWorkerReply) => {
      if (m.type === 'error') reject(new Error(`demo platform: ${m.message}`));
      if (m.type === 'done') {
        pending.get(m.id)?.();
        pending.delete(m.id);
      }
      if (m.type === 'ready') {
        resolve({
          endpoint: m.endpoint,
          get outage() {
            return outage;
          },
          setOutage: async (on) => {
            await request({ type: 'setOutage', on });
            outage = on;
          },
          close: async () => {
            await request({ type: 'close' });
            await worker.terminate();
          },
        });
      }
    });
  });
}
