// Metric reads off the UI-facing thread. On the large estate (~5,000 series) the Overview's
// metric tiles (metricsSummary) decode chunks of hundreds of series for 0.6–2.5 s, and the
// Metrics page's dashboards longer; run on the main thread, every other call (health, the
// queue, SLOs) waited behind them. The app runs both in a supervised worker with its own
// read-only connections (operations.ts); tests run them inline (handlers.ts without `metricReads`).
import type { MetricsDashboard, MetricsSummary } from '@shared/contract/metrics';
import type { ParsedInput } from '@shared/api';
import type { Dashboards } from './dashboards';
import { SupervisedWorker, type WorkerStatus } from '../workers/supervisor';

export type DashboardInput = ParsedInput<'metricsDashboard'>;

/** The reads, stated against the main thread's clock and data version (the memo keys). */
export interface MetricReads {
  summary(now: number, dataVersion: number): Promise<MetricsSummary>;
  dashboard(input: DashboardInput, now: number, dataVersion: number): Promise<MetricsDashboard>;
  close(): Promise<void>;
}

export type MetricReadMethods = Omit<MetricReads, 'close'>;

export interface MetricReadsData {
  dataDir: string;
  sourceIds: readonly string[];
  /** The dashboards with opsdeck.yaml `metrics:` applied (plain data: it crosses to the thread). */
  dashboards: Dashboards | undefined;
}

/**
 * The metric-read worker's old generation. A cold 30-day dashboard of the large estate holds
 * its decoded partials (the PartialCache, bounded) and a request's rows; 128 MB like the SLO
 * worker's, which reads the same chunks.
 */
export const METRIC_READS_HEAP_LIMITS = { maxOldGenerationSizeMb: 128 } as const;

/** The reads in a supervised worker thread: a crash answers the calls in flight with a clear error, and the thread restarts. */
export function workerMetricReads(workerFile: string, data: MetricReadsData, onStatus?: (s: WorkerStatus) => void): MetricReads & { worker: SupervisedWorker<MetricReadMethods> } {
  const worker = new SupervisedWorker<MetricReadMethods>({
    name: 'metric reads',
    file: workerFile,
    workerData: () => data,
    // A cold 30-day dashboard of a large estate takes seconds; a hung one must not hold the page forever.
    timeoutMs: 60_000,
    resourceLimits: METRIC_READS_HEAP_LIMITS,
    // Nothing of the first screen's figures needs it: it loads when the Overview's tiles ask.
    spawnOnFirstCall: true,
    ...(onStatus ? { onStatus } : {}),
  });
  return {
    worker,
    summary: (now, version) => worker.call('summary', now, version),
    dashboard: (input, now, version) => worker.call('dashboard', input, now, version),
    close: () => worker.stop(),
  };
}
