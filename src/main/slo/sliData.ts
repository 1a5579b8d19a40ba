// From the store to the domain: an SLI's good/total per interval, as EventBuckets.
//
// - Event ratio: counters are summed per bucket in SQL; the metric math is applied to those
//   sums. Inside the range the sync has fetched (its watermarks), a bucket without a
//   datapoint is a bucket without events — CloudWatch publishes nothing when nothing
//   happened (background jobs report only in the minutes they run). Outside it there is no
//   bucket at all: that time is a gap, and the domain counts it against coverage.
// - Time slice: each datapoint interval is a slice, good when the math's value meets the
//   threshold; it becomes a bucket whose events are minutes (1 per 60 s slice, 5 per 300 s
//   slice), so attainment is good time ÷ measured time and a burn rate is bad time ÷ the
//   allowed share — the event-ratio maths, unchanged. A missing value is an unmeasured slice.
//
// Widths: a datapoint's period is not stored, so it is read from the data: a lone datapoint
// on a 5-minute (hour) boundary with nothing after it for 5 minutes (an hour) is a 300 s
// (3600 s) one. A sparse 60 s series can fool this only where it has gaps anyway.
//
// Buckets come in two grids: 5-minute buckets for the bulk of a window (CloudWatch keeps
// 60 s data for 15 days, 300 s after that) and 1-minute buckets for the recent part the
// burn windows (5 m … 3 d) read. Data older than the sync's watermark minus a margin never
// changes again, so those buckets are computed once and kept ("settled"); each evaluation
// only queries the unsettled tail. Settled buckets are also kept in cache.db per block of
// 6 hours (store/sliSettled.ts), so a restart reads them instead of 30 days of datapoints; a
// change to a settled datapoint (a late point, a rewritten chunk) is logged by the store and
// recomputes the blocks it touches, in memory and on disk, before they are used again.
import { meetsThreshold, type Comparator, type SliBucket } from '../domain/slo/maths';
import type { MetricMathDef, SliDef } from '../config/slos';
import type { CacheStore } from '../store/cache';
import { SliStore } from '../store/sli';
import { LOOKBACK_S, SliSettledStore, blockSpan, type BlockPart, type DataChange } from '../store/sliSettled';
import { isCorruption } from '../store/db';
import { HOUR_MS, MINUTE_MS } from '@shared/lib/timeUnits';
import { describeMetric, type SeriesCatalogue } from '../store/catalogue';
import { parseExpression, type CompiledFn } from '../domain/metricMath';

export type { SliBucket };

/** The live pass re-reads 10 minutes before its watermark; data older than this margin is final. */
export const SETTLE_MARGIN_SEC = 20 * 60;
/**
 * Settled buckets are rebuilt after this long anyway (plus up to an hour, spread per SLI so
 * they do not all rebuild at once), in case the cache was repaired or downsampled underneath.
 */
export const SETTLED_TTL_MS = 6 * HOUR_MS;
/** Kept buckets nobody asked for in this long are dropped (an SLO removed, a catalogue change). */
const UNUSED_TTL_MS = 2 * HOUR_MS;
/** Blocks kept in cache.db that nobody read for this long are dropped. */
const PERSISTED_UNUSED_TTL_MS = 48 * HOUR_MS;
/** Blocks kept in cache.db are recomputed after this long anyway (a safety net under the change log). */
export const PERSISTED_TTL_MS = 7 * 24 * HOUR_MS;
/** A partly settled block is written again once this much more of it has settled (not every minute). */
const REKEEP_GROWTH_S = 3600;

function jitterMs(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % HOUR_MS;
}
/** The coarse grid: CloudWatch's 5-minute period. */
export const COARSE_SEC = 300;
export const FINE_SEC = 60;
/** Coarser datapoint periods a slice can have, longest first (CloudWatch retention tiers). */
const COARSER_PERIODS_SEC = [3600, 300] as const;
const LONGEST_PERIOD_SEC = 3600;

interface CompiledMath {
  fn: CompiledFn;
  text: string;
}

/** An SLI resolved against the catalogue: series to read and the maths over them. */
export interface SliPlan {
  key: string;
  /** What the buckets depend on (series and maths, not the catalogue version): names kept blocks. */
  dataKey: string;
  kind: SliDef['kind'];
  seriesIds: number[];
  /** Event ratio: the numerator ('good' or 'bad') and total, over values indexed like seriesIds. */
  numerator: { mode: 'good' | 'bad'; math: CompiledMath } | null;
  total: CompiledMath | null;
  /** Time slice. */
  value: CompiledMath | null;
  comparator: Comparator | null;
  threshold: number | null;
}

export type PlanResult = { ok: true; plan: SliPlan } | { ok: false; reasons: string[] };

/** Resolves every query of the SLI; all must exist in the catalogue. */
export function compilePlan(sli: SliDef, catalogue: SeriesCatalogue, version: string): PlanResult {
  const seriesIds: number[] = [];
  const position = new Map<number, number>();
  const reasons: string[] = [];
  const compile = (m: MetricMathDef, role: string): CompiledMath | null => {
    const index = new Map<string, number>();
    let ok = true;
    for (const q of m.queries) {
      const r = catalogue.resolve(q.metric);
      if (!r.ok) {
        reasons.push(`${role}: ${r.reason}`);
        ok = false;
        continue;
      }
      let p = position.get(r.seriesId);
      if (p === undefined) {
        p = seriesIds.length;
        seriesIds.push(r.seriesId);
        position.set(r.seriesId, p);
      }
      index.set(q.id, p);
    }
    if (!ok) return null;
    try {
      const parsed = parseExpression(m.expression);
      return { fn: parsed.compile(index), text: parsed.canonical };
    } catch (err) {
      reasons.push(`${role}: ${(err as Error).message}`);
      return null;
    }
  };
  if (sli.kind === 'event-ratio') {
    const mode = sli.good !== undefined ? 'good' : 'bad';
    const num = compile((sli.good ?? sli.bad) as MetricMathDef, mode);
    const total = compile(sli.total, 'total');
    if (!num || !total) return { ok: false, reasons };
    const dataKey = `er|${mode}|${seriesIds.join(',')}|${num.text}|${total.text}`;
    const key = `er|${version}|${mode}|${seriesIds.join(',')}|${num.text}|${total.text}`;
    return { ok: true, plan: { key, dataKey, kind: 'event-ratio', seriesIds, numerator: { mode, math: num }, total, value: null, comparator: null, threshold: null } };
  }
  const value = compile(sli.value, 'value');
  if (!value) return { ok: false, reasons };
  const dataKey = `ts|${seriesIds.join(',')}|${value.text}|${sli.comparator}|${sli.threshold}`;
  const key = `ts|${version}|${seriesIds.join(',')}|${value.text}|${sli.comparator}|${sli.threshold}`;
  return { ok: true, plan: { key, dataKey, kind: 'time-slice', seriesIds, numerator: null, total: null, value, comparator: sli.comparator, threshold: sli.threshold } };
}

/** A human description of a metric-math definition, for the explain panel. */
export function describeMath(m: MetricMathDef): string {
  const only = m.queries[0];
  if (m.queries.length === 1 && only !== undefined && m.expression.trim() === only.id) return describeMetric(only.metric);
  return `${m.expression} where ${m.queries.map((q) => `${q.id} = ${describeMetric(q.metric)}`).join('; ')}`;
}

/** Range of epoch seconds every series of a plan has been fetched for: the watermarks' intersection. */
export interface Fetched {
  from: number;
  to: number;
}

interface CacheEntry {
  plan: SliPlan;
  step: number;
  from: number;
  to: number;
  buckets: SliBucket[];
  builtAt: number;
  usedAt: number;
  /** Blocks (start, s) of this range that cache.db holds as they are here, with the part [lo, hi) it holds. */
  kept: Map<number, [number, number]>;
  /** Ranges [lo, hi) (s) whose datapoints changed since the buckets were computed. */
  dirty: [number, number][];
}

function alignDown(t: number, step: number): number {
  return Math.floor(t / step) * step;
}
function alignUp(t: number, step: number): number {
  return Math.ceil(t / step) * step;
}

/** Index of the first bucket starting at or after `tMs`. */
function lowerBound(buckets: readonly SliBucket[], tMs: number): number {
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((buckets[mid] as SliBucket).t < tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Reads SLI buckets from the cache store, keeping settled ranges in memory and in cache.db. */
export class SliData {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly store: SliStore;
  private readonly settled: SliSettledStore | null;
  /** The change log has been applied to the entries in memory up to here (-1: not read yet). */
  private seenSeq = -1;
  /** Off after a failure of the kept-blocks table other than damage: evaluation goes on from the datapoints. */
  private persist: boolean;
  /**
   * The change log has been applied to cache.db's kept blocks up to `seenSeq`: false when the
   * write lock was busy (the sync's backfill writing). Kept blocks are not read until it is,
   * since some may predate a change; memory is repaired from the log either way.
   */
  private logApplied = false;

  constructor(
    readonly cache: CacheStore,
    private readonly clock: () => number = Date.now,
  ) {
    this.store = new SliStore(cache);
    this.settled = this.openSettled(cache);
    // A read-only connection cannot apply the change log, so it cannot trust kept blocks either.
    this.persist = this.settled?.writable ?? false;
  }

  /** The range all of the plan's series have been fetched for; null when one never was. */
  fetched(plan: SliPlan): Fetched | null {
    let from = -Infinity;
    let to = Infinity;
    for (const id of plan.seriesIds) {
      const w = this.store.watermark(id);
      if (!w) return null;
      from = Math.max(from, w.oldest);
      to = Math.min(to, w.newest);
    }
    return from < to ? { from, to } : null;
  }

  /** The kept-blocks table; only called while `persist` is on, which implies it opened. */
  private get keptBlocks(): SliSettledStore {
    return this.settled as SliSettledStore;
  }

  private openSettled(cache: CacheStore): SliSettledStore | null {
    try {
      return SliSettledStore.of(cache.db);
    } catch (err) {
      if (isCorruption(err)) throw err;
      console.warn(`SLI buckets are not kept in cache.db (${err instanceof Error ? err.message : String(err)}); evaluation reads the datapoints`);
      return null;
    }
  }

  /** Runs `fn` on the kept-blocks table; a failure that is not damage turns persistence off (damage is the cache's to handle). */
  private guarded<T>(fn: () => T, fallback: T): T {
    if (!this.persist) return fallback;
    try {
      return fn();
    } catch (err) {
      if (isCorruption(err)) throw err;
      this.persist = false;
      console.warn(`SLI buckets are no longer kept in cache.db (${err instanceof Error ? err.message : String(err)}); evaluation reads the datapoints`);
      return fallback;
    }
  }

  /**
   * Applies the store's change log: kept blocks overlapping a change are deleted from cache.db,
   * and the ranges are marked dirty in memory. Returns the log position the data is now at.
   */
  private syncChanges(): number {
    if (!this.persist) return this.seenSeq;
    return this.guarded(() => {
      const max = this.keptBlocks.maxSeq();
      if (max === this.seenSeq && this.logApplied) return max;
      // Busy: another connection (the sync worker's backfill) writes. That used to turn
      // persistence off for the worker's life, so nothing evaluated afterwards was kept.
      this.logApplied = this.keptBlocks.unlessBusy(() => (this.keptBlocks.applyLog(), true), false);
      if (this.seenSeq < 0 || this.entries.size === 0) {
        this.seenSeq = max;
        return max;
      }
      if (this.seenSeq < this.keptBlocks.state().pruned) {
        // The log was pruned past what this reader saw: it cannot tell what changed.
        this.entries.clear();
        this.seenSeq = max;
        return max;
      }
      const read = new Set<number>();
      for (const entry of this.entries.values()) for (const id of entry.plan.seriesIds) read.add(id);
      const changes = this.keptBlocks.changesSince(this.seenSeq, read);
      for (const c of changes) this.markDirty(c);
      this.seenSeq = Math.max(max, changes.length > 0 ? (changes[changes.length - 1] as DataChange).seq : max);
      return this.seenSeq;
    }, this.seenSeq);
  }

  private markDirty(c: DataChange): void {
    for (const entry of this.entries.values()) {
      if (!entry.plan.seriesIds.includes(c.seriesId)) continue;
      // A time slice's width depends on the next datapoint, up to an hour later.
      const lo = c.lo - LOOKBACK_S;
      if (c.hi <= entry.from || lo >= entry.to) continue;
      entry.dirty.push([lo, c.hi]);
    }
  }

  /**
   * Settled buckets for [a, b): what cache.db holds of it is read from there (unless `fresh`),
   * the rest computed from the datapoints. Returns the parts that were read, by block.
   */
  private settledRange(plan: SliPlan, a: number, b: number, step: number, fetched: Fetched, fresh: boolean): { buckets: SliBucket[]; loaded: Map<number, [number, number]> } {
    const loaded = new Map<number, [number, number]>();
    if (fresh) return { buckets: this.compute(plan, a, b, step, fetched), loaded };
    const now = this.clock();
    const rows = this.logApplied ? this.guarded(() => this.keptBlocks.unlessBusy(() => this.keptBlocks.load(plan.dataKey, step, alignDown(a, blockSpan(step)), b, now), []), []) : [];
    const parts: SliBucket[][] = [];
    let cursor = a;
    for (const row of rows) {
      if (!('buckets' in row) || now - row.builtAt > PERSISTED_TTL_MS) continue;
      const lo = Math.max(row.lo, cursor);
      const hi = Math.min(row.hi, b);
      if (hi <= lo) continue;
      if (lo > cursor) parts.push(this.compute(plan, cursor, lo, step, fetched));
      parts.push(lo === row.lo && hi === row.hi ? row.buckets : row.buckets.slice(lowerBound(row.buckets, lo * 1000), lowerBound(row.buckets, hi * 1000)));
      loaded.set(row.block, [row.lo, row.hi]);
      cursor = hi;
    }
    if (cursor < b) parts.push(this.compute(plan, cursor, b, step, fetched));
    return { buckets: parts.length === 1 ? (parts[0] as SliBucket[]) : ([] as SliBucket[]).concat(...parts), loaded };
  }

  /** Recomputes the dirty ranges of an entry in place. */
  private repair(entry: CacheEntry, fetched: Fetched): void {
    const ranges = entry.dirty.sort((x, y) => x[0] - y[0]);
    entry.dirty = [];
    let merged: [number, number] | null = null;
    const apply = (lo: number, hi: number): void => {
      const from = Math.max(entry.from, alignDown(lo, entry.step));
      const to = Math.min(entry.to, alignUp(hi, entry.step));
      if (to <= from) return;
      const i = lowerBound(entry.buckets, from * 1000);
      const j = lowerBound(entry.buckets, to * 1000);
      entry.buckets = entry.buckets.slice(0, i).concat(this.compute(entry.plan, from, to, entry.step, fetched), entry.buckets.slice(j));
      for (const block of entry.kept.keys()) if (block < to && block + blockSpan(entry.step) > from) entry.kept.delete(block);
    };
    for (const [lo, hi] of ranges) {
      if (merged !== null && lo <= merged[1]) merged[1] = Math.max(merged[1], hi);
      else {
        if (merged !== null) apply(merged[0], merged[1]);
        merged = [lo, hi];
      }
    }
    if (merged !== null) apply(merged[0], merged[1]);
  }

  /**
   * Writes the entry's blocks (the part of each inside [entry.from, keepTo)) that cache.db does
   * not hold yet, or holds less of by REKEEP_GROWTH_S or to the block's end.
   */
  private keep(entry: CacheEntry, keepTo: number, seq: number): void {
    if (!this.persist) return;
    const end = Math.min(entry.to, keepTo);
    const parts: BlockPart[] = [];
    const span = blockSpan(entry.step);
    for (let block = alignDown(entry.from, span); block < end; block += span) {
      const lo = Math.max(block, entry.from);
      const hi = Math.min(block + span, end);
      const held = entry.kept.get(block);
      if (held !== undefined && held[0] <= lo && (held[1] >= hi || (hi - held[1] < REKEEP_GROWTH_S && hi < block + span))) continue;
      parts.push({ block, lo, hi, buckets: entry.buckets.slice(lowerBound(entry.buckets, lo * 1000), lowerBound(entry.buckets, hi * 1000)) });
    }
    if (parts.length === 0) return;
    const now = this.clock();
    // Busy: not kept this time; the next evaluation tries again (entry.kept does not list them).
    if (this.guarded(() => this.keptBlocks.unlessBusy(() => this.keptBlocks.put(entry.plan.dataKey, entry.plan.seriesIds, entry.step, seq, parts, now), false), false)) {
      for (const p of parts) entry.kept.set(p.block, [p.lo, p.hi]);
    }
  }

  /**
   * Buckets of width `step` seconds (60 or 300) whose start lies in [fromSec, toSec), both
   * multiples of `step`. Settled parts come from memory, or from cache.db after a start.
   */
  buckets(plan: SliPlan, fromSec: number, toSec: number, step: number): SliBucket[] {
    if (toSec <= fromSec) return [];
    const seq = this.syncChanges();
    const fetched = this.fetched(plan);
    if (fetched === null) return plan.kind === 'event-ratio' ? [] : this.compute(plan, fromSec, toSec, step, null);
    const settledFrom = alignUp(fetched.from, step);
    const settledTo = alignDown(fetched.to - SETTLE_MARGIN_SEC, step);
    const a = Math.max(fromSec, settledFrom);
    const b = Math.min(toSec, settledTo);
    if (a >= b) return this.compute(plan, fromSec, toSec, step, fetched);

    const key = `${plan.key}|${step}`;
    const now = this.clock();
    this.prune(now);
    let entry = this.entries.get(key);
    const expired = entry !== undefined && now - entry.builtAt > SETTLED_TTL_MS + jitterMs(key);
    if (!entry || entry.to < a || entry.from > b || expired) {
      // Expired: recomputed from the datapoints and written over what cache.db holds.
      const { buckets, loaded } = this.settledRange(plan, a, b, step, fetched, expired);
      entry = { plan, step, from: a, to: b, buckets, builtAt: now, usedAt: now, kept: loaded, dirty: [] };
      this.entries.set(key, entry);
    } else {
      entry.usedAt = now;
      if (entry.dirty.length > 0) this.repair(entry, fetched);
      if (a < entry.from) {
        const head = this.settledRange(plan, a, entry.from, step, fetched, false);
        entry.buckets = head.buckets.concat(entry.buckets);
        for (const [block, part] of head.loaded) entry.kept.set(block, part);
        entry.from = a;
      }
      if (b > entry.to) {
        const tail = this.settledRange(plan, entry.to, b, step, fetched, false);
        entry.buckets = entry.buckets.concat(tail.buckets);
        for (const [block, part] of tail.loaded) entry.kept.set(block, part);
        entry.to = b;
      }
    }
    // A slice's width reads up to an hour past its block: keep only blocks whose hour after is settled too.
    this.keep(entry, plan.kind === 'time-slice' ? settledTo - LOOKBACK_S : settledTo, seq);
    const head = fromSec < a ? this.compute(plan, fromSec, a, step, fetched) : [];
    const mid = entry.buckets.slice(lowerBound(entry.buckets, a * 1000), lowerBound(entry.buckets, b * 1000));
    const tail = b < toSec ? this.compute(plan, b, toSec, step, fetched) : [];
    return head.length === 0 && tail.length === 0 ? mid : head.concat(mid, tail);
  }

  private prunedAt = 0;

  private prune(now: number): void {
    if (now - this.prunedAt < 10 * MINUTE_MS) return;
    this.prunedAt = now;
    for (const [key, entry] of this.entries) if (now - entry.usedAt > UNUSED_TTL_MS) this.entries.delete(key);
    this.guarded(
      () =>
        this.keptBlocks.unlessBusy(() => {
          // What is in use here stays kept, however long this process runs; the rest ages out.
          for (const entry of this.entries.values()) this.keptBlocks.touch(entry.plan.dataKey, entry.step, entry.from, entry.to, now);
          this.keptBlocks.dropUnused(now - PERSISTED_UNUSED_TTL_MS);
        }, undefined),
      undefined,
    );
  }

  /** Buckets for a short range read straight from the store (nothing kept). */
  uncached(plan: SliPlan, fromSec: number, toSec: number, step: number): SliBucket[] {
    if (toSec <= fromSec) return [];
    const fetched = this.fetched(plan);
    if (fetched === null && plan.kind === 'event-ratio') return [];
    return this.compute(plan, fromSec, toSec, step, fetched);
  }

  /** Drops kept buckets that start before `beforeSec` (the fine grid only needs recent days). */
  trim(plan: SliPlan, step: number, beforeSec: number): void {
    const entry = this.entries.get(`${plan.key}|${step}`);
    if (!entry || entry.from >= beforeSec) return;
    if (entry.to <= beforeSec) {
      this.entries.delete(`${plan.key}|${step}`);
      return;
    }
    entry.buckets = entry.buckets.slice(lowerBound(entry.buckets, beforeSec * 1000));
    entry.from = beforeSec;
  }

  private compute(plan: SliPlan, fromSec: number, toSec: number, step: number, fetched: Fetched | null): SliBucket[] {
    return plan.kind === 'event-ratio' ? this.eventBuckets(plan, fromSec, toSec, step, fetched as Fetched) : this.sliceBuckets(plan, fromSec, toSec, step, fetched);
  }

  private eventBuckets(plan: SliPlan, fromSec: number, toSec: number, step: number, fetched: Fetched): SliBucket[] {
    // Only buckets that start inside the fetched range exist; the last may be cut short by it.
    const lo = Math.max(fromSec, alignUp(fetched.from, step));
    const hi = Math.min(toSec, fetched.to);
    if (hi <= lo) return [];
    const slots = Math.ceil((hi - lo) / step);
    const n = plan.seriesIds.length;
    const sums = new Float64Array(slots * n);
    // Chunks and head merged (store/chunks.ts): one row per (series, bucket), never the points themselves.
    const rows = this.store.sumsBySlot(plan.seriesIds, lo, hi, step);
    const position = new Map(plan.seriesIds.map((id, i) => [id, i]));
    for (const [seriesId, slot, sum] of rows) sums[slot * n + (position.get(seriesId) as number)] = sum;
    const total = (plan.total as CompiledMath).fn;
    const numerator = plan.numerator as { mode: 'good' | 'bad'; math: CompiledMath };
    const out: SliBucket[] = new Array<SliBucket>(slots);
    for (let i = 0; i < slots; i++) {
      const start = lo + i * step;
      let t = total(sums, i * n);
      if (!(t >= 0) || !Number.isFinite(t)) t = 0;
      const num = numerator.math.fn(sums, i * n);
      let good = numerator.mode === 'good' ? num : t - num;
      // Noise can make a failure counter exceed its total in one interval: clamp, never invent good events.
      if (!(good >= 0)) good = 0;
      if (good > t) good = t;
      out[i] = { t: start * 1000, good, total: t, widthMs: Math.min(step, hi - start) * 1000 };
    }
    return out;
  }

  /** (t, value) of every datapoint interval in [fromSec, toSec); NaN = missing; with each slice's width. */
  sliceValues(plan: SliPlan, fromSec: number, toSec: number, fetched: Fetched | null = this.fetched(plan)): { ts: number[]; values: number[]; widths: number[] } {
    const n = plan.seriesIds.length;
    // Look an hour ahead: a lone datapoint on a 5-minute (hour) boundary with nothing in the
    // next five minutes (hour) is a 300 s (3600 s) datapoint — CloudWatch's retention after
    // 15 (63) days, or the cache's own downsampling under its size budget.
    const lookahead = toSec + LONGEST_PERIOD_SEC;
    const perSeries = plan.seriesIds.map((id) => this.store.pointRows(id, fromSec, lookahead));
    const idx = new Array<number>(n).fill(0);
    const ts: number[] = [];
    const values: number[] = [];
    const scratch = new Float64Array(n);
    const fn = (plan.value as CompiledMath).fn;
    for (;;) {
      let t = Infinity;
      for (let p = 0; p < n; p++) {
        const row = (perSeries[p] as [number, number][])[idx[p] as number];
        if (row !== undefined && row[0] < t) t = row[0];
      }
      if (t === Infinity) break;
      for (let p = 0; p < n; p++) {
        const rows = perSeries[p] as [number, number][];
        const row = rows[idx[p] as number];
        if (row !== undefined && row[0] === t) {
          scratch[p] = row[1];
          idx[p] = (idx[p] as number) + 1;
        } else {
          scratch[p] = NaN;
        }
      }
      ts.push(t);
      values.push(fn(scratch, 0));
    }
    const horizon = fetched === null ? -Infinity : fetched.to;
    const widths: number[] = [];
    let count = 0;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i] as number;
      if (t >= toSec) break;
      const next = ts[i + 1];
      let width = FINE_SEC;
      for (const period of COARSER_PERIODS_SEC) {
        if (t % period === 0 && (next === undefined || next >= t + period) && t + period <= horizon) {
          width = period;
          break;
        }
      }
      widths.push(width);
      count++;
    }
    ts.length = count;
    values.length = count;
    return { ts, values, widths };
  }

  private sliceBuckets(plan: SliPlan, fromSec: number, toSec: number, step: number, fetched: Fetched | null): SliBucket[] {
    const { ts, values, widths } = this.sliceValues(plan, fromSec, toSec, fetched);
    const comparator = plan.comparator as Comparator;
    const threshold = plan.threshold as number;
    const out: SliBucket[] = [];
    let slot = NaN;
    let current: SliBucket | null = null;
    for (let i = 0; i < ts.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) continue;
      const t = ts[i] as number;
      const width = widths[i] as number;
      const minutes = width / 60;
      const good = meetsThreshold(v, threshold, comparator) ? minutes : 0;
      if (step === FINE_SEC) {
        out.push({ t: t * 1000, good, total: minutes, widthMs: width * 1000 });
        continue;
      }
      // Coarse grid: one bucket per 5 minutes, as wide as the time actually measured in it.
      const s = alignDown(t, step);
      if (s !== slot || current === null) {
        current = { t: s * 1000, good: 0, total: 0, widthMs: 0 };
        out.push(current);
        slot = s;
      }
      current.good += good;
      current.total += minutes;
      current.widthMs += width * 1000;
    }
    return out;
  }
}
