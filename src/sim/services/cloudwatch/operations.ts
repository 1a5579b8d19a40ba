// CloudWatch operation handlers: request JSON (as @aws-sdk/client-cloudwatch serialises it
// for awsJson1_0: PascalCase members, timestamps as epoch seconds) → response JSON, or a
// thrown CloudWatchError. No I/O; `server.ts` carries these over HTTP.

import {
  ALARM_ARN_PREFIX,
  type AlarmDef,
  HISTORY_LOOKBACK_SEC,
  type MetricAlarmDef,
  type Timeline,
  alarmActions,
  alarmArn,
  alarmDescription,
  alarmQueries,
  alarmStatus,
  alarmTags,
  alarmTimeline,
  configurationUpdatedSec,
} from './alarms';
import { invalidNextToken, invalidParameterCombination, invalidParameterValue, resourceNotFound, serializationError, unknownOperation, validationError } from './errors';
import { handleId, metricHandles } from '../../platform/model';
import type { Estate } from '../../platform/estate';
import { alarmIn, alarmsOf } from './estateAlarms';
import { publishedAs, type MetricRename } from './renames';
import { type PlannedQuery, QueryPlan, RETENTION, retentionFloor } from './query';
import { hashString } from '../../platform/random';

export const OPERATIONS = ['ListMetrics', 'GetMetricData', 'DescribeAlarms', 'DescribeAlarmHistory', 'ListTagsForResource'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const LIMITS = {
  listMetricsPageSize: 500,
  maxQueries: 500,
  maxDatapoints: 100_800,
  maxAlarmRecords: 100,
  defaultAlarmRecords: 50,
} as const;

export interface HandlerContext {
  seed: number;
  /** The simulated present, epoch milliseconds. */
  nowMs: number;
  /** ListMetrics page size (CloudWatch's is 500; tests may lower it). */
  listMetricsPageSize?: number;
  /** Injected `partial` fault: cut this GetMetricData page to about half of what remains. */
  forcePartial?: boolean;
  /** Which estate the account holds (default the small demo; `large`: `--demo-scale large`). */
  estate?: Estate;
  /** Metrics this account publishes under other names (renames.ts). */
  renames?: readonly MetricRename[];
}

export function isOperation(name: string): name is Operation {
  return (OPERATIONS as readonly string[]).includes(name);
}

/** Dispatches one operation. Throws CloudWatchError for anything CloudWatch would reject. */
export function handleOperation(operation: string, input: unknown, ctx: HandlerContext): unknown {
  if (!isOperation(operation)) throw unknownOperation(`The operation ${operation} is not supported by the Opsdeck simulator (supported: ${OPERATIONS.join(', ')}).`);
  if (!isRecord(input)) throw serializationError('The request body must be a JSON object.');
  switch (operation) {
    case 'ListMetrics':
      return listMetricsOp(input, ctx);
    case 'GetMetricData':
      return getMetricDataOp(input, ctx);
    case 'DescribeAlarms':
      return describeAlarmsOp(input, ctx);
    case 'DescribeAlarmHistory':
      return describeAlarmHistoryOp(input, ctx);
    case 'ListTagsForResource':
      return listTagsForResourceOp(input, ctx);
  }
}

// --- helpers ---

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function optionalString(input: Record<string, unknown>, field: string, maxLength = 255): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw validationError(`1 validation error detected: Value at '${lowerFirst(field)}' failed to satisfy constraint: Member must be a string`);
  if (v.length < 1 || v.length > maxLength) {
    throw validationError(`1 validation error detected: Value '${v}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must have length between 1 and ${maxLength}`);
  }
  return v;
}

function optionalEnum<T extends string>(input: Record<string, unknown>, field: string, allowed: readonly T[]): T | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw validationError(`1 validation error detected: Value '${String(v)}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return v as T;
}

function optionalInt(input: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw validationError(`1 validation error detected: Value '${String(v)}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  }
  return v;
}

function optionalStringList(input: Record<string, unknown>, field: string, maxItems: number): string[] | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw validationError(`1 validation error detected: Value at '${lowerFirst(field)}' failed to satisfy constraint: Member must be a list of strings`);
  }
  if (v.length > maxItems) throw validationError(`1 validation error detected: Value at '${lowerFirst(field)}' failed to satisfy constraint: Member must have length less than or equal to ${maxItems}`);
  return v as string[];
}

/** Epoch seconds from the wire (numbers; numeric or ISO strings are accepted too). */
function timestamp(input: Record<string, unknown>, field: string, required: boolean): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) {
    if (required) throw validationError(`1 validation error detected: Value null at '${lowerFirst(field)}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  const sec = typeof v === 'number' ? v : typeof v === 'string' ? (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v) / 1000) : Number.NaN;
  if (!Number.isFinite(sec)) throw validationError(`1 validation error detected: Value '${String(v)}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must be a timestamp`);
  return sec;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function fingerprint(value: unknown): string {
  return hashString(JSON.stringify(value)).toString(36);
}

interface TokenBody {
  /** Operation the token belongs to. */
  op: string;
  /** Fingerprint of the request's filters: a token only continues the request that made it. */
  f: string;
  /** Frozen "now" (epoch seconds) for operations whose answer moves with time. */
  n?: number;
  /** Offset (list operations) or cursor [timestamp, query index] (GetMetricData). */
  o?: number;
  c?: [number, number];
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeToken(raw: unknown, op: string, expectedFingerprint: string): TokenBody | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || raw.length === 0) throw invalidNextToken();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidNextToken();
  }
  if (!isRecord(body) || body.op !== op || body.f !== expectedFingerprint) throw invalidNextToken();
  return body as unknown as TokenBody;
}

// --- ListMetrics ---

function listMetricsOp(input: Record<string, unknown>, ctx: HandlerContext): unknown {
  const namespace = optionalString(input, 'Namespace');
  const metricName = optionalString(input, 'MetricName');
  optionalEnum(input, 'RecentlyActive', ['PT3H']);
  const rawDims = input.Dimensions ?? [];
  if (!Array.isArray(rawDims)) throw validationError(`1 validation error detected: Value at 'dimensions' failed to satisfy constraint: Member must be a list`);
  if (rawDims.length > 10) throw validationError(`1 validation error detected: Value at 'dimensions' failed to satisfy constraint: Member must have length less than or equal to 10`);
  const filters = rawDims.map((d, i) => {
    if (!isRecord(d) || typeof d.Name !== 'string' || d.Name.length === 0) {
      throw validationError(`1 validation error detected: Value null at 'dimensions.${i + 1}.member.name' failed to satisfy constraint: Member must not be null`);
    }
    if (d.Value !== undefined && d.Value !== null && typeof d.Value !== 'string') {
      throw validationError(`1 validation error detected: Value at 'dimensions.${i + 1}.member.value' failed to satisfy constraint: Member must be a string`);
    }
    return { name: d.Name, value: typeof d.Value === 'string' ? d.Value : undefined };
  });
  const f = fingerprint({ namespace, metricName, filters });
  const token = decodeToken(input.NextToken, 'ListMetrics', f);
  const matching = metricHandles(ctx.estate)
    .map((h) => (ctx.renames?.length ? publishedAs(handleId(h), ctx.renames) : handleId(h)))
    .filter(
      (m) =>
        (namespace === undefined || m.namespace === namespace) &&
        (metricName === undefined || m.metricName === metricName) &&
        filters.every((flt) => m.dimensions.some((d) => d.name === flt.name && (flt.value === undefined || d.value === flt.value))),
    );
  const pageSize = ctx.listMetricsPageSize ?? LIMITS.listMetricsPageSize;
  const offset = token?.o ?? 0;
  const page = matching.slice(offset, offset + pageSize);
  const next = offset + pageSize < matching.length ? encodeToken({ op: 'ListMetrics', f, o: offset + pageSize }) : undefined;
  return {
    Metrics: page.map((m) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions.map((d) => ({ Name: d.name, Value: d.value })) })),
    ...(next ? { NextToken: next } : {}),
  };
}

// --- GetMetricData ---

/** CloudWatch rounds StartTime down by its age: to the minute, 5 minutes, or the hour. */
export function roundStartTime(startSec: number, nowSec: number): number {
  const age = nowSec - startSec;
  const unit = age < RETENTION.minute ? 60 : age <= RETENTION.fiveMinute ? 300 : 3600;
  return Math.floor(startSec / unit) * unit;
}

interface Lane {
  query: PlannedQuery;
  /** Output position among the returned queries (and tie-break order). */
  slot: number;
  lo: number;
  hi: number;
  period: number;
  /** Next timestamp to consider, in scan order. */
  t: number;
}

function getMetricDataOp(input: Record<string, unknown>, ctx: HandlerContext): unknown {
  const rawQueries = input.MetricDataQueries;
  if (Array.isArray(rawQueries) && rawQueries.length > LIMITS.maxQueries) {
    throw validationError(
      `1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length less than or equal to ${LIMITS.maxQueries} (got ${rawQueries.length}).`,
    );
  }
  const startRaw = timestamp(input, 'StartTime', true)!;
  const endRaw = timestamp(input, 'EndTime', true)!;
  if (startRaw >= endRaw) throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = optionalEnum(input, 'ScanBy', ['TimestampDescending', 'TimestampAscending'] as const) ?? 'TimestampDescending';
  const maxRaw = input.MaxDatapoints;
  if (maxRaw !== undefined && maxRaw !== null && (typeof maxRaw !== 'number' || !Number.isInteger(maxRaw) || maxRaw < 1)) {
    throw validationError(`1 validation error detected: Value '${String(maxRaw)}' at 'maxDatapoints' failed to satisfy constraint: Member must be an integer greater than or equal to 1`);
  }
  const maxDatapoints = Math.min(LIMITS.maxDatapoints, typeof maxRaw === 'number' ? maxRaw : LIMITS.maxDatapoints);
  if (input.LabelOptions !== undefined && input.LabelOptions !== null && !isRecord(input.LabelOptions)) {
    throw validationError(`1 validation error detected: Value at 'labelOptions' failed to satisfy constraint: Member must be a structure`);
  }

  const f = fingerprint({ q: rawQueries, s: startRaw, e: endRaw, scanBy });
  const token = decodeToken(input.NextToken, 'GetMetricData', f);
  // A paged request is answered as of the instant its first page was, so pages fit together.
  const nowSec = token?.n ?? ctx.nowMs / 1000;
  const plan = new QueryPlan(rawQueries, { seed: ctx.seed, nowSec, field: 'MetricDataQueries', ...(ctx.estate ? { estate: ctx.estate } : {}), ...(ctx.renames ? { renames: ctx.renames } : {}) });
  const descending = scanBy === 'TimestampDescending';
  const first = roundStartTime(startRaw, nowSec);

  const returned = plan.queries.filter((q) => q.returnData);
  const lanes: Lane[] = [];
  returned.forEach((query, slot) => {
    const p = query.period;
    if (query.metric && !query.metric.handle) return; // unknown metric: no datapoints
    const floor = Math.max(first, retentionFloor(first, p, nowSec));
    const lo = first + Math.ceil((floor - first) / p) * p;
    const hiByEnd = first + (Math.ceil((endRaw - first) / p) - 1) * p;
    const hiByNow = first + Math.floor((nowSec - p - first) / p) * p;
    const hi = Math.min(hiByEnd, hiByNow);
    if (hi < lo) return;
    let t = descending ? hi : lo;
    if (token?.c) {
      const [ct, cslot] = token.c;
      if (descending) {
        t = Math.min(hi, first + Math.floor((ct - first) / p) * p);
        if (t === ct && slot < cslot) t -= p;
      } else {
        t = Math.max(lo, first + Math.ceil((ct - first) / p) * p);
        if (t === ct && slot < cslot) t += p;
      }
      if (t < lo || t > hi) return;
    }
    lanes.push({ query, slot, lo, hi, period: p, t });
  });

  let limit = maxDatapoints;
  if (ctx.forcePartial) {
    const remaining = lanes.reduce((n, l) => n + (descending ? (l.t - l.lo) / l.period + 1 : (l.hi - l.t) / l.period + 1), 0);
    if (remaining > 1) limit = Math.min(limit, Math.ceil(remaining / 2));
  }

  const before = (a: Lane, b: Lane): boolean => (a.t === b.t ? a.slot < b.slot : descending ? a.t > b.t : a.t < b.t);
  const heap = new LaneHeap(lanes, before);
  const out = returned.map(() => ({ timestamps: [] as number[], values: [] as number[] }));
  let emitted = 0;
  let cursor: [number, number] | null = null;
  while (heap.size > 0) {
    const lane = heap.peek();
    const v = plan.value(lane.query, lane.t);
    if (v !== null) {
      if (emitted === limit) {
        cursor = [lane.t, lane.slot];
        break;
      }
      const slotOut = out[lane.slot]!;
      slotOut.timestamps.push(lane.t);
      slotOut.values.push(v);
      emitted++;
    }
    lane.t += descending ? -lane.period : lane.period;
    if (lane.t < lane.lo || lane.t > lane.hi) heap.pop();
    else heap.siftDownTop();
  }
  const unfinished = new Set(cursor ? heap.items().map((l) => l.slot) : []);
  return {
    MetricDataResults: returned.map((q, slot) => ({
      Id: q.id,
      Label: q.label,
      Timestamps: out[slot]!.timestamps,
      Values: out[slot]!.values,
      StatusCode: unfinished.has(slot) ? 'PartialData' : 'Complete',
    })),
    ...(cursor ? { NextToken: encodeToken({ op: 'GetMetricData', f, n: nowSec, c: cursor }) } : {}),
    Messages: [],
  };
}

/** Binary min-heap of lanes ordered by `before` (scan order, then query order). */
class LaneHeap {
  private readonly heap: Lane[];
  constructor(
    lanes: Lane[],
    private readonly before: (a: Lane, b: Lane) => boolean,
  ) {
    this.heap = [...lanes];
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
  get size(): number {
    return this.heap.length;
  }
  peek(): Lane {
    return this.heap[0]!;
  }
  items(): readonly Lane[] {
    return this.heap;
  }
  pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }
  siftDownTop(): void {
    this.siftDown(0);
  }
  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < h.length && this.before(h[l]!, h[best]!)) best = l;
      if (r < h.length && this.before(h[r]!, h[best]!)) best = r;
      if (best === i) return;
      [h[i], h[best]] = [h[best]!, h[i]!];
      i = best;
    }
  }
}

// --- DescribeAlarms ---

const STATE_VALUES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const ALARM_TYPES = ['CompositeAlarm', 'MetricAlarm'] as const;

/** The fields metric and composite alarms share: identity, actions and current state. */
function commonAlarmJson(def: AlarmDef, seed: number, nowSec: number): Record<string, unknown> {
  const status = alarmStatus(seed, def, nowSec);
  const actions = alarmActions(def);
  return {
    AlarmName: def.name,
    AlarmArn: alarmArn(def.name),
    AlarmDescription: alarmDescription(def),
    AlarmConfigurationUpdatedTimestamp: configurationUpdatedSec(nowSec),
    ActionsEnabled: true,
    OKActions: actions,
    AlarmActions: actions,
    InsufficientDataActions: [],
    StateValue: status.state,
    StateReason: status.reason,
    ...(status.reasonData ? { StateReasonData: status.reasonData } : {}),
    StateUpdatedTimestamp: status.updatedSec,
    StateTransitionedTimestamp: status.updatedSec,
  };
}

function metricAlarmJson(def: MetricAlarmDef, seed: number, nowSec: number): Record<string, unknown> {
  const base: Record<string, unknown> = {
    ...commonAlarmJson(def, seed, nowSec),
    EvaluationPeriods: def.evaluationPeriods,
    DatapointsToAlarm: def.datapointsToAlarm,
    Threshold: def.threshold,
    ComparisonOperator: def.comparison,
    TreatMissingData: def.treatMissingData,
  };
  if (def.metric) {
    const m = def.metric;
    return {
      ...base,
      MetricName: m.metricName,
      Namespace: m.namespace,
      ...(/^p\d/.test(m.stat) ? { ExtendedStatistic: m.stat } : { Statistic: m.stat }),
      Dimensions: m.dimensions.map(([Name, Value]) => ({ Name, Value })),
      Period: def.period,
    };
  }
  return { ...base, Metrics: alarmQueries(def) };
}

function compositeAlarmJson(def: Extract<AlarmDef, { kind: 'composite' }>, seed: number, nowSec: number): Record<string, unknown> {
  return { ...commonAlarmJson(def, seed, nowSec), AlarmRule: def.anyOf.map((n) => `ALARM("${n}")`).join(' OR ') };
}

/** The optional AlarmTypes list, validated as the real API does. */
function alarmTypesOf(input: Record<string, unknown>): string[] | undefined {
  const typesRaw = input.AlarmTypes;
  if (typesRaw === undefined || typesRaw === null) return undefined;
  if (!Array.isArray(typesRaw) || typesRaw.some((t) => typeof t !== 'string' || !(ALARM_TYPES as readonly string[]).includes(t))) {
    throw validationError(`1 validation error detected: Value at 'alarmTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ALARM_TYPES.join(', ')}]]`);
  }
  return typesRaw as string[];
}

function describeAlarmsOp(input: Record<string, unknown>, ctx: HandlerContext): unknown {
  const names = optionalStringList(input, 'AlarmNames', 100);
  const prefix = optionalString(input, 'AlarmNamePrefix');
  const types = alarmTypesOf(input);
  const childrenOf = optionalString(input, 'ChildrenOfAlarmName');
  const parentsOf = optionalString(input, 'ParentsOfAlarmName');
  const stateValue = optionalEnum(input, 'StateValue', STATE_VALUES);
  const actionPrefix = optionalString(input, 'ActionPrefix', 1024);
  const maxRecords = optionalInt(input, 'MaxRecords', 1, LIMITS.maxAlarmRecords) ?? LIMITS.defaultAlarmRecords;
  if (names && prefix) throw invalidParameterCombination('AlarmNames and AlarmNamePrefix cannot be specified together.');
  if ((childrenOf || parentsOf) && (names || prefix || types || stateValue || actionPrefix || (childrenOf && parentsOf))) {
    throw invalidParameterCombination('ChildrenOfAlarmName or ParentsOfAlarmName can only be combined with MaxRecords and NextToken.');
  }
  const f = fingerprint({ names, prefix, types, childrenOf, parentsOf, stateValue, actionPrefix });
  const token = decodeToken(input.NextToken, 'DescribeAlarms', f);
  const nowSec = token?.n ?? ctx.nowMs / 1000;

  const estate = ctx.estate ?? 'small';
  // Metric alarms first, then composites, each by name: alarmsOf's order, which filtering keeps.
  const all = alarmsOf(estate);
  let candidates: AlarmDef[];
  if (childrenOf) {
    const parent = alarmIn(estate, childrenOf);
    candidates = parent?.kind === 'composite' ? parent.anyOf.map((n) => alarmIn(estate, n)!).filter(Boolean) : [];
    candidates.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'metric' ? -1 : 1));
  } else if (parentsOf) {
    candidates = all.filter((a) => a.kind === 'composite' && a.anyOf.includes(parentsOf));
  } else {
    // Like CloudWatch: without AlarmTypes only metric alarms are returned.
    const wanted = new Set(types ?? ['MetricAlarm']);
    candidates = all.filter((a) => wanted.has(a.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm'));
    if (names) candidates = candidates.filter((a) => names.includes(a.name));
    if (prefix) candidates = candidates.filter((a) => a.name.startsWith(prefix));
    if (actionPrefix) candidates = candidates.filter((a) => alarmActions(a).some((x) => x.startsWith(actionPrefix)));
    if (stateValue) candidates = candidates.filter((a) => alarmStatus(ctx.seed, a, nowSec).state === stateValue);
  }
  const offset = token?.o ?? 0;
  const page = candidates.slice(offset, offset + maxRecords);
  const next = offset + maxRecords < candidates.length ? encodeToken({ op: 'DescribeAlarms', f, n: nowSec, o: offset + maxRecords }) : undefined;
  return {
    MetricAlarms: page.filter((a): a is MetricAlarmDef => a.kind === 'metric').map((a) => metricAlarmJson(a, ctx.seed, nowSec)),
    CompositeAlarms: page.filter((a): a is Extract<AlarmDef, { kind: 'composite' }> => a.kind === 'composite').map((a) => compositeAlarmJson(a, ctx.seed, nowSec)),
    ...(next ? { NextToken: next } : {}),
  };
}

// --- DescribeAlarmHistory ---

const HISTORY_ITEM_TYPES = ['ConfigurationUpdate', 'StateUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'] as const;

const timelineCache = new Map<string, Timeline>();
const historyCache = new Map<string, { def: AlarmDef; t: Timeline['transitions'][number] }[]>();
function cachedTimeline(seed: number, def: AlarmDef, nowSec: number): Timeline {
  const key = `${seed}|${def.name}|${nowSec}`;
  let t = timelineCache.get(key);
  if (!t) {
    t = alarmTimeline(seed, def, nowSec - HISTORY_LOOKBACK_SEC, nowSec);
    if (timelineCache.size > 20_000) timelineCache.clear();
    timelineCache.set(key, t);
  }
  return t;
}

function stateJson(e: { state: string; reason: string; reasonData: string | null }): Record<string, unknown> {
  return { stateValue: e.state, stateReason: e.reason, ...(e.reasonData ? { stateReasonData: JSON.parse(e.reasonData) as unknown } : {}) };
}

function describeAlarmHistoryOp(input: Record<string, unknown>, ctx: HandlerContext): unknown {
  const alarmName = optionalString(input, 'AlarmName');
  const types = alarmTypesOf(input);
  const itemType = optionalEnum(input, 'HistoryItemType', HISTORY_ITEM_TYPES);
  const startDate = timestamp(input, 'StartDate', false);
  const endDate = timestamp(input, 'EndDate', false);
  if (startDate !== undefined && endDate !== undefined && startDate > endDate) throw invalidParameterValue('The parameter StartDate must be less than or equal to the parameter EndDate.');
  const maxRecords = optionalInt(input, 'MaxRecords', 1, LIMITS.maxAlarmRecords) ?? LIMITS.defaultAlarmRecords;
  const scanBy = optionalEnum(input, 'ScanBy', ['TimestampDescending', 'TimestampAscending'] as const) ?? 'TimestampDescending';
  const f = fingerprint({ alarmName, types, itemType, startDate, endDate, scanBy });
  const token = decodeToken(input.NextToken, 'DescribeAlarmHistory', f);
  const nowSec = token?.n ?? ctx.nowMs / 1000;

  const estate = ctx.estate ?? 'small';
  // Every page of one paged request sees the same frozen "now", so the sorted item list is
  // built once per request, not per page (the large estate has ~150,000 items in 30 days).
  const cacheKey = `${estate}|${ctx.seed}|${f}|${nowSec}`;
  let items = historyCache.get(cacheKey);
  if (!items) {
    let defs: AlarmDef[];
    if (alarmName !== undefined) {
      const def = alarmIn(estate, alarmName);
      defs = def ? [def] : [];
    } else {
      const wanted = new Set(types ?? ['MetricAlarm']);
      defs = alarmsOf(estate).filter((a) => wanted.has(a.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm'));
    }
    // Only state changes are simulated; configuration and action history is empty.
    if (itemType !== undefined && itemType !== 'StateUpdate') defs = [];
    const from = Math.max(startDate ?? -Infinity, nowSec - HISTORY_LOOKBACK_SEC);
    const to = Math.min(endDate ?? Infinity, nowSec);
    // A scheduled alarm's timeline is the same whatever window it is built for: build just this one.
    items = defs.flatMap((def) =>
      (def.kind === 'metric' && def.schedule ? alarmTimeline(ctx.seed, def, from - 1, to) : cachedTimeline(ctx.seed, def, nowSec))
        .transitions.filter((t) => t.atSec >= from && t.atSec <= to)
        .map((t) => ({ def, t })),
    );
    items.sort((a, b) => (a.t.atSec === b.t.atSec ? a.def.name.localeCompare(b.def.name) : scanBy === 'TimestampDescending' ? b.t.atSec - a.t.atSec : a.t.atSec - b.t.atSec));
    if (historyCache.size >= 4) historyCache.delete(historyCache.keys().next().value!);
    historyCache.set(cacheKey, items);
  }
  const offset = token?.o ?? 0;
  const page = items.slice(offset, offset + maxRecords);
  const next = offset + maxRecords < items.length ? encodeToken({ op: 'DescribeAlarmHistory', f, n: nowSec, o: offset + maxRecords }) : undefined;
  // The last page: let the list go (it can hold ~150,000 items); asking again rebuilds it.
  if (!next) historyCache.delete(cacheKey);
  return {
    AlarmHistoryItems: page.map(({ def, t }) => ({
      AlarmName: def.name,
      AlarmType: def.kind === 'metric' ? 'MetricAlarm' : 'CompositeAlarm',
      Timestamp: t.atSec,
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${t.from.state} to ${t.to.state}`,
      HistoryData: JSON.stringify({ version: '1.0', oldState: stateJson(t.from), newState: stateJson(t.to) }),
    })),
    ...(next ? { NextToken: next } : {}),
  };
}

// --- ListTagsForResource ---

function listTagsForResourceOp(input: Record<string, unknown>, ctx: HandlerContext): unknown {
  const arn = optionalString(input, 'ResourceARN', 1024);
  if (arn === undefined) throw validationError(`1 validation error detected: Value null at 'resourceARN' failed to satisfy constraint: Member must not be null`);
  if (!/^arn:aws:cloudwatch:[a-z0-9-]+:\d{12}:(alarm|insight-rule|metric-stream|dashboard):.+/.test(arn)) {
    throw invalidParameterValue(`The value ${arn} for parameter ResourceARN is not a valid CloudWatch resource ARN.`);
  }
  const def = arn.startsWith(ALARM_ARN_PREFIX) ? alarmIn(ctx.estate ?? 'small', arn.slice(ALARM_ARN_PREFIX.length)) : undefined;
  if (!def) throw resourceNotFound(`The resource ${arn} does not exist.`);
  return { Tags: alarmTags(def) };
}


