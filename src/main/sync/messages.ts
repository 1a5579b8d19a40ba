// Messages between the UI-facing process and the sync worker thread.
import type { SyncEvent } from './engine';
import type { StatisticsOverride } from './statistics';

/** One source to sync: the demo simulator, or one region of one configured AWS account. */
export interface SyncSourceSpec {
  id: string;
  region: string;
  /** The simulator's loopback endpoint (demo only). */
  endpoint?: string;
  demo: boolean;
  profile?: string;
  roleArn?: string;
  collect?: { namespaces?: string[]; alarmPrefixes?: string[]; statistics?: StatisticsOverride[] };
}

export interface SyncWorkerData {
  dataDir: string;
  sources: SyncSourceSpec[];
  liveIntervalMs?: number;
  /** History kept current (default 30 days). */
  backfillDays?: number;
  cacheBudgetBytes?: number;
  /** Demo only (--demo-clock): the engines' clock runs this far from real time. */
  clockOffsetMs?: number;
}

export type ToSyncWorker = { type: 'syncNow'; sourceId?: string } | { type: 'stop' };
export type FromSyncWorker = SyncEvent | { type: 'stopped' } | { type: 'fatal'; message: string };
