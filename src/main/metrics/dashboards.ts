// The dashboards the app serves: the built-in charts, with opsdeck.yaml `metrics:` applied.
import { DASHBOARDS, type Dashboards } from '../domain/metrics/dashboards';
import { applyMapping, type MappedMetric } from '../domain/metrics/mapping';

export type { Dashboards } from '../domain/metrics/dashboards';
export { mappedStatistics } from '../domain/metrics/mapping';

export function dashboardsFor(mapping: Readonly<Record<string, MappedMetric>>): Dashboards {
  return applyMapping(DASHBOARDS, mapping);
}
