// The capacity passes' runners: inline (tests) or in a supervised worker thread
// (workers/capacity.entry.ts) with its own cache connection and the wasm models, so the
// UI-facing thread only reads stored forecasts. A worker that dies mid-pass is restarted by
// the supervisor; that pass fails with a clear error and the next one runs on the new thread.
import { loadCapacityConfig } from '../config/capacity';
import type { CapacityStore } from '../store/capacity';
import { WorkerTimeoutError } from '../workers/rpc';
import { SupervisedWorker, type WorkerStatus } from '../workers/supervisor';
import { changepointFinder, initAugurs, mstlFitter } from './augurs';
import { computeCapacity, ForecastMemo, type ComputeResult } from './compute';
import type { CapacityPassRunner } from './schedule';

export interface CapacityWorkerData {
  dataDir: string;
  configFile: string;
  sources: string[];
}

export type CapacityMethods = {
  /** One pass over every source; each source's result. */
  pass(now: number): ComputeResult[];
};

/** The operations over one cache connection; the memo lives as long as they do (one thread). */
export function capacityOperations(store: CapacityStore, data: Pick<CapacityWorkerData, 'configFile' | 'sources'>): CapacityMethods {
  const memo = new ForecastMemo();
  return {
    pass: (now) => {
      initAugurs();
      const { resources } = loadCapacityConfig(data.configFile);
      return data.sources.map((source) => computeCapacity(store, source, now, resources, { mstl: mstlFitter, changepoints: changepointFinder, memo }));
    },
  };
}

export function inlineCapacityRunner(store: CapacityStore, data: Pick<CapacityWorkerData, 'configFile' | 'sources'>): CapacityPassRunner {
  const ops = capacityOperations(store, data);
  return { run: async (now) => ops.pass(now), close: async () => undefined };
}

/** A pass never waits forever: one that outlasts `timeoutMs` is reported and its thread replaced. */
export function workerCapacityRunner(
  file: string,
  data: CapacityWorkerData,
  o: { timeoutMs?: number; onStatus?: (s: WorkerStatus) => void } = {},
): CapacityPassRunner & { worker: SupervisedWorker<CapacityMethods> } {
  const timeoutMs = o.timeoutMs ?? 300_000;
  const worker = new SupervisedWorker<CapacityMethods>({ name: 'capacity forecasts', file, workerData: () => data, timeoutMs, spawnOnFirstCall: true, ...(o.onStatus ? { onStatus: o.onStatus } : {}) });
  return {
    worker,
    run: async (now) => {
      try {
        return await worker.call('pass', now);
      } catch (err) {
        if (!(err instanceof WorkerTimeoutError)) throw err;
        // Still computing (or hung): end the thread; the supervisor starts a fresh one.
        void worker.thread?.terminate();
        throw new Error(`capacity pass took over ${Math.round(timeoutMs / 1000)} s; the worker was restarted`);
      }
    },
    close: () => worker.stop(),
  };
}
