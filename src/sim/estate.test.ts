// The large estate (`--demo-scale large`) through the real @aws-sdk/client-cloudwatch client:
// the sizes it promises, paging at those sizes, determinism in (seed, time), alarm histories
// that agree with the datapoints, and a small estate left exactly as it was.
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  GetMetricDataCommand,
  ListTagsForResourceCommand,
  type MetricAlarm,
  type MetricDataQuery,
  paginateDescribeAlarmHistory,
  paginateDescribeAlarms,
  paginateGetMetricData,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsFor } from '../main/sync/collect';
import { type Simulator, startSimulator } from './server';
import { EPISODIC_METRICS, largeMetrics } from './platform/estate';
import { listMetrics } from './platform/model';
import { ALARMS } from './services/cloudwatch/alarms';

const SMALL_ALARMS = new Set(ALARMS.map((a) => a.name));

const SEED = 11;
const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sims: Simulator[] = [];
const clients: CloudWatchClient[] = [];
async function client(estate: 'small' | 'large', seed = SEED): Promise<CloudWatchClient> {
  const sim = await startSimulator({ seed, now: () => NOW, estate });
  sims.push(sim);
  const c = new CloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
  clients.push(c);
  return c;
}
afterAll(async () => {
  clients.forEach((c) => c.destroy());
  await Promise.all(sims.map((s) => s.close()));
});

type Metric = NonNullable<MetricDataQuery['MetricStat']>['Metric'] & {};
const q = (Id: string, m: Metric, Period: number, Stat: string): MetricDataQuery => ({ Id, MetricStat: { Metric: m, Period, Stat } });

describe('the large estate', () => {
  let large: CloudWatchClient;
  let metrics: Metric[];
  let alarms: MetricAlarm[];
  let composites: number;

  beforeAll(async () => {
    large = await client('large');
    metrics = [];
    for await (const page of paginateListMetrics({ client: large }, {})) metrics.push(...(page.Metrics ?? []));
    alarms = [];
    composites = 0;
    for await (const page of paginateDescribeAlarms({ client: large, pageSize: 100 }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })) {
      alarms.push(...(page.MetricAlarms ?? []));
      composites += page.CompositeAlarms?.length ?? 0;
    }
  }, 120_000);

  it('lists ~2,600 metrics (the small estate first, unchanged), ~5,000 series as Opsdeck collects them, each metric once', () => {
    const small = listMetrics();
    expect(metrics).toHaveLength(small.length + largeMetrics().length);
    expect(metrics.length).toBeGreaterThan(2_500);
    const ids = metrics.map((m) => `${m.Namespace}|${m.MetricName}|${JSON.stringify(m.Dimensions)}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(metrics.slice(0, small.length).map((m) => m.MetricName)).toEqual(small.map((m) => m.metricName));
    const series = metrics.reduce((n, m) => n + statsFor({ namespace: m.Namespace!, metric: m.MetricName!, dimensions: (m.Dimensions ?? []).map((d) => ({ name: d.Name!, value: d.Value! })) }).length, 0);
    expect(series).toBeGreaterThanOrEqual(4_900);
    expect(series).toBeLessThanOrEqual(5_100);
    // Many services and resource kinds, not one metric repeated.
    expect(new Set(metrics.map((m) => m.Namespace)).size).toBeGreaterThanOrEqual(12);
  });

  it('has 5,000 more metric alarms: 2,000 with incidents in their history, and every one has fired within the last day', () => {
    expect(alarms).toHaveLength(14 - 1 + 5_000);
    expect(composites).toBe(1);
    const recent = alarms.filter((a) => a.StateValue === 'ALARM' || a.StateTransitionedTimestamp!.getTime() > NOW - DAY);
    expect(recent.length).toBeGreaterThanOrEqual(5_000);
    // Each watches a listed metric, with a statistic Opsdeck collects by default: alarms add no series.
    const listed = new Set(metrics.map((m) => `${m.Namespace}|${m.MetricName}|${JSON.stringify(m.Dimensions)}`));
    for (const a of alarms.filter((x) => !SMALL_ALARMS.has(x.AlarmName!))) {
      expect(listed.has(`${a.Namespace}|${a.MetricName}|${JSON.stringify(a.Dimensions)}`), a.AlarmName).toBe(true);
      const stats = statsFor({ namespace: a.Namespace!, metric: a.MetricName!, dimensions: [] });
      expect(stats, a.AlarmName).toContain(a.ExtendedStatistic ?? a.Statistic);
    }
  });

  it('pages the alarm history: over two days at least 2,000 alarms change state, newest first, no item twice', async () => {
    const names = new Set<string>();
    const keys = new Set<string>();
    let last = Infinity;
    let pages = 0;
    for await (const page of paginateDescribeAlarmHistory({ client: large, pageSize: 100 }, { StartDate: new Date(NOW - 2 * DAY), EndDate: new Date(NOW), HistoryItemType: 'StateUpdate' })) {
      pages += 1;
      expect(page.AlarmHistoryItems!.length).toBeLessThanOrEqual(100);
      for (const item of page.AlarmHistoryItems ?? []) {
        const t = item.Timestamp!.getTime();
        expect(t).toBeLessThanOrEqual(last);
        last = t;
        const key = `${item.AlarmName}@${t}`;
        expect(keys.has(key), key).toBe(false);
        keys.add(key);
        names.add(item.AlarmName!);
      }
    }
    expect(pages).toBeGreaterThan(50);
    expect(names.size).toBeGreaterThanOrEqual(EPISODIC_METRICS);
  }, 120_000);

  it("alarm states agree with the datapoints: an incident alarm is in ALARM exactly while its metric breaches; a standing alarm's metric always breaches", async () => {
    const own = alarms.filter((a) => !SMALL_ALARMS.has(a.AlarmName!));
    const incident = own.filter((a) => /-(high|low)$/.test(a.AlarmName!));
    const standing = own.filter((a) => /-(warning|notice|info)$/.test(a.AlarmName!));
    expect(incident.length).toBe(EPISODIC_METRICS);
    expect(standing.length).toBe(3_000);
    const step = Math.floor(incident.length / 12);
    const sample = [...incident.filter((_, i) => i % step === 0), ...standing.filter((_, i) => i % 250 === 0)];
    let checked = 0;
    for (const a of sample) {
      const from = NOW - DAY;
      const metric: Metric = { Namespace: a.Namespace, MetricName: a.MetricName, Dimensions: a.Dimensions };
      const out = await large.send(new GetMetricDataCommand({ StartTime: new Date(from), EndTime: new Date(NOW), ScanBy: 'TimestampAscending', MetricDataQueries: [q('m', metric, 60, a.ExtendedStatistic ?? a.Statistic!)] }));
      const r = out.MetricDataResults![0]!;
      const history: { at: number; to: string }[] = [];
      for await (const page of paginateDescribeAlarmHistory({ client: large }, { AlarmName: a.AlarmName, StartDate: new Date(from - 2 * DAY), EndDate: new Date(NOW), ScanBy: 'TimestampAscending' })) {
        for (const h of page.AlarmHistoryItems ?? []) history.push({ at: h.Timestamp!.getTime(), to: (JSON.parse(h.HistoryData!) as { newState: { stateValue: string } }).newState.stateValue });
      }
      const breach = (v: number): boolean => (a.ComparisonOperator === 'LessThanThreshold' ? v < a.Threshold! : v > a.Threshold!);
      r.Timestamps!.forEach((ts, i) => {
        const t = ts.getTime();
        // The datapoint [t, t + 1 min) is evaluated a few seconds after it closes.
        const evaluatedAt = t + 60_000 + 59_000;
        const before = history.filter((h) => h.at <= evaluatedAt).pop();
        const state = before ? before.to : a.StateValue === 'ALARM' && history.length === 0 ? 'ALARM' : 'OK';
        expect(breach(r.Values![i]!), `${a.AlarmName} at ${ts.toISOString()}: value ${r.Values![i]} vs ${a.Threshold}, state ${state}`).toBe(state === 'ALARM');
      });
      checked += r.Timestamps!.length;
      if (standing.includes(a)) expect(r.Values!.every(breach), a.AlarmName).toBe(true);
    }
    expect(checked).toBeGreaterThan(20 * 1000);
  }, 120_000);

  it('pages GetMetricData at the API limits: 500 queries, 100,800 points a page, every point once', async () => {
    const queries = metrics.slice(-500).map((m, i) => q(`q${i}`, m, 300, 'Average'));
    const seen = new Map<string, number>();
    let pages = 0;
    for await (const page of paginateGetMetricData({ client: large }, { StartTime: new Date(NOW - DAY), EndTime: new Date(NOW), MetricDataQueries: queries })) {
      pages += 1;
      let n = 0;
      for (const r of page.MetricDataResults ?? []) {
        n += r.Timestamps!.length;
        for (const t of r.Timestamps!) {
          const key = `${r.Id}@${t.getTime()}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
      }
      expect(n).toBeLessThanOrEqual(100_800);
    }
    expect(pages).toBe(2);
    expect(seen.size).toBe(500 * 288);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
  }, 60_000);

  it('tags every alarm for the queue (severity, service, team, runbook)', async () => {
    const a = alarms.find((x) => x.AlarmName!.endsWith('-high'))!;
    const { Tags } = await large.send(new ListTagsForResourceCommand({ ResourceARN: a.AlarmArn }));
    const tags = Object.fromEntries((Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags.severity).toMatch(/^P[1-4]$/);
    expect(tags.service).toBeTruthy();
    expect(tags.runbook).toMatch(/^https:\/\/runbooks\.example\.com\//);
    const severities = new Set(alarms.slice(0, 1000).map((x) => /Severity (P\d)/.exec(x.AlarmDescription ?? '')?.[1]));
    expect(severities).toEqual(new Set(['P1', 'P2', 'P3', 'P4']));
  });

  it('is deterministic in (seed, time): the same answers from a second simulator, other values under another seed', async () => {
    const again = await client('large');
    const other = await client('large', SEED + 1);
    const sample = metrics.filter((_, i) => i % 97 === 0).map((m, i) => q(`m${i}`, m, 60, 'Maximum'));
    const input = { StartTime: new Date(NOW - 6 * HOUR), EndTime: new Date(NOW), MetricDataQueries: sample };
    const a = await large.send(new GetMetricDataCommand(input));
    const b = await again.send(new GetMetricDataCommand(input));
    const c = await other.send(new GetMetricDataCommand(input));
    expect(b.MetricDataResults).toEqual(a.MetricDataResults);
    expect(c.MetricDataResults).not.toEqual(a.MetricDataResults);
    const hist = { StartDate: new Date(NOW - 6 * HOUR), EndDate: new Date(NOW), MaxRecords: 100 };
    const h1 = await large.send(new DescribeAlarmHistoryCommand(hist));
    const h2 = await again.send(new DescribeAlarmHistoryCommand(hist));
    expect(h2.AlarmHistoryItems).toEqual(h1.AlarmHistoryItems);
    expect(h1.AlarmHistoryItems!.length).toBe(100);
  }, 60_000);

  it('leaves the small estate as it was: its series bit-identical in both, the large ones unknown to it', async () => {
    const small = await client('small');
    const base = listMetrics().filter((_, i) => i % 5 === 0);
    const queries = base.map((m, i) => q(`s${i}`, { Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions.map((d) => ({ Name: d.name, Value: d.value })) }, 300, 'p95'));
    const input = { StartTime: new Date(NOW - 2 * DAY), EndTime: new Date(NOW), MetricDataQueries: queries };
    const inSmall = await small.send(new GetMetricDataCommand(input));
    const inLarge = await large.send(new GetMetricDataCommand(input));
    expect(inLarge.MetricDataResults).toEqual(inSmall.MetricDataResults);
    const extra = metrics[metrics.length - 1]!;
    const unknown = await small.send(new GetMetricDataCommand({ StartTime: new Date(NOW - HOUR), EndTime: new Date(NOW), MetricDataQueries: [q('x', extra, 60, 'Average')] }));
    expect(unknown.MetricDataResults![0]!.Values).toEqual([]);
    const smallMetrics: Metric[] = [];
    for await (const page of paginateListMetrics({ client: small }, {})) smallMetrics.push(...(page.Metrics ?? []));
    expect(smallMetrics).toHaveLength(listMetrics().length);
    const largeAlarm = alarms.find((x) => x.AlarmName!.endsWith('-warning'))!;
    await expect(small.send(new ListTagsForResourceCommand({ ResourceARN: largeAlarm.AlarmArn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  }, 60_000);

  it('refuses an unknown estate', async () => {
    await expect(startSimulator({ estate: 'huge' as never })).rejects.toThrow(/estate must be one of small, large/);
  });
});
