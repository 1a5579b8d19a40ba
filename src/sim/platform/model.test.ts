import { describe, expect, it } from 'vitest';
import { newYorkOffset } from './clock';
import { CAPACITY_METRIC_COUNT } from './capacity';
import { baseTraffic, computeValue, listMetrics, type MetricId, metricUnit, metricValue, parseStat, resolveMetric } from './model';

const SEED = 42;
// Wednesday 2026-03-04 15:00 UTC, on a minute boundary.
const T0 = Date.UTC(2026, 2, 4, 15, 0, 0) / 1000;

const svc = (metricName: string, service: string): MetricId => ({ namespace: 'ECommerce/Services', metricName, dimensions: [{ name: 'Service', value: service }] });
const value = (m: MetricId, stat: string, period: number, start: number): number => {
  const v = metricValue(SEED, m, stat, period, start);
  if (v === null) throw new Error(`no datapoint for ${m.metricName} ${stat} ${period} ${start}`);
  return v;
};

describe('catalogue', () => {
  it('lists every modelled metric once, in a stable order', () => {
    const a = listMetrics();
    const b = listMetrics();
    expect(a).toEqual(b);
    const keys = a.map((m) => `${m.namespace}|${m.metricName}|${m.dimensions.map((d) => `${d.name}=${d.value}`).join(',')}`);
    expect(new Set(keys).size).toBe(keys.length);
    // 5 services × 5 + Payments 2 + Business 5 + Frontend 3 + Events 9 + Jobs 6 + EKS (3 + 8 nodes × 4 + 5 × 3) + RDS 4 + Redis 2 + Kafka 6
    expect(a.length).toBe(25 + 2 + 5 + 3 + 9 + 6 + 3 + 32 + 15 + 4 + 2 + 6 + CAPACITY_METRIC_COUNT);
  });

  it('contains the seeds’ metrics with CloudWatch dimensions', () => {
    const has = (namespace: string, metricName: string, dims: Record<string, string>): boolean =>
      listMetrics().some(
        (m) =>
          m.namespace === namespace &&
          m.metricName === metricName &&
          m.dimensions.length === Object.keys(dims).length &&
          m.dimensions.every((d) => dims[d.name] === d.value),
      );
    for (const s of ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service']) {
      for (const name of ['RequestCount', 'Http5xxCount', 'Http4xxCount', 'Latency', 'DbQueryTime']) expect(has('ECommerce/Services', name, { Service: s })).toBe(true);
    }
    expect(has('AWS/RDS', 'FreeStorageSpace', { DBInstanceIdentifier: 'ecommerce-prod-db' })).toBe(true);
    expect(has('AWS/ElastiCache', 'CacheHitRate', { CacheClusterId: 'ecommerce-redis-001' })).toBe(true);
    expect(has('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': 'ecommerce-msk', 'Consumer Group': 'order-processor', Topic: 'order-events' })).toBe(true);
    expect(has('ContainerInsights', 'cluster_node_count', { ClusterName: 'ecommerce-prod' })).toBe(true);
    expect(has('ContainerInsights', 'service_number_of_running_pods', { ClusterName: 'ecommerce-prod', Namespace: 'ecommerce', Service: 'search-service' })).toBe(true);
    expect(has('ECommerce/Business', 'RevenuePerHour', {})).toBe(true);
    expect(has('ECommerce/Payments', 'FailedTransactions', {})).toBe(true);
  });

  it('resolves metrics regardless of dimension order; returns a copy callers cannot corrupt', () => {
    const kafka: MetricId = {
      namespace: 'AWS/Kafka',
      metricName: 'SumOffsetLag',
      dimensions: [
        { name: 'Topic', value: 'order-events' },
        { name: 'Consumer Group', value: 'order-processor' },
        { name: 'Cluster Name', value: 'ecommerce-msk' },
      ],
    };
    expect(resolveMetric(kafka)).not.toBeNull();
    const list = listMetrics();
    list[0]!.dimensions[0]!.value = 'tampered';
    expect(listMetrics()[0]!.dimensions[0]!.value).not.toBe('tampered');
  });

  it('gives CloudWatch units', () => {
    expect(metricUnit(svc('RequestCount', 'order-service'))).toBe('Count');
    expect(metricUnit(svc('Latency', 'order-service'))).toBe('Milliseconds');
    expect(metricUnit({ namespace: 'AWS/RDS', metricName: 'FreeStorageSpace', dimensions: [{ name: 'DBInstanceIdentifier', value: 'ecommerce-prod-db' }] })).toBe('Bytes');
    expect(metricUnit({ namespace: 'AWS/RDS', metricName: 'ReadLatency', dimensions: [{ name: 'DBInstanceIdentifier', value: 'ecommerce-prod-db' }] })).toBe('Seconds');
    expect(metricUnit({ namespace: 'AWS/ElastiCache', metricName: 'CacheHitRate', dimensions: [{ name: 'CacheClusterId', value: 'ecommerce-redis-001' }] })).toBe('Percent');
    expect(metricUnit({ namespace: 'ECommerce/Business', metricName: 'RevenuePerHour', dimensions: [] })).toBe('None');
    expect(metricUnit({ namespace: 'Nope', metricName: 'Nope', dimensions: [] })).toBe('None');
  });
});

describe('metricValue', () => {
  it('is null for unknown metrics and unsupported statistics', () => {
    expect(metricValue(SEED, { namespace: 'ECommerce/Services', metricName: 'RequestCount', dimensions: [{ name: 'Service', value: 'nope' }] }, 'Sum', 60, T0)).toBeNull();
    expect(metricValue(SEED, svc('RequestCount', 'order-service'), 'Median', 60, T0)).toBeNull();
    expect(metricValue(SEED, svc('Latency', 'order-service'), 'tm99', 60, T0)).toBeNull();
    expect(metricValue(SEED, svc('Latency', 'order-service'), 'p0', 60, T0)).toBeNull();
    expect(metricValue(SEED, svc('Latency', 'order-service'), 'p101', 60, T0)).toBeNull();
    expect(parseStat('p99.9')).toMatchObject({ kind: 'percentile', percent: 99.9 });
  });

  it('rejects periods that are not multiples of 60 seconds', () => {
    expect(() => metricValue(SEED, svc('RequestCount', 'order-service'), 'Sum', 90, T0)).toThrow(/periodSec must be a positive multiple of 60/);
  });

  it('is deterministic in the seed: same seed same values, another seed other values', () => {
    const m = svc('RequestCount', 'product-service');
    const a = Array.from({ length: 100 }, (_, i) => metricValue(SEED, m, 'Sum', 60, T0 + i * 60));
    const b = Array.from({ length: 100 }, (_, i) => metricValue(SEED, m, 'Sum', 60, T0 + i * 60));
    const c = Array.from({ length: 100 }, (_, i) => metricValue(SEED + 1, m, 'Sum', 60, T0 + i * 60));
    expect(a).toEqual(b);
    expect(a.filter((v, i) => v !== c[i]).length).toBeGreaterThan(90);
  });

  it('aggregates consistently across periods: Sum, SampleCount, Average, Minimum, Maximum nest exactly', () => {
    for (const m of [svc('RequestCount', 'payment-service'), svc('Latency', 'search-service')]) {
      const minutes = Array.from({ length: 60 }, (_, i) => T0 + i * 60);
      const sum60 = minutes.map((t) => value(m, 'Sum', 60, t));
      const count60 = minutes.map((t) => value(m, 'SampleCount', 60, t));
      for (let i = 0; i < 60; i += 5) {
        const five = sum60.slice(i, i + 5).reduce((a, b) => a + b, 0);
        expect(value(m, 'Sum', 300, T0 + i * 60)).toBeCloseTo(five, 6);
        const fiveCount = count60.slice(i, i + 5).reduce((a, b) => a + b, 0);
        expect(value(m, 'SampleCount', 300, T0 + i * 60)).toBe(fiveCount);
        expect(value(m, 'Average', 300, T0 + i * 60)).toBeCloseTo(five / fiveCount, 6);
        const mins = minutes.slice(i, i + 5).map((t) => value(m, 'Minimum', 60, t));
        const maxs = minutes.slice(i, i + 5).map((t) => value(m, 'Maximum', 60, t));
        expect(value(m, 'Minimum', 300, T0 + i * 60)).toBe(Math.min(...mins));
        expect(value(m, 'Maximum', 300, T0 + i * 60)).toBe(Math.max(...maxs));
      }
      const hour = sum60.reduce((a, b) => a + b, 0);
      expect(value(m, 'Sum', 3600, T0)).toBeCloseTo(hour, 5);
    }
  });

  it('counts are whole numbers; a minute of a count metric is one sample', () => {
    const m = svc('Http4xxCount', 'customer-service');
    for (let i = 0; i < 30; i++) expect(Number.isInteger(value(m, 'Sum', 60, T0 + i * 60))).toBe(true);
    expect(value(m, 'SampleCount', 60, T0)).toBe(1);
    expect(value(m, 'SampleCount', 3600, T0)).toBe(60);
  });

  it('latency is log-normal per minute: p95/p50 = e^(σ·1.6449), mean/median = e^(σ²/2)', () => {
    // payment-service latency has σ = 0.45.
    const m = svc('Latency', 'payment-service');
    const p50 = value(m, 'p50', 60, T0);
    expect(value(m, 'p95', 60, T0) / p50).toBeCloseTo(Math.exp(0.45 * 1.6448536269514722), 5);
    expect(value(m, 'Average', 60, T0) / p50).toBeCloseTo(Math.exp(0.45 ** 2 / 2), 5);
    expect(value(m, 'p99.9', 60, T0) / p50).toBeCloseTo(Math.exp(0.45 * 3.090232306167813), 4);
    // Latency samples are requests: SampleCount equals the RequestCount Sum of the same period.
    expect(value(m, 'SampleCount', 300, T0)).toBe(value(svc('RequestCount', 'payment-service'), 'Sum', 300, T0));
  });

  it('percentiles over a period lie between the minutes’ percentiles and are ordered', () => {
    const m = svc('Latency', 'order-service');
    for (const stat of ['p50', 'p90', 'p95', 'p99', 'p99.9']) {
      for (let i = 0; i < 60; i += 5) {
        const minutes = Array.from({ length: 5 }, (_, j) => value(m, stat, 60, T0 + (i + j) * 60));
        const v = value(m, stat, 300, T0 + i * 60);
        expect(v).toBeGreaterThanOrEqual(Math.min(...minutes) - 1e-9);
        expect(v).toBeLessThanOrEqual(Math.max(...minutes) + 1e-9);
      }
    }
    const stats = ['Minimum', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'Maximum'].map((s) => value(m, s, 3600, T0));
    for (let i = 1; i < stats.length; i++) expect(stats[i]!).toBeGreaterThan(stats[i - 1]!);
    expect(value(m, 'p100', 3600, T0)).toBe(stats[stats.length - 1]);
  });

  it('nearest-rank percentiles for gauges: p50 of five minutes is the third smallest value', () => {
    const m = { namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: [{ name: 'DBInstanceIdentifier', value: 'ecommerce-prod-db' }] };
    const minutes = Array.from({ length: 5 }, (_, j) => value(m, 'Average', 60, T0 + j * 60)).sort((a, b) => a - b);
    expect(value(m, 'p50', 300, T0)).toBe(minutes[2]);
    expect(value(m, 'p100', 300, T0)).toBe(minutes[4]);
    expect(value(m, 'p1', 300, T0)).toBe(minutes[0]);
  });

  it('follows New York’s day: the 20:00 hour carries ~1.96× the 04:00 hour, across DST', () => {
    const m = svc('RequestCount', 'order-service');
    // 2026-03-04 is a Wednesday: 20:00 EST = 01:00 UTC next day; 04:00 EST = 09:00 UTC.
    const evening = value(m, 'Sum', 3600, Date.UTC(2026, 2, 5, 1) / 1000);
    const morning = value(m, 'Sum', 3600, Date.UTC(2026, 2, 4, 9) / 1000);
    // Diurnal curve 1 + 0.45·cos(2π(h−20)/24) + 0.12·cos(4π(h−13)/24) at the hours' midpoints:
    // 20:30 → 1.3628, 04:30 → 0.6950; ratio 1.961 (request noise averages out over an hour).
    expect(evening / morning).toBeCloseTo(1.961, 1);
    // The same local hour on two Wednesdays in winter (EST) and summer (EDT) has the same baseline.
    const winter = Date.UTC(2026, 0, 8, 1) / 1000; // Wed 2026-01-07 20:00 EST
    const summer = Date.UTC(2026, 6, 2, 0) / 1000; // Wed 2026-07-01 20:00 EDT
    expect(newYorkOffset(winter)).toBe(-5 * 3600);
    expect(newYorkOffset(summer)).toBe(-4 * 3600);
    expect(baseTraffic(winter)).toBe(baseTraffic(summer));
  });

  it('keeps business and payment metrics consistent with each other', () => {
    const tx = { namespace: 'ECommerce/Payments', metricName: 'Transactions', dimensions: [] };
    const failed = { namespace: 'ECommerce/Payments', metricName: 'FailedTransactions', dimensions: [] };
    const orders = { namespace: 'ECommerce/Business', metricName: 'OrdersPerMinute', dimensions: [] };
    for (let i = 0; i < 30; i++) {
      const t = T0 + i * 60;
      const total = value(tx, 'Sum', 60, t);
      const bad = value(failed, 'Sum', 60, t);
      expect(bad).toBeLessThanOrEqual(total);
      expect(value(orders, 'Sum', 60, t)).toBe(Math.round((total - bad) * 0.97));
      // Transactions are 55 % of the payment-service requests of the minute.
      expect(total).toBe(Math.round(0.55 * value(svc('RequestCount', 'payment-service'), 'Sum', 60, t)));
    }
  });

  it('publishes job metrics only in the minutes a job runs', () => {
    const run = (job: string): MetricId => ({ namespace: 'ECommerce/Jobs', metricName: 'JobsRun', dimensions: [{ name: 'JobName', value: job }] });
    expect(value(run('inventory-sync'), 'Sum', 3600, T0)).toBe(12);
    expect(value(run('cart-cleanup'), 'Sum', 3600, T0)).toBe(4);
    expect(value(run('order-export'), 'Sum', 86_400, Date.UTC(2026, 2, 4) / 1000)).toBe(24);
    expect(metricValue(SEED, run('order-export'), 'Sum', 60, T0)).toBeNull(); // runs at minute 7
    expect(value(run('order-export'), 'Sum', 60, T0 + 7 * 60)).toBe(1);
  });

  it('autoscaled nodes report only while they exist; the cluster CPU is the mean of the active nodes', () => {
    const ci = (metricName: string, node?: string): MetricId => ({
      namespace: 'ContainerInsights',
      metricName,
      dimensions: [{ name: 'ClusterName', value: 'ecommerce-prod' }, ...(node ? [{ name: 'NodeName', value: node }] : [])],
    });
    const nodes = listMetrics()
      .filter((m) => m.metricName === 'node_cpu_utilization' && m.dimensions.length === 2)
      .map((m) => m.dimensions.find((d) => d.name === 'NodeName')!.value);
    expect(nodes).toHaveLength(8);
    let sawScaled = false;
    let sawBase = false;
    for (let h = 0; h < 24 * 14; h++) {
      const t = T0 + h * 3600;
      const count = value(ci('cluster_node_count'), 'Average', 60, t);
      const cpus = nodes.map((n) => metricValue(SEED, ci('node_cpu_utilization', n), 'Average', 60, t));
      expect(cpus.filter((v) => v !== null)).toHaveLength(count);
      const active = cpus.filter((v): v is number => v !== null);
      expect(value(ci('node_cpu_utilization'), 'Average', 60, t)).toBeCloseTo(active.reduce((a, b) => a + b, 0) / active.length, 9);
      if (count > 6) sawScaled = true;
      else sawBase = true;
    }
    expect(sawBase).toBe(true);
    expect(sawScaled).toBe(true);
  });

  // Its speed is measured in bench/sim.bench.ts; here, that the fast path (a resolved handle)
  // answers exactly what the public call does.
  it('a resolved metric handle gives exactly the values of metricValue', () => {
    const m = svc('Latency', 'payment-service');
    const handle = resolveMetric(m)!;
    for (const stat of ['p95', 'Sum', 'Average']) {
      const spec = parseStat(stat)!;
      for (let i = 0; i < 2_000; i += 7) expect(computeValue(SEED, handle, spec, 60, T0 + i * 60)).toBe(metricValue(SEED, m, stat, 60, T0 + i * 60));
    }
  });
});
