// The dashboards the app serves: the built-in charts, with opsdeck.yaml `metrics:` applied.
export type { Dashboards } from '../domain/metrics/dashboards';
