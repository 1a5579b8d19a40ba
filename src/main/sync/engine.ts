// The sync engine: catalogue → present → history → live, with per-series watermarks.
// It owns one cache connection and writes; everything the UI reads comes from the cache.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Topic } from '../../shared/api';
import type { CacheStore, SeriesDef } from '../store/cache';
import { getMetricDataPaged, listAllMetrics, type MetricQuery } from '../sources/aws/cloudwatch';
import { planGetMetricData } from '../sources/aws/planner';
import { syncAlarms } from './alarms';
import { seriesFor } from './collect';
import { ConnectivityTracker, type ConnectivitySnapshot } from './connectivity';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface SyncProgress {
  seriesDone: number;
  seriesTotal: number;
  pointsStored: number;
  complete: boolean;
}

export type SyncEvent =
  | { type: 'changed'; topics: Topic[] }
  | { type: 'status'; connectivity: ConnectivitySnapshot; progress: SyncProgress };

export interface SyncEngineOptions {
  sourceId: string;
  client: CloudWatchClient;
  cache: CacheStore;
  now?: () => number;
  onEvent?: (e: SyncEvent) => void;
  /** How much history to keep current (default 30 days). */
  backfillMs?: number;
  /** The first pass fetches this much recent data for every series before any history. */
  presentMs?: number;
  /** Late-arriving datapoints: each live pass re-reads this much before the watermark. */
  overlapMs?: number;
  liveIntervalMs?: number;
}

export class SyncEngine {
  private readonly now: () => number;
  private readonly tracker: ConnectivityTracker;
  private progress: SyncProgress = { seriesDone: 0, seriesTotal: 0, pointsStored: 0, complete: false };
  private catalogueAt = 0;
  private series: (SeriesDef & { id: number })[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastChangedEmit = 0;
  private retryDelayMs = 2_000;

  constructor(private readonly o: SyncEngineOptions) {
    this.now = o.now ?? Date.now;
    const saved = o.cache.sourceState(o.sourceId);
    this.tracker = new ConnectivityTracker(
      saved
        ? { state: saved.state, offlineSince: saved.offlineSince, lastSuccess: saved.lastSuccess, lastAttempt: saved.lastAttempt, lastError: saved.lastError }
        : { state: 'online', offlineSince: null, lastSuccess: null, lastAttempt: null, lastError: null },
    );
    this.series = o.cache.listSeries(o.sourceId);
  }

  get connectivity(): ConnectivitySnapshot {
    return this.tracker.snapshot;
  }

  get status(): SyncProgress {
    return { ...this.progress };
  }

  /** Starts the loop: a pass now, then one per live interval; sooner retries while failing. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs a pass now unless one is under way; resolves when that pass ends. */
  syncNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.runLoopPass();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runLoopPass(), delayMs);
  }

  private runLoopPass(): Promise<void> {
    if (!this.running) {
      this.running = this.runOnce()
        .then(
          () => {
            this.retryDelayMs = 2_000;
            this.schedule(this.o.liveIntervalMs ?? MINUTE);
          },
          () => {
            // Failing: retry with backoff (2 s … 60 s) so a returning source is picked up fast.
            this.schedule(this.retryDelayMs);
            this.retryDelayMs = Math.min(this.retryDelayMs * 2, MINUTE);
          },
        )
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  /** One full pass. Throws (after recording the failure) when the source failed. */
  async runOnce(): Promise<void> {
    try {
      await this.refreshCatalogue();
      await this.syncMetrics();
      await this.syncAlarms();
      this.tracker.succeeded(this.now());
      this.persistState();
      this.emit({ type: 'changed', topics: ['metrics', 'alarms', 'sources'] });
    } catch (err) {
      this.tracker.failed(this.now(), err);
      this.persistState();
      this.emit({ type: 'changed', topics: ['sources'] });
      throw err;
    }
  }

  private persistState(): void {
    this.o.cache.saveSourceState(this.o.sourceId, this.tracker.snapshot);
    this.emitStatus();
  }

  private emit(e: SyncEvent): void {
    this.o.onEvent?.(e);
  }

  private emitStatus(): void {
    this.emit({ type: 'status', connectivity: this.tracker.snapshot, progress: this.status });
  }

  private async refreshCatalogue(): Promise<void> {
    if (this.series.length > 0 && this.now() - this.catalogueAt < 60 * MINUTE) return;
    const metrics = await listAllMetrics(this.o.client);
    const defs = seriesFor(metrics);
    this.o.cache.ensureSeries(this.o.sourceId, defs);
    this.series = this.o.cache.listSeries(this.o.sourceId);
    this.catalogueAt = this.now();
  }

  private async syncMetrics(): Promise<void> {
    const now = this.now();
    const backfillFrom = now - (this.o.backfillMs ?? 30 * DAY);
    const presentMs = this.o.presentMs ?? 3 * 60 * MINUTE;
    const overlapMs = this.o.overlapMs ?? 10 * MINUTE;

    // 1. The present (and whatever came since the last pass) for every series first.
    const recent = this.series.map((s) => {
      const w = this.o.cache.watermark(s.id);
      const from = w ? Math.max(w.newest * 1000 - overlapMs, backfillFrom) : now - presentMs;
      return { key: s.key, from, to: now };
    });
    await this.fetchRanges(recent, now);

    // 2. History, newest first, down to the backfill horizon.
    const history = this.series.flatMap((s) => {
      const w = this.o.cache.watermark(s.id);
      const oldest = w ? w.oldest * 1000 : now;
      return oldest > backfillFrom ? [{ key: s.key, from: backfillFrom, to: oldest }] : [];
    });
    this.updateProgress(backfillFrom);
    await this.fetchRanges(history, now, backfillFrom);
  }

  private updateProgress(backfillFrom: number): void {
    let done = 0;
    for (const s of this.series) {
      const w = this.o.cache.watermark(s.id);
      // Within a period of the horizon counts as done: older data is outside the window.
      if (w && w.oldest * 1000 <= backfillFrom + 3_600_000) done += 1;
    }
    this.progress = { ...this.progress, seriesDone: done, seriesTotal: this.series.length, complete: done === this.series.length };
  }

  private async fetchRanges(ranges: { key: string; from: number; to: number }[], now: number, backfillFrom?: number): Promise<void> {
    if (ranges.length === 0) return;
    const byKey = new Map(this.series.map((s) => [s.key, s]));
    const calls = planGetMetricData({ now, series: ranges });
    for (const call of calls) {
      if (this.stopped) return;
      const idToSeries = new Map<string, SeriesDef & { id: number }>();
      const queries: MetricQuery[] = [];
      for (const q of call.queries) {
        const s = byKey.get(q.seriesKey);
        if (!s) continue;
        idToSeries.set(q.id, s);
        queries.push({ id: q.id, stat: s.stat, period: q.period, metric: { namespace: s.namespace, metric: s.metric, dimensions: s.dimensions } });
      }
      const pages: { seriesId: number; ts: number; value: number }[][] = [];
      await getMetricDataPaged(this.o.client, { startTime: call.startTime, endTime: call.endTime, queries }, (page) => {
        const rows: { seriesId: number; ts: number; value: number }[] = [];
        for (const r of page.results) {
          const s = idToSeries.get(r.id);
          if (!s) continue;
          for (let i = 0; i < r.timestamps.length; i++) {
            const value = r.values[i];
            const ts = r.timestamps[i];
            if (value === undefined || ts === undefined || !Number.isFinite(value)) continue;
            rows.push({ seriesId: s.id, ts: Math.floor(ts / 1000), value });
          }
        }
        pages.push(rows);
      });
      // All pages of the call, then its watermarks, in one transaction: a crash mid-call
      // leaves the watermark where it was, and the idempotent upsert makes the retry harmless.
      const covered = [...idToSeries.values()].map((s) => ({
        seriesId: s.id,
        oldest: Math.floor(call.startTime / 1000),
        newest: Math.floor(call.endTime / 1000),
      }));
      const points = pages.flat();
      this.o.cache.writePage(points, covered);
      this.progress.pointsStored += points.length;
      if (backfillFrom !== undefined) this.updateProgress(backfillFrom);
      this.tracker.succeeded(this.now());
      this.emitChangedThrottled();
    }
  }

  private emitChangedThrottled(): void {
    const t = this.now();
    if (t - this.lastChangedEmit < 1_000) return;
    this.lastChangedEmit = t;
    this.persistState();
    this.emit({ type: 'changed', topics: ['metrics', 'sources'] });
  }

  private async syncAlarms(): Promise<void> {
    await syncAlarms(this.o.client, this.o.cache, this.o.sourceId, this.now);
  }
}
