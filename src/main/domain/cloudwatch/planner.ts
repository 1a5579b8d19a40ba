// GetMetricData request planner. Pure: no SDK, no clock, no I/O — the caller turns the plan
// into SDK calls (see cloudwatch.ts) and stores what comes back.
//
// Units: times are epoch milliseconds (UTC); periods are seconds, as CloudWatch's Period.
// A datapoint with period P at timestamp t summarises [t, t + P) and t is a multiple of P.
// GetMetricData's StartTime is inclusive and EndTime exclusive, and CloudWatch rounds an
// unaligned StartTime *down* by age; every window planned here is aligned to its period,
// so that rounding never pulls in a bucket twice.

import { DAY_MS, SECOND_MS } from '@shared/lib/timeUnits';

/** How long CloudWatch keeps each resolution, finest first. */
export interface RetentionTier {
  /** Seconds. */
  period: number;
  /** A datapoint younger than this (now − t < maxAgeMs) is served at `period`. */
  maxAgeMs: number;
}

export const CLOUDWATCH_RETENTION: readonly RetentionTier[] = [
  { period: 60, maxAgeMs: 15 * DAY_MS },
  { period: 300, maxAgeMs: 63 * DAY_MS },
  { period: 3_600, maxAgeMs: 455 * DAY_MS },
];

/** GetMetricData hard limits per call. */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** One stretch of a range fetched at one period: timestamps t ≡ 0 (mod period) in [startTime, endTime). */
export interface ResolutionSegment {
  period: number;
  /** Inclusive, a multiple of period. */
  startTime: number;
  /** Exclusive, a multiple of period. */
  endTime: number;
  /** (endTime − startTime) / period: datapoints per series if every bucket has data. */
  points: number;
}

export interface SeriesRequest {
  /** Opaque to the planner; must be unique within one plan. */
  key: string;
  /** Wanted range [from, to), epoch ms. */
  from: number;
  to: number;
}

export interface PlannerOptions {
  /** At most 500 (the API limit). */
  maxQueriesPerCall?: number;
  /** At most 100,800 (the API limit); counted as queries × points of the call's window. */
  maxDatapointsPerCall?: number;
  /** Newest windows first (default) so the present reaches the screen before history. */
  newestFirst?: boolean;
  /**
   * Pretend `now` is this much later when deciding which resolution is still retained.
   * CloudWatch judges a call's StartTime by the clock at request time, so a plan executed
   * minutes after `now` may ask for 60 s data that has just aged out. Default 0.
   */
  retentionMarginMs?: number;
}

export interface PlanInput extends PlannerOptions {
  now: number;
  series: readonly SeriesRequest[];
}

export interface PlannedQuery {
  /** Valid CloudWatch Id (^[a-z][a-zA-Z0-9_]*$), unique within its call. */
  id: string;
  seriesKey: string;
  /** Seconds; the same for every query of a call. */
  period: number;
}

export interface PlannedCall {
  /** Inclusive StartTime, epoch ms, a multiple of period. */
  startTime: number;
  /** Exclusive EndTime, epoch ms, a multiple of period. */
  endTime: number;
  /** Seconds; shared by all queries. */
  period: number;
  /** Shared by the calls of one group of series (read-only). */
  queries: readonly PlannedQuery[];
  /** queries × points of the window: the most this call can return. */
  expectedDatapoints: number;
}

// ---------------------------------------------------------------------------------------
// Step 1: which resolution serves which part of a range.

/**
 * Splits [from, to) by age into segments at the finest period retention still serves,
 * oldest first. Only retained data is returned (nothing older than 455 days).
 *
 * Timestamp t is served at period P while now − t < maxAge(P). Alignment rule: a finer
 * tier starts at the first boundary of the next *coarser* period from which the finer data
 * is still retained, and the coarser tier ends exactly there. Every boundary is therefore a
 * multiple of both periods (60 | 300 | 3600), segments tile time with no gap and no overlap,
 * and the finer tier cedes at most one coarse bucket (< 5 min at 60/300 s, < 1 h at
 * 300/3600 s) to the coarser one. Equivalently, a timestamp belongs to the 60 s tier iff its
 * 5-minute bucket starts less than 15 days ago, to the 300 s tier iff (otherwise) its hour
 * starts less than 63 days ago, to the 3600 s tier iff (otherwise) it is under 455 days old.
 * Within a segment the requested timestamps are the multiples of the period in [from, to).
 */
export function resolutionSegments(from: number, to: number, now: number, retentionMarginMs = 0): ResolutionSegment[] {
  requireEpochMs(from, 'from');
  requireEpochMs(to, 'to');
  requireEpochMs(now, 'now');
  requireNonNegativeInteger(retentionMarginMs, 'retentionMarginMs');
  if (from > to) throw new RangeError(`planner: from (${from}) must not be after to (${to})`);
  return segmentsWithin(from, to, tierBounds(now + retentionMarginMs));
}

/** Number of multiples of `period` seconds in [from, to): the datapoints one query returns at most. */
export function expectedPoints(from: number, to: number, period: number): number {
  requireEpochMs(from, 'from');
  requireEpochMs(to, 'to');
  if (!Number.isSafeInteger(period) || period <= 0) {
    throw new RangeError(`planner: period must be a positive whole number of seconds, got ${String(period)}`);
  }
  const periodMs = period * SECOND_MS;
  return Math.max(0, (ceilTo(to, periodMs) - ceilTo(from, periodMs)) / periodMs);
}

interface TierBound {
  period: number;
  periodMs: number;
  /** Inclusive, aligned to this and the next coarser period. */
  lower: number;
  /** Exclusive; +Infinity for the finest tier. */
  upper: number;
}

/** Tier boundaries for a given `now`, coarsest first. */
function tierBounds(now: number): TierBound[] {
  const bounds: TierBound[] = [];
  let upper = Number.POSITIVE_INFINITY;
  CLOUDWATCH_RETENTION.forEach((tier, i) => {
    const periodMs = tier.period * SECOND_MS;
    // Smallest multiple of the period strictly younger than maxAge.
    const oldestServed = floorTo(now - tier.maxAgeMs, periodMs) + periodMs;
    const coarser = CLOUDWATCH_RETENTION[i + 1];
    const lower = coarser ? ceilTo(oldestServed, coarser.period * SECOND_MS) : oldestServed;
    bounds.push({ period: tier.period, periodMs, lower, upper });
    upper = lower;
  });
  return bounds.reverse();
}

function segmentsWithin(from: number, to: number, bounds: readonly TierBound[]): ResolutionSegment[] {
  const segments: ResolutionSegment[] = [];
  for (const b of bounds) {
    const startTime = ceilTo(Math.max(from, b.lower), b.periodMs);
    const endTime = ceilTo(Math.min(to, b.upper), b.periodMs);
    if (endTime > startTime) {
      segments.push({ period: b.period, startTime, endTime, points: (endTime - startTime) / b.periodMs });
    }
  }
  return segments;
}

// ---------------------------------------------------------------------------------------
// Step 2: packing (series, segment) items into calls.

interface ResolvedOptions {
  maxQueries: number;
  maxDatapoints: number;
  newestFirst: boolean;
  retentionMarginMs: number;
}

/** Series sharing one exact segment: interchangeable rows of a rectangle (series × time). */
interface Block {
  period: number;
  startTime: number;
  endTime: number;
  points: number;
  keys: string[];
}

/**
 * Plans the GetMetricData calls that fetch every requested (series, timestamp) exactly once
 * at the resolution retention serves, and nothing else: each query's window lies inside its
 * series' wanted segment, so the caller can store every page and mark [startTime, endTime)
 * covered for every query that completes.
 *
 * Series with identical segments form a block; a block of k series × n points is split into
 * groups of series, each group chunked in time from the newest end with the widest window
 * the datapoint limit allows. The group sizes come from a small dynamic programme that
 * minimises calls (then groups, then queries), so uniform backfills land on or next to the
 * lower bound of `minimumCalls`.
 */
export function planGetMetricData(input: PlanInput): PlannedCall[] {
  const { now, series } = input;
  const options = resolveOptions(input);
  const blocks = blocksFor(now, series, options);

  const calls: PlannedCall[] = [];
  for (const block of blocks) {
    const periodMs = block.period * SECOND_MS;
    let next = 0;
    for (const size of groupSizes(block.keys.length, block.points, options)) {
      const keys = block.keys.slice(next, next + size);
      next += size;
      const windowMs = Math.min(block.points, Math.floor(options.maxDatapoints / size)) * periodMs;
      // One queries array for every window of the group: a 30-day plan of 5,000 series has
      // ~600,000 queries, which as objects of their own held ~50 MB of the sync worker's heap.
      const queries: readonly PlannedQuery[] = keys.map((seriesKey, i) => ({ id: `q${i}`, seriesKey, period: block.period }));
      for (let end = block.endTime; end > block.startTime; end -= windowMs) {
        const start = Math.max(block.startTime, end - windowMs);
        calls.push({
          startTime: start,
          endTime: end,
          period: block.period,
          queries,
          expectedDatapoints: (keys.length * (end - start)) / periodMs,
        });
      }
    }
  }

  // Array.prototype.sort is stable, so equal windows keep block/group order.
  calls.sort(
    options.newestFirst
      ? (a, b) => b.endTime - a.endTime || b.startTime - a.startTime || a.period - b.period
      : (a, b) => a.startTime - b.startTime || a.endTime - b.endTime || a.period - b.period,
  );
  return calls;
}

/**
 * A lower bound on the number of calls of any plan that fetches exactly the requested
 * points (every (series, timestamp) once, nothing unrequested), under the same limits.
 * Calls at different periods never share, so it is a sum over periods p of
 *
 *   max( ceil(points_p / maxDatapointsPerCall),   every point travels in some call
 *        ceil(series_p / maxQueriesPerCall),      every series segment needs a query
 *        distinct segment starts at p,            a series' first point needs a window starting there
 *        distinct segment ends at p )             likewise its last point
 *
 * where points_p is the total of segment points at p and series_p the number of series with
 * a segment at p. Report plan length ÷ this to measure packing quality (1.0 is optimal).
 */
export function minimumCalls(input: PlanInput): number {
  const options = resolveOptions(input);
  const byPeriod = new Map<number, { points: number; series: number; starts: Set<number>; ends: Set<number> }>();
  for (const block of blocksFor(input.now, input.series, options)) {
    let acc = byPeriod.get(block.period);
    if (!acc) {
      acc = { points: 0, series: 0, starts: new Set(), ends: new Set() };
      byPeriod.set(block.period, acc);
    }
    acc.points += block.points * block.keys.length;
    acc.series += block.keys.length;
    acc.starts.add(block.startTime);
    acc.ends.add(block.endTime);
  }
  let total = 0;
  for (const acc of byPeriod.values()) {
    total += Math.max(
      Math.ceil(acc.points / options.maxDatapoints),
      Math.ceil(acc.series / options.maxQueries),
      acc.starts.size,
      acc.ends.size,
    );
  }
  return total;
}

function blocksFor(now: number, series: readonly SeriesRequest[], options: ResolvedOptions): Block[] {
  requireEpochMs(now, 'now');
  if (!Array.isArray(series)) throw new TypeError('planner: series must be an array');
  const bounds = tierBounds(now + options.retentionMarginMs);
  const seen = new Set<string>();
  const blocks = new Map<string, Block>();
  series.forEach((s, i) => {
    const where = `series[${i}]`;
    if (typeof s !== 'object' || s === null) throw new TypeError(`planner: ${where} must be an object`);
    if (typeof s.key !== 'string' || s.key.length === 0) throw new TypeError(`planner: ${where}.key must be a non-empty string`);
    if (seen.has(s.key)) throw new RangeError(`planner: ${where}.key "${s.key}" appears twice; give each series one range`);
    seen.add(s.key);
    requireEpochMs(s.from, `${where}.from`);
    requireEpochMs(s.to, `${where}.to`);
    if (s.from > s.to) throw new RangeError(`planner: ${where}.from (${s.from}) must not be after ${where}.to (${s.to})`);
    for (const seg of segmentsWithin(s.from, s.to, bounds)) {
      const id = `${seg.period}:${seg.startTime}:${seg.endTime}`;
      const block = blocks.get(id);
      if (block) block.keys.push(s.key);
      else blocks.set(id, { ...seg, keys: [s.key] });
    }
  });
  return [...blocks.values()];
}

/**
 * Splits k interchangeable series of n points each into groups. A group of s series is
 * fetched in windows of w(s) = min(n, floor(D / s)) points, costing ceil(n / w(s)) calls.
 * The sizes minimise, in order: calls; groups (each group's newest window is one call, so
 * fewer groups put every series' present on screen sooner); queries (CloudWatch bills per
 * metric requested). A dynamic programme over k, O(k · min(k, M)).
 */
function groupSizes(k: number, n: number, options: ResolvedOptions): number[] {
  const largest = Math.min(k, options.maxQueries, options.maxDatapoints);
  const callsFor = new Array<number>(largest + 1).fill(0);
  for (let s = 1; s <= largest; s++) {
    callsFor[s] = Math.ceil(n / Math.min(n, Math.floor(options.maxDatapoints / s)));
  }
  // best[j]: cheapest split of j series, as [calls, groups, queries]; choice[j]: its largest-first step.
  const best: [number, number, number][] = [[0, 0, 0]];
  const choice = new Int32Array(k + 1);
  for (let j = 1; j <= k; j++) {
    let bestHere: [number, number, number] = [Number.POSITIVE_INFINITY, 0, 0];
    for (let s = Math.min(largest, j); s >= 1; s--) {
      const c = callsFor[s] ?? 0;
      const rest = best[j - s] ?? [0, 0, 0];
      const candidate: [number, number, number] = [c + rest[0], 1 + rest[1], s * c + rest[2]];
      if (lexLess(candidate, bestHere)) {
        bestHere = candidate;
        choice[j] = s;
      }
    }
    best.push(bestHere);
  }
  const sizes: number[] = [];
  for (let j = k; j > 0; j -= choice[j] ?? j) sizes.push(choice[j] ?? j);
  return sizes.sort((a, b) => b - a);
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

function resolveOptions(input: PlanInput): ResolvedOptions {
  if (typeof input !== 'object' || input === null) throw new TypeError('planner: input must be an object { now, series }');
  const maxQueries = input.maxQueriesPerCall ?? MAX_QUERIES_PER_CALL;
  const maxDatapoints = input.maxDatapointsPerCall ?? MAX_DATAPOINTS_PER_CALL;
  const newestFirst = input.newestFirst ?? true;
  const retentionMarginMs = input.retentionMarginMs ?? 0;
  if (!Number.isSafeInteger(maxQueries) || maxQueries < 1 || maxQueries > MAX_QUERIES_PER_CALL) {
    throw new RangeError(`planner: maxQueriesPerCall must be a whole number in [1, ${MAX_QUERIES_PER_CALL}], got ${String(maxQueries)}`);
  }
  if (!Number.isSafeInteger(maxDatapoints) || maxDatapoints < 1 || maxDatapoints > MAX_DATAPOINTS_PER_CALL) {
    throw new RangeError(
      `planner: maxDatapointsPerCall must be a whole number in [1, ${MAX_DATAPOINTS_PER_CALL}], got ${String(maxDatapoints)}`,
    );
  }
  if (typeof newestFirst !== 'boolean') throw new TypeError(`planner: newestFirst must be a boolean, got ${String(newestFirst)}`);
  requireNonNegativeInteger(retentionMarginMs, 'retentionMarginMs');
  return { maxQueries, maxDatapoints, newestFirst, retentionMarginMs };
}

// ---------------------------------------------------------------------------------------
// Progress: merging returned pages into per-series coverage.

/** The parts of an SDK MetricDataResult this needs (structurally compatible with it). */
export interface MetricDataResultLike {
  Id?: string | undefined;
  StatusCode?: string | undefined;
}

interface Piece {
  seriesKey: string;
  startTime: number;
  endTime: number;
  done: boolean;
}

/**
 * Tracks which planned queries have completed and turns that into per-series coverage.
 * Feed it every page of every call; a query counts once CloudWatch reports StatusCode
 * "Complete" for it ("PartialData" means more pages follow; "InternalError" and
 * "Forbidden" leave it to be retried). Since the plan fetches newest first, a series'
 * watermark only moves once its oldest piece is in; `coveredIntervals` shows the rest.
 */
export class PlanProgress {
  private readonly requests = new Map<string, SeriesRequest>();
  private readonly pieces = new Map<string, Piece[]>();
  private readonly byCall: Map<string, Piece>[];

  constructor(series: readonly SeriesRequest[], private readonly plan: readonly PlannedCall[]) {
    for (const s of series) this.requests.set(s.key, s);
    this.byCall = plan.map((call, callIndex) => {
      const ids = new Map<string, Piece>();
      for (const q of call.queries) {
        if (!this.requests.has(q.seriesKey)) {
          throw new RangeError(`planner: plan[${callIndex}] query ${q.id} names unknown series "${q.seriesKey}"`);
        }
        const piece: Piece = { seriesKey: q.seriesKey, startTime: call.startTime, endTime: call.endTime, done: false };
        ids.set(q.id, piece);
        const list = this.pieces.get(q.seriesKey);
        if (list) list.push(piece);
        else this.pieces.set(q.seriesKey, [piece]);
      }
      return ids;
    });
    for (const list of this.pieces.values()) list.sort((a, b) => a.startTime - b.startTime);
  }

  /** Records one page of call `callIndex`; returns the keys of series whose query just completed. */
  recordPage(callIndex: number, results: readonly MetricDataResultLike[]): string[] {
    const ids = this.byCall[callIndex];
    if (!ids) throw new RangeError(`planner: callIndex ${callIndex} is not in the plan (${this.plan.length} calls)`);
    const completed: string[] = [];
    for (const r of results) {
      const piece = r.Id === undefined ? undefined : ids.get(r.Id);
      if (!piece) throw new RangeError(`planner: result Id "${String(r.Id)}" is not a query of plan[${callIndex}]`);
      if (r.StatusCode === 'Complete' && !piece.done) {
        piece.done = true;
        completed.push(piece.seriesKey);
      }
    }
    return completed;
  }

  isCallComplete(callIndex: number): boolean {
    const ids = this.byCall[callIndex];
    if (!ids) throw new RangeError(`planner: callIndex ${callIndex} is not in the plan (${this.plan.length} calls)`);
    return [...ids.values()].every((p) => p.done);
  }

  isComplete(): boolean {
    return this.byCall.every((ids) => [...ids.values()].every((p) => p.done));
  }

  /**
   * The end of the contiguous covered stretch starting at the series' `from`: everything
   * requested before it is stored. Parts with nothing to fetch (before the first aligned
   * timestamp, or past retention) count as covered, so a finished series reaches `to`.
   */
  watermark(seriesKey: string): number {
    const request = this.request(seriesKey);
    let mark = request.from;
    for (const piece of this.pieces.get(seriesKey) ?? []) {
      if (!piece.done) return mark;
      mark = piece.endTime;
    }
    return request.to;
  }

  /** Completed windows of one series, merged where they touch, oldest first. */
  coveredIntervals(seriesKey: string): { startTime: number; endTime: number }[] {
    this.request(seriesKey);
    const merged: { startTime: number; endTime: number }[] = [];
    for (const piece of this.pieces.get(seriesKey) ?? []) {
      if (!piece.done) continue;
      const last = merged[merged.length - 1];
      if (last && last.endTime === piece.startTime) last.endTime = piece.endTime;
      else merged.push({ startTime: piece.startTime, endTime: piece.endTime });
    }
    return merged;
  }

  private request(seriesKey: string): SeriesRequest {
    const request = this.requests.get(seriesKey);
    if (!request) throw new RangeError(`planner: unknown series key "${seriesKey}"`);
    return request;
  }
}

// ---------------------------------------------------------------------------------------
// Integer helpers (exact for safe integers, unlike Math.ceil(x / p) * p in floating point).

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}

function floorTo(x: number, m: number): number {
  return x - mod(x, m);
}

function ceilTo(x: number, m: number): number {
  const r = mod(x, m);
  return r === 0 ? x : x - r + m;
}

function requireEpochMs(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`planner: ${field} must be a whole number of epoch milliseconds, got ${String(value)}`);
  }
}

function requireNonNegativeInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`planner: ${field} must be a non-negative whole number, got ${String(value)}`);
  }
}
