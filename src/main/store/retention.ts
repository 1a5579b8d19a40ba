// Keeping cache.db within its size budget by downsampling old data — coarser, never gone:
// losing resolution on last month is better than losing last month.
import type { Statement } from 'better-sqlite3';
import type { CacheStore } from './cache';
import { DAY_S } from '@shared/lib/timeUnits';


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

/** Aggregates every series' points older than `cutoff` (epoch s) into `period`-second buckets. */
export function downsampleOlderThan(cache: CacheStore, cutoff: number, period: number): number {
  const db = cache.db;
  let rewritten = 0;
  const series = db.prepare('SELECT id, stat FROM series').all() as { id: number; stat: string }[];
  db.exec('CREATE TEMP TABLE IF NOT EXISTS downsampled (ts INTEGER PRIMARY KEY, value REAL) WITHOUT ROWID');
  const finer = db.prepare(`SELECT 1 FROM points WHERE series_id = ? AND ts < ? AND ts % ${period} <> 0 LIMIT 1`).pluck();
  const clear = db.prepare('DELETE FROM downsampled');
  const remove = db.prepare('DELETE FROM points WHERE series_id = ? AND ts < ?');
  const restore = db.prepare('INSERT INTO points (series_id, ts, value) SELECT ?, ts, value FROM downsampled');
  const aggregate = new Map<string, Statement<[number, number]>>();
  for (const s of series) {
    // Only series that still hold finer data than `period` before the cutoff are rewritten.
    if (!finer.get(s.id, cutoff)) continue;
    const agg = aggregateFor(s.stat);
    let stmt = aggregate.get(agg);
    if (!stmt) {
      stmt = db.prepare<[number, number]>(
        `INSERT INTO downsampled SELECT (ts / ${period}) * ${period}, ${agg}(value) FROM points WHERE series_id = ? AND ts < ? GROUP BY ts / ${period}`,
      );
      aggregate.set(agg, stmt);
    }
    const write = stmt;
    // One transaction per series: a crash leaves each series either old or new, never half.
    db.transaction(() => {
      clear.run();
      rewritten += write.run(s.id, cutoff).changes;
      remove.run(s.id, cutoff);
      restore.run(s.id);
    })();
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
