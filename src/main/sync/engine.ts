// The sync engine of one source: independent parts (parts.ts) — alarms, tags and alarm
// history first, then the metric catalogue, the present datapoints and the history backfill —
// each with its own schedule, backoff, error and last success. It owns one cache connection
// and writes; everything the UI reads comes from the cache.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Topic } from '../../shared/api';
import type { CacheStore, PointRow, SeriesDef } from '../store/cache';
import { getMetricDataPaged, listAllMetrics, type MetricQuery, type MetricRef } from '../sources/aws/cloudwatch';
import { planGetMetricData } from '../domain/cloudwatch/planner';
import { chunksOf, settledBefore } from '../store/chunks';
import { enforceCacheBudget } from '../store/retention';
import { AlarmSync } from './alarms';
import { classifyFailure, OFFLINE_AFTER, type ConnectivitySnapshot } from './connectivity';
import { PartRunner, summariseParts, type PartOutcome, type PartStatus, type SyncPart } from './parts';
import type { BreakerOptions } from './resilience';
import { seriesForPlan, type StatisticsOverride } from './statistics';
import type { MetricStatRef } from '../config/slos';

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
  | {
      type: 'status';
      sourceId: string;
      connectivity: ConnectivitySnapshot;
      progress: SyncProgress;
      nextAttemptAt: number | null;
      /** Each part of the pass on its own: state, error, last success, next try. */
      parts: PartStatus[];
    };

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
  /** Per part: each part has its own breaker with these settings. */
  breaker?: BreakerOptions;
  /** What to collect (default: every namespace ListMetrics returns, every alarm). */
  collect?: { namespaces?: string[]; alarmPrefixes?: string[]; statistics?: StatisticsOverride[] };
  /** Metric statistics something asks for (SLO definitions, alarm charts): collected beyond the defaults. */
  wantedStatistics?: () => readonly MetricStatRef[];
  /** The AWS profile, so credential errors can name the command that fixes them. */
  profile?: string;
  /** Size budget for cache.db; old data is downsampled to stay under it. */
  cacheBudgetBytes?: number;
  /** Rows older than this are compacted into chunks after each pass (store/chunks.ts); unset: never. */
  headMs?: number;
  /** History backfill: GetMetricData calls per run of that part, so it yields to the live parts. */
  backfillCallsPerRun?: number;
  /**
   * More parts of this source (AWS Backup, CloudTrail, …), built once the engine exists.
   * Each runs on its own schedule like the built-in ones and is named when it fails.
   */
  extraParts?: (engine: { sourceId: string; cache: CacheStore; now: () => number; changed: (topics: Topic[]) => void }) => SyncPart[];
}

/** A series whose query the source cannot serve is retried on its own, this often. */
export const SERIES_RETRY_MS = 15 * MINUTE;
/** Split a call the source answers 5xx for only while this many sub-calls in a row failed without any success. */
const SERVER_SPLIT_BUDGET = 24;
/** How often the backfill progress (seriesDone, etaMs) is worked out while a run goes on. */
const PROGRESS_EVERY_MS = 1_000;

export class SyncEngine {
  private readonly now: () => number;
  private progress: SyncProgress = { seriesDone: 0, seriesTotal: 0, pointsStored: 0, complete: false, etaMs: null };
  private backfillStarted: { at: number; done: number } | null = null;
  private catalogueAt = 0;
  private series: (SeriesDef & { id: number })[] = [];
  /** The last ListMetrics answer, so changed SLOs add statistics without another call. */
  private listed: MetricRef[] | null = null;
  private planKey = '';
  private stopped = false;
  private lastChangedEmit = 0;
  private lastCompaction: number | null = null;
  /** Tags fetched with the first alarm run (see runAlarms). */
  private tagsPrimed = false;
  private lastRecount: { at: number; stored: number } | null = null;
  /** Series whose last query the source rejected; cleared when a query for them succeeds. */
  private readonly seriesWithErrors = new Set<number>();
  /** When each errored series was last tried on its own. */
  private readonly seriesRetriedAt = new Map<number, number>();
  private readonly alarmSync: AlarmSync;
  private readonly runners: PartRunner[];
  /** Engine-wide order of part outcomes: "has anything reached the source since …". */
  private seq = 0;
  private lastReachSeq = 0;
  /** Restored from the cache: offline when the app stopped stays offline until something reaches the source. */
  private restoredOffline: number | null;
  private persistedLastSuccess: number | null;
  private persisted: ConnectivitySnapshot;

  constructor(private readonly o: SyncEngineOptions) {
    this.now = o.now ?? Date.now;
    const saved = o.cache.sourceState(o.sourceId);
    this.persisted = saved
      ? { state: saved.state, offlineSince: saved.offlineSince, lastSuccess: saved.lastSuccess, lastAttempt: saved.lastAttempt, lastError: saved.lastError }
      : { state: 'online', offlineSince: null, lastSuccess: null, lastAttempt: null, lastError: null };
    this.restoredOffline = this.persisted.state === 'offline' ? (this.persisted.offlineSince ?? this.now()) : null;
    this.persistedLastSuccess = this.persisted.lastSuccess;
    this.series = o.cache.listSeries(o.sourceId);
    const erroredKeys = new Set(o.cache.seriesErrors(o.sourceId).map((e) => e.key));
    for (const s of this.series) if (erroredKeys.has(s.key)) this.seriesWithErrors.add(s.id);
    this.alarmSync = new AlarmSync(o.client, o.cache, o.sourceId, this.now, o.collect?.alarmPrefixes);
    const live = o.liveIntervalMs ?? MINUTE;
    const parts: SyncPart[] = [
      { id: 'alarms', label: 'alarms', call: 'DescribeAlarms', intervalMs: live, run: (signal) => this.runAlarms(signal) },
      { id: 'tags', label: 'alarm tags', call: 'ListTagsForResource', intervalMs: live, after: ['alarms'], run: (signal) => this.runTags(signal) },
      { id: 'history', label: 'alarm history', call: 'DescribeAlarmHistory', intervalMs: live, after: ['alarms'], run: (signal) => this.runHistory(signal) },
      { id: 'catalogue', label: 'metric catalogue', call: 'ListMetrics', intervalMs: live, run: (signal) => this.refreshCatalogue(signal) },
      { id: 'datapoints', label: 'metrics', call: 'GetMetricData', intervalMs: live, after: ['catalogue'], run: (signal, reached) => this.syncPresent(signal, reached) },
      { id: 'backfill', label: 'metric history', call: 'GetMetricData', intervalMs: live, after: ['datapoints'], run: (signal, reached) => this.syncHistoryBackfill(signal, reached) },
      ...(o.extraParts?.({ sourceId: o.sourceId, cache: o.cache, now: this.now, changed: (topics) => this.emit({ type: 'changed', topics }) }) ?? []),
    ];
    this.runners = parts.map(
      (part) =>
        new PartRunner(part, {
          now: this.now,
          ...(o.breaker ? { breaker: o.breaker } : {}),
          ...(o.profile ? { profile: o.profile } : {}),
          onChange: (runner, outcome, err) => this.partChanged(runner, outcome, err),
        }),
    );
  }

  /** The source as a whole, from its parts. */
  get connectivity(): ConnectivitySnapshot {
    return this.snapshot();
  }

  get status(): SyncProgress {
    return { ...this.progress };
  }

  get parts(): PartStatus[] {
    return this.runners.map((r) => ({ ...r.status }));
  }

  /** Starts every part on its own loop; parts that need another's data wait for its first run. */
  start(): void {
    this.stopped = false;
    const byId = new Map(this.runners.map((r) => [r.part.id, r]));
    for (const r of this.runners) {
      const after = (r.part.after ?? []).flatMap((id) => byId.get(id) ?? []);
      if (after.length) r.startAfter(after);
      else r.start(0);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /**
   * A user asked: every part not already running runs at once (backoff and breaker skipped);
   * resolves when they end. A part already running is the attempt.
   */
  async syncNow(): Promise<void> {
    const runs = this.runners.map((r) => (r.isRunning ? r.run() : (r.runNow(), r.run())));
    const results = await Promise.allSettled(runs);
    const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Every part once, in order — alarms, tags and history before the metric catalogue and
   * datapoints, the history backfill to the end. Throws (after recording it) when a part failed;
   * the other parts have run and stored what they got.
   */
  async runOnce(): Promise<void> {
    let first: unknown = null;
    for (const r of this.runners) {
      if (this.stopped) break;
      try {
        let outcome: PartOutcome;
        do outcome = await r.run(true);
        while (r.part.id === 'backfill' && !this.progress.complete && outcome === 'done' && !this.stopped);
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== null) throw first;
  }

  private partChanged(runner: PartRunner, outcome: PartOutcome | 'failed' | null, err?: unknown): void {
    if (outcome === 'done' || outcome === 'idle' || outcome === 'failed') {
      this.seq += 1;
      const reached = outcome === 'done' || (outcome === 'failed' && classifyFailure(err).kind !== 'unreachable');
      if (reached) {
        this.lastReachSeq = this.seq;
        this.restoredOffline = null;
      }
      if (outcome === 'failed' && runner.unreachableStreak === 1) runner.unreachableFromSeq = this.seq;
      if (outcome === 'failed' && runner.unreachableStreak === 0) runner.unreachableFromSeq = 0;
      this.persistState();
      const topics: Topic[] = ['sources'];
      if (outcome !== 'failed') {
        if (['alarms', 'tags', 'history'].includes(runner.part.id)) topics.push('alarms');
        if (['catalogue', 'datapoints', 'backfill'].includes(runner.part.id)) topics.push('metrics');
      }
      this.emit({ type: 'changed', topics });
    } else {
      this.emitStatus();
    }
  }

  /** online → degraded → offline, from the parts (see OFFLINE_AFTER). */
  private snapshot(): ConnectivitySnapshot {
    const attempted = this.runners.filter((r) => r.status.state !== 'pending');
    if (attempted.length === 0) return { ...this.persisted };
    const failing = attempted.filter((r) => r.status.state === 'failing' || r.status.state === 'denied');
    // Offline: one part could not reach the source OFFLINE_AFTER times in a row, and nothing
    // has reached it since that part's streak began.
    const unreachable = failing.filter((r) => r.unreachableStreak > 0);
    const confirmed = unreachable.some((r) => r.unreachableStreak >= OFFLINE_AFTER && this.lastReachSeq < r.unreachableFromSeq);
    const restored = this.restoredOffline !== null && unreachable.length > 0 && this.lastReachSeq === 0;
    const offline = confirmed || restored;
    const since = Math.min(...unreachable.map((r) => r.unreachableSince ?? Infinity), this.restoredOffline ?? Infinity);
    const successes = attempted.map((r) => r.status.lastSuccessAt);
    const lastSuccess = successes.some((t) => t === null) ? this.persistedLastSuccess : Math.min(...(successes as number[]));
    const lastAttempt = Math.max(...attempted.map((r) => r.status.lastAttemptAt ?? 0));
    let lastError = summariseParts(this.runners);
    if (lastError && !offline && failing.length > 0 && failing.every((r) => r.failure?.kind === 'unreachable')) lastError = `${lastError} — retrying`;
    return {
      state: offline ? 'offline' : failing.length > 0 ? 'degraded' : 'online',
      offlineSince: offline && Number.isFinite(since) ? since : null,
      lastSuccess,
      lastAttempt: lastAttempt || null,
      lastError,
    };
  }

  /** Next try of a failing part (else of any part): what the banner shows while not online. */
  private nextAttemptAt(): number | null {
    const failing = this.runners.filter((r) => r.status.state === 'failing');
    const times = (failing.length ? failing : this.runners).flatMap((r) => (r.status.nextAttemptAt === null ? [] : [r.status.nextAttemptAt]));
    return times.length ? Math.min(...times) : null;
  }

  // ─── Alarm parts ──────────────────────────────────────────────────────────────────────

  private async runAlarms(signal: AbortSignal): Promise<PartOutcome> {
    await this.alarmSync.syncStates({ signal });
    if (!this.tagsPrimed) {
      // Severity comes from the alarms' tags: on the first run, fetch them before the alarms are
      // announced, so the queue never shows a P1 as the default P3 for its first seconds. A
      // failure here is the tags part's to report; the alarms themselves are current.
      this.tagsPrimed = true;
      await this.alarmSync.syncTags({ signal }).catch(() => undefined);
    }
    return 'done';
  }

  private async runTags(signal: AbortSignal): Promise<PartOutcome> {
    return (await this.alarmSync.syncTags({ signal })) > 0 ? 'done' : 'idle';
  }

  private async runHistory(signal: AbortSignal): Promise<PartOutcome> {
    await this.alarmSync.syncHistory({ signal }, 2 * (this.o.liveIntervalMs ?? MINUTE));
    return 'done';
  }

  // ─── Metric parts ─────────────────────────────────────────────────────────────────────

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
    // Persisted with the cache file, so a restart does not VACUUM the whole file again.
    const last = this.lastCompaction ?? this.o.cache.lastCompactedAt();
    if (last !== null && this.now() - last < DAY) return;
    this.o.cache.compact(this.now());
    this.lastCompaction = this.now();
  }

  private housekeeping(): void {
    // What earlier passes left in rows and is now older than the head (pages older than it were written as chunks).
    if (this.o.headMs !== undefined) chunksOf(this.o.cache.db).compactBefore(Math.floor((this.now() - this.o.headMs) / 1000));
    if (this.o.cacheBudgetBytes) enforceCacheBudget(this.o.cache, this.o.cacheBudgetBytes, Math.floor(this.now() / 1000));
    this.compactWhenDue();
    this.recountWhenDue();
  }

  private persistState(): void {
    const snap = this.snapshot();
    this.o.cache.saveSourceState(this.o.sourceId, snap);
    this.emitStatus(snap);
  }

  private emit(e: SyncEvent): void {
    this.o.onEvent?.(e);
  }

  private emitStatus(snap = this.snapshot()): void {
    this.emit({ type: 'status', sourceId: this.o.sourceId, connectivity: snap, progress: this.status, nextAttemptAt: this.nextAttemptAt(), parts: this.parts });
  }

  /** ListMetrics hourly; the statistics to collect are re-planned on every run (SLO files change). */
  private async refreshCatalogue(signal: AbortSignal): Promise<PartOutcome> {
    let outcome: PartOutcome = 'idle';
    if (this.listed === null || this.series.length === 0 || this.now() - this.catalogueAt >= 60 * MINUTE) {
      const namespaces = this.o.collect?.namespaces;
      this.listed = namespaces
        ? (await Promise.all(namespaces.map((n) => listAllMetrics(this.o.client, n, { signal })))).flat()
        : await listAllMetrics(this.o.client, undefined, { signal });
      this.catalogueAt = this.now();
      this.planKey = '';
      outcome = 'done';
    }
    const wanted = this.o.wantedStatistics?.() ?? [];
    const overrides = this.o.collect?.statistics ?? [];
    const key = JSON.stringify([this.listed.length, this.catalogueAt, wanted, overrides]);
    if (key !== this.planKey) {
      this.o.cache.ensureSeries(this.o.sourceId, seriesForPlan(this.listed, { wanted, overrides }));
      this.series = this.o.cache.listSeries(this.o.sourceId);
      this.planKey = key;
    }
    return outcome;
  }

  private backfillFrom(now: number): number {
    return now - (this.o.backfillMs ?? 30 * DAY);
  }

  /** The present (and whatever came since the last run) for every series. */
  private async syncPresent(signal: AbortSignal, reached?: () => void): Promise<PartOutcome> {
    if (this.series.length === 0) return 'skipped';
    const now = this.now();
    const backfillFrom = this.backfillFrom(now);
    const presentMs = this.o.presentMs ?? 3 * 60 * MINUTE;
    const overlapMs = this.o.overlapMs ?? 10 * MINUTE;
    // Only whole minutes: asking for the current, unfinished minute would mark it covered
    // before CloudWatch has all of it.
    const completeUntil = Math.floor(now / MINUTE) * MINUTE;
    // A cache newer than the clock (a --demo-clock behind data an earlier run stored) has
    // nothing to fetch for that series: the range would end before it starts.
    const recent = this.series.flatMap((s) => {
      const w = this.o.cache.watermark(s.id);
      const from = w ? Math.max(w.newest * 1000 - overlapMs, backfillFrom) : now - presentMs;
      return from < completeUntil ? [{ key: s.key, from, to: completeUntil }] : [];
    });
    const { made } = await this.fetchRanges(recent, now, signal, { reached });
    this.housekeeping();
    return made > 0 ? 'done' : 'idle';
  }

  /** History, newest first, down to the backfill horizon: a slice of calls per run. */
  private async syncHistoryBackfill(signal: AbortSignal, reached?: () => void): Promise<PartOutcome | { outcome: PartOutcome; again: boolean }> {
    if (this.series.length === 0) return 'skipped';
    const now = this.now();
    const backfillFrom = this.backfillFrom(now);
    const completeUntil = Math.floor(now / MINUTE) * MINUTE;
    const history = this.series.flatMap((s) => {
      const w = this.o.cache.watermark(s.id);
      // Never past the clock: history held from a later run starts after it.
      const oldest = Math.min(w ? w.oldest * 1000 : completeUntil, completeUntil);
      return oldest > backfillFrom ? [{ key: s.key, from: backfillFrom, to: oldest }] : [];
    });
    this.updateProgress(backfillFrom);
    if (history.length === 0) {
      this.housekeeping();
      return 'idle';
    }
    const { made, more } = await this.fetchRanges(history, now, signal, { backfillFrom, maxCalls: this.o.backfillCallsPerRun ?? 50, reached });
    this.updateProgress(backfillFrom);
    this.housekeeping();
    // No call made (nothing left to plan) is not evidence the source is reachable.
    return { outcome: made > 0 ? 'done' : 'idle', again: more && !this.progress.complete };
  }

  private progressUpdatedAt = -Infinity;

  private updateProgress(backfillFrom: number): void {
    this.progressUpdatedAt = performance.now();
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

  /**
   * Plans and runs the calls for `ranges`. Series whose query the source could not serve are
   * asked for on their own, at most every SERIES_RETRY_MS, so one bad series costs one small
   * call, not a split of every packed call. `more`: calls were left for a later run.
   */
  private async fetchRanges(
    ranges: { key: string; from: number; to: number }[],
    now: number,
    signal: AbortSignal,
    { backfillFrom, maxCalls = Infinity, reached }: { backfillFrom?: number; maxCalls?: number; reached?: (() => void) | undefined } = {},
  ): Promise<{ made: number; more: boolean }> {
    if (ranges.length === 0) return { made: 0, more: false };
    const byKey = new Map(this.series.map((s) => [s.key, s]));
    const retryDue = (id: number): boolean => now - (this.seriesRetriedAt.get(id) ?? 0) >= SERIES_RETRY_MS;
    const wanted = ranges.filter((r) => {
      const s = byKey.get(r.key);
      return s && (!this.seriesWithErrors.has(s.id) || retryDue(s.id));
    });
    const calls = planGetMetricData({ now, series: wanted, retentionMarginMs: RETENTION_MARGIN_MS });
    let made = 0;
    for (const call of calls) {
      if (this.stopped || signal.aborted) return { made, more: false };
      if (made >= maxCalls) return { made, more: true };
      const queries = call.queries.flatMap((q) => {
        const s = byKey.get(q.seriesKey);
        return s ? [{ id: q.id, period: q.period, series: s }] : [];
      });
      const healthy = queries.filter((q) => !this.seriesWithErrors.has(q.series.id));
      const errored = queries.filter((q) => this.seriesWithErrors.has(q.series.id));
      if (healthy.length) await this.executeCall(call.startTime, call.endTime, healthy, signal, { failedInARow: 0, succeeded: false });
      for (const q of errored) {
        this.seriesRetriedAt.set(q.series.id, now);
        await this.executeCall(call.startTime, call.endTime, [q], signal, { failedInARow: 0, succeeded: true });
      }
      made += 1;
      reached?.();
      // At most once a second: it reads every series' watermark (5,000 on a large estate),
      // which after every call was ~5 % of the backfill's CPU; the run's end updates it anyway.
      if (backfillFrom !== undefined && performance.now() - this.progressUpdatedAt >= PROGRESS_EVERY_MS) this.updateProgress(backfillFrom);
      this.emitChangedThrottled();
    }
    return { made, more: false };
  }

  /**
   * One planned GetMetricData call, all pages, then one transaction for its points and
   * watermarks: a crash mid-call leaves the watermarks where they were, and the idempotent
   * upsert makes the retry harmless. A call the source rejects as invalid (4xx), or still
   * cannot serve after the SDK's retries (5xx, e.g. a percentile it does not support), is split
   * in halves until the offending query is found; that series records the error, the rest go
   * on. A 5xx split stops when SERVER_SPLIT_BUDGET sub-calls in a row failed and none has
   * succeeded: then it is the endpoint, not a query, and the part fails.
   */
  private async executeCall(
    startTime: number,
    endTime: number,
    queries: { id: string; period: number; series: SeriesDef & { id: number } }[],
    signal: AbortSignal,
    split: { failedInARow: number; succeeded: boolean },
  ): Promise<void> {
    const idToSeries = new Map(queries.map((q) => [q.id, q.series]));
    // The pages' own number arrays, kept until the write: a call's ~100,800 points as one
    // object each, alive across the pages' awaits, were promoted and piled up as old-generation
    // garbage (memory.main_rss_mb); the rows are made one at a time while they are written.
    const pages: { seriesId: number; timestamps: number[]; values: number[] }[] = [];
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
            if (s) pages.push({ seriesId: s.id, timestamps: r.timestamps, values: r.values });
          }
        },
        { signal },
      );
    } catch (err) {
      const { kind, message } = classifyFailure(err);
      const splittable = kind === 'rejected' || (kind === 'server' && !isCapacityError(err) && (split.succeeded || split.failedInARow < SERVER_SPLIT_BUDGET));
      if (!splittable || signal.aborted) throw err;
      if (kind === 'server') split.failedInARow += 1;
      if (queries.length === 1) {
        const only = queries[0]!;
        this.o.cache.setSeriesError(only.series.id, kind === 'server' ? `GetMetricData: the source cannot serve this query (${describeServer(err)})` : message);
        this.seriesWithErrors.add(only.series.id);
        this.seriesRetriedAt.set(only.series.id, this.now());
        return;
      }
      const half = Math.ceil(queries.length / 2);
      await this.executeCall(startTime, endTime, queries.slice(0, half), signal, split);
      await this.executeCall(startTime, endTime, queries.slice(half), signal, split);
      return;
    }
    split.failedInARow = 0;
    split.succeeded = true;
    const covered = queries.map((q) => ({ seriesId: q.series.id, oldest: Math.floor(startTime / 1000), newest: Math.floor(endTime / 1000) }));
    const written = { points: 0 };
    this.o.cache.writePage(pointsOf(pages, written), covered, this.o.headMs === undefined ? undefined : settledBefore(Math.floor(this.now() / 1000), this.o.headMs / 1000));
    for (const q of queries) if (this.seriesWithErrors.delete(q.series.id)) this.o.cache.setSeriesError(q.series.id, null);
    this.progress.pointsStored += written.points;
  }

  private emitChangedThrottled(): void {
    const t = this.now();
    if (t - this.lastChangedEmit < 1_000) return;
    this.lastChangedEmit = t;
    this.emitStatus();
    this.emit({ type: 'changed', topics: ['metrics', 'sources'] });
  }
}

/** The finite datapoints of a call's pages as rows (epoch seconds), counted into `written`. */
function* pointsOf(pages: readonly { seriesId: number; timestamps: number[]; values: number[] }[], written: { points: number }): Generator<PointRow> {
  for (const { seriesId, timestamps, values } of pages) {
    for (let i = 0; i < timestamps.length; i++) {
      const value = values[i];
      const ts = timestamps[i];
      if (value === undefined || ts === undefined || !Number.isFinite(value)) continue;
      written.points += 1;
      yield { seriesId, ts: Math.floor(ts / 1000), value };
    }
  }
}

/** 503 / throttling: the endpoint is busy, not unable to serve a query — never split for it. */
function isCapacityError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 503 || /Unavailable|Throttl/.test(e?.name ?? '');
}

function describeServer(err: unknown): string {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return `HTTP ${e?.$metadata?.httpStatusCode ?? '5xx'} ${e?.name ?? ''}`.trim();
}
