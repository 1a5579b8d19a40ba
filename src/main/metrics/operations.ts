// The metric-read worker's operations (see reads.ts), over its own connections.
import type { Db } from '../store/db';
import type { CacheStore } from '../store/cache';
import type { MetricReadMethods, MetricReadsData } from './reads';
import { MetricsService } from './service';
import { MetricsSummaryService } from './summary';

/**
 * The operations over one cache connection and one journal connection (incident marks on the
 * charts). Each call sets the clock and data version the services read, synchronously before
 * they read them: concurrent calls each see their own.
 */
export function metricReadOperations(cache: CacheStore, journalDb: Db, o: Pick<MetricReadsData, 'sourceIds' | 'dashboards'>): MetricReadMethods {
  let now = 0;
  let version = 0;
  const ctx = { cache, journal: { db: journalDb }, now: () => now, sourceIds: o.sourceIds, dataVersion: () => version, ...(o.dashboards ? { dashboards: o.dashboards } : {}) };
  const dashboards = new MetricsService(ctx);
  const summary = new MetricsSummaryService(ctx);
  return {
    summary: async (at, dataVersion) => {
      now = at;
      version = dataVersion;
      return summary.summary();
    },
    dashboard: (input, at, dataVersion) => {
      now = at;
      version = dataVersion;
      return dashboards.dashboard(input);
    },
  };
}
