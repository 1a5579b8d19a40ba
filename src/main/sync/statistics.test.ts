import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMetrics } from '../../sim/platform/model';
import { startSimulator } from '../../sim/server';
import { DEFAULT_SLOS } from '../config/slos';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { openCache } from '../store/cache';
import { SyncEngine } from './engine';
import { alarmStatistics, matchesPattern, seriesForPlan, sloStatistics, statisticsFor } from './statistics';

const errors5xx = { namespace: 'Shop/Api', metric: 'Errors5xx', dimensions: [{ name: 'Service', value: 'cart' }] };

describe('which statistics are collected', () => {
  it('wildcards match literally apart from *, in linear time', () => {
    expect(matchesPattern('AWS/*', 'AWS/RDS')).toBe(true);
    expect(matchesPattern('*5xx*', 'Errors5xx')).toBe(true);
    expect(matchesPattern('*5xx*', 'Errors4xx')).toBe(false);
    expect(matchesPattern('Errors', 'Errors5xx')).toBe(false);
    expect(matchesPattern('a*b*c', 'abc')).toBe(true);
    expect(matchesPattern('a*b*c', 'acb')).toBe(false);
    expect(matchesPattern('ab*ba', 'aba')).toBe(false);
    const start = performance.now();
    // A guard against exponential backtracking (which would take hours), not a speed goal.
    expect(matchesPattern('*a*a*a*a*a*a*a*a*b', 'a'.repeat(100_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(2_000);
  });

  it('a counter the name test misses is collected as Sum when an SLO asks for it (today: Average/Maximum only)', () => {
    const none = { wanted: [], overrides: [] };
    expect(statisticsFor(errors5xx, none)).toEqual(['Average', 'Maximum']);
    const asked = { wanted: [{ ...errors5xx, stat: 'Sum' }], overrides: [] };
    expect(statisticsFor(errors5xx, asked)).toEqual(['Average', 'Maximum', 'Sum']);
    // Dimension order does not matter; another dimension set is another metric.
    expect(statisticsFor({ ...errors5xx, dimensions: [{ name: 'Service', value: 'search' }] }, asked)).toEqual(['Average', 'Maximum']);
  });

  it('a dashboard mapping may ask for every value of a dimension: same dimension names, any value', () => {
    const plan = { wanted: [{ namespace: 'Custom/K8s', metric: 'cpu_pct', dimensions: [{ name: 'ClusterName', value: '*' }], stat: 'p90' }], overrides: [] };
    const cluster = (value: string) => ({ namespace: 'Custom/K8s', metric: 'cpu_pct', dimensions: [{ name: 'ClusterName', value }] });
    expect(statisticsFor(cluster('prod'), plan)).toEqual(['Average', 'Maximum', 'p90']);
    expect(statisticsFor(cluster('staging'), plan)).toEqual(['Average', 'Maximum', 'p90']);
    // A node's series is another metric (one more dimension): not asked for.
    expect(statisticsFor({ ...cluster('prod'), dimensions: [...cluster('prod').dimensions, { name: 'NodeName', value: 'n1' }] }, plan)).toEqual(['Average', 'Maximum']);
    expect(statisticsFor({ ...cluster('prod'), metric: 'mem_pct' }, plan)).toEqual(['Average', 'Maximum']);
  });

  it('a collect.statistics rule replaces everything else for the metrics it matches; the first matching rule wins', () => {
    const plan = {
      wanted: [{ ...errors5xx, stat: 'p99' }],
      overrides: [
        { namespace: 'Shop/*', metric: '*5xx', statistics: ['Sum', 'SampleCount'] },
        { namespace: '*', metric: '*', statistics: ['Maximum'] },
      ],
    };
    expect(statisticsFor(errors5xx, plan)).toEqual(['Sum', 'SampleCount']);
    expect(statisticsFor({ ...errors5xx, metric: 'Latency' }, plan)).toEqual(['Maximum']);
    expect(seriesForPlan([errors5xx], plan).map((s) => s.key)).toEqual(['Shop/Api|Errors5xx|Service=cart|Sum', 'Shop/Api|Errors5xx|Service=cart|SampleCount']);
  });

  it('reads what the SLO definitions and alarms ask for', () => {
    const slo = sloStatistics(DEFAULT_SLOS);
    expect(slo).toContainEqual({ namespace: 'ECommerce/Services', metric: 'RequestCount', dimensions: [{ name: 'Service', value: 'payment-service' }], stat: 'Sum' });
    const alarms = alarmStatistics([
      { name: 'a', type: 'MetricAlarm', state: 'OK', stateSince: 0, body: { Namespace: 'AWS/RDS', MetricName: 'FreeStorageSpace', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'db1' }], Statistic: 'Minimum' } },
      { name: 'b', type: 'MetricAlarm', state: 'OK', stateSince: 0, body: { Namespace: 'X', MetricName: 'Latency', Dimensions: [], ExtendedStatistic: 'p99.9' } },
      { name: 'c', type: 'CompositeAlarm', state: 'OK', stateSince: 0, body: { AlarmRule: 'ALARM(a)' } },
    ]);
    expect(alarms).toEqual([
      { namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: [{ name: 'DBInstanceIdentifier', value: 'db1' }], stat: 'Minimum' },
      { namespace: 'X', metric: 'Latency', dimensions: [], stat: 'p99.9' },
    ]);
  });

  it('the sync collects and stores what is asked for, and only the override for what a rule matches', async () => {
    const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
    const sim = await startSimulator({ seed: 4, now: () => NOW });
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-stats-')));
    try {
      const lag = listMetrics().find((m) => m.metricName === 'SumOffsetLag')!;
      const engine = new SyncEngine({
        sourceId: 'demo',
        client: createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 2, retryBaseMs: 5 }),
        cache,
        now: () => NOW,
        backfillMs: 3_600_000,
        collect: { statistics: [{ namespace: 'AWS/RDS', metric: 'Free*', statistics: ['Minimum'] }] },
        wantedStatistics: () => [{ namespace: lag.namespace, metric: lag.metricName, dimensions: lag.dimensions, stat: 'Sum' }],
      });
      await engine.runOnce();
      const series = cache.listSeries('demo');
      const lagSum = series.find((s) => s.metric === 'SumOffsetLag' && s.stat === 'Sum');
      expect(lagSum).toBeDefined();
      expect(cache.points(lagSum!.id, 0, NOW / 1000).length).toBeGreaterThan(50);
      // Every FreeStorageSpace series (one per database in the simulator) only as the override says.
      const free = series.filter((s) => s.metric === 'FreeStorageSpace');
      expect(free.length).toBeGreaterThan(0);
      expect(new Set(free.map((s) => s.stat))).toEqual(new Set(['Minimum']));
    } finally {
      cache.close();
      await sim.close();
    }
  }, 120_000);
});
