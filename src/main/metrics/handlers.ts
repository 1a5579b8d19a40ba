// The metrics API: one thin handler over the service (dispatch has validated the input).
import type { ApiContext } from '../api/context';
import type { Handlers } from '../api/dispatch';
import { MetricsService } from './service';

export function metricsHandlers(ctx: ApiContext): Pick<Handlers, 'metricsDashboard'> {
  const service = new MetricsService(ctx);
  return {
    metricsDashboard: (input) => service.dashboard(input),
  };
}
