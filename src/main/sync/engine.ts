// The sync engine: catalogue → present → history → live, with per-series watermarks.
// It owns one cache connection and writes; everything the UI reads comes from the cache.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Topic } from '../../shared/api';
import type { CacheStore, SeriesDef } from '../store/cache';
import { getMetricDataPaged, listAllMetrics, type MetricQuery } from '../sources/aws/cloudwatch';
import { planGetMetricData } from '../domain/cloudwatch/planner';
import { enforceCacheBudget } from '../store/retention';
import { chunksOf, settledBefore } from '../store/chunks';
import { syncAlarms } from './alarms';
import { seriesFor } from './collect';
import { credentialAdvice, deniedAction } from '../sources/aws/credentials';
import { classifyFailure, ConnectivityTracker, type ConnectivitySnapshot } from './connectivity';
import { fullJitterDelay } from '../domain/backoff';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from './resilience';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * CloudWatch judges retention against its own clock when a call arrives; planning 10 min
 * inside the boundary keeps a call made a little later from asking for expired 60 s data.
 */
export const RETENTION_MARGIN_MS = 10 * MINUTE;

export interface SyncProgress {
  seriesDone: number;
  seriesTotal: number;
  pointsStored: number;
  complete: boolean;
  /** Estimated time to finish the history backfill at the current pace; null when unknown. */
  etaMs: number | null;
}

export type SyncEvent =
  | { type: 'changed'; topics: Topic[] }
  | { type: 'status'; sourceId: string; connectivity: ConnectivitySnapshot; progress: SyncProgress; nextAttemptAt: number | null };

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
  breaker?: BreakerOptions;
  /** What to collect (default: every namespace ListMetrics returns, every alarm). */
  collect?: { namespaces?: string[]; alarmPrefixes?: string[] };
  /** The AWS profile, so credential errors can name the command that fixes them. */
  profile?: string;
  /** Size budget for cache.db; old data is downsampled to stay under it. */
  cacheBudgetBytes?: number;
  /** Rows older than this are compacted into chunks after each pass (store/chunks.ts); unset: never. */
  headMs?: number;
}

export class SyncEngine {
  private readonly now: () => number;
  private readonly tracker: ConnectivityTracker;
  private progress: SyncProgress = { seriesDone: 0, seriesTotal: 0, pointsStored: 0, complete: false, etaMs: null };
  private backfillStarted: { at: number; done: number } | null = null;
  private readonly breaker: CircuitBreaker;
  private catalogueAt = 0;
  private series: (SeriesDef & { id: number })[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastChangedEmit = 0;
  private consecutiveFailures = 0;
  private lastCompaction: number | null = null;
  private nextAttemptAt: number | null = null;
  private lastRecount: { at: number; stored: number } | null = null;
  /** Series whose last query the source rejected; cleared when a query for them succeeds. */
  private readonly seriesWithErrors = new Set<number>();

  constructor(private readonly o: SyncEngineOptions) {
    this.now = o.now ?? Date.now;
    const saved = o.cache.sourceState(o.sourceId);
    this.tracker = new ConnectivityTracker(
      saved
        ? { state: saved.state, offlineSince: saved.offlineSince, lastSuccess: saved.lastSuccess, lastAttempt: saved.lastAttempt, lastError: saved.lastError }
        : { state: 'online', offlineSince: null, lastSuccess: null, lastAttempt: null, lastError: null },
    );
    this.series = o.cache.listSeries(o.sourceId);
    this.breaker = new CircuitBreaker(o.breaker ?? DEFAULT_BREAKER);
    const erroredKeys = new Set(o.cache.seriesErrors(o.sourceId).map((e) => e.key));
    for (const s of this.series) if (erroredKeys.has(s.key)) this.seriesWithErrors.add(s.id);
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

  /** Runs a pass now (a user asked: the breaker's cool-down is skipped); resolves when it ends. */
  syncNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.runLoopPass(true);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runLoopPass(), delayMs);
    this.nextAttemptAt = this.now() + delayMs;
    // While failing, the user sees when the next try is (the breaker may hold it back).
    if (this.tracker.snapshot.state !== 'online') this.emitStatus();
  }

  private runLoopPass(force = false): Promise<void> {
    if (!this.running) {
      if (!force && !this.breaker.allows(this.now())) {
        this.schedule(this.breaker.waitMs(this.now()));
        return Promise.resolve();
      }
      this.running = this.runOnce()
        .then(
          () => {
            this.consecutiveFailures = 0;
            this.breaker.succeeded();
            this.schedule(this.o.liveIntervalMs ?? MINUTE);
          },
          () => {
            this.consecutiveFailures += 1;
            this.breaker.failed(this.now());
            // Closed breaker: retry soon, with jitter, so a blip is ridden out; open: wait it out.
            const delay = this.breaker.allows(this.now())
              ? 1_000 + fullJitterDelay(this.consecutiveFailures, 2_000, MINUTE)
              : this.breaker.waitMs(this.now());
            this.schedule(delay);
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
      // Alarms are optional: a role without cloudwatch:DescribeAlarms still syncs metrics,
      // and the source says which action was denied.
      let denied: string | null = null;
      try {
        await this.syncAlarms();
      } catch (err) {
        denied = deniedAction(err, 'cloudwatch:DescribeAlarms');
        if (!denied) throw err;
      }
      // What earlier passes left in rows and is now older than the head (pages older than it were written as chunks).
      if (this.o.headMs !== undefined) chunksOf(this.o.cache.db).compactBefore(Math.floor((this.now() - this.o.headMs) / 1000));
      if (this.o.cacheBudgetBytes) enforceCacheBudget(this.o.cache, this.o.cacheBudgetBytes, Math.floor(this.now() / 1000));
      this.compactWhenDue();
      this.recountWhenDue();
      if (denied) this.tracker.partial(this.now(), `access denied to ${denied}: ${denied.endsWith('DescribeAlarms') ? 'alarms are not synced (metrics are)' : 'that part of the alarm data is missing (metrics and alarm states are synced)'}`);
      else this.tracker.succeeded(this.now());
      this.persistState();
      this.emit({ type: 'changed', topics: ['metrics', 'alarms', 'sources'] });
    } catch (err) {
      const advice = credentialAdvice(err, this.o.profile);
      const denied = deniedAction(err, 'cloudwatch:GetMetricData');
      this.tracker.failed(this.now(), err, advice ?? (denied ? `access denied to ${denied}` : undefined));
      this.persistState();
      this.emit({ type: 'changed', topics: ['sources'] });
      throw err;
    }
  }

  /**
   * Rows stored, for the Sources page: recounted here, off the UI thread — the first time
   * as soon as the present is stored, then when 5 min have passed or a tenth more was stored.
   */
  private recountWhenDue(): void {
    const stored = this.progress.pointsStored;
    const due =
      this.lastRecount === null || this.now() - this.lastRecount.at >= 5 * MINUTE || stored - this.lastRecount.stored > 0.1 * Math.max(this.lastRecount.stored, 1);
    if (!due) return;
    this.o.cache.recountSource(this.o.sourceId, this.now());
    this.lastRecount = { at: this.now(), stored };
  }

  /** Compacts once the history backfill is complete, then daily (live inserts fragment too). */
  private compactWhenDue(): void {
    if (!this.progress.complete) return;
    if (this.lastCompaction !== null && this.now() - this.lastCompaction < DAY) return;
    this.o.cache.compact();
    this.lastCompaction = this.now();
  }

  private persistState(): void {
    this.o.cache.saveSourceState(this.o.sourceId, this.tracker.snapshot);
    this.emitStatus();
  }

  private emit(e: SyncEvent): void {
    this.o.onEvent?.(e);
  }

  private emitStatus(): void {
    this.emit({ type: 'status', sourceId: this.o.sourceId, connectivity: this.tracker.snapshot, progress: this.status, nextAttemptAt: this.nextAttemptAt });
  }

  private async refreshCatalogue(): Promise<void> {
    if (this.series.length > 0 && this.now() - this.catalogueAt < 60 * MINUTE) return;
    const namespaces = this.o.collect?.namespaces;
    const metrics = namespaces
      ? (await Promise.all(namespaces.map((n) => listAllMetrics(this.o.client, n)))).flat()
      : await listAllMetrics(this.o.client);
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

    // Only whole minutes: asking for the current, unfinished minute would mark it covered
    // before CloudWatch has all of it.
    const completeUntil = Math.floor(now / MINUTE) * MINUTE;
    // 1. The present (and whatever came since the last pass) for every series first.
    const recent = this.series.map((s) => {
      const w = this.o.cache.watermark(s.id);
      const from = w ? Math.max(w.newest * 1000 - overlapMs, backfillFrom) : now - presentMs;
      return { key: s.key, from, to: completeUntil };
    });
    await this.fetchRanges(recent, now);
    this.recountWhenDue();

    // 2. History, newest first, down to the backfill horizon.
    const history = this.series.flatMap((s) => {
      const w = this.o.cache.watermark(s.id);
      const oldest = w ? w.oldest * 1000 : completeUntil;
      return oldest > backfillFrom ? [{ key: s.key, from: backfillFrom, to: oldest }] : [];
    });
    this.updateProgress(backfillFrom);
    await this.fetchRanges(history, now, backfillFrom);
  }

  private updateProgress(backfillFrom: number): void {
    let done = 0;
    let remainingMs = 0;
    let totalMs = 0;
    const now = this.now();
    for (const s of this.series) {
      const w = this.o.cache.watermark(s.id);
      const oldest = w ? w.oldest * 1000 : now;
      totalMs += now - backfillFrom;
      remainingMs += Math.max(0, oldest - backfillFrom);
      // Within an hour of the horizon counts as done: the planner aligns to coarse periods.
      if (oldest <= backfillFrom + 3_600_000) done += 1;
    }
    const fractionDone = totalMs > 0 ? 1 - remainingMs / totalMs : 1;
    if (!this.backfillStarted) this.backfillStarted = { at: now, done: fractionDone };
    const elapsed = now - this.backfillStarted.at;
    const gained = fractionDone - this.backfillStarted.done;
    const etaMs = done === this.series.length ? 0 : gained > 0 && elapsed > 0 ? Math.round((elapsed / gained) * (1 - fractionDone)) : null;
    this.progress = { ...this.progress, seriesDone: done, seriesTotal: this.series.length, complete: done === this.series.length, etaMs };
  }

  private async fetchRanges(ranges: { key: string; from: number; to: number }[], now: number, backfillFrom?: number): Promise<void> {
    if (ranges.length === 0) return;
    const byKey = new Map(this.series.map((s) => [s.key, s]));
    const calls = planGetMetricData({ now, series: ranges, retentionMarginMs: RETENTION_MARGIN_MS });
    for (const call of calls) {
      if (this.stopped) return;
      const queries = call.queries.flatMap((q) => {
        const s = byKey.get(q.seriesKey);
        return s ? [{ id: q.id, period: q.period, series: s }] : [];
      });
      await this.executeCall(call.startTime, call.endTime, queries);
      if (backfillFrom !== undefined) this.updateProgress(backfillFrom);
      this.tracker.succeeded(this.now());
      this.emitChangedThrottled();
    }
  }

  /**
   * One planned GetMetricData call, all pages, then one transaction for its points and
   * watermarks: a crash mid-call leaves the watermarks where they were, and the idempotent
   * upsert makes the retry harmless. A call the source rejects as invalid is split in
   * halves until the offending query is found; that series records the error, the rest go on.
   */
  private async executeCall(startTime: number, endTime: number, queries: { id: string; period: number; series: SeriesDef & { id: number } }[]): Promise<void> {
    const idToSeries = new Map(queries.map((q) => [q.id, q.series]));
    const points: { seriesId: number; ts: number; value: number }[] = [];
    try {
      await getMetricDataPaged(
        this.o.client,
        {
          startTime,
          endTime,
          queries: queries.map((q): MetricQuery => ({
            id: q.id,
            stat: q.series.stat,
            period: q.period,
            metric: { namespace: q.series.namespace, metric: q.series.metric, dimensions: q.series.dimensions },
          })),
        },
        (page) => {
          for (const r of page.results) {
            const s = idToSeries.get(r.id);
            if (!s) continue;
            for (let i = 0; i < r.timestamps.length; i++) {
              const value = r.values[i];
              const ts = r.timestamps[i];
              if (value === undefined || ts === undefined || !Number.isFinite(value)) continue;
              points.push({ seriesId: s.id, ts: Math.floor(ts / 1000), value });
            }
          }
        },
      );
    } catch (err) {
      if (classifyFailure(err).kind !== 'rejected') throw err;
      if (queries.length === 1) {
        const only = queries[0]!;
        this.o.cache.setSeriesError(only.series.id, classifyFailure(err).message);
        this.seriesWithErrors.add(only.series.id);
        return;
      }
      const half = Math.ceil(queries.length / 2);
      await this.executeCall(startTime, endTime, queries.slice(0, half));
      await this.executeCall(startTime, endTime, queries.slice(half));
      return;
    }
    const covered = queries.map((q) => ({ seriesId: q.series.id, oldest: Math.floor(startTime / 1000), newest: Math.floor(endTime / 1000) }));
    this.o.cache.writePage(points, covered, this.o.headMs === undefined ? undefined : settledBefore(Math.floor(this.now() / 1000), this.o.headMs / 1000));
    for (const q of queries) if (this.seriesWithErrors.delete(q.series.id)) this.o.cache.setSeriesError(q.series.id, null);
    this.progress.pointsStored += points.length;
  }

  private emitChangedThrottled(): void {
    const t = this.now();
    if (t - this.lastChangedEmit < 1_000) return;
    this.lastChangedEmit = t;
    this.persistState();
    this.emit({ type: 'changed', topics: ['metrics', 'sources'] });
  }

  private async syncAlarms(): Promise<void> {
    await syncAlarms(this.o.client, this.o.cache, this.o.sourceId, this.now, this.o.collect?.alarmPrefixes);
  }
}
