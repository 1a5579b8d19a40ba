// The one API contract between the renderer and the main side. Every method has a zod
// schema for its input and its output; the main side validates every input (IPC and HTTP
// alike) and the renderer can trust every output. No node/electron/DOM imports here.
import { z } from 'zod';
import { alertApi } from './contract/alerts';
import { backupApi } from './contract/backups';
import type { ApiSpec } from './contract/spec';
import { sloApi } from './contract/slos';

export { Topic } from './contract/spec';
import { Topic } from './contract/spec';

export const Connectivity = z.enum(['online', 'degraded', 'offline']);
export type Connectivity = z.infer<typeof Connectivity>;

/** Epoch milliseconds (UTC). Every timestamp crossing the contract is one of these. */
const EpochMs = z.number().int().nonnegative();

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

export const Health = z.object({
  ok: z.literal(true),
  version: z.string(),
  source: z.string(),
  connectivity: Connectivity,
  sources: z.array(SourceStatus),
});
export type Health = z.infer<typeof Health>;

export const SloStatus = z.enum(['OK', 'WARNING', 'BREACHED', 'INSUFFICIENT_DATA']);
export type SloStatus = z.infer<typeof SloStatus>;

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

export const Empty = z.object({}).strict();

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

const coreApi = {
  health: { input: Empty, output: Health, topics: ['sources'] },
  overview: { input: Empty, output: Overview, topics: ['metrics', 'alarms'] },
  sources: { input: Empty, output: z.array(SourceStatus), topics: ['sources'] },
  setDemoOutage: { input: z.object({ on: z.boolean() }).strict(), output: SourceStatus, topics: [] },
  syncNow: { input: z.object({ sourceId: z.string().optional() }).strict(), output: z.object({ started: z.boolean() }), topics: [] },
  exportJournal: { input: Empty, output: z.object({ fileName: z.string(), content: z.string(), rows: z.number().int() }), topics: [] },
  importJournal: {
    input: z.object({ fileName: z.string().max(255), content: z.string().max(50_000_000, 'journal exports over 50 MB: use the CLI') }).strict(),
    output: z.object({ added: z.record(z.string(), z.number()), alreadyPresent: z.record(z.string(), z.number()) }),
    topics: [],
  },
  // Cheap: counts come from source_state (the sync worker counts), sizes from stat().
  storage: { input: Empty, output: Storage, topics: ['sources'] },
} as const satisfies ApiSpec;

/** The API: method name → input and output schemas, and the topics its data depends on. */
export const api = { ...coreApi, ...sloApi, ...alertApi, ...backupApi } as const satisfies ApiSpec;

export type Api = typeof api;
export type Method = keyof Api;
export type Input<M extends Method> = z.input<Api[M]['input']>;
export type Output<M extends Method> = z.infer<Api[M]['output']>;

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Push events from the main side. */
export const PushEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changed'), topics: z.array(Topic) }),
]);
export type PushEvent = z.infer<typeof PushEvent>;

/** Error payload for a failed call, on IPC and HTTP alike. */
export const ApiError = z.object({
  error: z.object({ code: z.enum(['BAD_INPUT', 'NOT_FOUND', 'INTERNAL', 'UNAUTHORIZED']), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiError>;
