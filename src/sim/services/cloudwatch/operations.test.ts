import { describe, expect, it } from 'vitest';
import { ALARMS } from './alarms';
import { LIMITS, handleOperation, roundStartTime } from './operations';
import { CloudWatchError } from './errors';
import { listMetrics, metricValue } from '../../platform/model';
import { incidentsBetween } from '../../platform/scenario';

const SEED = 7;
const DAY = 86_400;
// 2026-11-20 15:00:30 UTC: half a minute past a boundary, so "complete periods only" matters.
const NOW_SEC = Date.UTC(2026, 10, 20, 15, 0, 30) / 1000;
const ctx = (extra: Partial<Parameters<typeof handleOperation>[2]> = {}) => ({ seed: SEED, nowMs: NOW_SEC * 1000, ...extra });

interface Result {
  Id: string;
  Label: string;
  Timestamps: number[];
  Values: number[];
  StatusCode: string;
}
interface GmdOutput {
  MetricDataResults: Result[];
  NextToken?: string;
}

const requests = { Namespace: 'ECommerce/Services', MetricName: 'RequestCount', Dimensions: [{ Name: 'Service', Value: 'order-service' }] };
const errors5xx = { ...requests, MetricName: 'Http5xxCount' };
const q = (Id: string, Metric: object, Period: number, Stat: string, extra: object = {}) => ({ Id, MetricStat: { Metric, Period, Stat }, ...extra });
const gmd = (input: Record<string, unknown>, extra = {}) => handleOperation('GetMetricData', input, ctx(extra)) as GmdOutput;

function cwError(fn: () => unknown): CloudWatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CloudWatchError) return e;
    throw e;
  }
  throw new Error('expected a CloudWatchError');
}

describe('GetMetricData', () => {
  it('returns complete periods only, newest first, rounded start, values from the model', () => {
    const out = gmd({ MetricDataQueries: [q('m1', requests, 60, 'Sum')], StartTime: NOW_SEC - 600 - 17, EndTime: NOW_SEC + 3600 });
    const [r] = out.MetricDataResults;
    // StartTime 14:50:13 rounds down to 14:50:00; the last complete minute is 14:59:00: ten points.
    expect(r!.Timestamps[0]).toBe(NOW_SEC - 30 - 60);
    expect(r!.Timestamps.at(-1)).toBe(NOW_SEC - 30 - 600);
    expect(r!.Timestamps).toHaveLength(10);
    expect(r!.Values[3]).toBe(metricValue(SEED, { namespace: 'ECommerce/Services', metricName: 'RequestCount', dimensions: [{ name: 'Service', value: 'order-service' }] }, 'Sum', 60, r!.Timestamps[3]!));
    expect(r!.StatusCode).toBe('Complete');
    expect(r!.Label).toBe('RequestCount');
    expect(out.NextToken).toBeUndefined();
  });

  it('rounds StartTime by its age, like CloudWatch', () => {
    const now = 1_000_000_020;
    expect(roundStartTime(now - 10 * DAY - 45, now)).toBe(Math.floor((now - 10 * DAY - 45) / 60) * 60);
    expect(roundStartTime(now - 20 * DAY, now) % 300).toBe(0);
    expect(roundStartTime(now - 100 * DAY, now) % 3600).toBe(0);
  });

  it('keeps 1-minute data for 15 days, 5-minute for 63, hourly for 455', () => {
    const aligned = Math.floor(NOW_SEC / 3600) * 3600;
    const window = (startAgo: number, endAgo: number, period: number) =>
      gmd({ MetricDataQueries: [q('m1', requests, period, 'Sum')], StartTime: aligned - startAgo * DAY, EndTime: aligned - endAgo * DAY }).MetricDataResults[0]!;
    const old60 = window(20, 16, 60);
    expect(old60.Timestamps).toEqual([]);
    expect(old60.StatusCode).toBe('Complete');
    expect(window(20, 16, 300).Timestamps).toHaveLength(4 * 288);
    expect(window(100, 99, 300).Timestamps).toEqual([]);
    expect(window(100, 99, 3600).Timestamps).toHaveLength(24);
    expect(window(500, 499, 3600).Timestamps).toEqual([]);
    // Straddling the 15-day boundary at 60 s: only the retained part comes back.
    const straddle = window(16, 14, 60);
    expect(Math.min(...straddle.Timestamps)).toBeGreaterThanOrEqual(NOW_SEC - 15 * DAY);
    expect(straddle.Timestamps).toHaveLength(Math.floor((aligned - 14 * DAY - (NOW_SEC - 15 * DAY)) / 60));
  });

  it('pages with NextToken: every datapoint exactly once, in scan order, across mixed periods and expressions', () => {
    const queries = [
      q('m1', requests, 60, 'Sum', { ReturnData: false }),
      q('m2', errors5xx, 60, 'Sum'),
      { Id: 'e1', Expression: '100 * m2 / m1', Label: 'error %' },
      q('hourly', requests, 300, 'p90'),
    ];
    const input = { MetricDataQueries: queries, StartTime: NOW_SEC - 3 * 3600, EndTime: NOW_SEC };
    const full = gmd(input);
    expect(full.MetricDataResults.map((r) => r.Id)).toEqual(['m2', 'e1', 'hourly']);
    const total = full.MetricDataResults.reduce((n, r) => n + r.Timestamps.length, 0);
    expect(total).toBe(180 + 180 + 36);
    for (const scanBy of ['TimestampDescending', 'TimestampAscending'] as const) {
      const reference = gmd({ ...input, ScanBy: scanBy });
      const seen = new Map<string, { t: number[]; v: number[] }>();
      let token: string | undefined;
      let pages = 0;
      do {
        const page = gmd({ ...input, ScanBy: scanBy, MaxDatapoints: 37, ...(token ? { NextToken: token } : {}) });
        const count = page.MetricDataResults.reduce((n, r) => n + r.Timestamps.length, 0);
        token = page.NextToken;
        expect(count).toBe(token ? 37 : total - 37 * pages);
        if (token) expect(page.MetricDataResults.some((r) => r.StatusCode === 'PartialData')).toBe(true);
        else expect(page.MetricDataResults.every((r) => r.StatusCode === 'Complete')).toBe(true);
        for (const r of page.MetricDataResults) {
          const acc = seen.get(r.Id) ?? { t: [], v: [] };
          acc.t.push(...r.Timestamps);
          acc.v.push(...r.Values);
          seen.set(r.Id, acc);
        }
        pages++;
      } while (token);
      expect(pages).toBe(Math.ceil(total / 37));
      for (const r of reference.MetricDataResults) {
        expect(seen.get(r.Id)!.t).toEqual(r.Timestamps);
        expect(seen.get(r.Id)!.v).toEqual(r.Values);
      }
      const ts = reference.MetricDataResults[0]!.Timestamps;
      expect(ts[0]! < ts[1]!).toBe(scanBy === 'TimestampAscending');
    }
  });

  it('answers later pages as of the first page’s "now", even if time moves on', () => {
    const input = { MetricDataQueries: [q('m1', requests, 60, 'Sum')], StartTime: NOW_SEC - 3600, EndTime: NOW_SEC + 3600, MaxDatapoints: 50 };
    const first = gmd(input);
    const second = handleOperation('GetMetricData', { ...input, NextToken: first.NextToken }, { seed: SEED, nowMs: (NOW_SEC + 600) * 1000 }) as GmdOutput;
    const all = [...first.MetricDataResults[0]!.Timestamps, ...second.MetricDataResults[0]!.Timestamps];
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
  });

  it('computes the metric math it supports and filters by unit', () => {
    const out = gmd({
      MetricDataQueries: [
        q('req', requests, 300, 'Sum', { ReturnData: false }),
        q('err', errors5xx, 300, 'Sum', { ReturnData: false }),
        { Id: 'avail', Expression: '100 * (1 - err / req)' },
        q('wrongunit', requests, 300, 'Sum', { MetricStat: { Metric: requests, Period: 300, Stat: 'Sum', Unit: 'Seconds' } }),
        q('rightunit', requests, 300, 'Sum', { MetricStat: { Metric: requests, Period: 300, Stat: 'Sum', Unit: 'Count' } }),
      ],
      StartTime: NOW_SEC - 3600,
      EndTime: NOW_SEC,
    });
    const [avail, wrong, right] = out.MetricDataResults;
    const m = (name: string) => ({ namespace: 'ECommerce/Services', metricName: name, dimensions: [{ name: 'Service', value: 'order-service' }] });
    const t = avail!.Timestamps[0]!;
    const expected = 100 * (1 - metricValue(SEED, m('Http5xxCount'), 'Sum', 300, t)! / metricValue(SEED, m('RequestCount'), 'Sum', 300, t)!);
    expect(avail!.Values[0]).toBeCloseTo(expected, 10);
    expect(wrong!.Timestamps).toEqual([]);
    expect(right!.Timestamps.length).toBe(avail!.Timestamps.length);
  });

  it('returns an empty, complete result for a metric CloudWatch does not have', () => {
    const out = gmd({ MetricDataQueries: [q('x', { Namespace: 'Nope', MetricName: 'Nothing' }, 60, 'Sum')], StartTime: NOW_SEC - 600, EndTime: NOW_SEC });
    expect(out.MetricDataResults).toEqual([{ Id: 'x', Label: 'Nothing', Timestamps: [], Values: [], StatusCode: 'Complete' }]);
  });

  it('validates like the real API', () => {
    const base = { StartTime: NOW_SEC - 600, EndTime: NOW_SEC };
    const tooMany = Array.from({ length: LIMITS.maxQueries + 1 }, (_, i) => q(`m${i}`, requests, 60, 'Sum'));
    expect(cwError(() => gmd({ ...base, MetricDataQueries: tooMany }))).toMatchObject({ queryCode: 'ValidationError', status: 400 });
    expect(cwError(() => gmd({ ...base, MetricDataQueries: tooMany })).message).toMatch(/less than or equal to 500/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('M1', requests, 60, 'Sum')] })).message).toMatch(/MetricDataQueries\.member\.1\.Id is not valid/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('m1', requests, 60, 'Sum'), q('m1', requests, 60, 'Sum')] })).message).toMatch(/member\.2\.Id is not unique/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('m1', requests, 90, 'Sum')] }))).toMatchObject({ queryCode: 'InvalidParameterValue' });
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('m1', requests, 60, 'Median')] })).message).toMatch(/MetricStat\.Stat/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [{ Id: 'e1', Expression: 'SEARCH(\'{AWS/EC2} CPU\', \'Average\', 60)' }] })).message).toMatch(/not supported/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [{ Id: 'e1', Expression: 'm9 * 2' }] })).message).toMatch(/Unrecognized identifier 'm9'/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [{ Id: 'a', Expression: 'b + 1' }, { Id: 'b', Expression: 'a + 1' }] })).message).toMatch(/Circular dependency/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [{ Id: 'm1' }] })).message).toMatch(/Exactly one of MetricStat and Expression/);
    expect(cwError(() => gmd({ MetricDataQueries: [q('m1', requests, 60, 'Sum')], StartTime: NOW_SEC, EndTime: NOW_SEC - 60 })).message).toMatch(/StartTime must be less than/);
    expect(cwError(() => gmd({ MetricDataQueries: [q('m1', requests, 60, 'Sum')], EndTime: NOW_SEC })).message).toMatch(/'startTime'/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('m1', requests, 60, 'Sum')], ScanBy: 'Sideways' })).message).toMatch(/scanBy/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('m1', requests, 60, 'Sum')], MaxDatapoints: 0 })).message).toMatch(/maxDatapoints/);
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('m1', requests, 60, 'Sum')], NextToken: 'garbage' }))).toMatchObject({ queryCode: 'InvalidNextToken' });
    // A token only continues the request that produced it.
    const page = gmd({ ...base, MetricDataQueries: [q('m1', requests, 60, 'Sum')], MaxDatapoints: 2 });
    expect(cwError(() => gmd({ ...base, MetricDataQueries: [q('m1', errors5xx, 60, 'Sum')], NextToken: page.NextToken }))).toMatchObject({ queryCode: 'InvalidNextToken' });
  });

  it('cuts a page to about half under the partial fault, and the rest follows', () => {
    const input = { MetricDataQueries: [q('m1', requests, 60, 'Sum')], StartTime: NOW_SEC - 3600, EndTime: NOW_SEC };
    const first = gmd(input, { forcePartial: true });
    expect(first.MetricDataResults[0]!.Timestamps).toHaveLength(30);
    expect(first.MetricDataResults[0]!.StatusCode).toBe('PartialData');
    const rest = gmd({ ...input, NextToken: first.NextToken });
    expect(rest.MetricDataResults[0]!.Timestamps).toHaveLength(30);
    expect(rest.NextToken).toBeUndefined();
  });
});

describe('ListMetrics', () => {
  const list = (input: Record<string, unknown>, pageSize?: number) =>
    handleOperation('ListMetrics', input, ctx(pageSize ? { listMetricsPageSize: pageSize } : {})) as { Metrics: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] }[]; NextToken?: string };

  it('filters by namespace, name and dimensions (name only, or name and value)', () => {
    expect(list({}).Metrics).toHaveLength(listMetrics().length);
    expect(list({ Namespace: 'AWS/RDS' }).Metrics).toHaveLength(5);
    expect(list({ Namespace: 'ECommerce/Services', MetricName: 'Latency' }).Metrics).toHaveLength(5);
    expect(list({ Dimensions: [{ Name: 'Service', Value: 'payment-service' }] }).Metrics).toHaveLength(5 + 3 + 1); // services + pod metrics + request queue depth
    expect(list({ Namespace: 'ContainerInsights', Dimensions: [{ Name: 'NodeName' }] }).Metrics).toHaveLength(32);
    expect(list({ Namespace: 'Nope' }).Metrics).toEqual([]);
  });

  it('pages and refuses foreign tokens', () => {
    const first = list({ Namespace: 'ContainerInsights' }, 20);
    expect(first.Metrics).toHaveLength(20);
    const second = list({ Namespace: 'ContainerInsights', NextToken: first.NextToken }, 20);
    expect(second.Metrics).toHaveLength(20);
    expect(second.Metrics[0]).not.toEqual(first.Metrics[0]);
    expect(cwError(() => list({ Namespace: 'AWS/RDS', NextToken: first.NextToken }, 20))).toMatchObject({ queryCode: 'InvalidNextToken' });
    expect(cwError(() => list({ RecentlyActive: 'PT1H' })).message).toMatch(/recentlyActive/);
  });
});

describe('alarms', () => {
  const describeAlarms = (input: Record<string, unknown>, nowSec = NOW_SEC) =>
    handleOperation('DescribeAlarms', input, { seed: SEED, nowMs: nowSec * 1000 }) as {
      MetricAlarms: Record<string, unknown>[];
      CompositeAlarms: Record<string, unknown>[];
      NextToken?: string;
    };
  const history = (input: Record<string, unknown>, nowSec = NOW_SEC) =>
    handleOperation('DescribeAlarmHistory', input, { seed: SEED, nowMs: nowSec * 1000 }) as {
      AlarmHistoryItems: { AlarmName: string; Timestamp: number; HistorySummary: string; HistoryData: string }[];
      NextToken?: string;
    };
  const spike = incidentsBetween(SEED, NOW_SEC - 25 * DAY, NOW_SEC).find((i) => i.kind === 'payment-5xx-spike')!;

  it('returns metric alarms only unless composite alarms are asked for', () => {
    const metricOnly = describeAlarms({});
    expect(metricOnly.MetricAlarms).toHaveLength(ALARMS.filter((a) => a.kind === 'metric').length);
    expect(metricOnly.CompositeAlarms).toEqual([]);
    const both = describeAlarms({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
    expect(both.CompositeAlarms).toHaveLength(1);
    expect(both.CompositeAlarms[0]).toMatchObject({ AlarmName: 'payment-degraded', AlarmRule: 'ALARM("payment-failure-rate-high") OR ALARM("payment-latency-p95-critical")' });
    expect(describeAlarms({ ChildrenOfAlarmName: 'payment-degraded' }).MetricAlarms.map((a) => a.AlarmName)).toEqual(['payment-failure-rate-high', 'payment-latency-p95-critical']);
    expect(describeAlarms({ ParentsOfAlarmName: 'payment-failure-rate-high' }).CompositeAlarms.map((a) => a.AlarmName)).toEqual(['payment-degraded']);
  });

  it('describes alarms the way CloudWatch does', () => {
    const [alarm] = describeAlarms({ AlarmNames: ['search-latency-p95-high'] }).MetricAlarms;
    expect(alarm).toMatchObject({
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:search-latency-p95-high',
      Namespace: 'ECommerce/Services',
      MetricName: 'Latency',
      ExtendedStatistic: 'p95',
      Dimensions: [{ Name: 'Service', Value: 'search-service' }],
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 1000,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(alarm!.AlarmDescription).toMatch(/Runbook: https:\/\/runbooks\.example\.com\/search-service\/latency-p95-high/);
    const [ratio] = describeAlarms({ AlarmNames: ['payment-failure-rate-high'] }).MetricAlarms;
    expect(ratio!.Metrics).toHaveLength(3);
    expect(ratio!.MetricName).toBeUndefined();
    expect(describeAlarms({ AlarmNamePrefix: 'eks-' }).MetricAlarms.map((a) => a.AlarmName)).toEqual(['eks-cluster-cpu-high', 'eks-node-disk-high']);
    expect(describeAlarms({ ActionPrefix: 'arn:aws:sns:us-east-1:123456789012:pagerduty-critical' }).MetricAlarms.map((a) => a.AlarmName)).toEqual(['database-unavailable', 'payment-failure-rate-high']);
  });

  it('derives states from the model: the payment spike puts its alarms (and the composite) in ALARM', () => {
    const during = spike.startSec + 11 * 60;
    const firing = describeAlarms({ StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }, during);
    const names = [...firing.MetricAlarms, ...firing.CompositeAlarms].map((a) => a.AlarmName);
    expect(names).toEqual(expect.arrayContaining(['payment-failure-rate-high', 'payment-latency-p95-critical', 'payment-degraded']));
    const failure = firing.MetricAlarms.find((a) => a.AlarmName === 'payment-failure-rate-high')!;
    expect(failure.StateReason).toMatch(/^Threshold Crossed: \d out of the last 3 datapoints \[.*\] were greater than the threshold \(5\.0\)/);
    expect(failure.StateUpdatedTimestamp as number).toBeGreaterThan(spike.startSec);
    expect(failure.StateUpdatedTimestamp as number).toBeLessThanOrEqual(during);
    const after = describeAlarms({ AlarmNames: ['payment-failure-rate-high'] }, spike.endSec + 3600).MetricAlarms[0]!;
    expect(after.StateValue).toBe('OK');
    // Every alarm has a state; the filter partitions them.
    const all = describeAlarms({}, during).MetricAlarms.length;
    const byState = (['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const).map((s) => describeAlarms({ StateValue: s }, during).MetricAlarms.length);
    expect(byState.reduce((a, b) => a + b, 0)).toBe(all);
  });

  it('pages alarms with MaxRecords', () => {
    const first = describeAlarms({ MaxRecords: 5 });
    const second = describeAlarms({ MaxRecords: 5, NextToken: first.NextToken });
    const third = describeAlarms({ MaxRecords: 5, NextToken: second.NextToken });
    const names = [...first.MetricAlarms, ...second.MetricAlarms, ...third.MetricAlarms].map((a) => a.AlarmName);
    expect(names).toHaveLength(13);
    expect(new Set(names).size).toBe(13);
    expect(third.NextToken).toBeUndefined();
    expect(cwError(() => describeAlarms({ AlarmNames: ['a'], AlarmNamePrefix: 'a' }))).toMatchObject({ queryCode: 'InvalidParameterCombination' });
    expect(cwError(() => describeAlarms({ MaxRecords: 101 })).message).toMatch(/maxRecords/);
    expect(cwError(() => describeAlarms({ StateValue: 'RED' })).message).toMatch(/stateValue/);
  });

  it('reconstructs history: the spike’s OK → ALARM → OK with oldState/newState', () => {
    const now = spike.endSec + 2 * 3600;
    const items = history({ AlarmName: 'payment-failure-rate-high', StartDate: spike.startSec - 3600, EndDate: now }, now).AlarmHistoryItems;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[0]!.Timestamp).toBeGreaterThanOrEqual(items.at(-1)!.Timestamp); // newest first
    const firstUp = items.at(-1)!;
    expect(firstUp.HistorySummary).toBe('Alarm updated from OK to ALARM');
    expect(firstUp.Timestamp).toBeGreaterThan(spike.startSec);
    expect(firstUp.Timestamp).toBeLessThan(spike.startSec + 15 * 60);
    const data = JSON.parse(firstUp.HistoryData) as { version: string; oldState: { stateValue: string }; newState: { stateValue: string; stateReasonData: { period: number; threshold: number } } };
    expect(data).toMatchObject({ version: '1.0', oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM', stateReasonData: { period: 60, threshold: 5 } } });
    expect(items[0]!.HistorySummary).toBe('Alarm updated from ALARM to OK');
    const ascending = history({ AlarmName: 'payment-failure-rate-high', StartDate: spike.startSec - 3600, EndDate: now, ScanBy: 'TimestampAscending' }, now).AlarmHistoryItems;
    expect(ascending.map((i) => i.Timestamp)).toEqual(items.map((i) => i.Timestamp).reverse());
    expect(history({ AlarmName: 'payment-failure-rate-high', HistoryItemType: 'ConfigurationUpdate' }, now).AlarmHistoryItems).toEqual([]);
    expect(history({ AlarmName: 'no-such-alarm' }, now).AlarmHistoryItems).toEqual([]);
  });

  it('pages the whole account’s history without repeats', () => {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = history({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 17, ...(token ? { NextToken: token } : {}) });
      all.push(...page.AlarmHistoryItems.map((i) => `${i.AlarmName}@${i.Timestamp}`));
      token = page.NextToken;
    } while (token);
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all).size).toBe(all.length);
    // The flapping cache alarm dominates a month of history.
    expect(all.filter((x) => x.startsWith('redis-cache-hit-rate-low@')).length).toBeGreaterThan(10);
  });

  it('tags alarms with severity, service and team', () => {
    const tags = handleOperation('ListTagsForResource', { ResourceARN: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:payment-failure-rate-high' }, ctx()) as { Tags: { Key: string; Value: string }[] };
    expect(tags.Tags).toEqual(expect.arrayContaining([{ Key: 'severity', Value: 'P1' }, { Key: 'service', Value: 'payment-service' }, { Key: 'team', Value: 'payments' }]));
    expect(cwError(() => handleOperation('ListTagsForResource', { ResourceARN: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:nope' }, ctx()))).toMatchObject({ status: 404 });
    expect(cwError(() => handleOperation('ListTagsForResource', { ResourceARN: 'not-an-arn' }, ctx()))).toMatchObject({ queryCode: 'InvalidParameterValue' });
    expect(cwError(() => handleOperation('ListTagsForResource', {}, ctx())).message).toMatch(/resourceARN/);
  });
});

describe('dispatch', () => {
  it('rejects unknown operations and non-object bodies', () => {
    expect(cwError(() => handleOperation('PutMetricData', {}, ctx())).type).toBe('com.amazon.coral.service#UnknownOperationException');
    expect(cwError(() => handleOperation('ListMetrics', [], ctx())).type).toBe('com.amazon.coral.service#SerializationException');
  });
});
