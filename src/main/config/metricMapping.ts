// opsdeck.yaml `metrics:`: the dashboard metrics of an account that does not use the demo's
// names. Keyed by the dashboard's metric id (README, "Mapping your metrics"):
//
//   metrics:
//     orders: { namespace: Shop/Business, metric: Orders, dimensions: { Env: prod }, statistic: Average }
//     node-cpu: { namespace: ContainerInsights, metric: node_cpu_utilization, dimensions: { ClusterName: '*' }, statistic: Average }
import { z } from 'zod';
import { metricSlots, type MappedMetric } from '../domain/metrics/mapping';
import { ConfigError } from './yaml';
import { issueAt, type ConfigIssue, type YamlDoc } from './yamlSource';
import { STAT } from './sloSchema';

const Name = (what: string) =>
  z
    .string({ error: `expected the ${what} as text` })
    .min(1, 'must not be empty')
    .max(255, 'at most 255 characters (CloudWatch’s limit)');

export const MappedMetricSchema = z
  .object({
    namespace: Name('CloudWatch namespace').refine((v) => !v.includes('*'), { message: 'a namespace is one name, not a pattern' }),
    metric: Name('metric name').refine((v) => !v.includes('*'), { message: 'a metric name is one name, not a pattern' }),
    /** name → value; '*' matches every value (the dimension must still be on the metric). */
    dimensions: z
      .record(Name('dimension name'), z.string({ error: "expected the dimension's value as text, or '*' for every value" }).min(1, 'must not be empty').max(1024, 'at most 1,024 characters'))
      .default({})
      .refine((d) => Object.keys(d).length <= 30, { message: 'CloudWatch metrics have at most 30 dimensions' }),
    statistic: z.string({ error: 'expected a statistic' }).regex(STAT, { error: 'must be a statistic: Sum, Average, Minimum, Maximum, SampleCount or pNN (e.g. p95)' }),
  })
  .strict()
  .transform(
    (v): MappedMetric => ({
      namespace: v.namespace,
      metric: v.metric,
      dimensions: Object.entries(v.dimensions).map(([name, value]) => ({ name, value })),
      statistic: v.statistic,
    }),
  );

export const MetricMappingSchema = z.record(z.string(), MappedMetricSchema).default({});
export type MetricMapping = Record<string, MappedMetric>;

/**
 * What the schema cannot know: that each key is a dashboard metric id, and that a metric a
 * chart sums (a rate, an error ratio) is mapped with Sum. Every problem at its key's line.
 */
export function checkMetricMapping(doc: YamlDoc, mapping: MetricMapping): ConfigIssue[] {
  const slots = metricSlots();
  const known = [...slots.keys()];
  const issues: ConfigIssue[] = [];
  for (const [id, m] of Object.entries(mapping)) {
    const slot = slots.get(id);
    if (!slot) {
      const near = known.filter((k) => k.includes(id) || id.includes(k) || closeTo(k, id));
      issues.push(issueAt(doc, ['metrics'], `unknown dashboard metric id "${id}"${near.length ? ` — did you mean ${near.slice(0, 3).join(' or ')}?` : ''} (ids: ${known.join(', ')})`, id));
      continue;
    }
    if (slot.reads === 'counter' && m.statistic !== 'Sum') {
      issues.push(issueAt(doc, ['metrics', id, 'statistic'], `"${slot.chartTitle}" sums this metric per bucket (a count of requests or errors), so its statistic must be Sum, not ${m.statistic}`));
    }
  }
  return issues;
}

/** Throws the mapping's problems as one ConfigError (none: returns). */
export function assertMetricMapping(doc: YamlDoc, mapping: MetricMapping): void {
  const issues = checkMetricMapping(doc, mapping);
  if (issues.length) throw new ConfigError(issues);
}

/** Edit distance at most 2: "node_cpu" → "node-cpu". */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]! <= 2;
}
