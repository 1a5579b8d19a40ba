// cache.db reads of the SLO engine (slo/sliData.ts): watermarks, raw datapoints and
// per-bucket sums. Datapoints live in compressed chunks plus the recent row "head"
// (store/chunks.ts), so points and sums are read through it, merged in time order.
import type { CacheStore } from './cache';
import { chunksOf, sumsBySlot } from './chunks';

/** Every statement of this module, for the store's prepare-everything test. */
export const SLI_SQL = {
  watermark: 'SELECT oldest, newest FROM watermarks WHERE series_id = ?',
} as const;

export class SliStore {
  private readonly watermarkStmt;

  constructor(private readonly cache: CacheStore) {
    this.watermarkStmt = cache.db.prepare(SLI_SQL.watermark);
  }

  /** [oldest, newest) epoch seconds fetched for the series; undefined when it never was. */
  watermark(seriesId: number): { oldest: number; newest: number } | undefined {
    return this.watermarkStmt.get(seriesId) as { oldest: number; newest: number } | undefined;
  }

  /** (ts, value) rows of one series in [fromSec, toSec), oldest first. */
  pointRows(seriesId: number, fromSec: number, toSec: number): [number, number][] {
    return chunksOf(this.cache.db).readRange(seriesId, fromSec, toSec);
  }

  /** (seriesId, slot, sum) for buckets of `step` seconds starting at `lo`, over [lo, hi). */
  sumsBySlot(seriesIds: readonly number[], lo: number, hi: number, step: number): [number, number, number][] {
    return sumsBySlot(this.cache.db, seriesIds, lo, step, hi);
  }
}
