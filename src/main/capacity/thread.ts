// The capacity worker thread and the main side's handle on it, in one small file (the lead is
// replacing every worker's glue with a shared RPC + supervisor). The worker has its own cache
// connection and the wasm models; the UI-facing thread only reads stored forecasts.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadCapacityConfig } from '../config/capacity';
import { openCache } from '../store/cache';
import { CapacityStore } from '../store/capacity';
import { changepointFinder, initAugurs, mstlFitter } from './augurs';
import { computeCapacity, type ComputeResult } from './compute';
import type { CapacityPassRunner } from './schedule';

export interface CapacityWorkerData {
  /** Marks this thread as the capacity worker (the file is also bundled into the main side). */
  capacityWorker: true;
  dataDir: string;
  configFile: string;
  sources: string[];
}
type Request = { id: number; now: number };
type Reply = { id: number; ok: true; results: ComputeResult[] } | { id: number; ok: false; message: string };

/** One pass over every source, with the wasm models (used by the worker and by inline runs). */
export function runPass(store: CapacityStore, data: Pick<CapacityWorkerData, 'configFile' | 'sources'>, now: number): ComputeResult[] {
  initAugurs();
  const { resources } = loadCapacityConfig(data.configFile);
  return data.sources.map((source) => computeCapacity(store, source, now, resources, { mstl: mstlFitter, changepoints: changepointFinder }));
}

export function inlineCapacityRunner(store: CapacityStore, data: Pick<CapacityWorkerData, 'configFile' | 'sources'>): CapacityPassRunner {
  return { run: async (now) => runPass(store, data, now), close: async () => undefined };
}

/** A pass never waits forever: a hung worker is reported and replaced. */
export function workerCapacityRunner(file: string, data: CapacityWorkerData, timeoutMs = 300_000): CapacityPassRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: ComputeResult[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const failAll = (message: string): void => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(message));
    }
    pending.clear();
    worker = null;
  };
  const spawn = (): Worker => {
    const w = new Worker(file, { workerData: data });
    w.unref();
    w.on('message', (m: Reply) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.results);
      else p.reject(new Error(m.message));
    });
    w.on('error', (err) => failAll(`capacity forecasts stopped: ${err.message}`));
    w.on('exit', (code) => failAll(`capacity worker exited (${code})`));
    return w;
  };
  return {
    run: (now) =>
      new Promise<ComputeResult[]>((resolve, reject) => {
        worker ??= spawn();
        const id = nextId++;
        const w = worker;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`capacity pass took over ${Math.round(timeoutMs / 1000)} s; the worker was restarted`));
          void w.terminate();
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        w.postMessage({ id, now } satisfies Request);
      }),
    close: async () => {
      await worker?.terminate();
    },
  };
}

if (!isMainThread && parentPort && (workerData as Partial<CapacityWorkerData> | null)?.capacityWorker === true) {
  const port = parentPort;
  const d = workerData as CapacityWorkerData;
  const store = new CapacityStore(openCache(d.dataDir).cache.db);
  port.on('message', (m: Request) => {
    try {
      port.postMessage({ id: m.id, ok: true, results: runPass(store, d, m.now) } satisfies Reply);
    } catch (err) {
      port.postMessage({ id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
}
