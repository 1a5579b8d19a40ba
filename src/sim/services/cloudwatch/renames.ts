// An account whose metrics are not the demo's names: the same platform, but some metrics
// published under another namespace and name (dimensions kept), as a real account's own
// conventions would have them. ListMetrics lists the new names only and GetMetricData answers
// to them only, so a test can drive Opsdeck's metric mapping (opsdeck.yaml `metrics:`).
import type { MetricId } from '../../platform/model';

export interface MetricRename {
  namespace: string;
  metricName: string;
  as: { namespace: string; metricName: string };
}

/** The name the account publishes a demo metric under. */
export function publishedAs(m: MetricId, renames: readonly MetricRename[]): MetricId {
  const r = renames.find((x) => x.namespace === m.namespace && x.metricName === m.metricName);
  return r ? { namespace: r.as.namespace, metricName: r.as.metricName, dimensions: m.dimensions } : m;
}

/** The demo metric behind a name the account publishes; null for a demo name that was renamed away. */
export function demoMetricOf(m: MetricId, renames: readonly MetricRename[]): MetricId | null {
  const to = renames.find((x) => x.as.namespace === m.namespace && x.as.metricName === m.metricName);
  if (to) return { namespace: to.namespace, metricName: to.metricName, dimensions: m.dimensions };
  return renames.some((x) => x.namespace === m.namespace && x.metricName === m.metricName) ? null : m;
}

/** Checks a rename list from the simulator's options. */
export function checkRenames(renames: unknown): readonly MetricRename[] {
  if (renames === undefined) return [];
  const ok = (s: unknown): s is string => typeof s === 'string' && s.length > 0 && s.length <= 255;
  if (!Array.isArray(renames) || !renames.every((r) => r && ok(r.namespace) && ok(r.metricName) && r.as && ok(r.as.namespace) && ok(r.as.metricName))) {
    throw new TypeError('startSimulator: renames must be a list of { namespace, metricName, as: { namespace, metricName } }');
  }
  return renames as MetricRename[];
}
