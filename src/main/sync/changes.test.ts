// The changes part against the simulator, through the real CloudTrail SDK client.
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import { incidentsBetween } from '../../sim/platform/scenario';
import { createCloudTrailClient, Pacer } from '../sources/aws/cloudtrail';
import { openCache } from '../store/cache';
import { ChangeCache } from '../store/changes';
import { ChangesSync } from './changes';

const SEED = 20251023;
const NOW = Date.parse('2026-10-26T17:38:00Z');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: SEED, now: () => NOW });
});
afterAll(async () => {
  await sim.close();
});

const client = (maxAttempts = 4): CloudTrailClient =>
  createCloudTrailClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts, retryBaseMs: 300 });

describe('CloudTrail changes sync', () => {
  it('reads 90 days of write events page by page at 2 calls/s; the payment deployment and its rollback are there', async () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-changes-')));
    const before = sim.callCounts().LookupEvents ?? 0;
    const started = performance.now();
    let clock = NOW;
    const sync = new ChangesSync({ client: client(), cache, sourceId: 'demo', now: () => clock, eventSources: ['codedeploy.amazonaws.com', 'rds.amazonaws.com'] });
    const status = await sync.run();
    const elapsed = performance.now() - started;
    expect(status).toMatchObject({ ok: true, error: null });
    // More than one page per source (50 per page), and no call was throttled: requests = calls.
    expect(status.calls).toBeGreaterThan(4);
    expect((sim.callCounts().LookupEvents ?? 0) - before).toBe(status.calls);
    expect(elapsed).toBeGreaterThanOrEqual((status.calls - 1) * 500 - 20);

    const store = new ChangeCache(cache.db);
    const spike = incidentsBetween(SEED, NOW / 1000 - 3600, NOW / 1000).find((i) => i.kind === 'payment-5xx-spike')!;
    const around = store.between(spike.startSec * 1000 - 3_600_000, NOW);
    const payment = around.filter((c) => c.resources.some((r) => r.name === 'payment-service'));
    expect(payment.map((c) => [new Date(c.at).toISOString(), c.summary.split(':')[0]])).toEqual([
      ['2026-10-26T17:21:00.000Z', 'payment-service 2026.10.26.2'],
      ['2026-10-26T17:37:00.000Z', 'Rollback payment-service to 2026.10.26.1 (gateway timeouts)'],
    ]);
    // Read-only events (DescribeDBInstances, twice a day) are not kept; 90 days are.
    const all = store.between(0, NOW + 1);
    expect(all.some((c) => c.eventName.startsWith('Describe'))).toBe(false);
    expect(Math.min(...all.map((c) => c.at))).toBeGreaterThanOrEqual(NOW - 90 * 86_400_000);
    expect(Math.min(...all.map((c) => c.at))).toBeLessThan(NOW - 80 * 86_400_000);

    // Within 5 min nothing is read; after, only the overlap: one call per source, nothing new.
    clock = NOW + 60_000;
    expect(await sync.run()).toMatchObject({ ok: true, calls: 0 });
    clock = NOW + 6 * 60_000;
    const again = await sync.run();
    expect(again).toMatchObject({ ok: true, calls: 2, stored: 0 });
  }, 60_000);

  it('an unpaced client is throttled by the simulator, the SDK retries, and the part still completes', async () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-changes-')));
    sim.injectFaults([{ kind: 'throttle', operation: 'LookupEvents', count: 1 }]);
    const before = sim.callCounts().LookupEvents ?? 0;
    const status = await new ChangesSync({ client: client(6), cache, sourceId: 'demo', now: () => NOW, eventSources: ['codedeploy.amazonaws.com'], pacer: new Pacer(0) }).run();
    expect(status.ok).toBe(true);
    // Requests beyond the pages: the injected fault plus the simulator's own 2 calls/s limit.
    expect((sim.callCounts().LookupEvents ?? 0) - before).toBeGreaterThan(status.calls + 1);
    expect(status.stored).toBeGreaterThan(100);
  }, 60_000);

  it('faults injected for LookupEvents hit CloudTrail only; CloudWatch answers as before', async () => {
    const { CloudWatchClient, DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
    const cw = new CloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    sim.injectFaults([{ kind: 'http500', operation: 'LookupEvents', count: 1 }]);
    expect((await cw.send(new DescribeAlarmsCommand({ MaxRecords: 1 }))).MetricAlarms).toHaveLength(1);
    const failed = await client(1).send(new LookupEventsCommand({ MaxResults: 1 })).then(() => 'ok', (e: Error) => e.name);
    expect(failed).toBe('InternalServiceFault');
    await new Promise((r) => setTimeout(r, 600));
    expect((await client(1).send(new LookupEventsCommand({ MaxResults: 1 }))).Events).toHaveLength(1);
  });

  it('an outage is recorded as the part failing, with the reason, and never throws', async () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-changes-')));
    await sim.setOutage(true);
    try {
      const status = await new ChangesSync({ client: client(1), cache, sourceId: 'demo', now: () => NOW, eventSources: ['eks.amazonaws.com'] }).run();
      expect(status.ok).toBe(false);
      expect(status.error).toMatch(/^changes could not be read from CloudTrail: /);
      expect(new ChangeCache(cache.db).states()[0]).toMatchObject({ source: 'demo', lastSuccess: null, lastError: status.error });
    } finally {
      await sim.setOutage(false);
    }
  });

  it('a clock behind what the store already holds (--demo-clock after a live run) reads only the history before it, without an error', async () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-changes-')));
    const options = { client: client(), cache, sourceId: 'demo', eventSources: ['codedeploy.amazonaws.com'], lookbackMs: 86_400_000 };
    expect(await new ChangesSync({ ...options, now: () => NOW }).run()).toMatchObject({ ok: true, error: null });
    const behind = NOW - 2 * 86_400_000;
    // The restart comes later than CloudTrail's one-second window: a second sync's pacing starts
    // afresh, and its first call right behind the first run's last would be throttled.
    await new Promise((r) => setTimeout(r, 1100));
    const status = await new ChangesSync({ ...options, now: () => behind }).run();
    expect(status).toMatchObject({ ok: true, error: null });
    // One range, [behind − 1 d, behind): read; the newer coverage the store held is kept as it was.
    expect(status.calls).toBeGreaterThan(0);
    expect(new ChangeCache(cache.db).coverage('demo', 'codedeploy.amazonaws.com')).toEqual({ oldest: behind - 86_400_000, newest: NOW });
  });

  it('LookupEvents refuses what CloudTrail refuses', async () => {
    const c = client(1);
    // Let the previous test's calls leave CloudTrail's one-second window.
    await new Promise((r) => setTimeout(r, 1100));
    const send = (input: LookupEventsCommandInput): Promise<string> =>
      new Promise((r) => setTimeout(r, 600)).then(() => c.send(new LookupEventsCommand(input)).then(() => 'ok', (e: Error) => e.name));
    expect(
      await send({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'rds.amazonaws.com' }, { AttributeKey: 'ReadOnly', AttributeValue: 'false' }] }),
    ).toBe('InvalidLookupAttributesException');
    expect(await send({ StartTime: new Date(NOW), EndTime: new Date(NOW - 1000) })).toBe('InvalidTimeRangeException');
    expect(await send({ MaxResults: 51 })).toBe('InvalidMaxResultsException');
    expect(await send({ NextToken: 'bm9wZQ==' })).toBe('InvalidNextTokenException');
    await new Promise((r) => setTimeout(r, 600));
    const page = await c.send(new LookupEventsCommand({ MaxResults: 3, LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'payment-service' }], EndTime: new Date(NOW) }));
    expect(page.Events?.map((e) => e.EventTime?.toISOString())).toEqual(['2026-10-26T17:37:00.000Z', '2026-10-26T17:21:00.000Z', expect.any(String)]);
    expect(page.Events?.[0]?.ReadOnly).toBe('false');
    expect(JSON.parse(page.Events![0]!.CloudTrailEvent!)).toMatchObject({ eventSource: 'codedeploy.amazonaws.com', eventName: 'CreateDeployment', managementEvent: true });
    expect(page.NextToken).toBeTruthy();
    // A token belongs to its query.
    expect(await send({ NextToken: page.NextToken })).toBe('InvalidNextTokenException');
  }, 30_000);
});
