// Messages between the UI-facing process and the sync worker thread.
import type { MetricStatRef } from '../config/slos';
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
  /** Metric statistics the dashboards read under opsdeck.yaml `metrics:` (dimension values may be '*'). */
  dashboardMetrics?: MetricStatRef[];
  /** CloudTrail event sources whose write events are synced as changes (default: sync/changes.ts). */
  changeEventSources?: string[];
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
  /** Rows younger than this stay rows; older ones are compacted into chunks (unset: no compaction). */
  headMs?: number;
}

