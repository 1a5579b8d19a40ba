// What every API handler gets: the stores, the clock, the sources, and a way to push.
import type { Topic } from '@shared/api';
import type { SourceStatus } from '@shared/contract/core';
import type { Notice } from '@shared/contract/notices';
import type { CacheStore } from '../store/cache';
import type { JournalStore } from '../store/journal';
import type { JournalTransfer } from '../store/journal-transfer';
import type { SloEvaluator } from '../slo/evaluator';
import type { WorkerStatus } from '../workers/supervisor';
import type { CapacityService } from '../capacity/service';
import type { Dashboards } from '../metrics/dashboards';
import type { MetricReads } from '../metrics/reads';

export interface ApiContext {
  cache: CacheStore;
  journal: JournalStore;
  now: () => number;
  version: string;
  configFile: string;
  cacheBudgetBytes: number;
  sources: () => SourceStatus[];
  /** The supervised worker threads (sync, SLO evaluation, demo platform); empty inline. */
  workers: () => WorkerStatus[];
  /** The configured source ids, in configuration order. */
  sourceIds: readonly string[];
  setDemoOutage: (on: boolean) => Promise<SourceStatus>;
  /** Starts a sync now; may say why it could not (void: started). */
  syncNow: (sourceId?: string) => void | { started: boolean; reason?: string };
  /** Tells every window which query topics changed (after a journal write, say). */
  push: (topics: Topic[]) => void;
  /** Changes whenever cached data (or the journal) may have changed; see memo.ts. */
  dataVersion: () => number;
  /** Grows with every push naming one of `topics` (absent: callers cannot tell what changed). */
  topicVersion?: (topics: readonly Topic[]) => number;
  /** Folder of user SLO files (YAML, OpenSLO); null → the seeds' defaults only. */
  sloConfigDir: string | null;
  /** SLO evaluation (a worker thread in the app, inline in tests). */
  slo: SloEvaluator;
  /** What the app has told the user since start (damaged journal salvaged, cache rebuilt). */
  notices?: () => Notice[];
  /** Journal import/export off this thread (a worker in the app); inline when absent. */
  journalTransfer?: JournalTransfer;
  /** opsdeck.yaml `incidents`: the status page and the incident channel ({id}: the incident); the seeds' when absent. */
  incidentLinks?: { statusPage: string; channel: string };
  /** The Metrics page's charts with opsdeck.yaml `metrics:` applied (the built-in metric names when absent). */
  dashboards?: Dashboards;
  /** metricsSummary and metricsDashboard off this thread (a worker in the app); inline when absent. */
  metricReads?: MetricReads;
  /** Stored capacity forecasts (computed ahead in the capacity worker). */
  capacity: CapacityService;
}

/**
 * The source whose metrics the SLOs and the Overview read: the first configured one. From
 * the fixed id list, not sources(), which builds every status (cache reads) on each call.
 */
export function primarySourceId(ctx: Pick<ApiContext, 'sourceIds'>): string {
  return ctx.sourceIds[0] ?? 'demo';
}
