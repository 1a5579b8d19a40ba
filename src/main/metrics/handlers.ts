// The metrics API: thin handlers over the services (dispatch has validated the input). With a
// metric-read worker (the app) they run there, and this thread only keeps the answers.
import type { MetricsDashboard, MetricsSummary } from '@shared/contract/metrics';
import type { ApiContext } from '../api/context';
import type { Handlers } from '../api/dispatch';
import type { MetricReads } from './reads';
import { dashboardKey, MetricsService } from './service';
import { MetricsSummaryService, summaryKey } from './summary';

/** Dashboard answers kept on this thread, newest last (as many as the service keeps). */
const DASHBOARD_MEMO_SIZE = 8;

export function metricsHandlers(ctx: ApiContext): Pick<Handlers, 'metricsDashboard' | 'metricsSummary'> {
  if (ctx.metricReads) return offThread(ctx, ctx.metricReads);
  const service = new MetricsService(ctx);
  const summary = new MetricsSummaryService(ctx);
  return {
    metricsDashboard: (input) => service.dashboard(input),
    metricsSummary: () => summary.summary(),
  };
}

/**
 * The worker's answers, memoised here by the same keys as the services' own memos (data
 * version and minute): a poll with nothing changed is answered without a thread hop, and one
 * frozen answer is validated and serialised once for all of them (dispatch, serve.ts).
 * Concurrent equal calls share one; a failed one is not kept.
 */
function offThread(ctx: Pick<ApiContext, 'now' | 'dataVersion'>, reads: MetricReads): Pick<Handlers, 'metricsDashboard' | 'metricsSummary'> {
  let summary: { key: string; answer: Promise<MetricsSummary> } | null = null;
  const dashboards = new Map<string, Promise<MetricsDashboard>>();
  return {
    metricsSummary: () => {
      const now = ctx.now();
      const version = ctx.dataVersion();
      const key = summaryKey(version, now);
      if (summary?.key === key) return summary.answer;
      const entry = { key, answer: reads.summary(now, version).then((a) => Object.freeze(a)) };
      summary = entry;
      entry.answer.catch(() => {
        if (summary === entry) summary = null;
      });
      return entry.answer;
    },
    metricsDashboard: (input) => {
      const now = ctx.now();
      const version = ctx.dataVersion();
      const key = dashboardKey(input, version, now);
      const hit = dashboards.get(key);
      if (hit) return hit;
      const answer = reads.dashboard(input, now, version).then((a) => Object.freeze(a));
      dashboards.set(key, answer);
      answer.catch(() => {
        if (dashboards.get(key) === answer) dashboards.delete(key);
      });
      if (dashboards.size > DASHBOARD_MEMO_SIZE) dashboards.delete(dashboards.keys().next().value!);
      return answer;
    },
  };
}
