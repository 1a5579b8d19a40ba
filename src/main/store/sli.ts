// cache.db reads of the SLO engine (slo/sliData.ts): watermarks, raw datapoints and
// per-bucket sums, as prepared statements. Sums are aggregated in SQL, one row per
// (series, bucket), never the points themselves.
import type { Statement } from 'better-sqlite3';
import type { CacheStore } from './cache';

/** Every statement of this module, for the store's prepare-everything test. */
export const SLI_SQL = {
  watermark: 'SELECT oldest, newest FROM watermarks WHERE series_id = ?',
  points: 'SELECT ts, value FROM points WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts',
  /** Sums per (series, bucket of `step` seconds from `lo`) over `n` series. */
  sums: (n: number): string =>
    `SELECT series_id, (ts - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS slot, total(value) FROM points
           WHERE series_id IN (${new Array<string>(n).fill('?').join(',')}) AND ts >= ? AND ts < ? GROUP BY series_id, slot`,
} as const;

export class SliStore {
  private readonly sumStmts = new Map<number, Statement<unknown[]>>();
  private readonly watermarkStmt;
  private readonly pointsStmt;

  constructor(private readonly cache: CacheStore) {
    this.watermarkStmt = cache.db.prepare(SLI_SQL.watermark);
    this.pointsStmt = cache.db.prepare(SLI_SQL.points).raw(true);
  }

  /** [oldest, newest) epoch seconds fetched for the series; undefined when it never was. */
  watermark(seriesId: number): { oldest: number; newest: number } | undefined {
    return this.watermarkStmt.get(seriesId) as { oldest: number; newest: number } | undefined;
  }

  /** (ts, value) rows of one series in [fromSec, toSec), oldest first. */
  pointRows(seriesId: number, fromSec: number, toSec: number): [number, number][] {
    return this.pointsStmt.all(seriesId, fromSec, toSec) as [number, number][];
  }

  /** (seriesId, slot, sum) for buckets of `step` seconds starting at `lo`, over [lo, hi). */
  sumsBySlot(seriesIds: readonly number[], lo: number, hi: number, step: number): [number, number, number][] {
    const n = seriesIds.length;
    let stmt = this.sumStmts.get(n);
    if (!stmt) {
      stmt = this.cache.db.prepare(SLI_SQL.sums(n)).raw(true) as Statement<unknown[]>;
      this.sumStmts.set(n, stmt);
    }
    return stmt.all(lo, step, ...seriesIds, lo, hi) as [number, number, number][];
  }
}
