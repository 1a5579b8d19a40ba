import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSloConfig } from './sloFiles';
import { formatIssue } from './yamlSource';

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-openslo-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const RATIO_SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  service: payment-service
  description: Checkouts that complete
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Good checkouts
      target: 0.999
  indicator:
    metadata:
      name: checkout-ratio
    spec:
      ratioMetric:
        counter: false
        good:
          metricSource:
            type: CloudWatch
            spec:
              region: us-east-1
              namespace: ECommerce/Payments
              metricName: Transactions
              stat: Sum
        total:
          metricSource:
            type: CloudWatch
            spec:
              namespace: ECommerce/Payments
              metricName: Transactions
              stat: SampleCount
`;

function only(dir: string) {
  const c = loadSloConfig(dir);
  return { c, added: c.slos.filter((s) => s.origin.kind === 'openslo') };
}

describe('OpenSLO v1 import', () => {
  it('ratioMetric good/total with Occurrences → an event-ratio SLO; target 0.999 → 99.9 %', () => {
    const dir = dirWith({ 'checkout.yaml': RATIO_SLO });
    const { c, added } = only(dir);
    expect(c.errors).toEqual([]);
    expect(added).toHaveLength(1);
    const s = added[0]!;
    expect(s).toMatchObject({ id: 'checkout-availability', name: 'Checkout availability', service: 'payment-service', targetPct: 99.9, window: { kind: 'rolling', ms: 28 * 86_400_000 }, description: 'Checkouts that complete' });
    expect(s.sli).toEqual({
      kind: 'event-ratio',
      good: { queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Payments', metric: 'Transactions', dimensions: [], stat: 'Sum' } }], expression: 'm1' },
      total: { queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Payments', metric: 'Transactions', dimensions: [], stat: 'SampleCount' } }], expression: 'm1' },
      eventUnit: 'events',
    });
    expect(s.origin).toEqual({ kind: 'openslo', file: join(dir, 'checkout.yaml'), line: 1, column: 1 });
    expect(c.files[0]?.format).toBe('openslo');
  });

  it('bad/total through indicatorRef to an SLI in another file, with dimensions and a calendar month', () => {
    const dir = dirWith({
      'sli.yaml': `apiVersion: openslo/v1
kind: SLI
metadata:
  name: order-5xx
spec:
  ratioMetric:
    bad:
      metricSource:
        type: CloudWatch
        spec: { namespace: ECommerce/Services, metricName: Http5xxCount, stat: Sum, dimensions: [{ name: Service, value: order-service }] }
    total:
      metricSource:
        type: CloudWatch
        spec: { namespace: ECommerce/Services, metricName: RequestCount, stat: Sum, dimensions: [{ name: Service, value: order-service }] }
`,
      'slo.yaml': `apiVersion: openslo/v1
kind: SLO
metadata: { name: orders-monthly }
spec:
  budgetingMethod: Occurrences
  indicatorRef: order-5xx
  timeWindow:
    - duration: 1M
      calendar: { startTime: '2024-01-01 00:00:00', timeZone: America/New_York }
  objectives:
    - targetPercent: 99.9
`,
    });
    const { c, added } = only(dir);
    expect(c.errors).toEqual([]);
    expect(added[0]).toMatchObject({ id: 'orders-monthly', targetPct: 99.9, window: { kind: 'calendar', unit: 'month', zone: 'America/New_York' } });
    expect(added[0]!.sli).toMatchObject({ kind: 'event-ratio', bad: { queries: [{ metric: { metric: 'Http5xxCount', dimensions: [{ name: 'Service', value: 'order-service' }] } }] } });
  });

  it('thresholdMetric with Timeslices → a time-slice SLO; a 1-minute slice over 30 days says which resolution serves the older part', () => {
    const dir = dirWith({
      'latency.yaml': `apiVersion: openslo/v1
kind: SLO
metadata: { name: search-latency }
spec:
  service: search-service
  budgetingMethod: Timeslices
  timeWindow: [{ duration: 30d, isRolling: true }]
  objectives:
    - op: lt
      value: 800
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
  indicator:
    metadata: { name: search-p95 }
    spec:
      thresholdMetric:
        metricSource:
          type: CloudWatch
          spec: { namespace: ECommerce/Services, metricName: Latency, stat: p95, dimensions: [{ name: Service, value: search-service }] }
`,
    });
    const { c, added } = only(dir);
    expect(c.errors).toEqual([]);
    expect(added[0]).toMatchObject({ id: 'search-latency', category: 'performance', targetPct: 99, resolutionSeconds: 60, sli: { kind: 'time-slice', comparator: 'lt', threshold: 800 } });
    expect(c.notes.map(formatIssue)).toEqual([
      `${join(dir, 'latency.yaml')}:13:24: spec.objectives[0].timeSliceWindow: CloudWatch keeps 60 s (1 min) data for 15 days only: the part of this 30 days window older than that is evaluated at 300 s (5 min) resolution`,
    ]);
  });

  it('json MetricDataQueries become metric math (expressions may build on expressions)', () => {
    const json = JSON.stringify([
      { Id: 'a', MetricStat: { Metric: { Namespace: 'ECommerce/Services', MetricName: 'Http5xxCount', Dimensions: [{ Name: 'Service', Value: 'order-service' }] }, Stat: 'Sum' }, ReturnData: false },
      { Id: 'b', MetricStat: { Metric: { Namespace: 'ECommerce/Services', MetricName: 'Http5xxCount', Dimensions: [{ Name: 'Service', Value: 'payment-service' }] }, Stat: 'Sum' }, ReturnData: false },
      { Id: 'c', MetricStat: { Metric: { Namespace: 'ECommerce/Services', MetricName: 'Http4xxCount', Dimensions: [{ Name: 'Service', Value: 'order-service' }] }, Stat: 'Sum' }, ReturnData: false },
      { Id: 'e1', Expression: 'a + b', ReturnData: false },
      { Id: 'e2', Expression: 'e1 + c', ReturnData: true },
    ]);
    const text = RATIO_SLO.replace(
      /good:\n {10}metricSource:\n {12}type: CloudWatch\n {12}spec:\n(?: {14}.*\n)+?(?= {8}total)/,
      `bad:\n          metricSource:\n            type: CloudWatch\n            spec:\n              json: '${json}'\n`,
    );
    const { c, added } = only(dirWith({ 'x.yaml': text }));
    expect(c.errors).toEqual([]);
    const sli = added[0]!.sli;
    expect(sli.kind === 'event-ratio' && sli.bad?.expression).toBe('((a + b) + c)');
    expect(sli.kind === 'event-ratio' && sli.bad?.queries.map((q) => q.id)).toEqual(['a', 'b', 'c']);
  });

  it('ratioMetric with Timeslices → slices of good ÷ total ≥ timeSliceTarget', () => {
    const text = RATIO_SLO.replace('budgetingMethod: Occurrences', 'budgetingMethod: Timeslices').replace('      target: 0.999', '      target: 0.99\n      timeSliceTarget: 0.995\n      timeSliceWindow: 5');
    const { c, added } = only(dirWith({ 'x.yaml': text }));
    expect(c.errors).toEqual([]);
    expect(added[0]!.sli).toMatchObject({ kind: 'time-slice', comparator: 'gte', threshold: 0.995, value: { expression: '(a_m1) / (b_m1)' } });
    expect(added[0]!.resolutionSeconds).toBe(300);
  });

  it('several objectives → one SLO each', () => {
    const text = RATIO_SLO.replace('    - displayName: Good checkouts\n      target: 0.999', '    - displayName: Tight\n      target: 0.999\n    - displayName: Loose\n      target: 0.99');
    const { added } = only(dirWith({ 'x.yaml': text }));
    expect(added.map((s) => [s.id, s.name, s.targetPct])).toEqual([
      ['checkout-availability-1', 'Checkout availability — Tight', 99.9],
      ['checkout-availability-2', 'Checkout availability — Loose', 99],
    ]);
  });

  it('bad input is named at file:line:column and the SLO skipped; the rest keeps working', () => {
    const dir = dirWith({
      'a.yaml': RATIO_SLO.replace('target: 0.999', 'target: 1.5'),
      'b.yaml': RATIO_SLO.replace('metricName: Transactions\n              stat: Sum', 'sql: SELECT SUM(Transactions) FROM SCHEMA("ECommerce/Payments")').replace('checkout-availability', 'other'),
      'c.yaml': RATIO_SLO.replace('duration: 28d\n      isRolling: true', "duration: 2M\n      calendar: { timeZone: UTC }").replace('checkout-availability', 'third'),
      'd.yaml': `apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: dangling }\nspec:\n  budgetingMethod: Occurrences\n  indicatorRef: nope\n  objectives: [{ target: 0.9 }]\n`,
      'e.yaml': `apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: method }\nspec:\n  budgetingMethod: Sometimes\n  objectives: [{ target: 0.9 }]\n`,
      'ok.yaml': RATIO_SLO.replace('checkout-availability', 'fine'),
    });
    const { c, added } = only(dir);
    const f = (n: string): string => join(dir, n);
    expect(c.errors.map(formatIssue)).toEqual([
      `${f('a.yaml')}:15:15: spec.objectives[0].target: must be greater than 0 and less than 1 (e.g. 0.999), got 1.5`,
      `${f('b.yaml')}:28:20: spec.indicator.spec.ratioMetric.good.metricSource.spec.sql: Metrics Insights SQL is not supported; give namespace, metricName, stat and dimensions, or json MetricDataQueries`,
      `${f('c.yaml')}:11:17: spec.timeWindow[0].duration: calendar windows are a month (1M) or a week (1w), got "2M"`,
      `${f('d.yaml')}:6:17: spec.indicatorRef: no SLI named 'nope' in the SLO directory`,
      `${f('e.yaml')}:5:20: spec.budgetingMethod: must be Occurrences, Timeslices or RatioTimeslices`,
    ]);
    expect(added.map((s) => s.id)).toEqual(['fine']);
    expect(c.slos).toHaveLength(16);
  });

  it('ignores other OpenSLO kinds (DataSource, Service) without complaint', () => {
    const dir = dirWith({ 'ds.yaml': 'apiVersion: openslo/v1\nkind: DataSource\nmetadata: { name: cw }\nspec: { type: CloudWatch, connectionDetails: {} }\n' });
    const c = loadSloConfig(dir);
    expect(c.errors).toEqual([]);
    expect(c.slos).toHaveLength(15);
  });
});

describe('OpenSLO documents Opsdeck does not use', () => {
  it('an AlertPolicy (or DataSource) is listed as ignored at its kind line, not silently dropped', () => {
    const dir = dirWith({
      'policies.yaml': `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: page-on-fast-burn
spec:
  conditions: []
---
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: cloudwatch
spec:
  type: cloudWatch
`,
    });
    const c = loadSloConfig(dir);
    expect(c.errors).toEqual([]);
    const file = join(dir, 'policies.yaml');
    expect(c.notes.map(formatIssue)).toEqual([
      `${file}:2:7: kind: OpenSLO AlertPolicy 'page-on-fast-burn' is not used by Opsdeck and was ignored (Opsdeck reads kind SLO and SLI; alerting uses its burn-rate rules)`,
      `${file}:9:7: kind: OpenSLO DataSource 'cloudwatch' is not used by Opsdeck and was ignored (Opsdeck reads kind SLO and SLI; alerting uses its burn-rate rules)`,
    ]);
  });
});
