// The embedded demo platform: the simulator, run in its own worker thread so generating
// datapoints never competes with the UI-facing event loop (inline in tests).
import type { Estate } from '../../sim/server';
import { BUSY_WORKER_YOUNG_GENERATION_MB, SupervisedWorker, type WorkerStatus } from '../workers/supervisor';

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
  // Loaded here only: the built app runs the simulator in its worker, and serve mode's start need not parse it.
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

/** What the demo worker serves (workers/demo.entry.ts); its start-up yields the endpoint. */
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

/** The simulator in a supervised worker; a restart keeps its port and the outage switch. */
export async function startDemoInWorker(
  workerFile: string,
  opts: { outage: boolean; seed?: number; clockOffsetMs?: number; scale?: DemoScale; onStatus?: (s: WorkerStatus) => void },
): Promise<DemoPlatform & { worker: SupervisedWorker<DemoMethods, never, DemoReady> }> {
  let outage = opts.outage;
  let port: number | undefined;
  const worker = new SupervisedWorker<DemoMethods, never, DemoReady>({
    name: 'demo platform',
    file: workerFile,
    workerData: (): DemoWorkerData => ({ outage, seed: opts.seed ?? DEMO_SEED, clockOffsetMs: opts.clockOffsetMs ?? 0, scale: opts.scale ?? 'small', ...(port ? { port } : {}) }),
    timeoutMs: 10_000,
    // The simulator's answers are big and short-lived (100,800-point pages, alarm history) and
    // its live set is ~20 MB on the large estate: uncapped, V8 let its heap grow to ~130 MB of
    // garbage in the one process (memory.main_rss_mb). The cap was once suspected of the
    // app-workers "demo platform killed" failure; that was the sync's backfill part staying
    // failing until its long run ended (fixed in sync/parts.ts: `reached`), not the cap.
    // Each answer's arrays live until they are serialised: a busy worker's young generation.
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: BUSY_WORKER_YOUNG_GENERATION_MB },
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
