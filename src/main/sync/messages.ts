// Messages between the UI-facing process and the sync worker thread.
import type { CloudWatchTarget } from '../sources/aws/cloudwatch';
import type { SyncEvent } from './engine';

export interface SyncWorkerData {
  dataDir: string;
  sourceId: string;
  target: CloudWatchTarget;
  liveIntervalMs?: number;
}

export type ToSyncWorker = { type: 'syncNow' } | { type: 'stop' };
export type FromSyncWorker = SyncEvent | { type: 'stopped' } | { type: 'fatal'; message: string };
