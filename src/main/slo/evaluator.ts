// SLO evaluation off the UI-facing thread. Evaluating 15+ SLOs over 30 days is cheap when
// warm but takes seconds cold (first call, or after settled buckets are rebuilt), so the app
// runs it in a worker thread with its own cache connection; tests run it inline.
import { Worker } from 'node:worker_threads';
import type { Overview } from '@shared/contract/core';
import type { SloDetail, SloList } from '@shared/contract/slos';
import type { CacheStore } from '../store/cache';
import { overview } from './overview';
import { availabilitySlos, listSlos, sloBurnAlerts, sloDetail, type SloBurnAlert } from './service';

export interface SloEvaluator {
  overview(source: string, dir: string | null, now: number): Promise<Overview>;
  slos(source: string, dir: string | null, now: number): Promise<SloList>;
  detail(source: string, dir: string | null, id: string, now: number): Promise<SloDetail>;
  burnAlerts(source: string, dir: string | null, now: number): Promise<SloBurnAlert[]>;
  close(): Promise<void>;
}

type Op = Exclude<keyof SloEvaluator, 'close'>;
export type SloRequest = { id: number; op: Op; args: unknown[] };
export type SloReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/** The operations themselves, over one cache connection. */
export function sloOperations(cache: CacheStore): Omit<SloEvaluator, 'close'> {
  return {
    overview: async (source, dir, now) => overview(cache, source, availabilitySlos(dir), now),
    slos: async (source, dir, now) => listSlos(cache, source, now, dir),
    detail: async (source, dir, id, now) => sloDetail(cache, source, dir, id, now),
    burnAlerts: async (source, dir, now) => sloBurnAlerts(cache, source, now, dir),
  };
}

export function inlineSloEvaluator(cache: CacheStore): SloEvaluator {
  return { ...sloOperations(cache), close: async () => undefined };
}

export function workerSloEvaluator(workerFile: string, dataDir: string): SloEvaluator {
  const worker = new Worker(workerFile, { workerData: { dataDir } });
  worker.unref();
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };
  worker.on('message', (m: SloReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.message));
  });
  worker.on('error', (err) => failAll(`SLO evaluation stopped: ${err.message}`));
  worker.on('exit', (code) => failAll(`SLO evaluation worker exited (${code})`));
  const call = <T>(op: Op, args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, args } satisfies SloRequest);
    });
  return {
    overview: (...args) => call('overview', args),
    slos: (...args) => call('slos', args),
    detail: (...args) => call('detail', args),
    burnAlerts: (...args) => call('burnAlerts', args),
    close: async () => {
      await worker.terminate();
    },
  };
}
