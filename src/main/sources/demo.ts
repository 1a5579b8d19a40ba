// The embedded demo platform: the simulator, run in its own child process (inline in tests).
// It is the cloud's stand-in — with a real account it is not there at all — so its heap, GC and
// CPU stay out of the app's process, and generating datapoints never competes with the UI-facing
// event loop. DESIGN.md: "a small HTTP server on 127.0.0.1"; the sync talks to it over HTTP either way.
import type { Estate } from '../../sim/server';
import { forkNode, type ForkProcess } from '../workers/child';
import { SupervisedWorker, type WorkerStatus } from '../workers/supervisor';

export interface DemoPlatform {
  endpoint: string;
  readonly outage: boolean;
  setOutage(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export const DEMO_SEED = 20251023;

/** `--demo-scale`: the default demo, or the platform at a real account's size (src/sim/platform/estate.ts). */
export type DemoScale = Estate;

/** The `--demo-scale` value, or null when it is not one. */
export function parseDemoScale(value: string): DemoScale | null {
  return value === 'small' || value === 'large' ? value : null;
}

export async function startDemoInline(opts: { outage: boolean; seed?: number; now?: () => number; scale?: DemoScale }): Promise<DemoPlatform> {
  // Loaded here only: the built app runs the simulator in its own process, and serve mode's start need not parse it.
  const { startSimulator } = await import('../../sim/server');
  const sim = await startSimulator({ seed: opts.seed ?? DEMO_SEED, outage: opts.outage, ...(opts.now ? { now: opts.now } : {}), ...(opts.scale ? { estate: opts.scale } : {}) });
  return {
    endpoint: sim.endpoint,
    get outage() {
      return sim.outage;
    },
    setOutage: (on) => sim.setOutage(on),
    close: () => sim.close(),
  };
}

/** What the demo platform's process serves (workers/demo.entry.ts); its start-up yields the endpoint. */
export type DemoMethods = {
  setOutage(on: boolean): Promise<void>;
  close(): Promise<void>;
};
export interface DemoReady {
  endpoint: string;
  port: number;
}
export interface DemoWorkerData {
  outage: boolean;
  seed: number;
  clockOffsetMs: number;
  scale: DemoScale;
  /** On a restart, the port the sync engines already talk to. */
  port?: number;
}

/**
 * The simulator's heap caps, as V8 flags of its process (what the worker thread had as
 * resourceLimits: old generation 64 MB, young 16 MB). The simulator's answers are big and
 * short-lived (100,800-point pages, alarm history) and its live set is ~20 MB on the large
 * estate: uncapped, V8 let its heap grow to ~130 MB of garbage. A thread's 16 MB young
 * generation is two 8 MB semi-spaces; a process is told the semi-space itself (a power of two,
 * which V8 would round to anyway): heap limit 64 + 3 × 8 = 88 MB, the worker's figure.
 */
export const DEMO_EXEC_ARGV = ['--max-old-space-size=64', '--max-semi-space-size=8'];

/** The simulator in a supervised child process; a restart keeps its port and the outage switch. */
export async function startDemoProcess(
  entryFile: string,
  opts: { outage: boolean; seed?: number; clockOffsetMs?: number; scale?: DemoScale; onStatus?: (s: WorkerStatus) => void; fork?: ForkProcess },
): Promise<DemoPlatform & { worker: SupervisedWorker<DemoMethods, never, DemoReady> }> {
  let outage = opts.outage;
  let port: number | undefined;
  const worker = new SupervisedWorker<DemoMethods, never, DemoReady>({
    name: 'demo platform',
    file: entryFile,
    workerData: (): DemoWorkerData => ({ outage, seed: opts.seed ?? DEMO_SEED, clockOffsetMs: opts.clockOffsetMs ?? 0, scale: opts.scale ?? 'small', ...(port ? { port } : {}) }),
    timeoutMs: 10_000,
    process: { fork: opts.fork ?? forkNode, execArgv: DEMO_EXEC_ARGV },
    onReady: (ready) => {
      port = ready.port;
    },
    ...(opts.onStatus ? { onStatus: opts.onStatus } : {}),
  });
  const ready = await worker.whenReady().catch((err: unknown) => {
    void worker.stop();
    throw new Error(`demo platform: ${err instanceof Error ? err.message : String(err)}`);
  });
  return {
    worker,
    endpoint: ready.endpoint,
    get outage() {
      return outage;
    },
    setOutage: async (on) => {
      await worker.call('setOutage', on);
      outage = on;
    },
    close: async () => {
      await worker.callWithTimeout(5_000, 'close').catch(() => undefined);
      await worker.stop();
    },
  };
}
