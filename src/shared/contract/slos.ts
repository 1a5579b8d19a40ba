// SLO methods of the API contract (issue: SLOs and error budgets). Every figure is computed
// on the main side from the local cache, evaluated as of the newest cached datapoint.
import { z } from 'zod';
import { Empty, EpochMs } from './primitives';
import type { ApiSpec } from './spec';

export const SloStatus = z.enum(['OK', 'WARNING', 'BREACHED', 'INSUFFICIENT_DATA']);
export type SloStatus = z.infer<typeof SloStatus>;
const Severity = z.enum(['page', 'ticket']);

export const SloWindowInfo = z.object({
  kind: z.enum(['rolling', 'calendar']),
  /** "rolling 30 days" or "calendar month (America/New_York)": the zone is always stated. */
  label: z.string(),
  lengthMs: z.number().positive(),
  zone: z.string(),
  start: EpochMs,
  end: EpochMs,
});
export type SloWindowInfo = z.infer<typeof SloWindowInfo>;

export const SloBurnRate = z.object({
  /** '5m', '30m', '1h', '6h', '1d', '3d'. */
  key: z.string(),
  windowMs: z.number().positive(),
  /** Null when the window has fewer events than the minimum-traffic guard (see reason). */
  burnRate: z.number().nullable(),
  errorRatio: z.number().nullable(),
  events: z.number(),
  bad: z.number(),
  reason: z.string().nullable(),
});
export type SloBurnRate = z.infer<typeof SloBurnRate>;

export const SloAlertState = z.object({
  state: z.enum(['page', 'ticket', 'none']),
  /** The firing rule ('fast burn', …); null when none fires. */
  rule: z.string().nullable(),
  /** When the firing rule started firing (continuously), as far back as the 1-minute data reaches. */
  since: EpochMs.nullable(),
  /** True when it was already firing at the oldest instant checked: it started before `since`. */
  sinceIsLowerBound: z.boolean(),
  longWindow: z.string().nullable(),
  shortWindow: z.string().nullable(),
  longBurnRate: z.number().nullable(),
  shortBurnRate: z.number().nullable(),
  threshold: z.number().nullable(),
  reason: z.string(),
});
export type SloAlertState = z.infer<typeof SloAlertState>;

export const SloBudget = z.object({
  totalMinutes: z.number(),
  consumedMinutes: z.number().nullable(),
  remainingMinutes: z.number().nullable(),
  /** Share of the budget spent, percent; above 100 once overspent. */
  consumedPct: z.number().nullable(),
  /** Share left, percent; negative once overspent. */
  remainingPct: z.number().nullable(),
});
export type SloBudget = z.infer<typeof SloBudget>;

export const SloOrigin = z.object({
  kind: z.enum(['default', 'file', 'openslo']),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
});

export const SloSummary = z.object({
  id: z.string(),
  name: z.string(),
  service: z.string(),
  category: z.enum(['availability', 'performance', 'error-rate', 'custom']),
  description: z.string(),
  kind: z.enum(['event-ratio', 'time-slice']),
  /** The SLI in one line, e.g. "1 − Http5xxCount ÷ RequestCount". */
  sli: z.string(),
  /** What good/bad/total count: 'requests', 'job runs', … or 'minutes' for time slices. */
  unit: z.string(),
  targetPct: z.number(),
  window: SloWindowInfo,
  /** The instant the figures describe: the newest cached datapoint, never the wall clock. */
  evaluatedAt: EpochMs,
  /** End of the newest data this SLO actually used; null without data. */
  dataAsOf: EpochMs.nullable(),
  status: SloStatus,
  reason: z.string(),
  attainmentPct: z.number().nullable(),
  good: z.number(),
  bad: z.number(),
  total: z.number(),
  /** Share of the elapsed window with data, 0..1. */
  coverage: z.number(),
  budget: SloBudget,
  burnRates: z.array(SloBurnRate),
  alert: SloAlertState,
  /** At the 1-hour burn rate, time until the budget is spent; null: "not at this rate" (burn ≤ 1 on a rolling window, or stopped in the last 5 min) or unknown. */
  timeToExhaustionMs: z.number().nullable(),
  /** Daily attainment over the last 30 days, oldest first, for the sparkline. */
  daily: z.array(z.object({ day: EpochMs, attainmentPct: z.number().nullable() })),
  /** Things to know: unknown metrics, retention, configuration notes. */
  warnings: z.array(z.string()),
  origin: SloOrigin,
});
export type SloSummary = z.infer<typeof SloSummary>;

export const SloConfigIssue = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  field: z.string(),
  message: z.string(),
});
export type SloConfigIssue = z.infer<typeof SloConfigIssue>;

export const SloConfigInfo = z.object({
  /** The SLO directory (`<dataDir>/slos`); null when only the built-in defaults are used. */
  dir: z.string().nullable(),
  dirExists: z.boolean(),
  files: z.array(z.object({ file: z.string(), format: z.enum(['opsdeck', 'openslo', 'mixed', 'empty', 'unreadable']), sloIds: z.array(z.string()) })),
  errors: z.array(SloConfigIssue),
  notes: z.array(SloConfigIssue),
});
export type SloConfigInfo = z.infer<typeof SloConfigInfo>;

export const SloList = z.object({
  generatedAt: EpochMs,
  /** Evaluation instant shared by every SLO; null when the cache holds no data yet. */
  evaluatedAt: EpochMs.nullable(),
  slos: z.array(SloSummary),
  config: SloConfigInfo,
});
export type SloList = z.infer<typeof SloList>;

/**
 * A figure in the explain panel, carried as a number with what it is, so the renderer formats
 * it with the same rules as every other screen (lib/format.ts), not as main-side text.
 */
export const ExplainValue = z.discriminatedUnion('kind', [
  /** A whole count of events or minutes: "18,320,005". */
  z.object({ kind: z.literal('count'), value: z.number() }),
  /** A plain ratio ("0.9999", "0.0333"): `significant` figures, 3 unless stated. */
  z.object({ kind: z.literal('number'), value: z.number(), significant: z.number().int().min(1).max(15).optional() }),
  /** An SLI against its target, to the precision the target needs: "99.9712 %". */
  z.object({ kind: z.literal('attainment'), value: z.number(), targetPct: z.number() }),
  /** A share of the error budget, one decimal: "73.6 %". */
  z.object({ kind: z.literal('budgetPct'), value: z.number() }),
  /** Any other percentage (a threshold, coverage): "75 %", "99.5 %". */
  z.object({ kind: z.literal('pct'), value: z.number() }),
  /** A burn rate, 3 significant figures; more only where 3 would read as `threshold`. */
  z.object({ kind: z.literal('burn'), value: z.number(), threshold: z.number().optional() }),
  /** Minutes of error budget, in the unit the budget (`scaleMinutes`) is written in: "1.97 h". */
  z.object({ kind: z.literal('budget'), minutes: z.number(), scaleMinutes: z.number() }),
  /** A round length (a window, a period): "30 d", "1 h". */
  z.object({ kind: z.literal('span'), ms: z.number() }),
  /** A measured length of time: "29 d 12 h", "35 h 04 min". */
  z.object({ kind: z.literal('duration'), ms: z.number() }),
  /** An instant, in the zone the user chose: "2026-10-26 17:38:00 UTC". */
  z.object({ kind: z.literal('time'), ms: z.number() }),
]);
export type ExplainValue = z.infer<typeof ExplainValue>;
/** Text of an explain cell: plain words, or words and figures. */
export const ExplainText = z.union([z.string(), z.array(z.union([z.string(), ExplainValue]))]);
export type ExplainText = z.infer<typeof ExplainText>;

export const SloExplainStep = z.object({ label: z.string(), formula: z.string(), substituted: ExplainText, result: ExplainText });
export type SloExplainStep = z.infer<typeof SloExplainStep>;

export const SloBreach = z.object({
  /** Start of the first trailing hour whose SLI was below target. */
  start: EpochMs,
  end: EpochMs,
  ongoing: z.boolean(),
  /** Highest 1-hour burn rate in the period. */
  peakBurnRate: z.number(),
  /** Error budget spent inside the period, percent of the window's budget. */
  budgetSpentPct: z.number(),
  bad: z.number(),
  total: z.number(),
  /** The most severe multiwindow burn alert that fired during it. */
  worstAlert: z.enum(['page', 'ticket', 'none']),
});
export type SloBreach = z.infer<typeof SloBreach>;

export const SloCompliance = z.object({
  label: z.string(),
  start: EpochMs,
  end: EpochMs,
  /** False for the window still in progress. */
  complete: z.boolean(),
  attainmentPct: z.number().nullable(),
  budgetConsumedPct: z.number().nullable(),
  coverage: z.number(),
  status: SloStatus,
  reason: z.string(),
});
export type SloCompliance = z.infer<typeof SloCompliance>;

export const SloDetail = z.object({
  generatedAt: EpochMs,
  slo: SloSummary,
  /** Every formula with the actual numbers plugged in. */
  explain: z.array(SloExplainStep),
  /** Budget left (percent) through the window; `idealPct` is a steady 1× burn. */
  burnDown: z.array(z.object({ t: EpochMs, remainingPct: z.number().nullable(), idealPct: z.number() })),
  sliSeries: z.object({
    /** 'attainment': percent good per step; 'value': the time-slice metric itself. */
    kind: z.enum(['attainment', 'value']),
    unit: z.string(),
    /** The target line: target percent, or the time slice's threshold. */
    target: z.number(),
    label: z.string(),
    stepMs: z.number(),
    points: z.array(z.object({ t: EpochMs, value: z.number().nullable() })),
  }),
  burnSeries: z.object({
    stepMs: z.number(),
    /** Window keys plotted, e.g. ['1h', '6h', '3d']. */
    windows: z.array(z.string()),
    points: z.array(z.object({ t: EpochMs, burn: z.record(z.string(), z.number().nullable()) })),
    thresholds: z.array(z.object({ window: z.string(), value: z.number(), severity: Severity, rule: z.string() })),
  }),
  breaches: z.array(SloBreach),
  compliance: z.array(SloCompliance),
  alertRules: z.array(
    z.object({
      name: z.string(),
      severity: Severity,
      longWindow: z.string(),
      shortWindow: z.string(),
      threshold: z.number(),
      longBurnRate: z.number().nullable(),
      shortBurnRate: z.number().nullable(),
      firing: z.boolean(),
      reason: z.string(),
    }),
  ),
  /** The definition in Opsdeck's YAML format, to copy into the SLO directory and edit. */
  definitionYaml: z.string(),
});
export type SloDetail = z.infer<typeof SloDetail>;

export const sloApi = {
  slos: { input: Empty, output: SloList, topics: ['metrics', 'slos'] },
  sloDetail: { input: z.object({ id: z.string().min(1).max(200) }).strict(), output: SloDetail, topics: ['metrics', 'slos'] },
} as const satisfies ApiSpec;
