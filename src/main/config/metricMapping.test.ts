// opsdeck.yaml `metrics:` — dashboard metrics under an account's own names; mistakes at
// file:line:column with the field, unknown ids named with the ones that exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS, specMatches } from '../domain/metrics/dashboards';
import { applyMapping, metricSlots } from '../domain/metrics/mapping';
import { loadConfig } from './sources';
import { thrownMessage, writeConfigFile } from './testing';


const HEAD = 'sources:\n  - kind: demo\nmetrics:\n';

describe('opsdeck.yaml metrics', () => {
  it('without the section nothing is mapped', () => {
    expect(loadConfig('/nonexistent/opsdeck.yaml', null).config.metrics).toEqual({});
    expect(loadConfig(writeConfigFile('sources:\n  - kind: demo\n'), null).config.metrics).toEqual({});
  });

  it('reads a mapping: dimensions as name → value, none when left out', () => {
    const file = writeConfigFile(
      `${HEAD}  orders:\n    namespace: Shop/Business\n    metric: Orders\n    dimensions: { Env: prod }\n    statistic: Average\n` +
        `  node-cpu: { namespace: Custom/K8s, metric: cpu_pct, dimensions: { Cluster: '*' }, statistic: p90 }\n` +
        `  error-rate.requests: { namespace: Shop/Api, metric: Requests, statistic: Sum }\n`,
    );
    expect(loadConfig(file, null).config.metrics).toEqual({
      orders: { namespace: 'Shop/Business', metric: 'Orders', dimensions: [{ name: 'Env', value: 'prod' }], statistic: 'Average' },
      'node-cpu': { namespace: 'Custom/K8s', metric: 'cpu_pct', dimensions: [{ name: 'Cluster', value: '*' }], statistic: 'p90' },
      'error-rate.requests': { namespace: 'Shop/Api', metric: 'Requests', dimensions: [], statistic: 'Sum' },
    });
  });

  it('an unknown metric id is named at its key, with the nearest ids', () => {
    const file = writeConfigFile(`${HEAD}  orders:\n    namespace: Shop/Business\n    metric: Orders\n    statistic: Average\n  node_cpu:\n    namespace: X\n    metric: Y\n    statistic: Average\n`);
    const msg = thrownMessage(() => loadConfig(file, null));
    expect(msg).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:3: metrics\\.node_cpu: unknown dashboard metric id "node_cpu" — did you mean node-cpu\\?`));
    expect(msg).toContain('(ids: orders, revenue, active-users, conversion, cart-abandonment, request-rate, error-rate.requests, error-rate.4xx, error-rate.5xx,');
  });

  it('bad fields: each at its own line and column, naming the field', () => {
    const file = writeConfigFile(
      `${HEAD}  orders:\n    namespace: Shop/*\n    metric: Orders\n    statistic: mean\n    dimension: { Env: prod }\n` + `  revenue:\n    namespace: Shop\n    dimensions: { Env: 3 }\n    statistic: Sum\n`,
    );
    const lines = thrownMessage(() => loadConfig(file, null)).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `${file}:5:16: metrics.orders.namespace: a namespace is one name, not a pattern`,
        `${file}:7:16: metrics.orders.statistic: must be a statistic: Sum, Average, Minimum, Maximum, SampleCount or pNN (e.g. p95)`,
        `${file}:8:5: metrics.orders.dimension: unknown key "dimension"`,
        `${file}:10:5: metrics.revenue.metric: expected the metric name as text`,
        `${file}:11:24: metrics.revenue.dimensions.Env: expected the dimension's value as text, or '*' for every value`,
      ]),
    );
  });

  it('a metric a chart sums must be mapped with Sum', () => {
    const file = writeConfigFile(`${HEAD}  request-rate:\n    namespace: Shop/Api\n    metric: Requests\n    dimensions: { Service: '*' }\n    statistic: Average\n`);
    expect(thrownMessage(() => loadConfig(file, null))).toBe(
      `${file}:8:16: metrics.request-rate.statistic: "Request rate, per service" sums this metric per bucket (a count of requests or errors), so its statistic must be Sum, not Average`,
    );
  });

  it('the README lists every id, so a user can find the one a chart reads', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Mapping your metrics'), readme.indexOf('## SLOs'));
    const listed = [...section.matchAll(/`([a-z0-9.-]+)`/g)].map((m) => m[1]);
    for (const id of metricSlots().keys()) expect(listed, id).toContain(id);
  });

  it('every match of the built-in dashboards has an id, unique to its metric, and mapping one changes only that one', () => {
    const slots = metricSlots();
    for (const charts of Object.values(DASHBOARDS)) for (const c of charts) for (const s of c.series) for (const m of specMatches(s)) expect(slots.has(m.slot!), `${c.id}`).toBe(true);
    expect(slots.get('disk')).toMatchObject({ chartId: 'disk', reads: 'gauge', wanted: 'ContainerInsights node_filesystem_utilization {ClusterName=*, NodeName=*} Average' });
    const mapped = applyMapping(DASHBOARDS, { disk: { namespace: 'Custom/Nodes', metric: 'disk_used_pct', dimensions: [{ name: 'Host', value: '*' }], statistic: 'Maximum' } });
    const disk = mapped.infrastructure.find((c) => c.id === 'disk')!;
    // Both of the chart's lines (the fullest node and the mean) read the mapped metric.
    for (const s of disk.series) expect(specMatches(s)).toEqual([{ namespace: 'Custom/Nodes', metric: 'disk_used_pct', dimensions: [{ name: 'Host', value: '*' }], stat: 'Maximum', slot: 'disk' }]);
    expect(mapped.infrastructure.find((c) => c.id === 'node-cpu')).toEqual(DASHBOARDS.infrastructure.find((c) => c.id === 'node-cpu'));
  });
});
