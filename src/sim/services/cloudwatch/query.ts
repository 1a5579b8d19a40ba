// MetricDataQueries: validation with the real API's field paths, and a plan that can give
// the value of any query (metric or expression) for any period start. Shared by
// GetMetricData and by alarm evaluation (whose math alarms use the same structure).

import { invalidParameterValue, validationError } from './errors';
import { type ExprNode, ExpressionError, checkExpression, evaluateAt, parseExpression, periodOfNode, referencedIds, type SeriesContext } from './expression';
import { computeValue, handleUnit, type MetricHandle, type MetricId, parseStat, resolveMetric, type StatSpec } from '../../platform/model';
import type { Estate } from '../../platform/estate';
import { demoMetricOf, type MetricRename } from './renames';

export const DAY_SEC = 86_400;
/** CloudWatch retention: 1-minute data 15 days, 5-minute data 63 days, 1-hour data 455 days. */
export const RETENTION = { minute: 15 * DAY_SEC, fiveMinute: 63 * DAY_SEC, hour: 455 * DAY_SEC } as const;

export const CLOUDWATCH_UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits',
  'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second',
  'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
] as const;

/** Whether CloudWatch still holds the datapoint starting at `t` with this period at `nowSec`. */
export function retained(t: number, period: number, nowSec: number): boolean {
  const age = nowSec - t;
  if (age <= RETENTION.minute) return true;
  if (age <= RETENTION.fiveMinute) return period % 300 === 0 && t % 300 === 0;
  if (age <= RETENTION.hour) return period % 3600 === 0 && t % 3600 === 0;
  return false;
}

/** The oldest timestamp a grid (period, alignment of `first`) can still have data for. */
export function retentionFloor(first: number, period: number, nowSec: number): number {
  if (period % 3600 === 0 && first % 3600 === 0) return nowSec - RETENTION.hour;
  if (period % 300 === 0 && first % 300 === 0) return nowSec - RETENTION.fiveMinute;
  return nowSec - RETENTION.minute;
}

export interface PlannedMetric {
  metric: MetricId;
  handle: MetricHandle | null;
  stat: StatSpec;
  unit: string | null;
}

export interface PlannedQuery {
  index: number;
  id: string;
  label: string;
  returnData: boolean;
  period: number;
  metric: PlannedMetric | null;
  expression: { text: string; node: ExprNode } | null;
}

export interface PlanOptions {
  seed: number;
  /**
   * When set, values obey what GetMetricData would return at this instant: only complete
   * periods, only retained resolutions. Null for alarm evaluation, which happens live.
   */
  nowSec: number | null;
  /** Field name used in error messages, e.g. `MetricDataQueries` or `Metrics`. */
  field?: string;
  /** Which estate's metrics exist (default the small demo). */
  estate?: Estate;
  /** Metrics the account publishes under other names: resolved back to the demo's. */
  renames?: readonly MetricRename[];
}

const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function requireString(value: unknown, path: string, maxLength = 255): string {
  if (value === undefined || value === null) throw validationError(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  if (typeof value !== 'string') throw validationError(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a string`);
  if (value.length < 1 || value.length > maxLength) {
    throw validationError(`1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: Member must have length between 1 and ${maxLength}`);
  }
  return value;
}

function requirePeriod(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw validationError(`1 validation error detected: Value '${String(value)}' at '${path}' failed to satisfy constraint: Member must be an integer greater than or equal to 1`);
  }
  if (value % 60 !== 0) throw invalidParameterValue(`The parameter ${path} must be 60 or a multiple of 60 (the simulator has no high-resolution metrics).`);
  return value;
}

/** Parses `{Namespace, MetricName, Dimensions}` as the SDK sends it. */
export function parseMetric(raw: unknown, path: string): MetricId {
  if (!isRecord(raw)) throw validationError(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  const namespace = requireString(raw.Namespace, `${path}.Namespace`);
  const metricName = requireString(raw.MetricName, `${path}.MetricName`);
  const dimsRaw = raw.Dimensions ?? [];
  if (!Array.isArray(dimsRaw)) throw validationError(`1 validation error detected: Value at '${path}.Dimensions' failed to satisfy constraint: Member must be a list`);
  if (dimsRaw.length > 30) throw invalidParameterValue(`The collection ${path}.Dimensions must not have a size greater than 30.`);
  const dimensions = dimsRaw.map((d, j) => {
    const dp = `${path}.Dimensions.member.${j + 1}`;
    if (!isRecord(d)) throw validationError(`1 validation error detected: Value null at '${dp}' failed to satisfy constraint: Member must not be null`);
    return { name: requireString(d.Name, `${dp}.Name`), value: requireString(d.Value, `${dp}.Value`, 1024) };
  });
  const names = new Set(dimensions.map((d) => d.name));
  if (names.size !== dimensions.length) throw invalidParameterValue(`The collection ${path}.Dimensions must not contain duplicate dimension names.`);
  return { namespace, metricName, dimensions };
}

export class QueryPlan implements SeriesContext {
  readonly queries: PlannedQuery[];
  private readonly byId = new Map<string, PlannedQuery>();
  private readonly seed: number;
  private readonly nowSec: number | null;
  private readonly estate: Estate;
  private readonly renames: readonly MetricRename[];
  private readonly evaluating = new Set<string>();

  /** The demo metric a query names (through the account's renames), or null when the account has none. */
  private resolve(metric: MetricId): MetricHandle | null {
    if (this.renames.length === 0) return resolveMetric(metric, this.estate);
    const demo = demoMetricOf(metric, this.renames);
    return demo ? resolveMetric(demo, this.estate) : null;
  }

  constructor(raw: unknown, opts: PlanOptions) {
    const field = opts.field ?? 'MetricDataQueries';
    this.seed = opts.seed;
    this.nowSec = opts.nowSec;
    this.estate = opts.estate ?? 'small';
    this.renames = opts.renames ?? [];
    if (!Array.isArray(raw)) throw validationError(`1 validation error detected: Value null at '${lowerFirst(field)}' failed to satisfy constraint: Member must not be null`);
    if (raw.length === 0) throw validationError(`1 validation error detected: Value '[]' at '${lowerFirst(field)}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    this.queries = raw.map((q, i) => this.parseQuery(q, i, field));
    // Expressions: parse, check references and types, then derive their periods.
    const pending = this.queries.filter((q) => q.expression);
    for (const q of pending) this.checkCycles(q, [], field);
    for (const q of pending) {
      try {
        checkExpression(q.expression!.node, this);
      } catch (e) {
        if (e instanceof ExpressionError) throw validationError(`Error in expression '${q.id}' (${field}.member.${q.index + 1}.Expression): ${e.message}`);
        throw e;
      }
      if (q.period === 0) {
        const p = this.resolvePeriod(q);
        if (p === null) throw validationError(`Error in expression '${q.id}': cannot determine its period; set ${field}.member.${q.index + 1}.Period.`);
        q.period = p;
      }
    }
  }

  private parseQuery(raw: unknown, i: number, field: string): PlannedQuery {
    const path = `${field}.member.${i + 1}`;
    if (!isRecord(raw)) throw validationError(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    const id = requireString(raw.Id, `${path}.Id`);
    if (!ID_PATTERN.test(id)) {
      throw validationError(`The value ${id} for parameter ${path}.Id is not valid. Ids must start with a lowercase letter and contain only letters, numbers and underscores.`);
    }
    if (this.byId.has(id)) throw validationError(`The value ${id} for parameter ${path}.Id is not unique.`);
    const hasStat = raw.MetricStat !== undefined && raw.MetricStat !== null;
    const hasExpr = raw.Expression !== undefined && raw.Expression !== null;
    if (hasStat === hasExpr) throw validationError(`Exactly one of MetricStat and Expression must be specified in ${path}.`);
    if (raw.Label !== undefined && typeof raw.Label !== 'string') throw validationError(`1 validation error detected: Value at '${path}.Label' failed to satisfy constraint: Member must be a string`);
    if (raw.ReturnData !== undefined && typeof raw.ReturnData !== 'boolean') throw validationError(`1 validation error detected: Value at '${path}.ReturnData' failed to satisfy constraint: Member must be a boolean`);
    const returnData = raw.ReturnData !== false;
    let planned: PlannedQuery;
    if (hasStat) {
      const ms = raw.MetricStat;
      if (!isRecord(ms)) throw validationError(`1 validation error detected: Value at '${path}.MetricStat' failed to satisfy constraint: Member must be a structure`);
      const metric = parseMetric(ms.Metric, `${path}.MetricStat.Metric`);
      const period = requirePeriod(ms.Period, `${path}.MetricStat.Period`);
      const statText = requireString(ms.Stat, `${path}.MetricStat.Stat`);
      const stat = parseStat(statText);
      if (!stat) {
        throw invalidParameterValue(`The value ${statText} for parameter ${path}.MetricStat.Stat is not supported. Use Average, Sum, Minimum, Maximum, SampleCount or a percentile pNN.NN.`);
      }
      let unit: string | null = null;
      if (ms.Unit !== undefined && ms.Unit !== null) {
        if (typeof ms.Unit !== 'string' || !(CLOUDWATCH_UNITS as readonly string[]).includes(ms.Unit)) {
          throw validationError(`1 validation error detected: Value '${String(ms.Unit)}' at '${path}.MetricStat.Unit' failed to satisfy constraint: Member must satisfy enum value set: [${CLOUDWATCH_UNITS.join(', ')}]`);
        }
        unit = ms.Unit;
      }
      planned = {
        index: i,
        id,
        label: typeof raw.Label === 'string' ? raw.Label : metric.metricName,
        returnData,
        period,
        metric: { metric, handle: this.resolve(metric), stat, unit },
        expression: null,
      };
    } else {
      const text = requireString(raw.Expression, `${path}.Expression`, 2048);
      if (/^\s*(SELECT|SEARCH)\b/i.test(text) || /\bSEARCH\s*\(/i.test(text)) {
        throw validationError(`Error in expression '${id}' (${path}.Expression): SEARCH and Metrics Insights (SELECT) queries are not supported by the simulator.`);
      }
      let node: ExprNode;
      try {
        node = parseExpression(text);
      } catch (e) {
        if (e instanceof ExpressionError) throw validationError(`Error in expression '${id}' (${path}.Expression): ${e.message}`);
        throw e;
      }
      const period = raw.Period === undefined || raw.Period === null ? 0 : requirePeriod(raw.Period, `${path}.Period`);
      planned = { index: i, id, label: typeof raw.Label === 'string' ? raw.Label : id, returnData, period, metric: null, expression: { text, node } };
    }
    this.byId.set(id, planned);
    return planned;
  }

  private checkCycles(q: PlannedQuery, stack: string[], field: string): void {
    if (stack.includes(q.id)) throw validationError(`Circular dependency between expressions in ${field}: ${[...stack, q.id].join(' -> ')}.`);
    if (!q.expression) return;
    for (const ref of referencedIds(q.expression.node, this)) {
      const target = this.byId.get(ref);
      if (target) this.checkCycles(target, [...stack, q.id], field);
    }
  }

  private resolvePeriod(q: PlannedQuery): number | null {
    if (q.period > 0) return q.period;
    if (!q.expression) return null;
    return periodOfNode(q.expression.node, this);
  }

  // --- SeriesContext ---

  kindOf(id: string): 'metric' | 'expression' | null {
    const q = this.byId.get(id);
    return q ? (q.metric ? 'metric' : 'expression') : null;
  }

  periodOf(id: string): number {
    const q = this.byId.get(id);
    if (!q) return 60;
    if (q.period > 0) return q.period;
    if (this.evaluating.has(id)) return 60;
    this.evaluating.add(id);
    try {
      return this.resolvePeriod(q) ?? 60;
    } finally {
      this.evaluating.delete(id);
    }
  }

  metricIds(filter?: string): string[] {
    return this.queries.filter((q) => q.metric && (filter === undefined || q.id.includes(filter) || q.label.includes(filter))).map((q) => q.id);
  }

  valueAt(id: string, t: number): number | null {
    const q = this.byId.get(id);
    return q ? this.value(q, t) : null;
  }

  /** Value of a query for the period starting at `t`, or null when it has no datapoint there. */
  value(q: PlannedQuery, t: number): number | null {
    if (this.nowSec !== null && t + q.period > this.nowSec) return null;
    if (q.metric) {
      const m = q.metric;
      if (!m.handle) return null;
      if (m.unit !== null && m.unit !== handleUnit(m.handle)) return null;
      if (this.nowSec !== null && !retained(t, q.period, this.nowSec)) return null;
      return computeValue(this.seed, m.handle, m.stat, q.period, t);
    }
    return evaluateAt(q.expression!.node, t, this);
  }

  get(id: string): PlannedQuery | undefined {
    return this.byId.get(id);
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

