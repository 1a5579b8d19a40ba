// The simulator through the real @aws-sdk/client-cloudwatch client: what production code sees.
import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListMetricsCommand,
  ListTagsForResourceCommand,
  type MetricDataQuery,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import { listMetrics, type MetricId, metricValue } from './platform/model';
import { incidentsBetween } from './platform/scenario';
import { type Simulator, type SimulatorOptions, startSimulator } from './server';

const SEED = 7;
const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const NOW_SEC = NOW / 1000;
const MINUTE = 60_000;

const running: Simulator[] = [];
const clients: CloudWatchClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy());
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(opts: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ seed: SEED, now: () => NOW, ...opts });
  running.push(sim);
  return sim;
}

function clientFor(sim: Simulator, extra: Partial<CloudWatchClientConfig> = {}): CloudWatchClient {
  const client = new CloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1, ...extra });
  clients.push(client);
  return client;
}

async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

const service = (metricName: string, name: string): MetricId => ({ namespace: 'ECommerce/Services', metricName, dimensions: [{ name: 'Service', value: name }] });
const query = (Id: string, m: MetricId, Period: number, Stat: string): MetricDataQuery => ({
  Id,
  MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions.map((d) => ({ Name: d.name, Value: d.value })) }, Period, Stat },
});

describe('ListMetrics', () => {
  it('pages the whole catalogue through the SDK paginator, each metric once', async () => {
    const sim = await start({ listMetricsPageSize: 25 });
    const client = clientFor(sim);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListMetrics({ client }, {})) {
      pages++;
      for (const m of page.Metrics ?? []) seen.push(`${m.Namespace}|${m.MetricName}|${JSON.stringify(m.Dimensions)}`);
    }
    expect(pages).toBe(Math.ceil(listMetrics().length / 25));
    expect(seen).toHaveLength(listMetrics().length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(sim.callCounts().ListMetrics).toBe(pages);
  });

  it('answers a filtered query in one page of at most 500', async () => {
    const client = clientFor(await start());
    const out = await client.send(new ListMetricsCommand({ Namespace: 'ECommerce/Services', Dimensions: [{ Name: 'Service', Value: 'payment-service' }] }));
    expect(out.NextToken).toBeUndefined();
    expect(out.Metrics?.map((m) => m.MetricName).sort()).toEqual(['DbQueryTime', 'Http4xxCount', 'Http5xxCount', 'Latency', 'RequestCount', 'RequestQueueDepth']);
  });
});

describe('GetMetricData', () => {
  it('returns the model’s values, with Dates the SDK parsed from epoch seconds', async () => {
    const client = clientFor(await start());
    const m = service('Latency', 'search-service');
    const out = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 60 * MINUTE),
        EndTime: new Date(NOW),
        MetricDataQueries: [query('p95', m, 60, 'p95'), query('avg', m, 300, 'Average'), query('n', m, 3600, 'SampleCount')],
      }),
    );
    const [p95, avg, n] = out.MetricDataResults!;
    expect(p95!.Timestamps).toHaveLength(60);
    expect(p95!.Timestamps![0]).toBeInstanceOf(Date);
    p95!.Timestamps!.forEach((t, i) => expect(p95!.Values![i]).toBe(metricValue(SEED, m, 'p95', 60, t.getTime() / 1000)));
    avg!.Timestamps!.forEach((t, i) => expect(avg!.Values![i]).toBe(metricValue(SEED, m, 'Average', 300, t.getTime() / 1000)));
    expect(n!.Timestamps).toHaveLength(1);
    expect(n!.Values![0]).toBe(metricValue(SEED, m, 'SampleCount', 3600, NOW_SEC - 3600));
  });

  it('is consistent across periods: five 1-minute Sums make the 5-minute Sum', async () => {
    const client = clientFor(await start());
    const m = service('RequestCount', 'product-service');
    const out = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW - 30 * MINUTE),
        EndTime: new Date(NOW),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [query('one', m, 60, 'Sum'), query('five', m, 300, 'Sum')],
      }),
    );
    const [one, five] = out.MetricDataResults!;
    expect(five!.Values).toHaveLength(6);
    five!.Values!.forEach((v, i) => expect(v).toBe(one!.Values!.slice(i * 5, i * 5 + 5).reduce((a, b) => a + b, 0)));
  });

  it('pages with a small MaxDatapoints: every point exactly once', async () => {
    const client = clientFor(await start());
    const input: GetMetricDataCommandInput = {
      StartTime: new Date(NOW - 6 * 60 * MINUTE),
      EndTime: new Date(NOW),
      MetricDataQueries: [
        query('req', service('RequestCount', 'payment-service'), 60, 'Sum'),
        query('err', service('Http5xxCount', 'payment-service'), 60, 'Sum'),
        { Id: 'ratio', Expression: '100 * err / req', Label: 'Payment 5xx %' },
        query('lat', service('Latency', 'payment-service'), 300, 'p99'),
      ],
    };
    const whole = await client.send(new GetMetricDataCommand(input));
    const expectedTotal = 360 * 3 + 72;
    expect(whole.MetricDataResults!.reduce((n, r) => n + r.Values!.length, 0)).toBe(expectedTotal);
    const got = new Map<string, number[]>();
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new GetMetricDataCommand({ ...input, MaxDatapoints: 100, NextToken }));
      pages++;
      NextToken = page.NextToken;
      if (NextToken) expect(page.MetricDataResults!.map((r) => r.StatusCode)).toContain('PartialData');
      for (const r of page.MetricDataResults!) got.set(r.Id!, [...(got.get(r.Id!) ?? []), ...r.Timestamps!.map((t) => t.getTime())]);
    } while (NextToken);
    expect(pages).toBe(Math.ceil(expectedTotal / 100));
    for (const r of whole.MetricDataResults!) expect(got.get(r.Id!)).toEqual(r.Timestamps!.map((t) => t.getTime()));
  });

  it('refuses more than 500 queries with a ValidationError the SDK names', async () => {
    const client = clientFor(await start());
    const queries = Array.from({ length: 501 }, (_, i) => query(`q${i}`, service('RequestCount', 'order-service'), 60, 'Sum'));
    const err = await failure(client.send(new GetMetricDataCommand({ StartTime: new Date(NOW - MINUTE * 10), EndTime: new Date(NOW), MetricDataQueries: queries })));
    expect(err.name).toBe('ValidationException');
    expect(err.Code).toBe('ValidationError');
    expect(err.message).toMatch(/less than or equal to 500/);
    expect((err.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    const badId = await failure(client.send(new GetMetricDataCommand({ StartTime: new Date(NOW - MINUTE * 10), EndTime: new Date(NOW), MetricDataQueries: [{ ...queries[0]!, Id: 'Bad' }] })));
    expect(badId.name).toBe('ValidationException');
    const badPeriod = await failure(
      client.send(new GetMetricDataCommand({ StartTime: new Date(NOW - MINUTE * 10), EndTime: new Date(NOW), MetricDataQueries: [query('m1', service('RequestCount', 'order-service'), 45, 'Sum')] })),
    );
    expect(badPeriod.name).toBe('InvalidParameterValueException');
  });

  it('applies retention: no 1-minute data older than 15 days, 5-minute data still there', async () => {
    const client = clientFor(await start());
    const m = service('RequestCount', 'order-service');
    const range = { StartTime: new Date(NOW - 20 * 86_400_000), EndTime: new Date(NOW - 16 * 86_400_000) };
    const out = await client.send(new GetMetricDataCommand({ ...range, MetricDataQueries: [query('fine', m, 60, 'Sum'), query('coarse', m, 300, 'Sum')] }));
    expect(out.MetricDataResults![0]).toMatchObject({ Id: 'fine', StatusCode: 'Complete', Timestamps: [], Values: [] });
    expect(out.MetricDataResults![1]!.Values).toHaveLength(4 * 288);
  });

  it('is deterministic per seed', async () => {
    const input = { StartTime: new Date(NOW - 30 * MINUTE), EndTime: new Date(NOW), MetricDataQueries: [query('m', service('RequestCount', 'search-service'), 60, 'Sum')] };
    const a = await clientFor(await start()).send(new GetMetricDataCommand(input));
    const b = await clientFor(await start()).send(new GetMetricDataCommand(input));
    const c = await clientFor(await start({ seed: SEED + 1 })).send(new GetMetricDataCommand(input));
    expect(a.MetricDataResults![0]!.Values).toEqual(b.MetricDataResults![0]!.Values);
    expect(a.MetricDataResults![0]!.Values).not.toEqual(c.MetricDataResults![0]!.Values);
  });
});

describe('faults', () => {
  const gmd = (client: CloudWatchClient) =>
    client.send(new GetMetricDataCommand({ StartTime: new Date(NOW - 10 * MINUTE), EndTime: new Date(NOW), MetricDataQueries: [query('m', service('RequestCount', 'order-service'), 60, 'Sum')] }));

  it('throttle → Throttling (HTTP 400); http500 → InternalServiceFault; http503 → ServiceUnavailable', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.injectFaults([{ kind: 'throttle' }, { kind: 'http500' }, { kind: 'http503' }]);
    const throttled = await failure(gmd(client));
    expect(throttled.name).toBe('Throttling');
    expect(throttled.$fault).toBe('client');
    expect((throttled.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    const internal = await failure(gmd(client));
    expect(internal.name).toBe('InternalServiceFault');
    expect((internal.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(500);
    const unavailable = await failure(gmd(client));
    expect(unavailable.name).toBe('ServiceUnavailable');
    expect((unavailable.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(503);
    await expect(gmd(client)).resolves.toBeDefined(); // the queue is empty again
    expect(sim.callCounts().GetMetricData).toBe(4);
  });

  it('reset and truncated drop the connection; malformed is a deserialization error', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.injectFaults([{ kind: 'reset' }, { kind: 'truncated' }, { kind: 'malformed' }]);
    const reset = await failure(gmd(client));
    expect(reset.code).toBe('ECONNRESET');
    const truncated = await failure(gmd(client));
    expect(truncated.code).toBe('ECONNRESET');
    expect(truncated.message).toMatch(/aborted/);
    const malformed = await failure(gmd(client));
    expect(malformed.name).toBe('SyntaxError');
    expect(malformed.message).toMatch(/Deserialization error/);
  });

  it('slow answers after the delay, or times out a client that will not wait', async () => {
    const sim = await start();
    sim.injectFaults([{ kind: 'slow', delayMs: 300 }, { kind: 'slow', delayMs: 1500 }]);
    const started = Date.now();
    await gmd(clientFor(sim));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const impatient = clientFor(sim, { requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
    const err = await failure(gmd(impatient));
    expect(err.name).toBe('TimeoutError');
  });

  it('partial: PartialData and a NextToken that continues exactly', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.injectFaults([{ kind: 'partial' }]);
    const first = await gmd(client);
    expect(first.MetricDataResults![0]!.StatusCode).toBe('PartialData');
    expect(first.MetricDataResults![0]!.Values).toHaveLength(5);
    const rest = await client.send(
      new GetMetricDataCommand({ StartTime: new Date(NOW - 10 * MINUTE), EndTime: new Date(NOW), NextToken: first.NextToken, MetricDataQueries: [query('m', service('RequestCount', 'order-service'), 60, 'Sum')] }),
    );
    expect(rest.MetricDataResults![0]!.StatusCode).toBe('Complete');
    const all = [...first.MetricDataResults![0]!.Timestamps!, ...rest.MetricDataResults![0]!.Timestamps!].map((t) => t.getTime());
    expect(all).toEqual(Array.from({ length: 10 }, (_, i) => NOW - (i + 1) * MINUTE));
  });

  it('counts and operation filters: faults hit only their operation, in order', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.injectFaults([{ kind: 'throttle', operation: 'ListMetrics', count: 2 }]);
    await expect(gmd(client)).resolves.toBeDefined();
    expect((await failure(client.send(new ListMetricsCommand({})))).name).toBe('Throttling');
    expect((await failure(client.send(new ListMetricsCommand({})))).name).toBe('Throttling');
    await expect(client.send(new ListMetricsCommand({}))).resolves.toBeDefined();
    expect(sim.callCounts()).toMatchObject({ GetMetricData: 1, ListMetrics: 3 });
    sim.injectFaults([{ kind: 'http503', count: 5 }]);
    sim.clearFaults();
    await expect(gmd(client)).resolves.toBeDefined();
    expect(() => sim.injectFaults([{ kind: 'explode' as never }])).toThrow(/faults\[0\]\.kind must be one of/);
    expect(() => sim.injectFaults([{ kind: 'throttle', count: 0 }])).toThrow(/faults\[0\]\.count/);
    expect(() => sim.injectFaults([{ kind: 'partial', operation: 'ListMetrics' }])).toThrow(/partial fault applies to GetMetricData only/);
  });

  it('the SDK’s own retries ride through transient 500s', async () => {
    const sim = await start();
    sim.injectFaults([{ kind: 'http500', count: 2 }]);
    await expect(gmd(clientFor(sim, { maxAttempts: 3 }))).resolves.toBeDefined();
    expect(sim.callCounts().GetMetricData).toBe(3);
  });
});

describe('outage', () => {
  it('refuses connections until it ends, then serves on the same port', async () => {
    const sim = await start();
    const client = clientFor(sim);
    await client.send(new ListMetricsCommand({ Namespace: 'AWS/RDS' }));
    await sim.setOutage(true);
    expect(sim.outage).toBe(true);
    const refused = await failure(client.send(new ListMetricsCommand({ Namespace: 'AWS/RDS' })));
    expect(refused.code).toBe('ECONNREFUSED');
    await sim.setOutage(false);
    expect(sim.outage).toBe(false);
    const back = await client.send(new ListMetricsCommand({ Namespace: 'AWS/RDS' }));
    expect(back.Metrics).toHaveLength(5);
  });

  it('can start in an outage, with its port reserved', async () => {
    const sim = await start({ outage: true });
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.endpoint).toBe(`http://127.0.0.1:${sim.port}`);
    const client = clientFor(sim);
    expect((await failure(client.send(new ListMetricsCommand({})))).code).toBe('ECONNREFUSED');
    await sim.setOutage(false);
    await expect(client.send(new ListMetricsCommand({}))).resolves.toBeDefined();
  });

  it('validates its options', async () => {
    await expect(startSimulator({ seed: Number.NaN })).rejects.toThrow(/seed must be a finite number/);
    await expect(startSimulator({ port: 70_000 })).rejects.toThrow(/port must be an integer/);
  });
});

describe('alarms', () => {
  it('DescribeAlarms, tags and history have the shapes the SDK expects', async () => {
    const spike = incidentsBetween(SEED, NOW_SEC - 25 * 86_400, NOW_SEC).find((i) => i.kind === 'payment-5xx-spike')!;
    const during = spike.startSec * 1000 + 11 * MINUTE;
    const client = clientFor(await start({ now: () => during }));
    const alarms = await client.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }));
    expect(alarms.MetricAlarms).toHaveLength(13);
    const failureRate = alarms.MetricAlarms!.find((a) => a.AlarmName === 'payment-failure-rate-high')!;
    expect(failureRate.StateValue).toBe('ALARM');
    expect(failureRate.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(failureRate.StateUpdatedTimestamp!.getTime()).toBeLessThanOrEqual(during);
    expect(failureRate.Metrics?.find((m) => m.ReturnData)?.Expression).toBe('100 * failed / total');
    expect(alarms.CompositeAlarms![0]).toMatchObject({ AlarmName: 'payment-degraded', StateValue: 'ALARM' });

    const tags = await client.send(new ListTagsForResourceCommand({ ResourceARN: failureRate.AlarmArn }));
    expect(tags.Tags).toEqual(expect.arrayContaining([{ Key: 'severity', Value: 'P1' }]));
    const missing = await failure(client.send(new ListTagsForResourceCommand({ ResourceARN: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:nope' })));
    expect(missing.name).toBe('ResourceNotFoundException');

    const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: 'payment-failure-rate-high', HistoryItemType: 'StateUpdate' }));
    const latest = history.AlarmHistoryItems![0]!;
    expect(latest.Timestamp).toBeInstanceOf(Date);
    expect(latest.HistorySummary).toBe('Alarm updated from OK to ALARM');
    expect(JSON.parse(latest.HistoryData!)).toMatchObject({ oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM' } });
  });
});

describe('the wire', () => {
  const post = (sim: Simulator, target: string | null, body: string, auth = true) =>
    fetch(sim.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', ...(target ? { 'x-amz-target': target } : {}), ...(auth ? { authorization: 'AWS4-HMAC-SHA256 Credential=x' } : {}) },
      body,
    });

  it('answers protocol errors the way AWS JSON services do', async () => {
    const sim = await start();
    const unknown = await post(sim, 'GraniteServiceVersion20100801.PutMetricData', '{}');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('com.amazon.coral.service#UnknownOperationException');
    const garbled = await post(sim, 'GraniteServiceVersion20100801.ListMetrics', '{not json');
    expect(((await garbled.json()) as { __type: string }).__type).toBe('com.amazon.coral.service#SerializationException');
    const anonymous = await post(sim, 'GraniteServiceVersion20100801.ListMetrics', '{}', false);
    expect(anonymous.status).toBe(403);
    const invalid = await post(sim, 'GraniteServiceVersion20100801.ListMetrics', '{"RecentlyActive":"PT1H"}');
    expect(invalid.headers.get('x-amzn-query-error')).toBe('ValidationError;Sender');
    expect(invalid.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(invalid.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const noTarget = await post(sim, null, '{}');
    expect(noTarget.status).toBe(400);
    expect(sim.callCounts()).toMatchObject({ PutMetricData: 1, ListMetrics: 3, '(unknown)': 1 });
  });
});
