// Keeping cache.db within its size budget by downsampling old data — coarser, never gone:
// losing resolution on last month is better than losing last month.
import type { CacheStore } from './cache';
import { DAY_S } from '@shared/lib/timeUnits';
import { chunksOf } from './chunks';
import { MAX_ABS_TIMESTAMP } from '../domain/tsdb/gorilla';


/** How a statistic survives aggregation into coarser buckets. */
function aggregateFor(stat: string): 'sum' | 'avg' | 'max' | 'min' {
  if (stat === 'Sum' || stat === 'SampleCount') return 'sum';
  if (stat === 'Minimum') return 'min';
  // Maximum, and percentiles: the max of sub-period percentiles is an upper bound — the
  // safe side for latency SLOs (it can only make a period look worse, never hide a breach).
  if (stat === 'Maximum' || /^p\d/.test(stat)) return 'max';
  return 'avg';
}

/** Bytes in use (free pages inside the file are reused by SQLite, so they do not count). */
export function liveBytes(cache: CacheStore): number {
  const pageSize = cache.db.pragma('page_size', { simple: true }) as number;
  const pages = cache.db.pragma('page_count', { simple: true }) as number;
  const free = cache.db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

/** The steps, gentlest first: [older than (days), to period (s)]. Mirrors CloudWatch's own roll-up. */
export const DOWNSAMPLE_STEPS: readonly [number, number][] = [
  [15, 300],
  [63, 3600],
  [7, 300],
  [15, 3600],
  [2, 3600],
];

/** Combines values that fall in one bucket, as the statistic survives aggregation. */
function combine(agg: 'sum' | 'avg' | 'max' | 'min', values: readonly number[]): number {
  if (agg === 'max') return Math.max(...values);
  if (agg === 'min') return Math.min(...values);
  let sum = 0;
  for (const v of values) sum += v;
  return agg === 'sum' ? sum : sum / values.length;
}

/** Aggregates every series' points older than `cutoff` (epoch s) into `period`-second buckets. */
export function downsampleOlderThan(cache: CacheStore, cutoff: number, period: number): number {
  const db = cache.db;
  const chunks = chunksOf(db);
  let rewritten = 0;
  const series = db.prepare('SELECT id, stat FROM series').all() as { id: number; stat: string }[];
  for (const s of series) {
    // Head rows and chunks alike (store/chunks.ts).
    const rows = chunks.readRange(s.id, -MAX_ABS_TIMESTAMP, cutoff);
    // Only series that still hold finer data than `period` before the cutoff are rewritten.
    if (!rows.some(([ts]) => ts % period !== 0)) continue;
    const agg = aggregateFor(s.stat);
    const out: [number, number][] = [];
    let bucket: number[] = [];
    let bucketStart = NaN;
    for (const [ts, value] of rows) {
      const b = Math.floor(ts / period) * period;
      if (b !== bucketStart && bucket.length > 0) {
        out.push([bucketStart, combine(agg, bucket)]);
        bucket = [];
      }
      bucketStart = b;
      bucket.push(value);
    }
    if (bucket.length > 0) out.push([bucketStart, combine(agg, bucket)]);
    // One transaction per series: a crash leaves each series either old or new, never half.
    chunks.replaceBefore(s.id, cutoff, out);
    rewritten += out.length;
  }
  return rewritten;
}

/**
 * Brings the cache under `budgetBytes` by downsampling, gentlest step first; stops as soon
 * as it fits. Returns what it did, for the Sources page.
 */
export function enforceCacheBudget(cache: CacheStore, budgetBytes: number, nowSec: number): { before: number; after: number; steps: string[] } {
  const before = liveBytes(cache);
  const steps: string[] = [];
  for (const [days, period] of DOWNSAMPLE_STEPS) {
    if (liveBytes(cache) <= budgetBytes) break;
    const n = downsampleOlderThan(cache, nowSec - days * DAY_S, period);
    if (n > 0) steps.push(`data older than ${days} d kept at ${period / 60} min resolution`);
  }
  return { before, after: liveBytes(cache), steps };
}
