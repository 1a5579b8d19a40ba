import { describe, expect, it } from 'vitest';
import { type MetricId, metricValue } from './model';
import { type Incident, incidentsBetween } from './scenario';

const HOUR = 3600;
const DAY = 86_400;
const YEAR_START = Date.UTC(2026, 0, 1) / 1000;

const svc = (metricName: string, service: string): MetricId => ({ namespace: 'ECommerce/Services', metricName, dimensions: [{ name: 'Service', value: service }] });

function of(kind: Incident['kind'], seed: number, from: number, to: number): Incident[] {
  const list = incidentsBetween(seed, from, to).filter((i) => i.kind === kind);
  // Every caller iterates over these; an empty list would make its assertions vacuous.
  if (to - from >= 30 * DAY) expect(list.length, `${kind} episodes`).toBeGreaterThan(0);
  return list;
}

/** Hourly Sums over [from, from + hours·3600), then prefix sums for O(1) windows. */
function hourlyPrefix(seed: number, m: MetricId, from: number, hours: number): Float64Array {
  const prefix = new Float64Array(hours + 1);
  for (let h = 0; h < hours; h++) prefix[h + 1] = prefix[h]! + (metricValue(seed, m, 'Sum', HOUR, from + h * HOUR) ?? 0);
  return prefix;
}

describe('incident schedule', () => {
  it('repeats each kind on its cycle in absolute time, with the envelope’s duration', () => {
    const cycles: [Incident['kind'], number, number][] = [
      ['payment-5xx-spike', 17, 35],
      ['search-degradation', 13, 90],
      ['kafka-consumer-lag', 9, 50],
      ['cache-hit-flapping', 6, 180],
      ['flash-sale', 11, 150],
    ];
    for (const [kind, cycleDays, minutes] of cycles) {
      const list = of(kind, 7, YEAR_START, YEAR_START + 365 * DAY);
      expect(list.length).toBeGreaterThanOrEqual(Math.floor(365 / cycleDays));
      for (const inc of list) expect(inc.endSec - inc.startSec).toBe(minutes * 60);
      for (let i = 1; i < list.length; i++) {
        const gap = list[i]!.startSec - list[i - 1]!.startSec;
        // Per-occurrence jitter (≤ 6 h for the widest kind) plus a DST hour.
        expect(Math.abs(gap - cycleDays * DAY)).toBeLessThanOrEqual(7 * HOUR);
      }
    }
  });

  it('lists the slow trends as episodes past their alarm thresholds', () => {
    const rds = of('rds-storage-low', 7, YEAR_START, YEAR_START + 365 * DAY);
    expect(rds.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < rds.length; i++) expect(rds[i]!.startSec - rds[i - 1]!.startSec).toBe(120 * DAY);
    const free: MetricId = { namespace: 'AWS/RDS', metricName: 'FreeStorageSpace', dimensions: [{ name: 'DBInstanceIdentifier', value: 'ecommerce-prod-db' }] };
    const gib = 2 ** 30;
    for (const inc of rds) {
      const atStart = metricValue(7, free, 'Average', 300, inc.startSec)! / gib;
      const dayBefore = metricValue(7, free, 'Average', 300, inc.startSec - DAY)! / gib;
      const justAfter = metricValue(7, free, 'Average', 300, inc.endSec + HOUR)! / gib;
      expect(atStart).toBeLessThan(50.5);
      expect(dayBefore).toBeGreaterThan(50.5);
      expect(dayBefore - atStart).toBeCloseTo(1.15, 0); // ~1.15 GiB a day
      expect(justAfter).toBeGreaterThan(175); // storage grown back to ~180 GiB free
    }
    expect(of('customer-memory-leak', 7, YEAR_START, YEAR_START + 60 * DAY).length).toBeGreaterThanOrEqual(7);
    expect(of('node-disk-pressure', 7, YEAR_START, YEAR_START + 60 * DAY).length).toBeGreaterThanOrEqual(5);
  });

  it('moves with the seed and is stable for a seed', () => {
    const a = of('payment-5xx-spike', 1, YEAR_START, YEAR_START + 90 * DAY).map((i) => i.startSec);
    const b = of('payment-5xx-spike', 1, YEAR_START, YEAR_START + 90 * DAY).map((i) => i.startSec);
    const c = of('payment-5xx-spike', 2, YEAR_START, YEAR_START + 90 * DAY).map((i) => i.startSec);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('answers overlapping episodes only, ordered by start, and validates its input', () => {
    const [first] = of('payment-5xx-spike', 3, YEAR_START, YEAR_START + 30 * DAY);
    expect(first).toBeDefined();
    const inside = incidentsBetween(3, first!.startSec + 60, first!.startSec + 120);
    expect(inside.map((i) => i.id)).toContain(first!.id);
    expect(incidentsBetween(3, first!.endSec, first!.endSec + 60).map((i) => i.id)).not.toContain(first!.id);
    const all = incidentsBetween(3, YEAR_START, YEAR_START + 30 * DAY);
    for (let i = 1; i < all.length; i++) expect(all[i]!.startSec).toBeGreaterThanOrEqual(all[i - 1]!.startSec);
    expect(incidentsBetween(3, 10, 10)).toEqual([]);
    expect(() => incidentsBetween(Number.NaN, 0, 1)).toThrow(/seed/);
    expect(() => incidentsBetween(1, 0, Number.POSITIVE_INFINITY)).toThrow(/fromSec and toSec/);
  });
});

describe('incidents are visible in the metrics', () => {
  const seed = 11;
  const window = [YEAR_START, YEAR_START + 60 * DAY] as const;

  it('payment spike: 5xx ratio above 5 % at its peak, checkout latency and orders hit', () => {
    for (const inc of of('payment-5xx-spike', seed, ...window)) {
      const peak = inc.startSec + 4 * 60;
      const errors = metricValue(seed, svc('Http5xxCount', 'payment-service'), 'Sum', 480, peak)!;
      const requests = metricValue(seed, svc('RequestCount', 'payment-service'), 'Sum', 480, peak)!;
      expect(errors / requests).toBeGreaterThan(0.05);
      const hourBefore = inc.startSec - HOUR;
      const baseline = metricValue(seed, svc('Http5xxCount', 'payment-service'), 'Sum', HOUR, hourBefore)! / metricValue(seed, svc('RequestCount', 'payment-service'), 'Sum', HOUR, hourBefore)!;
      expect(baseline).toBeLessThan(0.001);
      expect(metricValue(seed, svc('Latency', 'payment-service'), 'p95', 300, peak)!).toBeGreaterThan(3000);
      const conversion = { namespace: 'ECommerce/Business', metricName: 'ConversionRate', dimensions: [] };
      expect(metricValue(seed, conversion, 'Average', 300, peak)!).toBeLessThan(0.7 * metricValue(seed, conversion, 'Average', 300, hourBefore)!);
    }
  });

  it('search degradation, consumer lag, cache flapping and flash sales show where they should', () => {
    for (const inc of of('search-degradation', seed, ...window)) {
      expect(metricValue(seed, svc('Latency', 'search-service'), 'p95', 1800, inc.startSec + 20 * 60)!).toBeGreaterThan(1000);
      expect(metricValue(seed, svc('Latency', 'search-service'), 'p95', 1800, inc.startSec - 2 * HOUR)!).toBeLessThan(500);
    }
    const lag: MetricId = {
      namespace: 'AWS/Kafka',
      metricName: 'SumOffsetLag',
      dimensions: [
        { name: 'Cluster Name', value: 'ecommerce-msk' },
        { name: 'Consumer Group', value: 'order-processor' },
        { name: 'Topic', value: 'order-events' },
      ],
    };
    for (const inc of of('kafka-consumer-lag', seed, ...window)) {
      expect(metricValue(seed, lag, 'Maximum', 3000, inc.startSec)!).toBeGreaterThan(8000);
      expect(metricValue(seed, lag, 'Maximum', HOUR, inc.startSec - HOUR)!).toBeLessThan(500);
    }
    const hit: MetricId = { namespace: 'AWS/ElastiCache', metricName: 'CacheHitRate', dimensions: [{ name: 'CacheClusterId', value: 'ecommerce-redis-001' }] };
    for (const inc of of('cache-hit-flapping', seed, ...window)) {
      const plateau = inc.startSec + 10 * 60;
      expect(metricValue(seed, hit, 'Minimum', 9000, plateau)!).toBeLessThan(78);
      expect(metricValue(seed, hit, 'Maximum', 9000, plateau)!).toBeGreaterThan(82);
      expect(metricValue(seed, hit, 'Minimum', HOUR, inc.startSec - 2 * HOUR)!).toBeGreaterThan(90);
    }
    const nodes: MetricId = { namespace: 'ContainerInsights', metricName: 'cluster_node_count', dimensions: [{ name: 'ClusterName', value: 'ecommerce-prod' }] };
    for (const inc of of('flash-sale', seed, ...window)) {
      const plateau = inc.startSec + 40 * 60;
      const now = metricValue(seed, svc('RequestCount', 'order-service'), 'Sum', HOUR, plateau)!;
      const weekBefore = metricValue(seed, svc('RequestCount', 'order-service'), 'Sum', HOUR, plateau - 7 * DAY)!;
      expect(now / weekBefore).toBeGreaterThan(1.45);
      expect(now / weekBefore).toBeLessThan(1.65);
      expect(metricValue(seed, nodes, 'Maximum', HOUR, plateau)).toBe(8);
    }
  });
});

describe('error budgets over any 30-day window of a year', () => {
  const HOURS = (365 + 30) * 24;
  const WINDOW = 30 * 24;

  it.each([7, 20251023])('seed %i: a Payment spike in every window, burning 30–90 % of the 99.99 % budget', (seed) => {
    const requests = hourlyPrefix(seed, svc('RequestCount', 'payment-service'), YEAR_START, HOURS);
    const errors = hourlyPrefix(seed, svc('Http5xxCount', 'payment-service'), YEAR_START, HOURS);
    const spikes = of('payment-5xx-spike', seed, YEAR_START, YEAR_START + HOURS * HOUR);
    let lowest = Number.POSITIVE_INFINITY;
    let highest = 0;
    for (let h = 0; h + WINDOW <= HOURS; h++) {
      const from = YEAR_START + h * HOUR;
      const to = from + WINDOW * HOUR;
      expect(spikes.some((s) => s.startSec >= from && s.endSec <= to)).toBe(true);
      const ratio = (errors[h + WINDOW]! - errors[h]!) / (requests[h + WINDOW]! - requests[h]!);
      const burn = ratio / (1 - 0.9999);
      lowest = Math.min(lowest, burn);
      highest = Math.max(highest, burn);
    }
    expect(lowest).toBeGreaterThanOrEqual(0.3);
    expect(highest).toBeLessThanOrEqual(0.9);
    // Each spike on its own is a visible share of a month's budget.
    const monthlyRequests = requests[WINDOW]! - requests[0]!;
    for (const s of spikes.slice(0, 6)) {
      const during = metricValue(seed, svc('Http5xxCount', 'payment-service'), 'Sum', 35 * 60, s.startSec)!;
      expect(during / (monthlyRequests * 1e-4)).toBeGreaterThan(0.25);
    }
  });

  it('no other availability SLO is blown in any window', () => {
    const seed = 7;
    const targets: [string, number][] = [
      ['order-service', 0.999],
      ['customer-service', 0.999],
      ['product-service', 0.9995],
      ['search-service', 0.995],
    ];
    for (const [service, target] of targets) {
      const requests = hourlyPrefix(seed, svc('RequestCount', service), YEAR_START, HOURS);
      const errors = hourlyPrefix(seed, svc('Http5xxCount', service), YEAR_START, HOURS);
      let highest = 0;
      for (let h = 0; h + WINDOW <= HOURS; h += 6) {
        const ratio = (errors[h + WINDOW]! - errors[h]!) / (requests[h + WINDOW]! - requests[h]!);
        highest = Math.max(highest, ratio / (1 - target));
      }
      expect(highest, service).toBeLessThan(0.5);
      expect(highest, service).toBeGreaterThan(0.05); // the baseline is not zero either
    }
  });
});
