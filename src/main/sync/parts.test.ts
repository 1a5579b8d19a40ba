// A flaky or partial endpoint never blinds the on-call: each part of a pass succeeds or fails
// on its own. Against the simulator through the real SDK client, with faults per operation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import { AlarmCache } from '../store/alarms';
import { openCache, type CacheStore } from '../store/cache';
import { createCloudWatchClient, type CloudWatchTarget } from '../sources/aws/cloudwatch';
import { BackupSync, backupSyncFor, backupsPart } from './backups';
import { SyncEngine, type SyncEngineOptions } from './engine';
import { summariseParts, type PartStatus } from './parts';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const DAY = 86_400_000;

let sim: Simulator | null = null;
let cache: CacheStore | null = null;
let engine: SyncEngine | null = null;
afterEach(async () => {
  await engine?.stop();
  await sim?.close();
  cache?.close();
  sim = null;
  cache = null;
  engine = null;
});

async function setup(o: Partial<SyncEngineOptions> = {}, client: Partial<CloudWatchTarget> = {}, now: () => number = () => NOW) {
  sim = await startSimulator({ seed: 3, now });
  cache = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-parts-'))).cache;
  engine = new SyncEngine({
    sourceId: 'demo',
    client: createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 2, retryBaseMs: 5, retryCapMs: 20, ...client }),
    cache,
    now,
    backfillMs: DAY / 4,
    ...o,
  });
  return { sim, cache, engine };
}

const part = (e: SyncEngine, id: string): PartStatus => e.parts.find((p) => p.id === id)!;

describe('sync parts', () => {
  it('DescribeAlarmHistory answering 500: metrics and alarms stay current, the failing call is named, its last success does not advance', async () => {
    let now = NOW;
    const { sim, cache, engine } = await setup({}, {}, () => now);
    await engine.runOnce();
    const historyOk = part(engine, 'history').lastSuccessAt;
    expect(historyOk).toBe(NOW);

    sim.injectFaults([{ kind: 'http500', operation: 'DescribeAlarmHistory', count: 1000 }]);
    now = NOW + 5 * 60_000;
    const alarmCalls = sim.callCounts().DescribeAlarms ?? 0;
    await expect(engine.runOnce()).rejects.toThrow();

    // The other parts ran and are current as of this pass.
    for (const id of ['alarms', 'tags', 'catalogue', 'datapoints', 'backfill']) expect(part(engine, id), id).toMatchObject({ state: 'ok', lastSuccessAt: now });
    expect(sim.callCounts().DescribeAlarms).toBe(alarmCalls + 1);
    expect(cache.newestPointTs('demo')! * 1000).toBeGreaterThanOrEqual(now - 2 * 60_000);
    expect(cache.alarms('demo').length).toBeGreaterThan(5);

    // The failing part: named by its call, its own error, its last success held back.
    expect(part(engine, 'history')).toMatchObject({ state: 'failing', failedCall: 'DescribeAlarmHistory', lastSuccessAt: historyOk, failingSince: now });
    expect(part(engine, 'history').lastError).toMatch(/^HTTP 500 InternalServiceFault/);
    const source = engine.connectivity;
    expect(source.state).toBe('degraded');
    expect(source.lastError).toMatch(/^DescribeAlarmHistory: HTTP 500 InternalServiceFault — alarm history not updated; .*alarms.* current$/);
    expect(source.lastError).toContain('metrics');
    // The source's "last successful sync" is when every part last was current: it does not advance either.
    expect(source.lastSuccess).toBe(historyOk);
    expect(cache.sourceState('demo')?.lastError).toBe(source.lastError);

    now += 60_000;
    await expect(engine.runOnce()).rejects.toThrow();
    expect(part(engine, 'history')).toMatchObject({ lastSuccessAt: historyOk, failingSince: NOW + 5 * 60_000 });
    expect(engine.connectivity.state).toBe('degraded');

    // Once the endpoint answers again, history catches up and the source is whole.
    sim.clearFaults();
    now += 60_000;
    await engine.runOnce();
    expect(engine.connectivity).toMatchObject({ state: 'online', lastError: null, lastSuccess: now });
  }, 180_000);

  it('a failing part backs off on its own: the breaker of alarm history never holds back alarms or metrics', async () => {
    const start = Date.now();
    const clock = () => NOW + (Date.now() - start);
    const { sim, engine } = await setup({ liveIntervalMs: 150, breaker: { failureThreshold: 2, cooldownMs: 60_000, maxCooldownMs: 60_000 } }, {}, clock);
    sim.injectFaults([{ kind: 'http500', operation: 'DescribeAlarmHistory', count: 100_000 }]);
    engine.start();
    await waitFor(() => (sim.callCounts().DescribeAlarmHistory ?? 0) >= 4 && (sim.callCounts().DescribeAlarms ?? 0) >= 1, 60_000);
    // History's breaker is open now (two failures, one-minute cool-down)…
    const historyCalls = sim.callCounts().DescribeAlarmHistory ?? 0;
    const alarmCalls = sim.callCounts().DescribeAlarms ?? 0;
    const metricCalls = sim.callCounts().GetMetricData ?? 0;
    await new Promise((r) => setTimeout(r, 2_000));
    // …while alarms and datapoints keep their live interval.
    expect(sim.callCounts().DescribeAlarmHistory ?? 0).toBe(historyCalls);
    expect((sim.callCounts().DescribeAlarms ?? 0) - alarmCalls).toBeGreaterThanOrEqual(3);
    expect((sim.callCounts().GetMetricData ?? 0) - metricCalls).toBeGreaterThanOrEqual(3);
    expect(part(engine, 'history').nextAttemptAt! - clock()).toBeGreaterThan(50_000);
    expect(part(engine, 'alarms').state).toBe('ok');
    expect(engine.connectivity.state).toBe('degraded');
  }, 120_000);

  it('alarms come first: the alert queue is filled while the metric backfill is still under way', async () => {
    const start = Date.now();
    const clock = () => NOW + (Date.now() - start);
    const { sim, cache, engine } = await setup({ backfillMs: 30 * DAY, backfillCallsPerRun: 2 }, {}, clock);
    // A slow metrics endpoint: every GetMetricData takes 1.5 s.
    sim.injectFaults([{ kind: 'slow', operation: 'GetMetricData', delayMs: 1_500, count: 1000 }]);
    engine.start();
    await waitFor(() => cache.alarms('demo').length > 0 && part(engine, 'history').state === 'ok', 30_000);
    expect(engine.status.complete).toBe(false);
    expect(new AlarmCache(cache.db).occurrencesOfSource('demo').length).toBeGreaterThan(0);
  }, 120_000);

  it('a percentile GetMetricData cannot serve (500) is isolated to its series after retries; every other series and the alarms sync', async () => {
    const clean = await setup();
    await clean.engine.runOnce();
    const cleanCache = clean.cache;
    const pointsOf = (c: CacheStore, stat: string) =>
      (c.db.prepare('SELECT count(*) AS n FROM points p JOIN series s ON s.id = p.series_id WHERE s.stat = ?').get(stat) as { n: number }).n;
    const expected = { total: cleanCache.stats().points, p99: pointsOf(cleanCache, 'p99') };
    const p99Series = cleanCache.listSeries('demo').filter((s) => s.stat === 'p99').length;
    expect(p99Series).toBeGreaterThan(0);
    await clean.engine.stop();
    await clean.sim.close();
    cleanCache.close();
    engine = null;

    const { sim, cache, engine: e } = await setup();
    sim.injectFaults([{ kind: 'http500', stat: 'p99', count: 100_000 }]);
    await e.runOnce();
    const errors = cache.seriesErrors('demo');
    expect(errors.map((x) => x.key.split('|').pop())).toEqual(Array(p99Series).fill('p99'));
    expect(errors[0]?.error).toMatch(/^GetMetricData: the source cannot serve this query \(HTTP 500 InternalServiceFault\)/);
    expect(cache.stats().points).toBe(expected.total - expected.p99);
    expect(cache.alarms('demo').length).toBeGreaterThan(5);
    expect(e.connectivity.state).toBe('online');

    // Next pass: the errored series are asked for on their own (not packed into every call).
    const before = sim.callCounts().GetMetricData ?? 0;
    await e.runOnce();
    expect((sim.callCounts().GetMetricData ?? 0) - before).toBeLessThan(10);
  }, 240_000);

  it('a source that is back counts as online at its first answered calls, not when the long runs under way (history, backups) end', async () => {
    let backups: BackupSync | null = null;
    const { sim: platform, engine } = await setup({
      liveIntervalMs: 200,
      backfillMs: 14 * DAY,
      backfillCallsPerRun: 1_000,
      extraParts: ({ changed, cache: c }) => [backupsPart((backups = backupSyncFor('demo', { region: 'us-east-1', endpoint: sim!.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }, c.db, () => NOW)), changed)],
    });
    expect(backups).not.toBeNull();
    // Down for metric data and backups (the alarm parts and the catalogue have answered once, so
    // the metric parts start).
    platform.injectFaults(['GetMetricData', 'ListBackupPlans', 'DescribeDBInstances'].map((operation) => ({ kind: 'reset' as const, operation, count: 100_000 })));
    engine.start();
    await waitFor(() => part(engine, 'backfill').state === 'failing' && part(engine, 'backups').state === 'failing', 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(engine.parts.map((p) => [p.id, p.state, p.lastError, p.runningSince]))}`);
    });
    expect(engine.connectivity.state).not.toBe('online');
    // Back, but slow: every call takes 300 ms, so this run of the backfill lasts minutes and the
    // backups' dozen sub-part calls several seconds.
    platform.clearFaults();
    platform.injectFaults([{ kind: 'slow', delayMs: 300, count: 100_000 }]);
    void engine.syncNow().catch(() => undefined);
    const back = Date.now();
    await waitFor(() => engine.connectivity.state === 'online', 10_000).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(engine.parts.map((p) => [p.id, p.state, p.lastError, p.runningSince]))}`);
    });
    expect(Date.now() - back).toBeLessThan(5_000);
    const history = part(engine, 'backfill');
    // Still running, no longer failing — and its data is not called current before the run ends.
    expect(history).toMatchObject({ state: 'ok', lastError: null, failedCall: null, failingSince: null, lastSuccessAt: null });
    expect(history.runningSince).not.toBeNull();
    expect(part(engine, 'backups')).toMatchObject({ state: 'ok', lastError: null });
    expect(part(engine, 'backups').runningSince).not.toBeNull();
    expect(engine.connectivity.lastError).toBeNull();
  }, 60_000);

  it('a hung endpoint (accepts, never answers) is degraded, then offline, within the timeouts; stop() does not wait for it; Sync now tries at once', async () => {
    const start = Date.now();
    const clock = () => NOW + (Date.now() - start);
    const { sim, engine } = await setup({ liveIntervalMs: 200, breaker: { failureThreshold: 2, cooldownMs: 600_000, maxCooldownMs: 600_000 } }, { requestTimeoutMs: 1_500, maxAttempts: 2 }, clock);
    await engine.runOnce();
    sim.injectFaults([{ kind: 'hang', count: 100_000 }]);
    const hungAt = Date.now();
    engine.start();
    await waitFor(() => engine.connectivity.state === 'degraded', 20_000);
    await waitFor(() => engine.connectivity.state === 'offline', 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(engine.parts)} ${JSON.stringify(engine.connectivity)}`);
    });
    const detectedMs = Date.now() - hungAt;
    // Two failed runs of (2 attempts × 1.5 s + backoff) plus a retry delay of 1–5 s. With the
    // defaults (4 attempts × 10 s) the same arithmetic gives ≤ 2 × 43 s + 5 s, inside 2 minutes.
    expect(detectedMs).toBeLessThan(20_000);
    expect(engine.connectivity.lastError).toMatch(/unreachable/);
    // The breaker soon holds every failing part back for ten minutes (a part that has failed only
    // once is still in its short backoff when offline is declared; it trips on its next failure)…
    const heldBack = (): boolean => {
      const failing = engine.parts.filter((p) => p.state === 'failing');
      return failing.length > 0 && Math.min(...failing.map((p) => p.nextAttemptAt ?? Infinity)) - clock() > 60_000;
    };
    await waitFor(heldBack, 40_000).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(engine.parts.map((p) => [p.id, p.state, p.nextAttemptAt === null ? null : p.nextAttemptAt - clock()]))}`);
    });
    // …and Sync now cancels that: the endpoint is asked again at once.
    await waitFor(() => engine.parts.every((p) => p.runningSince === null), 20_000);
    sim.clearFaults();
    const calls = Object.values(sim.callCounts()).reduce((a, b) => a + b, 0);
    await engine.syncNow();
    expect(Object.values(sim.callCounts()).reduce((a, b) => a + b, 0)).toBeGreaterThan(calls);
    expect(engine.connectivity.state).toBe('online');

    sim.injectFaults([{ kind: 'hang', count: 100_000 }]);
    void engine.syncNow().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const stopping = Date.now();
    await engine.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
  }, 120_000);
});

describe('summariseParts', () => {
  const status = (id: string, label: string, state: PartStatus['state']): PartStatus => ({
    id, label, state, lastSuccessAt: null, lastAttemptAt: null, failingSince: null, failedCall: null, lastError: null, runningSince: null, nextAttemptAt: null,
  });
  it('names each failing call and what is current; says a shared failure once', () => {
    const server = { kind: 'server' as const, call: 'DescribeAlarmHistory', message: 'HTTP 500 InternalFailure', denied: null };
    expect(
      summariseParts([
        { status: status('alarms', 'alarms', 'ok'), failure: null },
        { status: status('history', 'alarm history', 'failing'), failure: server },
        { status: status('datapoints', 'metrics', 'ok'), failure: null },
      ]),
    ).toBe('DescribeAlarmHistory: HTTP 500 InternalFailure — alarm history not updated; alarms and metrics current');
    const down = { kind: 'unreachable' as const, call: 'X', message: 'source unreachable (ECONNREFUSED)', denied: null };
    expect(
      summariseParts([
        { status: status('alarms', 'alarms', 'failing'), failure: { ...down, call: 'DescribeAlarms' } },
        { status: status('datapoints', 'metrics', 'failing'), failure: { ...down, call: 'GetMetricData' } },
        { status: status('backups', 'backups', 'pending'), failure: null },
      ]),
    ).toBe('source unreachable (ECONNREFUSED)');
    expect(summariseParts([{ status: status('alarms', 'alarms', 'ok'), failure: null }])).toBeNull();
  });
});

async function waitFor(ok: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
