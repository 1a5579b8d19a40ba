// The metrics API: one thin handler over the service (dispatch has validated the input).
import type { ApiContext } from '../api/context';
import type { Handlers } from '../api/dispatch';
import { MetricsService } from './service';
import { MetricsSummaryService } from './summary';

export function metricsHandlers(ctx: ApiContext): Pick<Handlers, 'metricsDashboard' | 'metricsSummary'> {
  const service = new MetricsService(ctx);
  const summary = new MetricsSummaryService(ctx);
  return {
    metricsDashboard: (input) => service.dashboard(input),
    metricsSummary: () => summary.summary(),
  };
}
