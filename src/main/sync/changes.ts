// The "changes" part of a sync pass: CloudTrail management write events (deployments,
// stack updates, scaling and configuration changes) for a configurable list of event
// sources, read with LookupEvents. Self-contained: it owns its coverage and status, never
// throws (a failure is recorded and named, the rest of the pass goes on), and paces itself
// to CloudTrail's 2 calls per second. CloudTrail keeps 90 days; so does the first read.
import type { Topic } from '@shared/contract/spec';
import type { SyncPart } from './parts';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CLOUDTRAIL_RETENTION_MS, lookupEventsBySource, Pacer } from '../sources/aws/cloudtrail';
import type { CacheStore } from '../store/cache';
import { ChangeCache } from '../store/changes';
import { deniedAction } from '../sources/aws/credentials';

/** Where deployments and configuration changes of this estate are recorded. */
export const DEFAULT_EVENT_SOURCES = [
  'cloudformation.amazonaws.com',
  'codedeploy.amazonaws.com',
  'eks.amazonaws.com',
  'rds.amazonaws.com',
  'monitoring.amazonaws.com',
] as const;

/** Late-delivered events (CloudTrail can take ~5 min to deliver): re-read this much each pass. */
export const CHANGES_OVERLAP_MS = 15 * 60_000;

export interface ChangesSyncOptions {
  client: CloudTrailClient;
  cache: CacheStore;
  sourceId: string;
  now: () => number;
  eventSources?: readonly string[];
  /** How far back to read (default and maximum: CloudTrail's 90 days). */
  lookbackMs?: number;
  pacer?: Pacer;
  isStopped?: () => boolean;
  /** Read CloudTrail at most this often (default 5 min): changes are for review, not paging. */
  intervalMs?: number;
}

export interface ChangesPartStatus {
  part: 'changes';
  ok: boolean;
  error: string | null;
  calls: number;
  stored: number;
}

export class ChangesSync {
  private readonly store: ChangeCache;
  private readonly pacer: Pacer;
  private running: Promise<ChangesPartStatus> | null = null;
  private stopped = false;
  private lastSuccessAt: number | null = null;

  constructor(private readonly o: ChangesSyncOptions) {
    this.store = new ChangeCache(o.cache.db);
    this.pacer = o.pacer ?? new Pacer();
  }

  /** One pass of the part; concurrent callers share the pass under way. */
  run(): Promise<ChangesPartStatus> {
    const interval = this.o.intervalMs ?? 5 * 60_000;
    if (!this.running && this.lastSuccessAt !== null && this.o.now() - this.lastSuccessAt < interval) {
      return Promise.resolve({ part: 'changes', ok: true, error: null, calls: 0, stored: 0 });
    }
    if (!this.running) {
      this.stopped = false;
      this.running = this.pass().finally(() => (this.running = null));
    }
    return this.running;
  }

  /** Ends a pass under way after its current page (the engine is stopping). */
  stop(): void {
    this.stopped = true;
  }

  private async pass(): Promise<ChangesPartStatus> {
    const now = this.o.now();
    const lookback = Math.min(this.o.lookbackMs ?? CLOUDTRAIL_RETENTION_MS, CLOUDTRAIL_RETENTION_MS);
    const horizon = now - lookback;
    let calls = 0;
    let stored = 0;
    const stopped = (): boolean => this.stopped || (this.o.isStopped?.() ?? false);
    try {
      for (const eventSource of this.o.eventSources ?? DEFAULT_EVENT_SOURCES) {
        if (stopped()) break;
        const covered = this.store.coverage(this.o.sourceId, eventSource);
        // Newest first: what happened since the last pass, then the history not yet read.
        // A store newer than the clock (a --demo-clock behind an earlier run's data) leaves
        // an empty range: nothing to fetch, not a call CloudTrail would refuse.
        const wanted: [number, number][] = covered
          ? [[Math.max(horizon, covered.newest - CHANGES_OVERLAP_MS), now], ...(covered.oldest > horizon + 60_000 ? [[horizon, Math.min(covered.oldest, now)] as [number, number]] : [])]
          : [[horizon, now]];
        const ranges = wanted.filter(([from, to]) => from < to);
        for (const [from, to] of ranges) {
          calls += await lookupEventsBySource(this.o.client, eventSource, from, to, this.pacer, (records) => (stored += this.store.save(this.o.sourceId, records)), stopped);
          if (stopped()) break;
          this.store.extendCoverage(this.o.sourceId, eventSource, from, to);
        }
      }
      this.store.prune(this.o.sourceId, horizon);
      this.store.saveState({ source: this.o.sourceId, lastAttempt: now, lastSuccess: this.o.now(), lastError: null, calls, stored });
      if (!stopped()) this.lastSuccessAt = now;
      return { part: 'changes', ok: true, error: null, calls, stored };
    } catch (err) {
      const denied = deniedAction(err, 'cloudtrail:LookupEvents');
      const message = denied ? `access denied to ${denied}: changes (deployments, configuration) are not synced` : `changes could not be read from CloudTrail: ${err instanceof Error ? err.message : String(err)}`;
      this.store.saveState({ source: this.o.sourceId, lastAttempt: now, lastSuccess: null, lastError: message, calls, stored });
      return { part: 'changes', ok: false, error: message, calls, stored };
    }
  }
}

/**
 * The changes as one part of the source's sync: it runs on its own schedule beside the
 * metrics and alarms, and a denied or failing LookupEvents is named on that part alone.
 */
export function changesPart(sync: ChangesSync, changed: (topics: Topic[]) => void, intervalMs = 5 * 60_000): SyncPart {
  return {
    id: 'changes',
    label: 'changes (CloudTrail)',
    call: 'LookupEvents',
    intervalMs,
    after: ['alarms'],
    run: async (signal) => {
      const onAbort = (): void => sync.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const status = await sync.run();
        if (!status.ok) throw new Error(status.error ?? 'LookupEvents failed');
        if (status.calls === 0) return 'idle';
        changed(['incidents']);
        return 'done';
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
