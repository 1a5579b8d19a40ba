// Core methods of the API contract: health, sources, the Overview, storage and the journal
// file. Schemas and method specs only.
import { z } from 'zod';
import { AlertSource, Severity } from './alerts';
import { Empty, EpochMs } from './primitives';
import { SloStatus } from './slos';
import type { ApiSpec } from './spec';

export const Connectivity = z.enum(['online', 'degraded', 'offline']);
export type Connectivity = z.infer<typeof Connectivity>;

/** One part of a source's sync (alarms, alarm history, metrics, …), succeeding or failing on its own. */
export const SyncPartStatus = z.object({
  id: z.string().max(64),
  label: z.string().max(100),
  state: z.enum(['pending', 'ok', 'failing', 'denied']),
  /** Its data is current as of then; never advances while the part is failing. */
  lastSuccessAt: EpochMs.nullable(),
  lastAttemptAt: EpochMs.nullable(),
  failingSince: EpochMs.nullable(),
  /** The AWS call that failed, e.g. "DescribeAlarmHistory". */
  failedCall: z.string().max(100).nullable(),
  lastError: z.string().max(2_000).nullable(),
  runningSince: EpochMs.nullable(),
  nextAttemptAt: EpochMs.nullable(),
});
export type SyncPartStatus = z.infer<typeof SyncPartStatus>;

export const SourceStatus = z.object({
  id: z.string(),
  kind: z.enum(['demo', 'aws']),
  label: z.string(),
  state: Connectivity,
  /** When the state last changed to offline (null while online). */
  offlineSince: EpochMs.nullable(),
  lastSuccessAt: EpochMs.nullable(),
  lastAttemptAt: EpochMs.nullable(),
  /** Newest datapoint timestamp held in the cache for this source. */
  dataAsOf: EpochMs.nullable(),
  lastError: z.string().nullable(),
  /** When the sync will next try this source (backoff and circuit breaker included). */
  nextAttemptAt: EpochMs.nullable(),
  demoOutage: z.boolean(),
  /** The parts of the sync, each with its own state (empty until the sync reports). */
  parts: z.array(SyncPartStatus).max(32),
  /** Demo only: how far the simulated platform's clock (and the app's) is shifted (--demo-clock); 0 normally. */
  clockOffsetMs: z.number().int(),
  backfill: z.object({
    seriesDone: z.number().int().nonnegative(),
    seriesTotal: z.number().int().nonnegative(),
    pointsStored: z.number().int().nonnegative(),
    complete: z.boolean(),
    etaMs: z.number().nonnegative().nullable(),
  }),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

/** A supervised worker thread (sync, SLO evaluation, demo platform): restarted when it dies. */
export const WorkerStatus = z.object({
  name: z.string(),
  state: z.enum(['starting', 'running', 'restarting', 'failed', 'stopped']),
  restarts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  lastExitAt: EpochMs.nullable(),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;

export const Health = z.object({
  ok: z.literal(true),
  version: z.string(),
  source: z.string(),
  connectivity: Connectivity,
  sources: z.array(SourceStatus),
  workers: z.array(WorkerStatus),
});
export type Health = z.infer<typeof Health>;

export const AvailabilitySlo = z.object({
  id: z.string(),
  name: z.string(),
  /** Target as a percentage, e.g. 99.9. */
  targetPct: z.number(),
  windowDays: z.number(),
  /** Measured availability over the window as a percentage; null without traffic data. */
  availabilityPct: z.number().nullable(),
  totalEvents: z.number(),
  badEvents: z.number(),
  budgetTotalMinutes: z.number(),
  budgetRemainingMinutes: z.number().nullable(),
  /** Share of the error budget left, in percent; negative once overspent. */
  budgetRemainingPct: z.number().nullable(),
  status: SloStatus,
  /** Daily availability (percent) over the window, oldest first, for the sparkline. */
  daily: z.array(z.object({ day: EpochMs, availabilityPct: z.number().nullable() })),
  /** Window the figures cover, and the newest datapoint actually used. */
  windowStart: EpochMs,
  windowEnd: EpochMs,
  dataAsOf: EpochMs.nullable(),
  /** Share of the elapsed window with data, 0..1: below 1 while history is still loading. */
  coverage: z.number().min(0).max(1),
});
export type AvailabilitySlo = z.infer<typeof AvailabilitySlo>;

/** A business KPI from the seeds (orders per minute, revenue per hour, …) with its last 24 h. */
export const Kpi = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  /** Mean over the newest hour of data; null when none is cached. */
  value: z.number().nullable(),
  /** Change against the same hour one week earlier, in percent (weekly traffic is the baseline). */
  weekOverWeekPct: z.number().nullable(),
  asOf: EpochMs.nullable(),
  hourly: z.array(z.object({ t: EpochMs, value: z.number() })),
});
export type Kpi = z.infer<typeof Kpi>;

export const Overview = z.object({
  generatedAt: EpochMs,
  kpis: z.array(Kpi),
  slos: z.array(AvailabilitySlo),
  alarms: z.object({
    inAlarm: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    asOf: EpochMs.nullable(),
    names: z.array(z.string()),
  }),
});
export type Overview = z.infer<typeof Overview>;

/**
 * The most recent P1/P2 alert or SLO burn that has ended, over the whole cached alarm record
 * (30 days), not only the queue's 24 h: what the calm Overview says was last "not clear".
 */
export const LastNotClear = z.object({
  generatedAt: EpochMs,
  last: z
    .object({
      source: AlertSource,
      name: z.string(),
      title: z.string(),
      service: z.string().nullable(),
      /** By the alert settings' rules (the queue's) for alarms; as recorded for SLO burns and backup alerts. */
      severity: Severity,
      firedAt: EpochMs,
      resolvedAt: EpochMs,
    })
    .nullable(),
  /** The oldest occurrence the cache holds: how far back "none" reaches; null when it holds none. */
  searchedFrom: EpochMs.nullable(),
});
export type LastNotClear = z.infer<typeof LastNotClear>;

export const Storage = z.object({
  dataDir: z.string(),
  configFile: z.string(),
  sloDir: z.string().nullable(),
  cacheBytes: z.number().int().nonnegative(),
  cacheBudgetBytes: z.number().int().positive(),
  journalBytes: z.number().int().nonnegative(),
  /** As last counted by the sync (it scans the cache, so not on every request). */
  perSource: z.array(z.object({ sourceId: z.string(), series: z.number().int(), points: z.number().int(), countedAt: EpochMs })),
  /** Series whose queries the source rejected, with the reason; the rest keep syncing. */
  seriesErrors: z.array(z.object({ sourceId: z.string(), series: z.string(), error: z.string() })),
});
export type Storage = z.infer<typeof Storage>;

export const coreApi = {
  health: { input: Empty, output: Health, topics: ['sources'] },
  overview: { input: Empty, output: Overview, topics: ['metrics', 'alarms'] },
  // 'metrics': SLO burns are recorded as the metrics that page them arrive.
  lastNotClear: { input: Empty, output: LastNotClear, topics: ['alarms', 'metrics'] },
  sources: { input: Empty, output: z.array(SourceStatus), topics: ['sources'] },
  setDemoOutage: { input: z.object({ on: z.boolean() }).strict(), output: SourceStatus, topics: [], invalidates: ['sources'] },
  syncNow: {
    input: z.object({ sourceId: z.string().max(200).optional() }).strict(),
    // `reason`: why nothing new was started (e.g. every part is already waiting for the endpoint).
    output: z.object({ started: z.boolean(), reason: z.string().max(500).optional() }),
    topics: [],
  },
  exportJournal: { input: Empty, output: z.object({ fileName: z.string(), content: z.string(), rows: z.number().int() }), topics: [] },
  importJournal: {
    input: z.object({ fileName: z.string().max(255), content: z.string().max(50_000_000, 'journal exports over 50 MB: use the CLI') }).strict(),
    output: z.object({
      added: z.record(z.string(), z.number()),
      alreadyPresent: z.record(z.string(), z.number()),
      /** Rows whose id we already hold with other content: ours kept, theirs listed (bounded). */
      conflicts: z
        .array(z.object({ table: z.string().max(128), id: z.string().max(400), fields: z.array(z.string().max(128)).max(100), theirs: z.record(z.string(), z.unknown()) }))
        .max(200),
      conflictCount: z.number().int().nonnegative(),
      /** Columns in the file that this journal does not have; their values were not imported. */
      unknownColumns: z.array(z.object({ table: z.string().max(128), columns: z.array(z.string().max(128)).max(100) })).max(100),
    }),
    topics: [],
    invalidates: ['journal'],
  },
  // Cheap: counts come from source_state (the sync worker counts), sizes from stat().
  storage: { input: Empty, output: Storage, topics: ['sources'] },
} as const satisfies ApiSpec;

