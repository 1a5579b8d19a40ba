// The metrics API through dispatch (input and output validated against the contract), on a
// cache the real sync engine filled from the simulator at the demo's payment incident.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsDashboard } from '@shared/contract/metrics';
import type { ApiContext } from '../api/context';
import { dispatch, type Handlers } from '../api/dispatch';
import { incidentHandlers } from '../incidents/handlers';
import { openCache } from '../store/cache';
import { openJournal } from '../store/journal';
import { syncAlarms } from '../sync/alarms';
import { syncedDemo, type SyncedDemo } from './fixtures/syncedDemo';
import { metricsHandlers } from './handlers';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// 10 minutes into the demo's scripted payment 5xx spike (README, "The demo platform").
const NOW = Date.parse('2026-10-26T17:38:00Z');

let demo: SyncedDemo;
let handlers: Handlers;
let version = 1;

beforeAll(async () => {
  demo = await syncedDemo({ prefix: 'opsdeck-metrics-api-', now: NOW, backfillMs: 2 * DAY });
  await syncAlarms(demo.client, demo.cache, 'demo', () => NOW);
  const ctx = { cache: demo.cache, journal: demo.journal, now: () => NOW, sourceIds: ['demo'], dataVersion: () => version, push: () => undefined } as unknown as ApiContext;
  handlers = { ...metricsHandlers(ctx), ...incidentHandlers(ctx) } as Handlers;
}, 300_000);

afterAll(async () => {
  await demo?.close();
});

async function board(input: Record<string, unknown>): Promise<MetricsDashboard> {
  const r = await dispatch(handlers, 'metricsDashboard', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.data as MetricsDashboard;
}

const chartOf = (d: MetricsDashboard, id: string) => {
  const c = d.charts.find((x) => x.id === id);
  if (!c) throw new Error(`no chart ${id}`);
  return c;
};

describe('metricsDashboard on the demo platform', () => {
  it('every chart of every family finds its metrics (nothing reported missing)', async () => {
    for (const family of ['business', 'application', 'infrastructure'] as const) {
      const d = await board({ family, preset: '24h' });
      expect(d.from).toBe(NOW - DAY);
      expect(d.to).toBe(NOW);
      expect(d.resolutionSec).toBe(60);
      for (const c of d.charts) {
        expect(c.missing, `${family}/${c.id}`).toEqual([]);
        expect(c.series.length, `${family}/${c.id}`).toBeGreaterThan(0);
        for (const s of c.series) expect(s.points.length, `${c.id}/${s.id}`).toBeGreaterThan(100);
      }
    }
  });

  it('the payment 5xx spike shows on the error-rate chart, the other services stay calm', async () => {
    const d = await board({ family: 'application', preset: '1h' });
    const errors = chartOf(d, 'error-rate');
    expect(errors.series.map((s) => s.label)).toEqual(['customer-service', 'order-service', 'payment-service', 'product-service', 'recommendation-service', 'search-service']);
    const peak = (label: string): number => Math.max(...errors.series.find((s) => s.label === label)!.points.map((p) => p[1] ?? 0));
    expect(peak('payment-service')).toBeGreaterThan(3 * peak('order-service'));
    expect(errors.target).toEqual({ value: 1, direction: 'below', label: 'API errors < 1 %' });
  });

  it('infrastructure charts carry the seeds’ targets and plausible percentages', async () => {
    const d = await board({ family: 'infrastructure', preset: '6h' });
    expect(chartOf(d, 'node-cpu').target?.value).toBe(70);
    expect(chartOf(d, 'node-memory').target?.value).toBe(80);
    expect(chartOf(d, 'disk').target?.value).toBe(80);
    const cpu = chartOf(d, 'node-cpu').series[0]!.points.flatMap((p) => (p[1] === null ? [] : [p[1]]));
    expect(Math.min(...cpu)).toBeGreaterThan(0);
    expect(Math.max(...cpu)).toBeLessThanOrEqual(100);
    const disk = chartOf(d, 'disk');
    const [max, mean] = disk.series;
    expect(max!.label).toBe('fullest node');
    // The fullest node is never below the mean of the nodes, bucket by bucket.
    const meanAt = new Map(mean!.points.map((p) => [p[0], p[1]]));
    for (const [t, v] of max!.points) if (v !== null && meanAt.get(t) != null) expect(v).toBeGreaterThanOrEqual(meanAt.get(t)!);
  });

  it('a range of more than 2,000 buckets is LTTB-downsampled to the bound, keeping the peak', async () => {
    const d = await board({ family: 'business', from: NOW - 2 * DAY, to: NOW });
    expect(d.resolutionSec).toBe(60);
    const orders = chartOf(d, 'orders').series[0]!;
    expect(orders.bucketCount).toBeGreaterThan(2_000);
    expect(orders.points.length).toBeLessThanOrEqual(2_000);
    const small = await board({ family: 'business', from: NOW - 2 * DAY, to: NOW, maxPoints: 300 });
    const few = chartOf(small, 'orders').series[0]!;
    expect(few.points.length).toBeLessThanOrEqual(300);
    const top = (pts: [number, number | null][]): number => Math.max(...pts.map((p) => p[1] ?? -Infinity));
    expect(top(few.points)).toBe(top(orders.points));
  });

  it('alarm state changes and incident milestones come back as annotations', async () => {
    const r = await dispatch(handlers, 'declareIncident', { title: 'Payment 5xx', severity: 'P1', services: ['payment-service'], author: 'test', milestones: { started: NOW - 12 * MIN, detected: NOW - 10 * MIN } });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    version++;
    const d = await board({ family: 'application', preset: '6h' });
    const incident = d.annotations.filter((a) => a.kind === 'incident');
    expect(incident.some((a) => a.label.startsWith('P1 ') && a.detail.startsWith('Payment 5xx'))).toBe(true);
    const alarms = d.annotations.filter((a) => a.kind === 'alarm');
    expect(alarms.some((a) => a.tone === 'bad' && a.label.startsWith('ALARM '))).toBe(true);
    expect(d.annotations.every((a) => a.at >= d.from && a.at < d.to)).toBe(true);
  });

  it('bad input is BAD_INPUT naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ family: 'finance', preset: '1h' }, 'family'],
      [{ family: 'business', preset: '2h' }, 'preset'],
      [{ family: 'business' }, 'from'],
      [{ family: 'business', from: NOW, to: NOW - HOUR }, 'to'],
      [{ family: 'business', from: NOW - 500 * DAY, to: NOW }, 'to'],
      [{ family: 'business', preset: '1h', from: NOW - HOUR }, 'preset'],
      [{ family: 'business', preset: '1h', maxPoints: 5_000 }, 'maxPoints'],
      [{ family: 'business', preset: '1h', extra: 1 }, '(input)'],
    ];
    for (const [input, field] of cases) {
      const r = await dispatch(handlers, 'metricsDashboard', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_INPUT');
        expect(r.error.message, JSON.stringify(input)).toContain(`${field}:`);
      }
    }
  });

  it('an account without the demo’s metrics: each chart names what it looked for and how to get it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'opsdeck-metrics-other-'));
    const { cache: bare } = openCache(other, () => NOW);
    const bareJournal = openJournal(other, () => NOW);
    try {
      // Only CPU of the cluster, as Maximum: everything else is missing.
      bare.ensureSeries('demo', [
        { key: 'ContainerInsights|node_cpu_utilization|ClusterName=prod|Maximum', namespace: 'ContainerInsights', metric: 'node_cpu_utilization', dimensions: [{ name: 'ClusterName', value: 'prod' }], stat: 'Maximum', unit: null },
      ]);
      const h = metricsHandlers({ cache: bare, journal: bareJournal, now: () => NOW, sourceIds: ['demo'], dataVersion: () => 1 } as unknown as ApiContext) as Handlers;
      const r = await dispatch(h, 'metricsDashboard', { family: 'infrastructure', preset: '1h' });
      if (!r.ok) throw new Error(r.error.message);
      const d = r.data as MetricsDashboard;
      const cpu = chartOf(d, 'node-cpu');
      expect(cpu.series).toEqual([]);
      expect(cpu.missing).toEqual([
        {
          label: 'cluster mean',
          wanted: 'ContainerInsights node_cpu_utilization {ClusterName=*} Average',
          hint:
            'ContainerInsights node_cpu_utilization is collected as Maximum, not Average: add Average under collect.statistics in opsdeck.yaml for this namespace and metric. ' +
            "If this account publishes it under another name, map it in opsdeck.yaml: metrics: { node-cpu: { namespace: <namespace>, metric: <name>, dimensions: { ClusterName: '*' }, statistic: Average } } ('*' matches every value of a dimension).",
        },
      ]);
      // A chart that reads several metrics names the part: the error rate's denominator.
      const errors = await dispatch(h, 'metricsDashboard', { family: 'application', preset: '1h' });
      if (!errors.ok) throw new Error(errors.error.message);
      const missing = chartOf(errors.data as MetricsDashboard, 'error-rate').missing.map((x) => x.hint);
      expect(missing.some((x) => x.includes('metrics: { error-rate.requests: {') && x.includes('statistic: Sum'))).toBe(true);
      expect(missing.some((x) => x.includes('metrics: { error-rate.5xx: {'))).toBe(true);
      expect(chartOf(d, 'rds-cpu').missing[0]?.hint).toMatch(/^Nothing from AWS\/RDS is in the cache/);
      expect(d.dataAsOf).toBeNull();
    } finally {
      bare.close();
      bareJournal.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
