// SLO evaluation over the cache: store → SLI buckets → domain maths → what the API returns.
// One code path for the SLO list, the detail view, the Overview and the burn alerts, so the
// same SLO shows the same numbers everywhere.
//
// Figures are evaluated as of the newest cached datapoint, never the wall clock: offline,
// the window must not slide past data we do not have (that would invent a recovery or quietly
// drop an incident). The UI labels figures with that instant and marks them stale.
import type { SloAlertState, SloBreach, SloBurnRate, SloCompliance, SloDetail, SloExplainStep, SloSummary, SloWindowInfo } from '@shared/contract/slos';
import type { Severity } from '@shared/contract/alerts';
import type { SloDef } from '../config/slos';
import { sloToYaml } from '../config/sloSchema';
import {
  BURN_RATE_WINDOWS_MS,
  DEFAULT_BURN_ALERT_RULES,
  type BurnAlertRule,
  type EventRatioSloResult,
  type ExplainStep,
  allowedErrorRatio,
  burnRateThreshold,
  burnRates,
  burnReaches,
  evaluateEventRatioSlo,
  ex,
  formatBurnAgainst,
  fig,
  formatDuration,
  formatNumber,
  windowKey,
} from '../domain/slo/maths';
import { DAY_MS, HOUR_MS, HOUR_S, MINUTE_MS } from '@shared/lib/timeUnits';
import { dayStarts, recentWindows, windowBounds, type WindowSpec } from '../domain/time/window';
import type { CacheStore } from '../store/cache';
import { BucketIndex, type WindowSum } from '../domain/slo/bucketIndex';
import { compositeBuckets, dailyFromDayStarts } from '../domain/slo/composite';
import { SeriesCatalogue } from '../store/catalogue';
import { lttb } from '../domain/downsample';
import { COARSE_SEC, FINE_SEC, SETTLE_MARGIN_SEC, SliData, compilePlan, describeMath, type PlanResult, type SliBucket, type SliPlan } from './sliData';

/** The sparkline always covers the last 30 days, whatever the window. */
const SPARK_MS = 30 * DAY_MS;
/** 1-minute buckets cover the longest burn window (3 d). */
const FINE_SPAN_MS = 3 * DAY_MS;
/** The composite keeps every minute of the last 6 h 5 min (the 5 m, 30 m, 1 h and 6 h windows). */
const KEEP_MINUTES_MS = 6 * HOUR_MS + 5 * MINUTE_MS;
/** Window lengths whose start must be a bucket boundary: burn windows and alert-rule windows. */
const EDGE_WINDOWS_MS = [...new Set([...BURN_RATE_WINDOWS_MS, ...DEFAULT_BURN_ALERT_RULES.flatMap((r) => [r.longWindowMs, r.shortWindowMs])])];
/** Charts get at most this many points per series (recharts slows down past a few thousand). */
export const MAX_CHART_POINTS = 2_000;
/** A breached period ends when the hourly SLI is back above target for longer than this. */
const BREACH_MERGE_GAP_MS = 15 * MINUTE_MS;
const MAX_BREACHES = 50;

/** A burning SLO, in the shape the alert queue consumes: one alert per SLO, whichever rule fires. */
export interface SloBurnAlert {
  /** Stable per SLO (`slo-burn:<sloId>`), so the alert and its acknowledgement survive rule changes. */
  id: string;
  sloId: string;
  name: string;
  service: string;
  /** Of the worst firing rule. */
  severity: 'page' | 'ticket';
  /** The worst firing rule: the one that decides severity and the figures shown. */
  rule: string;
  /** The SLO's own queue severity for a page (SLO YAML `severity`); absent: the default. */
  sloSeverity?: Severity;
  /** When the SLO started burning: the first minute of continuous firing of any rule (as far back as the 1-minute data reaches). */
  since?: number;
  /** Burn rate over the deciding rule's long window. */
  burnRate: number;
  /** The deciding rule's windows, long/short: '1h/5m'. */
  window: string;
  description: string;
  /** The instant the figures describe (newest cached datapoint). */
  evaluatedAt: number;
}

interface Evaluated {
  def: SloDef;
  summary: SloSummary;
  asOf: number;
  plan: SliPlan | null;
  /** Buckets at full resolution (hours, then minutes for the last 3 days), for charts and "since when". */
  fullIndex: (() => BucketIndex) | null;
  result: EventRatioSloResult | null;
  /** Plan failures (unknown metrics). */
  reasons: string[];
}

/** "2026-10-26 17:39 UTC": a time in text people read (alert descriptions), never raw ISO. */
function readableUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3.52 min of 4.32 min", "1.97 h of 7.2 h": one unit for both, chosen by the whole budget (as the screens write it). */
function budgetMinutesOf(part: number, total: number): string {
  const trim = (v: number, digits: number): string => String(Number(v.toFixed(digits)) + 0).replace('-', '−');
  if (Math.abs(total) >= 120) return `${trim(part / 60, 2)} h of ${trim(total / 60, 2)} h`;
  const digits = Math.abs(total) >= 10 ? 1 : 2;
  return `${trim(part, digits)} min of ${trim(total, digits)} min`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}

function finiteOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

function daysText(ms: number): string {
  const d = ms / DAY_MS;
  if (Number.isInteger(d)) return `${d} day${d === 1 ? '' : 's'}`;
  return formatDuration(ms);
}

function windowSpec(def: SloDef): WindowSpec {
  return def.window.kind === 'rolling' ? { kind: 'rolling', days: def.window.ms / DAY_MS } : def.window;
}

function windowInfo(def: SloDef, asOf: number): SloWindowInfo {
  if (def.window.kind === 'rolling') {
    return { kind: 'rolling', label: `rolling ${daysText(def.window.ms)} (UTC)`, lengthMs: def.window.ms, zone: 'UTC', start: Math.max(0, asOf - def.window.ms), end: asOf };
  }
  const b = windowBounds(def.window, asOf);
  return { kind: 'calendar', label: `calendar ${def.window.unit}, ${b.label} (${def.window.zone})`, lengthMs: b.end - b.start, zone: def.window.zone, start: b.start, end: b.end };
}

const COMPARATOR_TEXT = { lt: '<', lte: '≤', gt: '>', gte: '≥' } as const;

/** The SLI in a line, e.g. "1 − Http5xxCount ÷ RequestCount". */
function sliLine(def: SloDef): string {
  const name = (m: { queries: { metric: { metric: string; stat: string } }[]; expression: string }): string => {
    const metrics = [...new Set(m.queries.map((q) => `${q.metric.metric}${q.metric.stat === 'Sum' ? '' : ` ${q.metric.stat}`}`))];
    const fn = /^\s*(SUM|MAX|MIN|AVG)\(/i.exec(m.expression)?.[1]?.toUpperCase();
    if (metrics.length === 1 && m.queries.length === 1) return metrics[0] as string;
    if (metrics.length === 1 && fn) return `${fn === 'SUM' ? 'Σ' : fn.toLowerCase()} ${metrics[0]} (${m.queries.length} series)`;
    if (fn === 'SUM') return `Σ ${metrics.join(' + ')} (${m.queries.length} series)`;
    return m.expression;
  };
  const s = def.sli;
  if (s.kind === 'event-ratio') return s.good ? `${name(s.good)} ÷ ${name(s.total)}` : `1 − ${name(s.bad as NonNullable<typeof s.bad>)} ÷ ${name(s.total)}`;
  return `minutes with ${name(s.value)} ${COMPARATOR_TEXT[s.comparator]} ${thresholdText(s.threshold, s.valueUnit)}`;
}

/**
 * A threshold as the screen writes figures (the renderer's lib/format rule): thousands separated
 * from 1,000, and 1,000 ms or more in seconds — "< 2 s", never "< 2000 ms" beside a "2 s" title.
 */
export function thresholdText(value: number, unit: string | undefined): string {
  const seconds = unit !== undefined && /^(ms|milliseconds)$/i.test(unit) && Math.abs(value) >= 1000;
  const v = seconds ? value / 1000 : value;
  const text = formatNumber(v);
  return seconds ? `${text} s` : `${text}${unit ? ` ${unit}` : ''}`;
}

function summaryBase(def: SloDef, window: SloWindowInfo, asOf: number) {
  return {
    id: def.id,
    name: def.name,
    service: def.service,
    category: def.category,
    description: def.description,
    kind: def.sli.kind,
    sli: sliLine(def),
    unit: def.sli.kind === 'event-ratio' ? def.sli.eventUnit : 'minutes',
    targetPct: def.targetPct,
    window,
    evaluatedAt: asOf,
    origin: { kind: def.origin.kind, file: def.origin.file, line: def.origin.line, column: def.origin.column },
  };
}

function noAlert(reason: string): SloAlertState {
  return { state: 'none', rule: null, since: null, sinceIsLowerBound: false, longWindow: null, shortWindow: null, longBurnRate: null, shortBurnRate: null, threshold: null, reason };
}

interface RuleCheck {
  rule: BurnAlertRule;
  threshold: number;
}

/** Whether `rule` fires at `t`, from prefix sums (the same membership and guard as the domain). */
function firesAt(index: BucketIndex, t: number, check: RuleCheck, allowed: number, minEvents: number): boolean {
  const long = index.sum(t - check.rule.longWindowMs, t);
  const short = index.sum(t - check.rule.shortWindowMs, t);
  const guard = Math.max(minEvents, Number.MIN_VALUE);
  if (long.total < guard || short.total < guard) return false;
  return burnReaches(long.bad / long.total / allowed, check.threshold) && burnReaches(short.bad / short.total / allowed, check.threshold);
}

/** Burn rate of a window sum; null under the traffic guard. */
function burnOf(s: WindowSum, allowed: number, minEvents: number): number | null {
  if (s.total === 0 || s.total < minEvents) return null;
  return s.bad / s.total / allowed;
}

/** Shares of the SLO window's budget marked on an incident timeline (issue 13: 50 % and 100 % spent). */
export const BUDGET_MILESTONES = [0.5, 1] as const;

/**
 * What one SLO's error budget did around an incident: when the consumed share of its window's
 * budget crossed each milestone, and how much budget the incident's impact window spent. Same
 * measure as the budget figures everywhere (bad ÷ total × time with data), so the numbers agree
 * with the SLO page's burn-down.
 */
export interface SloIncidentBudget {
  sloId: string;
  name: string;
  service: string;
  targetPct: number;
  windowLabel: string;
  /** The window's whole budget in minutes, (1 − target) × window length (the window holding the impact's start). */
  budgetMinutes: number;
  impact: { from: number; to: number; bad: number; total: number; coveredMs: number; spentMinutes: number | null; spentPct: number | null };
  /** Upward crossings of BUDGET_MILESTONES in [from, to), minute precision, each with the window's budget then. */
  crossings: { share: number; at: number; consumedPct: number }[];
  /** Share of the window's budget already consumed at `from` (null: no data then). */
  consumedAtFromPct: number | null;
  formula: string;
  worked: string;
  /** Why nothing could be computed (unknown metric, no data); null when figures are given. */
  reason: string | null;
}

/** Evaluates SLO definitions against one source's cache; keeps compiled plans and settled buckets between calls. */
export class SloService {
  readonly catalogue: SeriesCatalogue;
  readonly data: SliData;
  private readonly plans = new WeakMap<SloDef, { version: string; result: PlanResult }>();

  constructor(
    readonly cache: CacheStore,
    readonly source: string,
  ) {
    this.catalogue = new SeriesCatalogue(cache, source);
    this.data = new SliData(cache);
  }

  /** 5-minute buckets from `fromSec` to `fineFrom`, then the minute buckets: what charts and "since when" read. */
  private fullResolution(plan: SliPlan, fromSec: number, fineFrom: number, fine: SliBucket[]): BucketIndex {
    const coarseFrom = Math.min(fineFrom, Math.ceil(fromSec / COARSE_SEC) * COARSE_SEC);
    const head = this.data.uncached(plan, alignDown(fromSec, FINE_SEC), coarseFrom, FINE_SEC);
    const coarse = this.data.buckets(plan, coarseFrom, fineFrom, COARSE_SEC);
    return new BucketIndex(head.concat(coarse, fine));
  }

  private dayCache = { key: '', days: [] as number[] };

  /** Local midnights of the sparkline's days (luxon is slow; the answer changes once a day). */
  private dayStarts(from: number, to: number, zone: string): number[] {
    const key = `${zone}|${Math.floor(from / HOUR_MS)}|${Math.floor(to / HOUR_MS)}`;
    if (this.dayCache.key !== key) this.dayCache = { key, days: dayStarts(from, to, zone) };
    return this.dayCache.days;
  }

  /** The evaluation instant: end of the newest cached datapoint (start + 60 s), never after `now`; null without data. */
  asOf(now: number): number | null {
    const newest = this.cache.newestPointTs(this.source);
    return newest === null ? null : Math.min(now, (newest + 60) * 1000);
  }

  private plan(def: SloDef): PlanResult {
    const version = this.catalogue.refresh();
    const cached = this.plans.get(def);
    if (cached && cached.version === version) return cached.result;
    const result = compilePlan(def.sli, this.catalogue, version);
    this.plans.set(def, { version, result });
    return result;
  }

  private evaluate(def: SloDef, asOf: number, notes: readonly string[]): Evaluated {
    const window = windowInfo(def, asOf);
    const planned = this.plan(def);
    const base = summaryBase(def, window, asOf);
    if (!planned.ok) return this.unavailable(def, asOf, planned.reasons, notes);
    const plan = planned.plan;
    // Minute buckets for the last 3 days (the longest burn window), hour buckets before;
    // the summary hands the domain a composite with minute precision only where a window
    // edge falls (see composite.ts). A window rarely starts on an hour: its partial first
    // hour is read per minute, so no event inside it is dropped and none before it counted.
    const rangeStartSec = Math.min(window.start, asOf - SPARK_MS) / 1000;
    const hourFrom = Math.ceil(rangeStartSec / HOUR_S) * HOUR_S;
    const fineFrom = Math.max(hourFrom, alignDown((asOf - FINE_SPAN_MS) / 1000, HOUR_S));
    const end = Math.ceil(asOf / 1000 / FINE_SEC) * FINE_SEC;
    const head = this.data.uncached(plan, alignDown(rangeStartSec, FINE_SEC), Math.min(hourFrom, end), FINE_SEC);
    const hourly = this.data.buckets(plan, hourFrom, fineFrom, HOUR_S);
    const fine = this.data.buckets(plan, fineFrom, end, FINE_SEC);
    this.data.trim(plan, FINE_SEC, fineFrom - HOUR_S);
    const edgesMs = [window.start, asOf - SPARK_MS, ...EDGE_WINDOWS_MS.map((w) => asOf - w), ...this.dayStarts(asOf - SPARK_MS, asOf, window.zone)];
    const buckets = compositeBuckets({
      head,
      hourly,
      fine,
      expandOld: (h) => this.data.uncached(plan, h / 1000, h / 1000 + HOUR_S, FINE_SEC),
      edgesMs,
      keepMinutesFromMs: alignDown((asOf - KEEP_MINUTES_MS) / 1000, HOUR_S) * 1000,
    });

    const result = evaluateEventRatioSlo({
      targetPct: def.targetPct,
      ...(def.window.kind === 'rolling' ? { windowMs: def.window.ms } : { calendar: { unit: def.window.unit, zone: def.window.zone } }),
      buckets,
      now: asOf,
      minEvents: def.minEvents,
      bucketWidthMs: MINUTE_MS,
      alerting: { minEvents: def.alertMinEvents },
    });
    const rates: SloBurnRate[] = burnRates(buckets, asOf, def.targetPct, { minEvents: def.alertMinEvents }).map((w) => ({
      key: w.key,
      windowMs: w.windowMs,
      burnRate: finiteOrNull(w.burnRate),
      errorRatio: finiteOrNull(w.errorRatio),
      events: w.events,
      bad: w.bad,
      reason: w.reason,
    }));
    const daily = dailyFromDayStarts(buckets, this.dayStarts(asOf - SPARK_MS, asOf, window.zone), asOf);
    // Full resolution (5-minute buckets, minutes for the last 3 days) for "since when" and charts.
    const fullIndex = (): BucketIndex => this.fullResolution(plan, rangeStartSec, fineFrom, fine);
    const alert = this.alertState(def, plan.key, result, fullIndex, asOf);
    const b = result.budget;
    const warnings = [...notes];
    if (this.data.fetched(plan) === null && def.sli.kind === 'event-ratio') warnings.push('no data has been fetched for this SLI’s metrics yet');
    return {
      def,
      asOf,
      plan,
      fullIndex,
      result,
      reasons: [],
      summary: {
        ...base,
        dataAsOf: result.dataAsOf,
        status: result.status,
        reason: result.reason,
        attainmentPct: finiteOrNull(result.attainmentPct),
        good: result.good,
        bad: result.bad,
        total: result.total,
        coverage: result.coverage,
        budget: {
          totalMinutes: b.totalMinutes,
          consumedMinutes: finiteOrNull(b.consumedMinutes),
          remainingMinutes: finiteOrNull(b.remainingMinutes),
          consumedPct: b.consumedRatio === null ? null : b.consumedRatio * 100,
          remainingPct: b.remainingRatio === null ? null : b.remainingRatio * 100,
        },
        burnRates: rates,
        alert,
        timeToExhaustionMs: finiteOrNull(result.timeToExhaustionMs),
        daily,
        warnings,
      },
    };
  }

  /** The alert state, with "since when" found by walking back minute by minute over the 1-minute data. */
  private readonly sinceMemo = new Map<string, { asOf: number; since: number; lowerBound: boolean }>();

  /**
   * The first minute of the current continuous firing: walk back minute by minute while the
   * rule fires, at most 3 days. The answer is remembered: the next evaluation (a minute
   * later) only re-checks the minutes whose data could have changed since.
   */
  private firingSince(key: string, asOf: number, fires: (t: number) => boolean): { since: number; lowerBound: boolean } {
    const limit = asOf - FINE_SPAN_MS;
    const memo = this.sinceMemo.get(key);
    let t = asOf;
    if (memo && memo.asOf <= asOf && asOf - memo.asOf <= HOUR_MS) {
      const verifiedFrom = memo.asOf - SETTLE_MARGIN_SEC * 1000;
      while (t - MINUTE_MS >= Math.max(verifiedFrom, memo.since) && fires(t - MINUTE_MS)) t -= MINUTE_MS;
      if (t - MINUTE_MS < Math.max(verifiedFrom, memo.since)) {
        // Unchanged since last time: still firing continuously back to the remembered start.
        const kept = { asOf, since: memo.since, lowerBound: memo.lowerBound };
        this.sinceMemo.set(key, kept);
        return kept;
      }
    } else {
      while (t - MINUTE_MS >= limit && fires(t - MINUTE_MS)) t -= MINUTE_MS;
    }
    const found = { asOf, since: t, lowerBound: t - MINUTE_MS < limit };
    this.sinceMemo.set(key, found);
    return found;
  }

  private alertState(def: SloDef, planKey: string, result: EventRatioSloResult, fullIndex: () => BucketIndex, asOf: number): SloAlertState {
    const alert = result.alert;
    if (alert === null) return noAlert('the window has ended');
    const firing = alert.firing;
    if (firing === null) {
      const closest = alert.rules.find((r) => r.long.burnRate !== null) ?? alert.rules[0];
      return noAlert(closest ? `no burn alert: ${closest.rule.name}: ${closest.reason}` : 'no burn alert');
    }
    const allowed = allowedErrorRatio(def.targetPct);
    const check: RuleCheck = { rule: firing.rule, threshold: firing.threshold };
    const index = fullIndex();
    const fires = (t: number): boolean => firesAt(index, t, check, allowed, def.alertMinEvents);
    const key = `${planKey}|${def.targetPct}|${def.alertMinEvents}|${firing.rule.name}|${firing.threshold}`;
    const { since, lowerBound } = this.firingSince(key, asOf, fires);
    return {
      state: firing.rule.severity,
      rule: firing.rule.name,
      since,
      sinceIsLowerBound: lowerBound,
      longWindow: firing.long.key,
      shortWindow: firing.short.key,
      longBurnRate: finiteOrNull(firing.long.burnRate),
      shortBurnRate: finiteOrNull(firing.short.burnRate),
      threshold: firing.threshold,
      reason: firing.reason,
    };
  }

  /** An SLO whose SLI cannot be read (unknown metric, or evaluation failed): INSUFFICIENT_DATA, with the reasons. */
  private unavailable(def: SloDef, asOf: number, reasons: string[], notes: readonly string[]): Evaluated {
    // Whatever made evaluation fail may be in the window or the target too: fall back, never throw.
    let window: SloWindowInfo;
    try {
      window = windowInfo(def, asOf);
    } catch {
      window = { kind: 'rolling', label: 'window unavailable', lengthMs: 30 * DAY_MS, zone: 'UTC', start: Math.max(0, asOf - 30 * DAY_MS), end: asOf };
    }
    let totalMinutes = 0;
    try {
      totalMinutes = (allowedErrorRatio(def.targetPct) * window.lengthMs) / MINUTE_MS;
    } catch {
      // an invalid target has no budget
    }
    const reason = reasons[0] ?? 'the SLI cannot be evaluated';
    return {
      def,
      asOf,
      plan: null,
      fullIndex: null,
      result: null,
      reasons,
      summary: {
        ...summaryBase(def, window, asOf),
        dataAsOf: null,
        status: 'INSUFFICIENT_DATA',
        reason,
        attainmentPct: null,
        good: 0,
        bad: 0,
        total: 0,
        coverage: 0,
        budget: { totalMinutes, consumedMinutes: null, remainingMinutes: null, consumedPct: null, remainingPct: null },
        burnRates: BURN_RATE_WINDOWS_MS.map((ms) => ({ key: windowKey(ms), windowMs: ms, burnRate: null, errorRatio: null, events: 0, bad: 0, reason })),
        alert: noAlert(reason),
        timeToExhaustionMs: null,
        daily: [],
        warnings: [...reasons, ...notes],
      },
    };
  }

  /** The list-view figures of one SLO. One SLO failing to evaluate never takes the others with it. */
  summary(def: SloDef, asOf: number, notes: readonly string[] = []): SloSummary {
    try {
      return this.evaluate(def, asOf, notes).summary;
    } catch (err) {
      return this.unavailable(def, asOf, [`could not be evaluated: ${err instanceof Error ? err.message : String(err)}`], notes).summary;
    }
  }

  /** Burning SLOs of `defs` (one alert each, decided by the worst firing rule), most severe first. */
  burnAlerts(defs: readonly SloDef[], asOf: number): SloBurnAlert[] {
    const out: SloBurnAlert[] = [];
    for (const def of defs) {
      let e: Evaluated;
      try {
        e = this.evaluate(def, asOf, []);
      } catch {
        continue; // the SLO list reports why; one broken SLO never hides the others' burns
      }
      const s = e.summary;
      const a = s.alert;
      if (a.state === 'none' || a.rule === null || a.longBurnRate === null) continue;
      const since = this.burningSince(e) ?? a.since;
      const remaining = s.budget.remainingMinutes === null ? '' : ` ${budgetMinutesOf(s.budget.remainingMinutes, s.budget.totalMinutes)} budget left.`;
      const burn = (b: number): string => formatBurnAgainst(b, a.threshold ?? 0);
      out.push({
        id: `slo-burn:${def.id}`,
        sloId: def.id,
        name: `${def.name}: error budget burn`,
        service: def.service,
        severity: a.state,
        rule: a.rule,
        ...(def.severity ? { sloSeverity: def.severity } : {}),
        ...(since !== null ? { since } : {}),
        burnRate: a.longBurnRate,
        window: `${a.longWindow}/${a.shortWindow}`,
        description:
          `${def.name} is burning its error budget at ${burn(a.longBurnRate)} over ${a.longWindow}` +
          `${a.shortBurnRate === null ? '' : ` and ${burn(a.shortBurnRate)} over ${a.shortWindow}`} (${a.rule}, threshold ${formatNumber(a.threshold ?? 0)}×); ` +
          `target ${formatNumber(def.targetPct)} % over ${s.window.label}.${remaining} As of ${readableUtc(asOf)}.`,
        evaluatedAt: asOf,
      });
    }
    const rank = { page: 0, ticket: 1 } as const;
    return out.sort((x, y) => rank[x.severity] - rank[y.severity] || y.burnRate - x.burnRate);
  }

  /**
   * When the SLO started burning: the first minute from which some rule fired at every minute
   * (fast → sustained → slow is one burn). Null when nothing fires or there is no minute data.
   */
  private burningSince(e: Evaluated): number | null {
    const evaluation = e.result?.alert;
    if (!evaluation || evaluation.firing === null || e.fullIndex === null || e.plan === null) return null;
    const def = e.def;
    const allowed = allowedErrorRatio(def.targetPct);
    const checks: RuleCheck[] = evaluation.rules.map((r) => ({ rule: r.rule, threshold: r.threshold }));
    const index = e.fullIndex();
    const fires = (t: number): boolean => checks.some((c) => firesAt(index, t, c, allowed, def.alertMinEvents));
    const key = `${e.plan.key}|${def.targetPct}|${def.alertMinEvents}|any|${checks.map((c) => `${c.rule.name}@${c.threshold}`).join(',')}`;
    return this.firingSince(key, e.asOf, fires).since;
  }

  /**
   * The budget around an incident (see SloIncidentBudget): `from`/`to` bound the timeline,
   * `impactFrom`/`impactTo` the incident's impact (started → resolved). Reads 5-minute buckets
   * for the long window behind and minute buckets over the timeline, so crossings have minute
   * precision; nothing after `asOf` (the newest cached datapoint) is looked at.
   */
  incidentBudget(def: SloDef, q: { from: number; to: number; impactFrom: number; impactTo: number }, asOf: number): SloIncidentBudget {
    const allowed = allowedErrorRatio(def.targetPct);
    const windowAt = (t: number): { start: number; lengthMs: number; end: number; label: string } => {
      if (def.window.kind === 'rolling') return { start: t - def.window.ms, lengthMs: def.window.ms, end: Number.POSITIVE_INFINITY, label: `rolling ${daysText(def.window.ms)} (UTC)` };
      const b = windowBounds(def.window, Math.max(0, t - 1));
      return { start: b.start, lengthMs: b.end - b.start, end: b.end, label: `calendar ${def.window.unit}, ${b.label} (${def.window.zone})` };
    };
    const impactTo = Math.min(q.impactTo, asOf);
    const impactWindow = windowAt(Math.max(q.impactFrom + MINUTE_MS, q.impactFrom));
    const budgetMs = allowed * impactWindow.lengthMs;
    const formula = 'spent = bad ÷ total × time with data, over started → resolved (or → the newest data while open); share = spent ÷ ((1 − target) × SLO window)';
    const base = {
      sloId: def.id,
      name: def.name,
      service: def.service,
      targetPct: def.targetPct,
      windowLabel: impactWindow.label,
      budgetMinutes: budgetMs / MINUTE_MS,
      formula,
    };
    const none = (reason: string): SloIncidentBudget => ({
      ...base,
      impact: { from: q.impactFrom, to: impactTo, bad: 0, total: 0, coveredMs: 0, spentMinutes: null, spentPct: null },
      crossings: [],
      consumedAtFromPct: null,
      worked: reason,
      reason,
    });
    const planned = this.plan(def);
    if (!planned.ok) return none(planned.reasons[0] ?? 'the SLI cannot be read');
    const plan = planned.plan;
    const evalTo = Math.min(q.to, asOf);
    const earliest = Math.min(windowAt(Math.max(0, q.from)).start, q.impactFrom);
    const fineFromSec = alignDown(Math.min(q.from, q.impactFrom) / 1000, COARSE_SEC);
    const endSec = Math.ceil(Math.max(evalTo, impactTo) / 1000 / FINE_SEC) * FINE_SEC;
    const coarseFromSec = Math.min(fineFromSec, alignDown(Math.max(0, earliest) / 1000, COARSE_SEC));
    // The long window behind through the kept 5-minute buckets; the incident itself per minute.
    const index = new BucketIndex(this.data.buckets(plan, coarseFromSec, fineFromSec, COARSE_SEC).concat(this.data.uncached(plan, fineFromSec, endSec, FINE_SEC)));

    const consumedShare = (t: number): number | null => {
      const w = windowAt(t);
      const sum = index.sum(Math.max(w.start, coarseFromSec * 1000), t);
      if (sum.total <= 0) return null;
      return ((sum.bad / sum.total) * sum.coveredMs) / (allowed * w.lengthMs);
    };
    const crossings: SloIncidentBudget['crossings'] = [];
    const startAt = Math.ceil(q.from / MINUTE_MS) * MINUTE_MS;
    const atFrom = startAt <= evalTo ? consumedShare(startAt) : null;
    let prev = atFrom;
    for (let t = startAt + MINUTE_MS; t <= evalTo; t += MINUTE_MS) {
      const cur = consumedShare(t);
      if (cur === null) continue;
      for (const share of BUDGET_MILESTONES) {
        // A small tolerance: 21 600 of 43 200 budget-requests is exactly 50 %, whatever the float sum says.
        if ((prev === null || prev < share - 1e-9) && cur >= share - 1e-9) crossings.push({ share, at: t, consumedPct: cur * 100 });
      }
      prev = cur;
    }

    const impact = index.sum(q.impactFrom, impactTo);
    if (impact.total <= 0) {
      return { ...none(`no ${def.sli.kind === 'event-ratio' ? 'events' : 'measured minutes'} cached between ${iso(q.impactFrom)} and ${iso(impactTo)}`), crossings, consumedAtFromPct: atFrom === null ? null : atFrom * 100 };
    }
    const spentMs = (impact.bad / impact.total) * impact.coveredMs;
    const spentPct = (100 * spentMs) / budgetMs;
    const worked =
      `spent = ${formatNumber(impact.bad)} ÷ ${formatNumber(impact.total)} × ${formatDuration(impact.coveredMs)} = ${formatDuration(spentMs)}; ` +
      `share = ${formatDuration(spentMs)} ÷ (${formatNumber(allowed)} × ${daysText(impactWindow.lengthMs)} = ${formatDuration(budgetMs)}) = ${spentPct.toFixed(1)} %`;
    return {
      ...base,
      impact: { from: q.impactFrom, to: impactTo, bad: impact.bad, total: impact.total, coveredMs: impact.coveredMs, spentMinutes: spentMs / MINUTE_MS, spentPct },
      crossings,
      consumedAtFromPct: atFrom === null ? null : atFrom * 100,
      worked,
      reason: null,
    };
  }

  /** Everything the detail view shows. */
  detail(def: SloDef, asOf: number, notes: readonly string[] = [], generatedAt = asOf): SloDetail {
    const e = this.evaluate(def, asOf, notes);
    const s = e.summary;
    const allowed = allowedErrorRatio(def.targetPct);
    const lengthMs = s.window.lengthMs;
    const stepMs = Math.max(COARSE_SEC * 1000, Math.ceil(lengthMs / 1440 / (COARSE_SEC * 1000)) * COARSE_SEC * 1000);
    const threshold = (rule: BurnAlertRule): number => burnRateThreshold(rule, lengthMs);
    const empty: SloDetail = {
      generatedAt,
      slo: s,
      explain: this.explain(e),
      burnDown: [],
      sliSeries: { kind: def.sli.kind === 'event-ratio' ? 'attainment' : 'value', unit: def.sli.kind === 'event-ratio' ? '%' : def.sli.valueUnit, target: def.sli.kind === 'event-ratio' ? def.targetPct : def.sli.threshold, label: s.sli, stepMs, points: [] },
      burnSeries: {
        stepMs,
        windows: DEFAULT_BURN_ALERT_RULES.map((r) => windowKey(r.longWindowMs)),
        points: [],
        thresholds: DEFAULT_BURN_ALERT_RULES.map((r) => ({ window: windowKey(r.longWindowMs), value: threshold(r), severity: r.severity, rule: r.name })),
      },
      breaches: [],
      compliance: [],
      alertRules: DEFAULT_BURN_ALERT_RULES.map((r) => ({
        name: r.name,
        severity: r.severity,
        longWindow: windowKey(r.longWindowMs),
        shortWindow: windowKey(r.shortWindowMs),
        threshold: threshold(r),
        longBurnRate: null,
        shortBurnRate: null,
        firing: false,
        reason: s.reason,
      })),
      definitionYaml: sloToYaml(def),
    };
    if (e.fullIndex === null || e.result === null || e.plan === null) return empty;
    const index = e.fullIndex();
    const start = s.window.start;

    // Budget burn-down and the SLI, one point per step.
    const budgetMs = allowed * lengthMs;
    const burnDown: SloDetail['burnDown'] = [];
    const sliPoints: SloDetail['sliSeries']['points'] = [];
    const burnPoints: SloDetail['burnSeries']['points'] = [];
    const rules = DEFAULT_BURN_ALERT_RULES;
    const at = (t: number): void => {
      const sofar = index.sum(start, t);
      burnDown.push({
        t,
        remainingPct: sofar.total > 0 ? 100 * (1 - ((sofar.bad / sofar.total) * sofar.coveredMs) / budgetMs) : null,
        idealPct: 100 * (1 - (t - start) / lengthMs),
      });
      const step = index.sum(t - stepMs, t);
      if (def.sli.kind === 'event-ratio') sliPoints.push({ t, value: step.total > 0 ? (100 * step.good) / step.total : null });
      const burn: Record<string, number | null> = {};
      for (const r of rules) burn[windowKey(r.longWindowMs)] = finiteOrNull(burnOf(index.sum(t - r.longWindowMs, t), allowed, def.alertMinEvents));
      burnPoints.push({ t, burn });
    };
    for (let t = start + stepMs; t < asOf; t += stepMs) at(t);
    if (asOf > start) at(asOf);

    const sliSeries = { ...empty.sliSeries, points: def.sli.kind === 'event-ratio' ? sliPoints : this.valueSeries(e.plan, start, asOf) };
    const checks = rules.map((rule) => ({ rule, threshold: threshold(rule) }));
    return {
      ...empty,
      burnDown,
      sliSeries,
      burnSeries: { ...empty.burnSeries, points: burnPoints },
      breaches: this.breaches(e, index, checks, allowed, budgetMs),
      compliance: this.compliance(e),
      alertRules: (e.result.alert?.rules ?? []).map((r) => ({
        name: r.rule.name,
        severity: r.rule.severity,
        longWindow: r.long.key,
        shortWindow: r.short.key,
        threshold: r.threshold,
        longBurnRate: finiteOrNull(r.long.burnRate),
        shortBurnRate: finiteOrNull(r.short.burnRate),
        firing: r.firing,
        reason: r.reason,
      })),
    };
  }

  /** The time-slice metric itself, downsampled, with gaps kept as gaps. */
  private valueSeries(plan: SliPlan, start: number, asOf: number): { t: number; value: number | null }[] {
    const { ts, values, widths } = this.data.sliceValues(plan, Math.floor(start / 1000), Math.ceil(asOf / 1000));
    // Split into runs at holes (no datapoint for 15 minutes, or for 3 datapoint periods):
    // each run is downsampled on its own and the hole is drawn as a hole, not a line across.
    const runs: { t: number; value: number }[][] = [];
    let run: { t: number; value: number }[] = [];
    let lastEnd = -Infinity;
    for (let i = 0; i < ts.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) continue;
      const t = (ts[i] as number) * 1000;
      const width = (widths[i] as number) * 1000;
      if (run.length > 0 && t - lastEnd > Math.max(15 * MINUTE_MS, 2 * width)) {
        runs.push(run);
        run = [];
      }
      run.push({ t, value: v });
      lastEnd = t + width;
    }
    if (run.length > 0) runs.push(run);
    const points = runs.reduce((n, r) => n + r.length, 0);
    const budget = MAX_CHART_POINTS - runs.length;
    const out: { t: number; value: number | null }[] = [];
    for (const r of runs) {
      if (out.length > 0) out.push({ t: (r[0] as { t: number }).t - 1, value: null });
      const share = Math.max(3, Math.floor((budget * r.length) / Math.max(1, points)));
      out.push(...lttb(r, share));
    }
    return out;
  }

  /** Stretches whose trailing-hour SLI was below target (1-hour burn above 1×), newest first. */
  private breaches(e: Evaluated, index: BucketIndex, checks: RuleCheck[], allowed: number, budgetMs: number): SloBreach[] {
    const def = e.def;
    const start = e.summary.window.start;
    const step = COARSE_SEC * 1000;
    const out: SloBreach[] = [];
    // A period's share is weighted as the headline is — bad events over the whole window's
    // events, times the window's measured time (maths.ts) — so the periods add up to at most
    // the total spent (a period's own error ratio × its length would not: a night-time breach
    // on thin traffic would count for more than its events cost). Periods never overlap.
    const whole = index.sum(start, e.asOf);
    const spentPct = (bad: number): number => (whole.total > 0 ? (100 * ((bad / whole.total) * whole.coveredMs)) / budgetMs : 0);
    let open: { start: number; end: number; peak: number; worst: 'page' | 'ticket' | 'none' } | null = null;
    let lastEnd = -Infinity;
    const close = (ongoing: boolean): void => {
      if (open === null) return;
      const sum = index.sum(open.start, open.end);
      out.push({ start: open.start, end: open.end, ongoing, peakBurnRate: open.peak, budgetSpentPct: spentPct(sum.bad), bad: sum.bad, total: sum.total, worstAlert: open.worst });
      lastEnd = open.end;
      open = null;
    };
    const rank = { none: 0, ticket: 1, page: 2 } as const;
    for (let t = alignDown(start, step) + HOUR_MS; t <= e.asOf; t += step) {
      const burn = burnOf(index.sum(t - HOUR_MS, t), allowed, def.alertMinEvents);
      if (burn === null || !(burn > 1 + 1e-9)) {
        if (open !== null && t - open.end > BREACH_MERGE_GAP_MS) close(false);
        continue;
      }
      let severity: 'page' | 'ticket' | 'none' = 'none';
      for (const c of checks) {
        if (rank[c.rule.severity] > rank[severity] && firesAt(index, t, c, allowed, def.alertMinEvents)) severity = c.rule.severity;
      }
      const periodStart = Math.max(start, t - HOUR_MS, lastEnd);
      if (open === null) open = { start: periodStart, end: t, peak: burn, worst: severity };
      else {
        open.end = t;
        open.peak = Math.max(open.peak, burn);
        if (rank[severity] > rank[open.worst]) open.worst = severity;
      }
    }
    if (open !== null) close(e.asOf - (open as { end: number }).end < COARSE_SEC * 1000);
    return out.reverse().slice(0, MAX_BREACHES);
  }

  /** The current window and the two before it. */
  private compliance(e: Evaluated): SloCompliance[] {
    const def = e.def;
    const result = e.result as EventRatioSloResult;
    const windows = recentWindows(windowSpec(def), e.asOf, 3);
    return windows.map((w, i): SloCompliance => {
      if (i === 0) {
        return {
          label: def.window.kind === 'rolling' ? `Current (${w.label.toLowerCase()})` : `${w.label} (so far)`,
          start: result.window.start,
          end: result.window.end,
          complete: false,
          attainmentPct: finiteOrNull(result.attainmentPct),
          budgetConsumedPct: result.budget.consumedRatio === null ? null : result.budget.consumedRatio * 100,
          coverage: result.coverage,
          status: result.status,
          reason: result.reason,
        };
      }
      const plan = e.plan as SliPlan;
      const from = alignDown(w.start / 1000, COARSE_SEC);
      const to = Math.ceil(w.end / 1000 / COARSE_SEC) * COARSE_SEC;
      const buckets = this.data.buckets(plan, from, to, COARSE_SEC);
      const r = evaluateEventRatioSlo({ targetPct: def.targetPct, bounds: { start: w.start, end: w.end }, buckets, now: e.asOf, minEvents: def.minEvents, bucketWidthMs: COARSE_SEC * 1000 });
      return {
        label: w.label,
        start: w.start,
        end: w.end,
        complete: w.complete,
        attainmentPct: finiteOrNull(r.attainmentPct),
        budgetConsumedPct: r.budget.consumedRatio === null ? null : r.budget.consumedRatio * 100,
        coverage: r.coverage,
        status: r.status,
        reason: r.reason,
      };
    });
  }

  /** Every formula with the real numbers: the SLI, the instant, the domain's steps, each burn window. */
  private explain(e: Evaluated): SloExplainStep[] {
    const def = e.def;
    const s = e.summary;
    const steps: ExplainStep[] = [];
    const sli = def.sli;
    if (sli.kind === 'event-ratio') {
      const numerator = sli.good ?? sli.bad;
      steps.push({
        label: 'SLI',
        formula: `${sli.good ? 'attainment = good ÷ total' : 'attainment = 1 − bad ÷ total'}; counts summed per interval, and an interval the sync fetched without a datapoint has no events`,
        substituted: `${sli.good ? 'good' : 'bad'} = ${describeMath(numerator as NonNullable<typeof numerator>)}; total = ${describeMath(sli.total)}`,
        result: `event ratio of ${sli.eventUnit}`,
      });
    } else {
      steps.push({
        label: 'SLI',
        formula: `a minute is good when value ${COMPARATOR_TEXT[sli.comparator]} threshold; each measured minute counts as one event (a 5-minute datapoint, where CloudWatch keeps only those, as five)`,
        substituted: ex`value = ${describeMath(sli.value)}; threshold = ${fig.number(sli.threshold, 6)}${sli.valueUnit ? ` ${sli.valueUnit}` : ''}`,
        result: 'time slices: good minutes ÷ measured minutes',
      });
    }
    steps.push({
      label: 'Evaluated as of',
      formula: 'end of the newest cached datapoint (never the wall clock, so offline figures do not slide)',
      substituted: ex`newest datapoint ${fig.time(e.asOf - MINUTE_MS)} + 1 min`,
      result: ex`${fig.time(e.asOf)}`,
    });
    if (e.result === null) {
      steps.push({ label: 'Status', formula: 'INSUFFICIENT_DATA when the SLI cannot be read', substituted: e.reasons.join('; '), result: 'INSUFFICIENT_DATA' });
      return steps;
    }
    const slice = sli.kind === 'time-slice';
    for (const step of e.result.explain) {
      if (slice && step.label === 'Events') steps.push({ ...step, label: 'Minutes', formula: 'bad minutes = measured − good' });
      else if (slice && step.label === 'Attainment') steps.push({ ...step, formula: 'good minutes ÷ measured minutes × 100' });
      else steps.push(step);
    }
    const allowed = fig.number(allowedErrorRatio(def.targetPct), 8);
    for (const w of s.burnRates) {
      steps.push({
        label: `Burn rate over ${w.key}`,
        formula: 'burn = (bad ÷ events) ÷ (1 − target)',
        substituted:
          w.burnRate === null || w.errorRatio === null
            ? (w.reason ?? 'n/a')
            : ex`(${fig.count(w.bad)} ÷ ${fig.count(w.events)}) ÷ ${allowed} = ${fig.number(w.errorRatio)} ÷ ${allowed}`,
        result: w.burnRate === null ? 'n/a' : ex`${fig.burn(w.burnRate)}`,
      });
    }
    if (s.alert.state !== 'none' && s.alert.since !== null) {
      steps.push({
        label: 'Alert since',
        formula: 'walk back minute by minute while the rule still fires',
        substituted: ex`${s.alert.rule ?? 'the rule'} fires at every minute from ${fig.time(s.alert.since)} to ${fig.time(e.asOf)}`,
        result: s.alert.sinceIsLowerBound ? ex`before ${fig.time(s.alert.since)}` : ex`${fig.time(s.alert.since)}`,
      });
    }
    return steps;
  }
}
