// SLO and error-budget maths, pure and synchronous: data in, data out, `now` passed in.
//
// References: error budget = 1 − target; burn rate = error ratio ÷ (1 − target);
// multiwindow multi-burn-rate alerts per the Google SRE Workbook, chapter "Alerting on SLOs"
// (2 % of budget in 1 h / 5 m → page; 5 % in 6 h / 30 m → page; 10 % in 3 d / 6 h → ticket).
//
// Conventions used throughout:
// - A bucket or slice belongs to a window when its start lies in [window start, window end);
//   its covered time is its overlap with the window, clipped at `now`.
// - Budget consumed is measured in time: bad ÷ total × (time with data) for event ratios,
//   and the bad slices' time for time slices. Over a fully covered window this is exactly
//   error ratio ÷ (1 − target) of the budget; time without data (gaps, the rest of a
//   calendar month) adds nothing, so the figure is what has been spent so far.
// - Every evaluation returns `explain`: the formulas with the real numbers plugged in.
import { DateTime } from 'luxon';
import type { ExplainText, ExplainValue, SloStatus } from '@shared/contract/slos';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '@shared/lib/timeUnits';
import { formatFigure } from '@shared/lib/figures';
import {
  DomainInputError,
  dayStarts,
  requireEpochMs,
  requireZone,
  windowBounds,
  type CalendarUnit,
} from '../time/window';

export type { ExplainText, ExplainValue, SloStatus };

// ─── Inputs ──────────────────────────────────────────────────────────────────────────────

/** Event counts for one interval starting at `t` (epoch ms); bad = total − good. */
export interface EventBucket {
  t: number;
  good: number;
  total: number;
  /** Interval length; buckets may differ (60 s recent, 300 s older). Defaults to the call's `bucketWidthMs`. */
  widthMs?: number;
}

/** An EventBucket whose width is known (the store always knows it). */
export interface SliBucket extends EventBucket {
  widthMs: number;
}

/** One time slice of a time-slice SLI: a measured value (null = not measured) over [t, t + widthMs). */
export interface TimeSlice {
  t: number;
  value: number | null;
  widthMs: number;
}

/**
 * One line of the explain panel: a formula, the same formula with real numbers, and its
 * result. The numbers stay numbers (ExplainValue) so the screen formats them by its rules.
 */
export interface ExplainStep {
  label: string;
  formula: string;
  substituted: ExplainText;
  result: ExplainText;
}

/** The window an SLO is evaluated over: exactly one of rolling length, calendar period, or explicit bounds. */
export interface SloWindowInput {
  /** Rolling window of this length ending at `now`. */
  windowMs?: number;
  /** The calendar month or week (Monday start) containing `now`, in an IANA time zone. */
  calendar?: { unit: CalendarUnit; zone: string };
  /** An explicit window [start, end), e.g. a past period for a compliance table. */
  bounds?: { start: number; end: number };
}

/** CloudWatch's finest standard period; used for buckets that do not state their width. */
export const DEFAULT_BUCKET_WIDTH_MS = MINUTE_MS;
/** Fewer events than this in a window → no verdict (SLO) or no burn rate (alert windows). */
export const DEFAULT_MIN_EVENTS = 100;
/** WARNING once more than this share of the budget is consumed. */
export const DEFAULT_WARN_BUDGET_CONSUMED = 0.75;
/** INSUFFICIENT_DATA when data covers less than this share of the window elapsed so far. */
export const DEFAULT_MIN_COVERAGE = 0.5;

// ─── Validation and numeric helpers ─────────────────────────────────────────────────────

function requireFinite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainInputError(field, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

function requireNonNegative(value: unknown, field: string): number {
  const n = requireFinite(value, field);
  if (n < 0) throw new DomainInputError(field, `must not be negative, got ${n}`);
  return n;
}

function requirePositive(value: unknown, field: string): number {
  const n = requireFinite(value, field);
  if (n <= 0) throw new DomainInputError(field, `must be greater than 0, got ${n}`);
  return n;
}

function requireFraction(value: unknown, field: string): number {
  const n = requireFinite(value, field);
  if (n < 0 || n > 1) throw new DomainInputError(field, `must be between 0 and 1, got ${n}`);
  return n;
}

/** Checks an SLO target percentage: strictly between 0 and 100 (100 % leaves no budget to burn). */
export function requireTargetPct(value: unknown, field = 'targetPct'): number {
  const n = requireFinite(value, field);
  if (n <= 0 || n >= 100) throw new DomainInputError(field, `must be greater than 0 and less than 100, got ${n}`);
  return n;
}

/** Allowed error ratio 1 − target, e.g. 99.9 → 0.001 (rounded to 12 digits: 100 − 99.9 is not exact in binary). */
export function allowedErrorRatio(targetPct: number): number {
  requireTargetPct(targetPct);
  return Number(((100 - targetPct) / 100).toPrecision(12));
}

// Targets such as 99.9 are not exact in binary, so 0.0144 ÷ 0.001 is 14.399999999999999;
// comparisons against thresholds allow for that rounding noise.
const RELATIVE_EPSILON = 1e-9;
function atLeast(value: number, threshold: number): boolean {
  return value >= threshold - RELATIVE_EPSILON * Math.max(1, Math.abs(threshold));
}
function moreThan(value: number, threshold: number): boolean {
  return value > threshold + RELATIVE_EPSILON * Math.max(1, Math.abs(threshold));
}

/** Whether a burn rate reaches an alert threshold, with the same allowance for binary rounding the alert rules use. */
export function burnReaches(burn: number, threshold: number): boolean {
  return atLeast(burn, threshold);
}

function iso(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'UTC' }).toISO() ?? String(ms);
}

// ─── Formatting for explain steps ───────────────────────────────────────────────────────

/** A number for display: integers exact, others to 6 significant digits, thousands separated by commas from 1,000 (the screen's rule, shared/lib/figures). */
export function formatNumber(value: number): string {
  return formatFigure(value, 6);
}

/** A duration for display in the unit people use for budgets: s, min (< 2 h), h (< 2 d), d. */
export function formatDuration(ms: number): string {
  const magnitude = Math.abs(ms);
  if (magnitude < MINUTE_MS) return `${formatNumber(ms / SECOND_MS)} s`;
  if (magnitude < 2 * HOUR_MS) return `${formatNumber(ms / MINUTE_MS)} min`;
  if (magnitude < 2 * DAY_MS) return `${formatNumber(ms / HOUR_MS)} h`;
  return `${formatNumber(ms / DAY_MS)} d`;
}

function formatPct(ratio: number): string {
  return `${formatNumber(ratio * 100)} %`;
}

function formatBurn(burn: number): string {
  return `${formatNumber(burn)}×`;
}

/**
 * A burn rate in a sentence, to 3 significant figures ("159×", "0.0585×"), as the UI writes
 * them; more digits only where 3 would read as the threshold it was compared with.
 */
export function formatBurnAgainst(burn: number, threshold: number): string {
  const short = Number(burn.toPrecision(3));
  const same = short === Number(threshold.toPrecision(3)) && burn !== threshold;
  return formatBurn(same ? burn : short);
}

// ─── Explain text: words and typed figures ──────────────────────────────────────────────

type ExplainPart = string | ExplainValue;

/** The figures of an explain cell, by what they are (the renderer picks digits and units). */
export const fig = {
  count: (value: number): ExplainValue => ({ kind: 'count', value }),
  number: (value: number, significant?: number): ExplainValue => (significant === undefined ? { kind: 'number', value } : { kind: 'number', value, significant }),
  attainment: (value: number, targetPct: number): ExplainValue => ({ kind: 'attainment', value, targetPct }),
  /** A share of the budget given as a ratio (0.736 → "73.6 %"). */
  budgetShare: (ratio: number): ExplainValue => ({ kind: 'budgetPct', value: ratio * 100 }),
  /** Any other percentage given as a ratio (0.75 → "75 %"). */
  share: (ratio: number): ExplainValue => ({ kind: 'pct', value: ratio * 100 }),
  burn: (value: number, threshold?: number): ExplainValue => (threshold === undefined ? { kind: 'burn', value } : { kind: 'burn', value, threshold }),
  budget: (ms: number, scaleMs: number): ExplainValue => ({ kind: 'budget', minutes: ms / MINUTE_MS, scaleMinutes: scaleMs / MINUTE_MS }),
  span: (ms: number): ExplainValue => ({ kind: 'span', ms }),
  duration: (ms: number): ExplainValue => ({ kind: 'duration', ms }),
  time: (ms: number): ExplainValue => ({ kind: 'time', ms }),
};

/** Words and figures as one cell: ex`${fig.count(3)} bad` → [{count 3}, ' bad']; nested cells are spliced in. */
export function ex(strings: TemplateStringsArray, ...values: readonly (ExplainPart | readonly ExplainPart[])[]): ExplainPart[] {
  const parts: ExplainPart[] = [];
  const push = (p: ExplainPart): void => {
    const last = parts[parts.length - 1];
    if (typeof p === 'string' && typeof last === 'string') parts[parts.length - 1] = last + p;
    else if (p !== '') parts.push(p);
  };
  strings.forEach((text, i) => {
    push(text);
    if (i < values.length) {
      const v = values[i]!;
      if (Array.isArray(v)) (v as readonly ExplainPart[]).forEach(push);
      else push(v as ExplainPart);
    }
  });
  return parts;
}

/** An explain cell as plain text in the main side's notation (reasons, logs, exports, tests). */
export function explainPlain(text: ExplainText): string {
  if (typeof text === 'string') return text;
  return text.map((p) => (typeof p === 'string' ? p : plainValue(p))).join('');
}

function plainValue(v: ExplainValue): string {
  switch (v.kind) {
    case 'count':
    case 'number':
      return formatNumber(v.value);
    case 'attainment':
      return `${formatNumber(v.value)} %`;
    // Shares and thresholds to one decimal: "41.3 % of the window", not "41.3495 %".
    case 'pct':
    case 'budgetPct':
      return `${formatNumber(Number(v.value.toFixed(1)))} %`;
    case 'burn':
      return v.threshold === undefined ? formatBurn(v.value) : formatBurnAgainst(v.value, v.threshold);
    case 'budget':
      return formatDuration(v.minutes * MINUTE_MS);
    case 'span':
    case 'duration':
      return formatDuration(v.ms);
    case 'time':
      return new Date(v.ms).toISOString().replace('.000Z', 'Z');
  }
}

/** Short key for a window length: '5m', '1h', '3d'. */
export function windowKey(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  if (ms % MINUTE_MS === 0) return `${ms / MINUTE_MS}m`;
  return `${formatNumber(ms / SECOND_MS)}s`;
}

// ─── Buckets ────────────────────────────────────────────────────────────────────────────

interface Bucket {
  t: number;
  end: number;
  good: number;
  bad: number;
  total: number;
}

function prepareBuckets(buckets: readonly EventBucket[], defaultWidthMs: number, field = 'buckets'): Bucket[] {
  if (!Array.isArray(buckets)) throw new DomainInputError(field, 'must be an array of { t, good, total } buckets');
  const prepared: Bucket[] = new Array<Bucket>(buckets.length);
  let sorted = true;
  for (let i = 0; i < buckets.length; i++) {
    const raw = buckets[i] as EventBucket | undefined;
    const at = `${field}[${i}]`;
    if (raw === null || typeof raw !== 'object') throw new DomainInputError(at, 'must be a { t, good, total } object');
    const t = requireEpochMs(raw.t, `${at}.t`);
    const good = requireNonNegative(raw.good, `${at}.good`);
    const total = requireNonNegative(raw.total, `${at}.total`);
    if (good > total) throw new DomainInputError(`${at}.good`, `(${good}) must not exceed ${at}.total (${total})`);
    const width = raw.widthMs === undefined ? defaultWidthMs : requirePositive(raw.widthMs, `${at}.widthMs`);
    prepared[i] = { t, end: t + width, good, bad: total - good, total };
    if (i > 0 && (prepared[i - 1] as Bucket).t > t) sorted = false;
  }
  if (!sorted) prepared.sort((a, b) => a.t - b.t);
  for (let i = 1; i < prepared.length; i++) {
    const previous = prepared[i - 1] as Bucket;
    const current = prepared[i] as Bucket;
    if (previous.end > current.t) {
      throw new DomainInputError(
        field,
        `the bucket starting ${iso(previous.t)} (${previous.end - previous.t} ms wide) overlaps the one starting ${iso(current.t)}; its events would be counted twice`,
      );
    }
  }
  return prepared;
}

/** Index of the first item whose `t` is ≥ `t` (items sorted by t). */
function lowerBound(items: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as { t: number }).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Tally {
  buckets: number;
  good: number;
  bad: number;
  total: number;
  coveredMs: number;
  newestEnd: number | null;
}

/** Sums the buckets starting in [from, to); covered time is their overlap with [from, to). */
function tally(buckets: readonly Bucket[], from: number, to: number): Tally {
  const result: Tally = { buckets: 0, good: 0, bad: 0, total: 0, coveredMs: 0, newestEnd: null };
  for (let i = lowerBound(buckets, from); i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    if (b.t >= to) break;
    const end = Math.min(b.end, to);
    result.buckets++;
    result.good += b.good;
    result.bad += b.bad;
    result.total += b.total;
    result.coveredMs += end - b.t;
    result.newestEnd = result.newestEnd === null ? end : Math.max(result.newestEnd, end);
  }
  return result;
}

// ─── Error budget ───────────────────────────────────────────────────────────────────────

export interface ErrorBudget {
  targetPct: number;
  /** 1 − target as a ratio of events (or of time). */
  allowedErrorRatio: number;
  windowMs: number;
  /** The budget as time: (1 − target) × window. */
  budgetMs: number;
  budgetMinutes: number;
  explain: ExplainStep[];
}

/** Total error budget of a `targetPct` SLO over `windowMs`: 99.9 % over 30 d = 43.2 min. */
export function errorBudget(input: { targetPct: number; windowMs: number }): ErrorBudget {
  const targetPct = requireTargetPct(input.targetPct);
  const windowMs = requirePositive(input.windowMs, 'windowMs');
  const allowed = allowedErrorRatio(targetPct);
  const budgetMs = allowed * windowMs;
  const target = fig.number(Number((targetPct / 100).toPrecision(12)), 8); // 99.99 / 100 is 0.9998999…: show the target as written
  return {
    targetPct,
    allowedErrorRatio: allowed,
    windowMs,
    budgetMs,
    budgetMinutes: budgetMs / MINUTE_MS,
    explain: [
      { label: 'Allowed error ratio', formula: '1 − target', substituted: ex`1 − ${target}`, result: ex`${fig.number(allowed, 8)}` },
      {
        label: 'Error budget',
        formula: '(1 − target) × window',
        substituted: ex`(1 − ${target}) × ${fig.span(windowMs)}`,
        result: ex`${fig.budget(budgetMs, budgetMs)}`,
      },
    ],
  };
}

// ─── Burn rate ──────────────────────────────────────────────────────────────────────────

/** Burn rate = error ratio ÷ (1 − target); 1 spends the budget exactly over the SLO window. */
export function burnRate(badRatio: number, targetPct: number): number {
  return requireFraction(badRatio, 'badRatio') / allowedErrorRatio(targetPct);
}

/** Share of the budget a constant burn rate spends in `durationMs` of a `windowMs` SLO: burn × duration ÷ window. */
export function budgetSpent(burn: number, durationMs: number, windowMs: number): number {
  return (
    requireNonNegative(burn, 'burnRate') * requireNonNegative(durationMs, 'durationMs') / requirePositive(windowMs, 'windowMs')
  );
}

/**
 * Milliseconds until the remaining budget is spent at the current burn rate: remaining × window ÷ burn.
 * Null ("not at this rate") when nothing is burning (burn ≤ 0), and on a rolling window when
 * burn ≤ 1: errors age out of a rolling window as fast as a burn of 1 adds them, so the budget
 * is never spent at that rate. 0 when the budget is already spent. Assumes the burn continues.
 */
export function timeToExhaustion(
  remainingBudgetRatio: number,
  currentBurnRate: number,
  windowMs: number,
  options: { rolling?: boolean } = {},
): number | null {
  const remaining = requireFinite(remainingBudgetRatio, 'remainingBudgetRatio');
  const burn = requireFinite(currentBurnRate, 'currentBurnRate');
  const window = requirePositive(windowMs, 'windowMs');
  if (burn <= 0) return null;
  if (options.rolling === true && burn <= 1) return null;
  if (remaining <= 0) return 0;
  return (remaining * window) / burn;
}

/** The windows `burnRates` reports, shortest first. */
export const BURN_RATE_WINDOWS_MS: readonly number[] = [
  5 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  6 * HOUR_MS,
  DAY_MS,
  3 * DAY_MS,
];

/** Burn over one trailing window [now − windowMs, now). */
export interface WindowBurn {
  /** '5m', '1h', … */
  key: string;
  windowMs: number;
  events: number;
  bad: number;
  /** Null when the window has fewer events than the minimum (see `reason`). */
  errorRatio: number | null;
  burnRate: number | null;
  sufficient: boolean;
  reason: string | null;
}

function windowBurn(buckets: readonly Bucket[], now: number, windowMs: number, allowed: number, minEvents: number): WindowBurn {
  const { total, bad } = tally(buckets, now - windowMs, now);
  const key = windowKey(windowMs);
  // A window with no events at all can never be enough, even when the minimum is 0.
  if (total === 0 || total < minEvents) {
    return {
      key,
      windowMs,
      events: total,
      bad,
      errorRatio: null,
      burnRate: null,
      sufficient: false,
      reason: `${key} window has ${formatNumber(total)} events (minimum ${formatNumber(Math.max(minEvents, 1))})`,
    };
  }
  const errorRatio = bad / total;
  return { key, windowMs, events: total, bad, errorRatio, burnRate: errorRatio / allowed, sufficient: true, reason: null };
}

export interface BurnRateOptions {
  /** Fewer events than this in a window → burn rate null. Default 100. */
  minEvents?: number;
  /** Width of buckets that do not state one. Default 60 s. */
  bucketWidthMs?: number;
  /** Windows to report. Default 5 m, 30 m, 1 h, 6 h, 1 d, 3 d. */
  windowsMs?: readonly number[];
}

/** Burn rates over the trailing 5 m, 30 m, 1 h, 6 h, 1 d and 3 d windows ending at `now`. */
export function burnRates(
  buckets: readonly EventBucket[],
  now: number,
  targetPct: number,
  options: BurnRateOptions = {},
): WindowBurn[] {
  requireEpochMs(now, 'now');
  const allowed = allowedErrorRatio(targetPct);
  const minEvents = requireNonNegative(options.minEvents ?? DEFAULT_MIN_EVENTS, 'minEvents');
  const prepared = prepareBuckets(buckets, requirePositive(options.bucketWidthMs ?? DEFAULT_BUCKET_WIDTH_MS, 'bucketWidthMs'));
  const windows = options.windowsMs ?? BURN_RATE_WINDOWS_MS;
  return windows.map((ms, i) => windowBurn(prepared, now, requirePositive(ms, `windowsMs[${i}]`), allowed, minEvents));
}

// ─── Multiwindow, multi-burn-rate alerts ────────────────────────────────────────────────

export type AlertSeverity = 'page' | 'ticket';
export type AlertState = AlertSeverity | 'none';

/** Fire when both windows burn at ≥ the threshold that spends `budgetFraction` of the budget in the long window. */
export interface BurnAlertRule {
  name: string;
  severity: AlertSeverity;
  longWindowMs: number;
  shortWindowMs: number;
  budgetFraction: number;
}

/** SRE Workbook defaults: for a 30-day SLO these are 14.4× (1 h/5 m), 6× (6 h/30 m) page, 1× (3 d/6 h) ticket. */
export const DEFAULT_BURN_ALERT_RULES: readonly BurnAlertRule[] = [
  { name: 'fast burn', severity: 'page', longWindowMs: HOUR_MS, shortWindowMs: 5 * MINUTE_MS, budgetFraction: 0.02 },
  { name: 'sustained burn', severity: 'page', longWindowMs: 6 * HOUR_MS, shortWindowMs: 30 * MINUTE_MS, budgetFraction: 0.05 },
  { name: 'slow burn', severity: 'ticket', longWindowMs: 3 * DAY_MS, shortWindowMs: 6 * HOUR_MS, budgetFraction: 0.1 },
];

/** The SLO period the Workbook's thresholds assume. */
export const DEFAULT_SLO_PERIOD_MS = 30 * DAY_MS;

/** Burn rate that spends `budgetFraction` of a `periodMs` budget within the rule's long window. */
export function burnRateThreshold(rule: BurnAlertRule, periodMs: number = DEFAULT_SLO_PERIOD_MS): number {
  const threshold = (rule.budgetFraction * periodMs) / rule.longWindowMs;
  // 0.02 × 720 should be 14.4, not 14.400000000000002.
  return Number(threshold.toPrecision(12));
}

export interface RuleEvaluation {
  rule: BurnAlertRule;
  threshold: number;
  long: WindowBurn;
  short: WindowBurn;
  firing: boolean;
  reason: string;
  /** `reason` with its figures kept as figures, for the explain panel. */
  why: ExplainText;
}

export interface BurnAlertEvaluation {
  state: AlertState;
  /** The most severe firing rule (first in rule order among equals); null when none fires. */
  firing: RuleEvaluation | null;
  rules: RuleEvaluation[];
  explain: ExplainStep[];
}

export interface BurnAlertInput {
  buckets: readonly EventBucket[];
  now: number;
  targetPct: number;
  /** SLO period the budget fractions refer to. Default 30 d. */
  periodMs?: number;
  rules?: readonly BurnAlertRule[];
  /** Minimum-traffic guard: a window with fewer events cannot fire. Default 100. */
  minEvents?: number;
  bucketWidthMs?: number;
}

function validateRule(rule: BurnAlertRule, field: string): void {
  if (rule === null || typeof rule !== 'object') throw new DomainInputError(field, 'must be a burn alert rule object');
  if (typeof rule.name !== 'string' || rule.name === '') throw new DomainInputError(`${field}.name`, 'must be a non-empty string');
  if (rule.severity !== 'page' && rule.severity !== 'ticket') {
    throw new DomainInputError(`${field}.severity`, `must be 'page' or 'ticket', got ${JSON.stringify(rule.severity)}`);
  }
  requirePositive(rule.longWindowMs, `${field}.longWindowMs`);
  requirePositive(rule.shortWindowMs, `${field}.shortWindowMs`);
  const fraction = requirePositive(rule.budgetFraction, `${field}.budgetFraction`);
  if (fraction > 1) throw new DomainInputError(`${field}.budgetFraction`, `must be at most 1, got ${fraction}`);
}

function describeBurn(w: WindowBurn): ExplainPart[] {
  return w.burnRate === null
    ? ex`burn(${w.key}) = n/a (${fig.count(w.events)} events)`
    : ex`burn(${w.key}) = ${fig.burn(w.burnRate)} (${fig.count(w.bad)} of ${fig.count(w.events)} bad)`;
}

function evaluateRule(
  rule: BurnAlertRule,
  buckets: readonly Bucket[],
  now: number,
  allowed: number,
  periodMs: number,
  minEvents: number,
): RuleEvaluation {
  const threshold = burnRateThreshold(rule, periodMs);
  const long = windowBurn(buckets, now, rule.longWindowMs, allowed, minEvents);
  const short = windowBurn(buckets, now, rule.shortWindowMs, allowed, minEvents);
  const t = fig.burn(threshold);
  let firing = false;
  let why: ExplainText;
  if (long.burnRate === null || short.burnRate === null) {
    why = `not enough traffic: ${[long.reason, short.reason].filter((r) => r !== null).join('; ')}`;
  } else {
    const longHigh = atLeast(long.burnRate, threshold);
    const shortHigh = atLeast(short.burnRate, threshold);
    const l = ex`burn(${long.key}) ${fig.burn(long.burnRate, threshold)}`;
    const s = ex`burn(${short.key}) ${fig.burn(short.burnRate, threshold)}`;
    firing = longHigh && shortHigh;
    if (firing) why = ex`${l} ≥ ${t} and ${s} ≥ ${t}`;
    else if (longHigh) why = ex`${l} ≥ ${t} but ${s} < ${t}: recovered`;
    else why = ex`${l} < ${t}`;
  }
  return { rule, threshold, long, short, firing, reason: explainPlain(why), why };
}

/** Multiwindow multi-burn-rate alert state at `now` (SRE Workbook), with a minimum-traffic guard. */
export function evaluateBurnAlerts(input: BurnAlertInput): BurnAlertEvaluation {
  const now = requireEpochMs(input.now, 'now');
  const allowed = allowedErrorRatio(input.targetPct);
  const prepared = prepareBuckets(input.buckets, requirePositive(input.bucketWidthMs ?? DEFAULT_BUCKET_WIDTH_MS, 'bucketWidthMs'));
  return evaluatePreparedAlerts(prepared, now, allowed, {
    periodMs: requirePositive(input.periodMs ?? DEFAULT_SLO_PERIOD_MS, 'periodMs'),
    rules: input.rules ?? DEFAULT_BURN_ALERT_RULES,
    minEvents: requireNonNegative(input.minEvents ?? DEFAULT_MIN_EVENTS, 'minEvents'),
  });
}

function evaluatePreparedAlerts(
  buckets: readonly Bucket[],
  now: number,
  allowed: number,
  options: { periodMs: number; rules: readonly BurnAlertRule[]; minEvents: number },
): BurnAlertEvaluation {
  if (!Array.isArray(options.rules)) throw new DomainInputError('rules', 'must be an array of burn alert rules');
  options.rules.forEach((rule, i) => validateRule(rule, `rules[${i}]`));
  const rules = options.rules.map((rule) => evaluateRule(rule, buckets, now, allowed, options.periodMs, options.minEvents));
  const firing =
    rules.find((r) => r.firing && r.rule.severity === 'page') ?? rules.find((r) => r.firing && r.rule.severity === 'ticket') ?? null;
  const period = fig.span(options.periodMs);
  const explain: ExplainStep[] = rules.map((r) => ({
    label: `${r.rule.name} (${r.rule.severity})`,
    formula: `burn(${r.long.key}) ≥ T and burn(${r.short.key}) ≥ T, where T = budget share × period ÷ ${r.long.key}`,
    substituted: ex`${describeBurn(r.long)}, ${describeBurn(r.short)}, T = ${fig.share(r.rule.budgetFraction)} × ${period} ÷ ${fig.span(r.rule.longWindowMs)} = ${fig.burn(r.threshold)}`,
    result: ex`${r.firing ? 'firing' : 'not firing'}: ${r.why}`,
  }));
  return { state: firing === null ? 'none' : firing.rule.severity, firing, rules, explain };
}

// ─── Windows for evaluations ────────────────────────────────────────────────────────────

/** The window an evaluation covered. */
export interface EvaluatedWindow {
  start: number;
  end: number;
  label: string;
  /** end − start: the length the budget is computed over. */
  lengthMs: number;
  /** min(end, now): data after this cannot exist yet. */
  evaluatedTo: number;
  complete: boolean;
}

function resolveWindow(input: SloWindowInput, now: number): EvaluatedWindow {
  const given = [input.windowMs, input.calendar, input.bounds].filter((w) => w !== undefined).length;
  if (given !== 1) {
    throw new DomainInputError('window', `give exactly one of windowMs, calendar or bounds (got ${given})`);
  }
  let start: number;
  let end: number;
  let label: string;
  if (input.windowMs !== undefined) {
    const length = requirePositive(input.windowMs, 'windowMs');
    start = now - length;
    end = now;
    label = `Last ${formatDuration(length)}`;
  } else if (input.calendar !== undefined) {
    const zone = requireZone(input.calendar.zone, 'calendar.zone');
    if (input.calendar.unit !== 'month' && input.calendar.unit !== 'week') {
      throw new DomainInputError('calendar.unit', `must be 'month' or 'week', got ${JSON.stringify(input.calendar.unit)}`);
    }
    ({ start, end, label } = windowBounds({ kind: 'calendar', unit: input.calendar.unit, zone }, now));
  } else {
    const bounds = input.bounds as { start: number; end: number } | null;
    if (bounds === null || typeof bounds !== 'object') throw new DomainInputError('bounds', 'must be a { start, end } object');
    start = requireEpochMs(bounds.start, 'bounds.start');
    end = requireEpochMs(bounds.end, 'bounds.end');
    if (end <= start) throw new DomainInputError('bounds.end', `must be after bounds.start (${iso(start)}), got ${iso(end)}`);
    label = `${iso(start)} → ${iso(end)}`;
  }
  // A rolling window ends at now and keeps moving; other windows are complete once ended.
  const complete = input.windowMs === undefined && end <= now;
  return { start, end, label, lengthMs: end - start, evaluatedTo: Math.max(start, Math.min(end, now)), complete };
}

// ─── Budget figures and status ──────────────────────────────────────────────────────────

/** The error budget as time and as a share of the budget; consumed/remaining null when unknown. */
export interface BudgetFigures {
  totalMs: number;
  totalMinutes: number;
  consumedMs: number | null;
  consumedMinutes: number | null;
  remainingMs: number | null;
  remainingMinutes: number | null;
  /** consumed ÷ total; above 1 once overspent. */
  consumedRatio: number | null;
  /** 1 − consumedRatio; negative once overspent. */
  remainingRatio: number | null;
}

function budgetFigures(totalMs: number, consumedMs: number | null): BudgetFigures {
  if (consumedMs === null) {
    return {
      totalMs,
      totalMinutes: totalMs / MINUTE_MS,
      consumedMs: null,
      consumedMinutes: null,
      remainingMs: null,
      remainingMinutes: null,
      consumedRatio: null,
      remainingRatio: null,
    };
  }
  const consumedRatio = consumedMs / totalMs;
  return {
    totalMs,
    totalMinutes: totalMs / MINUTE_MS,
    consumedMs,
    consumedMinutes: consumedMs / MINUTE_MS,
    remainingMs: totalMs - consumedMs,
    remainingMinutes: (totalMs - consumedMs) / MINUTE_MS,
    consumedRatio,
    remainingRatio: 1 - consumedRatio,
  };
}

function budgetSteps(budget: BudgetFigures, consumedFormula: string, consumedSubstituted: ExplainText): ExplainStep[] {
  if (budget.consumedMs === null || budget.consumedRatio === null || budget.remainingMs === null || budget.remainingRatio === null) {
    return [{ label: 'Budget consumed', formula: consumedFormula, substituted: 'no data', result: 'unknown' }];
  }
  // One unit for every budget figure, chosen by the budget: "1.97 h of 7.2 h", never "118 min".
  const budgetFig = (ms: number): ExplainValue => fig.budget(ms, budget.totalMs);
  return [
    { label: 'Budget consumed', formula: consumedFormula, substituted: consumedSubstituted, result: ex`${budgetFig(budget.consumedMs)}` },
    {
      label: 'Budget consumed (share)',
      formula: 'consumed ÷ budget',
      substituted: ex`${budgetFig(budget.consumedMs)} ÷ ${budgetFig(budget.totalMs)}`,
      result: ex`${fig.budgetShare(budget.consumedRatio)}`,
    },
    {
      label: 'Budget remaining',
      formula: 'budget − consumed',
      substituted: ex`${budgetFig(budget.totalMs)} − ${budgetFig(budget.consumedMs)}`,
      result: ex`${budgetFig(budget.remainingMs)} (${fig.budgetShare(budget.remainingRatio)} of budget)`,
    },
  ];
}

interface StatusRules {
  warnBudgetConsumed: number;
  minCoverage: number;
}

function readStatusRules(input: { warnBudgetConsumed?: number; minCoverage?: number }): StatusRules {
  return {
    warnBudgetConsumed: requireFraction(input.warnBudgetConsumed ?? DEFAULT_WARN_BUDGET_CONSUMED, 'warnBudgetConsumed'),
    minCoverage: requireFraction(input.minCoverage ?? DEFAULT_MIN_COVERAGE, 'minCoverage'),
  };
}

/** A status, its reason as text, and the same reason with figures kept as figures. */
interface Verdict {
  status: SloStatus;
  reason: string;
  why: ExplainText;
}

function verdictOf(status: SloStatus, why: ExplainText): Verdict {
  return { status, reason: explainPlain(why), why };
}

/** Status from the budget alone (data sufficiency is checked by the caller first). */
function budgetStatus(consumedRatio: number, rules: StatusRules): Verdict {
  const consumed = ex`${fig.budgetShare(consumedRatio)} of the error budget consumed`;
  if (moreThan(consumedRatio, 1)) return verdictOf('BREACHED', ex`${consumed}: budget exhausted`);
  if (moreThan(consumedRatio, rules.warnBudgetConsumed)) {
    return verdictOf('WARNING', ex`${consumed} (warning above ${fig.share(rules.warnBudgetConsumed)})`);
  }
  return verdictOf('OK', consumed);
}

function statusStep(status: SloStatus, reason: ExplainText, rules: StatusRules, alertRule: string): ExplainStep {
  return {
    label: 'Status',
    formula: `INSUFFICIENT_DATA if too little data; BREACHED if consumed > 100 %; WARNING if consumed > ${formatPct(rules.warnBudgetConsumed)}${alertRule}; else OK`,
    substituted: reason,
    result: status,
  };
}

function windowStep(window: EvaluatedWindow, coveredMs: number, elapsedMs: number): ExplainStep {
  return {
    label: 'Window',
    formula: 'time with data ÷ time elapsed in window',
    substituted: ex`${fig.duration(coveredMs)} ÷ ${fig.duration(elapsedMs)} (${window.label}: ${fig.time(window.start)} → ${fig.time(window.end)})`,
    result: elapsedMs > 0 ? ex`${fig.share(coveredMs / elapsedMs)} coverage` : 'window has not started',
  };
}

// ─── Event-ratio SLOs (availability) ────────────────────────────────────────────────────

export interface EventRatioSloInput extends SloWindowInput {
  targetPct: number;
  buckets: readonly EventBucket[];
  now: number;
  /** Fewer events in the window → INSUFFICIENT_DATA. Default 100. */
  minEvents?: number;
  /** Data covering less of the elapsed window → INSUFFICIENT_DATA. Default 0.5. */
  minCoverage?: number;
  /** WARNING when more than this share of the budget is consumed. Default 0.75. */
  warnBudgetConsumed?: number;
  /** WARNING when a burn alert of this severity (or worse) is active. Default 'page'. */
  warnOnAlert?: AlertState;
  /** Width of buckets that do not state one. Default 60 s. */
  bucketWidthMs?: number;
  /** Burn-rate alerting: rules (default SRE Workbook) and per-window traffic minimum (default 100). */
  alerting?: { rules?: readonly BurnAlertRule[]; minEvents?: number };
}

export interface EventRatioSloResult {
  status: SloStatus;
  /** One line saying why the status is what it is (for INSUFFICIENT_DATA: what is missing). */
  reason: string;
  targetPct: number;
  window: EvaluatedWindow;
  good: number;
  bad: number;
  total: number;
  /** good ÷ total × 100; null without events. */
  attainmentPct: number | null;
  allowedErrorRatio: number;
  budget: BudgetFigures;
  /** Share of the elapsed window covered by data, 0..1. */
  coverage: number;
  coveredMs: number;
  elapsedMs: number;
  /** End of the newest bucket used (capped at now); null without data. */
  dataAsOf: number | null;
  /** Burn alerts at `now`; null for windows that ended before `now`. */
  alert: BurnAlertEvaluation | null;
  /** At the 1 h burn rate, time until the remaining budget is spent; null: not at this rate (burn ≤ 1 on a rolling window, stopped in the last 5 min) or unknown. */
  timeToExhaustionMs: number | null;
  explain: ExplainStep[];
}

const SEVERITY_RANK: Record<AlertState, number> = { none: 0, ticket: 1, page: 2 };

/** Evaluates an event-ratio SLO (good ÷ total) over its window: attainment, budget, status, burn alerts. */
export function evaluateEventRatioSlo(input: EventRatioSloInput): EventRatioSloResult {
  const now = requireEpochMs(input.now, 'now');
  const targetPct = requireTargetPct(input.targetPct);
  const allowed = allowedErrorRatio(targetPct);
  const minEvents = requireNonNegative(input.minEvents ?? DEFAULT_MIN_EVENTS, 'minEvents');
  const rules = readStatusRules(input);
  const warnOnAlert = input.warnOnAlert ?? 'page';
  if (!(warnOnAlert in SEVERITY_RANK)) {
    throw new DomainInputError('warnOnAlert', `must be 'page', 'ticket' or 'none', got ${JSON.stringify(warnOnAlert)}`);
  }
  const prepared = prepareBuckets(input.buckets, requirePositive(input.bucketWidthMs ?? DEFAULT_BUCKET_WIDTH_MS, 'bucketWidthMs'));
  const window = resolveWindow(input, now);

  const counts = tally(prepared, window.start, window.evaluatedTo);
  const elapsedMs = window.evaluatedTo - window.start;
  const coverage = elapsedMs > 0 ? counts.coveredMs / elapsedMs : 0;
  const attainmentPct = counts.total > 0 ? (counts.good / counts.total) * 100 : null;
  const budgetMs = allowed * window.lengthMs;
  const consumedMs = counts.total > 0 ? (counts.bad / counts.total) * counts.coveredMs : null;
  const budget = budgetFigures(budgetMs, consumedMs);

  // Burn alerts and time to exhaustion describe the present, so only for a window that has not ended.
  const isCurrent = window.end >= now;
  const alertMinEvents = requireNonNegative(input.alerting?.minEvents ?? DEFAULT_MIN_EVENTS, 'alerting.minEvents');
  const alert = isCurrent
    ? evaluatePreparedAlerts(prepared, now, allowed, {
        periodMs: window.lengthMs,
        rules: input.alerting?.rules ?? DEFAULT_BURN_ALERT_RULES,
        minEvents: alertMinEvents,
      })
    : null;
  const currentBurn = isCurrent ? windowBurn(prepared, now, HOUR_MS, allowed, alertMinEvents) : null;
  // The 1-hour burn lags: for up to an hour after errors stop it still reads high. The last
  // 5 minutes say whether the burn goes on (too little traffic there: trust the hour).
  const recentBurn = isCurrent ? windowBurn(prepared, now, 5 * MINUTE_MS, allowed, alertMinEvents) : null;
  const burnStopped = recentBurn !== null && recentBurn.burnRate !== null && recentBurn.burnRate <= 1;
  const rolling = input.windowMs !== undefined;
  const timeToExhaustionMs =
    currentBurn !== null && currentBurn.burnRate !== null && budget.remainingRatio !== null && !burnStopped
      ? timeToExhaustion(budget.remainingRatio, currentBurn.burnRate, window.lengthMs, { rolling })
      : null;

  let verdict: Verdict;
  if (counts.total === 0) {
    verdict = verdictOf('INSUFFICIENT_DATA', counts.buckets === 0 ? 'no data in the window' : `no events in the window (${counts.buckets} buckets, all with zero traffic)`);
  } else if (counts.total < minEvents) {
    verdict = verdictOf('INSUFFICIENT_DATA', ex`too little traffic: ${fig.count(counts.total)} events in the window, at least ${fig.count(minEvents)} needed`);
  } else if (coverage < rules.minCoverage) {
    verdict = verdictOf('INSUFFICIENT_DATA', ex`data covers ${fig.share(coverage)} of the window so far, at least ${fig.share(rules.minCoverage)} needed`);
  } else {
    verdict = budgetStatus(budget.consumedRatio as number, rules);
    if (verdict.status === 'OK' && alert !== null && warnOnAlert !== 'none' && alert.firing !== null) {
      if (SEVERITY_RANK[alert.state] >= SEVERITY_RANK[warnOnAlert]) {
        const firing = alert.firing;
        verdict = verdictOf('WARNING', ex`${firing.rule.name} alert (${alert.state}): ${firing.why}`);
      }
    }
  }

  const target = fig.number(Number((targetPct / 100).toPrecision(12)), 8); // 99.99 / 100 is 0.9998999…: show the target as written
  const explain: ExplainStep[] = [
    windowStep(window, counts.coveredMs, elapsedMs),
    {
      label: 'Events',
      formula: 'bad = total − good',
      substituted: ex`${fig.count(counts.total)} − ${fig.count(counts.good)}`,
      result: ex`${fig.count(counts.bad)} bad of ${fig.count(counts.total)}`,
    },
    {
      label: 'Attainment',
      formula: 'good ÷ total × 100',
      substituted: ex`${fig.count(counts.good)} ÷ ${fig.count(counts.total)} × 100`,
      result: attainmentPct === null ? 'no events' : ex`${fig.attainment(attainmentPct, targetPct)}`,
    },
    {
      label: 'Error budget',
      formula: '(1 − target) × window',
      substituted: ex`(1 − ${target}) × ${fig.span(window.lengthMs)}`,
      result: ex`${fig.budget(budgetMs, budgetMs)}`,
    },
    ...budgetSteps(budget, 'bad ÷ total × time with data', ex`${fig.count(counts.bad)} ÷ ${fig.count(counts.total)} × ${fig.duration(counts.coveredMs)}`),
  ];
  if (currentBurn !== null) {
    explain.push({
      label: 'Burn rate (1 h)',
      formula: 'error ratio ÷ (1 − target)',
      substituted:
        currentBurn.errorRatio === null ? (currentBurn.reason ?? '') : ex`${fig.number(currentBurn.errorRatio)} ÷ ${fig.number(allowed, 8)}`,
      result: currentBurn.burnRate === null ? 'n/a' : ex`${fig.burn(currentBurn.burnRate)}`,
    });
    explain.push({
      label: 'Time to exhaustion',
      formula: 'remaining share × window ÷ burn rate',
      substituted:
        currentBurn.burnRate === null || budget.remainingRatio === null
          ? 'n/a'
          : burnStopped
            ? ex`burn(5m) ${fig.burn(recentBurn?.burnRate ?? 0)} ≤ 1×: the burn has stopped`
            : rolling && currentBurn.burnRate <= 1
              ? ex`burn ${fig.burn(currentBurn.burnRate)} ≤ 1× on a rolling window: errors age out as fast as they come`
              : ex`${fig.number(budget.remainingRatio)} × ${fig.span(window.lengthMs)} ÷ ${fig.burn(currentBurn.burnRate)}`,
      result: timeToExhaustionMs === null ? 'not at this rate' : ex`${fig.duration(timeToExhaustionMs)}`,
    });
  }
  if (alert !== null) explain.push(...alert.explain);
  const alertRule = warnOnAlert === 'none' ? '' : ` or a ${warnOnAlert}${warnOnAlert === 'ticket' ? '/page' : ''} burn alert fires`;
  explain.push(statusStep(verdict.status, verdict.why, rules, alertRule));

  return {
    status: verdict.status,
    reason: verdict.reason,
    targetPct,
    window,
    good: counts.good,
    bad: counts.bad,
    total: counts.total,
    attainmentPct,
    allowedErrorRatio: allowed,
    budget,
    coverage,
    coveredMs: counts.coveredMs,
    elapsedMs,
    dataAsOf: counts.newestEnd,
    alert,
    timeToExhaustionMs,
    explain,
  };
}

// ─── Time-slice SLOs (e.g. "p95 latency < 500 ms" per minute) ───────────────────────────

export type Comparator = 'lt' | 'lte' | 'gt' | 'gte';

/** Whether `value` meets `threshold` under `comparator` (e.g. lt: value < threshold). */
export function meetsThreshold(value: number, threshold: number, comparator: Comparator): boolean {
  switch (comparator) {
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
  }
}

// ─── Daily series for sparklines ────────────────────────────────────────────────────────

export interface DailyAttainmentPoint {
  /** Local midnight of the day in the zone, epoch ms. */
  day: number;
  /** The day as 'yyyy-MM-dd' in the zone. */
  date: string;
  good: number;
  total: number;
  /** good ÷ total × 100 for that day; null when the day has no events. */
  attainmentPct: number | null;
}

/**
 * One point per day (in `zone`) overlapping [windowStart, windowEnd), oldest first; a bucket
 * counts on the day its start falls in. Days are 23 or 25 h long across DST changes.
 */
export function dailyAttainment(
  buckets: readonly EventBucket[],
  windowStart: number,
  windowEnd: number,
  zone = 'UTC',
  options: { bucketWidthMs?: number } = {},
): DailyAttainmentPoint[] {
  const days = dayStarts(windowStart, windowEnd, zone);
  const prepared = prepareBuckets(buckets, requirePositive(options.bucketWidthMs ?? DEFAULT_BUCKET_WIDTH_MS, 'bucketWidthMs'));
  const points: DailyAttainmentPoint[] = days.map((day) => ({
    day,
    date: DateTime.fromMillis(day, { zone }).toISODate() ?? iso(day),
    good: 0,
    total: 0,
    attainmentPct: null,
  }));
  let dayIndex = 0;
  for (let i = lowerBound(prepared, windowStart); i < prepared.length; i++) {
    const b = prepared[i] as Bucket;
    if (b.t >= windowEnd) break;
    while (dayIndex + 1 < days.length && (days[dayIndex + 1] as number) <= b.t) dayIndex++;
    const point = points[dayIndex] as DailyAttainmentPoint;
    point.good += b.good;
    point.total += b.total;
  }
  for (const point of points) point.attainmentPct = point.total > 0 ? (point.good / point.total) * 100 : null;
  return points;
}
