// SLO evaluation off the UI-facing thread. Evaluating 15+ SLOs over 30 days is cheap when
// warm but takes seconds cold (first call, or after settled buckets are rebuilt), so the app
// runs it in a supervised worker thread with its own cache connection; tests run it inline.
import type { Overview } from '@shared/contract/core';
import type { SloDetail, SloList } from '@shared/contract/slos';
import type { CacheStore } from '../store/cache';
import { SupervisedWorker, type WorkerStatus } from '../workers/supervisor';
import { overview } from './overview';
import { availabilitySlos, incidentBudgets, listSlos, sloBurnAlerts, sloDetail, type IncidentBudgetQuery, type SloBurnAlert, type SloIncidentBudget } from './service';

export interface SloEvaluator {
  overview(source: string, dir: string | null, now: number): Promise<Overview>;
  slos(source: string, dir: string | null, now: number): Promise<SloList>;
  detail(source: string, dir: string | null, id: string, now: number): Promise<SloDetail>;
  burnAlerts(source: string, dir: string | null, now: number): Promise<SloBurnAlert[]>;
  /** The budget of the SLOs an incident affects, around it (timeline milestones, review impact). */
  incidentBudgets(source: string, dir: string | null, query: IncidentBudgetQuery, now: number): Promise<{ asOf: number | null; slos: SloIncidentBudget[] }>;
  close(): Promise<void>;
}

export type SloMethods = Omit<SloEvaluator, 'close'>;

/** The operations themselves, over one cache connection. */
export function sloOperations(cache: CacheStore): SloMethods {
  return {
    overview: async (source, dir, now) => overview(cache, source, availabilitySlos(dir), now),
    slos: async (source, dir, now) => listSlos(cache, source, now, dir),
    detail: async (source, dir, id, now) => sloDetail(cache, source, dir, id, now),
    burnAlerts: async (source, dir, now) => sloBurnAlerts(cache, source, now, dir),
    incidentBudgets: async (source, dir, query, now) => incidentBudgets(cache, source, dir, query, now),
  };
}

export function inlineSloEvaluator(cache: CacheStore): SloEvaluator {
  return { ...sloOperations(cache), close: async () => undefined };
}

/** The SLO worker's old generation (its young one is the supervisor's default). */
export const SLO_HEAP_LIMITS = { maxOldGenerationSizeMb: 128 } as const;

/** Evaluation in a supervised worker thread with its own cache connection. */
export function workerSloEvaluator(workerFile: string, dataDir: string, onStatus?: (s: WorkerStatus) => void): SloEvaluator & { worker: SupervisedWorker<SloMethods> } {
  const worker = new SupervisedWorker<SloMethods>({
    name: 'SLO evaluation',
    file: workerFile,
    workerData: () => ({ dataDir }),
    // A cold evaluation of a large estate takes seconds; a hung one must not hold the UI forever.
    timeoutMs: 60_000,
    // The evaluation after a start leaves ~60 MB of garbage (datapoints read, buckets
    // summed) over a ~20 MB live set, and an idle thread never collects it: on the large
    // estate it held 83 MB for the first 70 s (memory.main_rss_mb). Capped, V8 collects during
    // the evaluation. 64 MB was too tight: on the large estate the start-up evaluations ran out
    // of heap, the worker restarted in a loop and the Overview never got its figures.
    resourceLimits: SLO_HEAP_LIMITS,
    // Answered from first-screen.json, the first screen needs no evaluation until the page has it.
    spawnOnFirstCall: true,
    ...(onStatus ? { onStatus } : {}),
  });
  return {
    worker,
    overview: (...args) => worker.call('overview', ...args),
    slos: (...args) => worker.call('slos', ...args),
    detail: (...args) => worker.call('detail', ...args),
    burnAlerts: (...args) => worker.call('burnAlerts', ...args),
    incidentBudgets: (...args) => worker.call('incidentBudgets', ...args),
    close: () => worker.stop(),
  };
}
