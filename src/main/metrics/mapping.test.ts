// An account whose metrics are not the demo's names (the simulator publishes some under other
// names), read through an opsdeck.yaml `metrics:` mapping: the sync collects the mapped
// statistic, the Metrics page's charts and the Overview's figures draw it, and an unmapped
// chart's hint names its id.
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsDashboard, MetricsSummary } from '@shared/contract/metrics';
import type { ApiContext } from '../api/context';
import { dispatch, type Handlers } from '../api/dispatch';
import { loadConfig } from '../config/sources';
import { writeConfigFile } from '../config/testing';
import { statsFor } from '../sync/collect';
import { dashboardsFor, mappedStatistics } from './dashboards';
import { syncedDemo, type SyncedDemo } from './fixtures/syncedDemo';
import { metricsHandlers } from './handlers';

const HOUR = 3_600_000;
// 10 minutes into the demo's scripted payment 5xx spike.
const NOW = Date.parse('2026-10-26T17:38:00Z');

// The account's own names for three of the demo's metrics.
const RENAMES = [
  { namespace: 'ECommerce/Services', metricName: 'RequestCount', as: { namespace: 'Shop/Api', metricName: 'Hits' } },
  { namespace: 'ContainerInsights', metricName: 'node_cpu_utilization', as: { namespace: 'Custom/K8s', metricName: 'cpu_pct' } },
  { namespace: 'ECommerce/Business', metricName: 'ConversionRate', as: { namespace: 'Shop/Sales', metricName: 'conversion' } },
];

const OPSDECK_YAML = `sources:
  - kind: demo
metrics:
  request-rate: { namespace: Shop/Api, metric: Hits, dimensions: { Service: '*' }, statistic: Sum }
  error-rate.requests: { namespace: Shop/Api, metric: Hits, dimensions: { Service: '*' }, statistic: Sum }
  node-cpu: { namespace: Custom/K8s, metric: cpu_pct, dimensions: { ClusterName: '*' }, statistic: Average }
`;

let demo: SyncedDemo;
let handlers: Handlers;

beforeAll(async () => {
  const { config } = loadConfig(writeConfigFile(OPSDECK_YAML), null);
  // What app.ts hands the sync for this config: the mapped statistics are wanted.
  demo = await syncedDemo({ prefix: 'opsdeck-metrics-mapping-', now: NOW, backfillMs: 3 * HOUR, simulator: { renames: RENAMES }, wantedStatistics: () => mappedStatistics(config.metrics) });
  const ctx = { cache: demo.cache, journal: demo.journal, now: () => NOW, sourceIds: ['demo'], dataVersion: () => 1, dashboards: dashboardsFor(config.metrics) } as unknown as ApiContext;
  handlers = metricsHandlers(ctx) as Handlers;
}, 300_000);

afterAll(async () => {
  await demo?.close();
});

async function call<T>(method: 'metricsDashboard' | 'metricsSummary', input: Record<string, unknown>): Promise<T> {
  const r = await dispatch(handlers, method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
}

const chartOf = (d: MetricsDashboard, id: string) => d.charts.find((c) => c.id === id)!;

describe('a metrics: mapping on an account with its own metric names', () => {
  it('the simulator lists the account’s names, not the demo’s', () => {
    const names = new Set(demo.cache.listSeries('demo').map((s) => `${s.namespace} ${s.metric}`));
    expect(names.has('Shop/Api Hits')).toBe(true);
    expect(names.has('ECommerce/Services RequestCount')).toBe(false);
    expect(names.has('Custom/K8s cpu_pct')).toBe(true);
    expect(names.has('ContainerInsights node_cpu_utilization')).toBe(false);
  });

  it('GetMetricData answers to the account’s name only, with the demo’s values', async () => {
    const query = (namespace: string, metric: string) => ({
      Id: `q${metric.length}`,
      MetricStat: { Metric: { Namespace: namespace, MetricName: metric, Dimensions: [{ Name: 'Service', Value: 'payment-service' }] }, Period: 60, Stat: 'Sum' },
    });
    const range = { StartTime: new Date(NOW - HOUR), EndTime: new Date(NOW) };
    const renamed = await demo.client.send(new GetMetricDataCommand({ ...range, MetricDataQueries: [query('Shop/Api', 'Hits')] }));
    expect(renamed.MetricDataResults?.[0]?.Values?.length).toBeGreaterThan(50);
    const old = await demo.client.send(new GetMetricDataCommand({ ...range, MetricDataQueries: [query('ECommerce/Services', 'RequestCount')] }));
    expect(old.MetricDataResults?.[0]?.Values ?? []).toEqual([]);
  });

  it('the sync collects the mapped statistic, which the name alone would not have chosen', () => {
    expect(statsFor({ namespace: 'Shop/Api', metric: 'Hits', dimensions: [] })).not.toContain('Sum');
    const hits = demo.cache.listSeries('demo').filter((s) => s.metric === 'Hits' && s.dimensions.length === 1);
    expect(new Set(hits.map((s) => s.stat))).toContain('Sum');
    expect(hits.filter((s) => s.stat === 'Sum').map((s) => s.dimensions[0]!.value).sort()).toEqual([
      'customer-service',
      'order-service',
      'payment-service',
      'product-service',
      'recommendation-service',
      'search-service',
    ]);
  });

  it('the mapped charts draw the account’s metrics, per service, and the error rate still shows the payment spike', async () => {
    const app = await call<MetricsDashboard>('metricsDashboard', { family: 'application', preset: '1h' });
    const requests = chartOf(app, 'request-rate');
    expect(requests.missing).toEqual([]);
    expect(requests.series.map((s) => s.label)).toContain('payment-service');
    for (const s of requests.series) expect(s.points.filter((p) => p[1] !== null && p[1] > 0).length, s.label).toBeGreaterThan(30);
    const errors = chartOf(app, 'error-rate');
    expect(errors.missing).toEqual([]);
    const peak = (label: string): number => Math.max(...errors.series.find((s) => s.label === label)!.points.map((p) => p[1] ?? 0));
    expect(peak('payment-service')).toBeGreaterThan(3 * peak('order-service'));
    const infra = await call<MetricsDashboard>('metricsDashboard', { family: 'infrastructure', preset: '1h' });
    const cpu = chartOf(infra, 'node-cpu');
    expect(cpu.missing).toEqual([]);
    expect(cpu.series).toHaveLength(1);
    expect(cpu.series[0]!.points.length).toBeGreaterThan(30);
  });

  it('the Overview’s figures read the mapped metrics too', async () => {
    const s = await call<MetricsSummary>('metricsSummary', {});
    const tile = (id: string) => s.tiles.find((t) => t.id === id)!;
    expect(tile('requests').missing).toBeNull();
    expect(tile('requests').value).toBeGreaterThan(0);
    expect(tile('cpu').missing).toBeNull();
    expect(tile('cpu').value).toBeGreaterThan(0);
    expect(tile('errors').worst?.label).toBe('payment-service');
  });

  it('a renamed metric left unmapped: the chart names what it looked for and the id to map it under', async () => {
    const biz = await call<MetricsDashboard>('metricsDashboard', { family: 'business', preset: '1h' });
    const conversion = chartOf(biz, 'conversion');
    expect(conversion.series).toEqual([]);
    expect(conversion.missing).toHaveLength(1);
    expect(conversion.missing[0]!.wanted).toBe('ECommerce/Business ConversionRate Average');
    expect(conversion.missing[0]!.hint).toContain('ECommerce/Business is collected but has no ConversionRate');
    expect(conversion.missing[0]!.hint).toContain("map it in opsdeck.yaml: metrics: { conversion: { namespace: <namespace>, metric: <name>, dimensions: { <name>: <value> }, statistic: Average } }");
    const s = await call<MetricsSummary>('metricsSummary', {});
    expect(s.tiles.find((t) => t.id === 'conversion')!.missing).toBe('ECommerce/Business ConversionRate Average');
  });
});
