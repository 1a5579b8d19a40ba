import { ListTagsForResourceCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmTimeline, alarmByName, alarmArn } from '../../sim/services/cloudwatch/alarms';
import { incidentsBetween } from '../../sim/platform/scenario';
import { startSimulator, type Simulator } from '../../sim/server';
import type { Occurrence } from '../domain/alerts/occurrences';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { DEMO_SEED } from '../sources/demo';
import { AlarmCache } from '../store/alarms';
import { openCache, type CacheStore } from '../store/cache';
import { HISTORY_HORIZON_MS, SAME_TRANSITION_MS, TAG_REFRESH_MS, changedOccurrences, reconcileAlarmOccurrences, syncAlarms } from './alarms';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('reconcileAlarmOccurrences', () => {
  const A = 'arn:a';
  const occ = (firedAt: number, resolvedAt: number | null = null, endedBy: Occurrence['endedBy'] = null): Occurrence => ({
    key: `${A}@${firedAt}`,
    alertId: A,
    firedAt,
    resolvedAt,
    endedBy,
    lastSeenAt: 0,
  });

  it('keeps every ALARM period a flapping alarm had between two passes', () => {
    // Pass 1 saw it OK. Between passes: ALARM 1000, OK 2000, ALARM 3000, OK 4000, ALARM 5000.
    const history = [1000, 2000, 3000, 4000, 5000].map((at, i) => ({ alertId: A, at, to: i % 2 === 0 ? ('ALARM' as const) : ('OK' as const) }));
    const { occurrences, events } = reconcileAlarmOccurrences([], [{ id: A, state: 'ALARM', stateSince: 5000 }], history, 6000);
    expect(occurrences.map((o) => [o.firedAt, o.resolvedAt, o.endedBy])).toEqual([
      [1000, 2000, 'OK'],
      [3000, 4000, 'OK'],
      [5000, null, null],
    ]);
    expect(events.map((e) => e.type)).toEqual(['opened', 'resolved', 'reopened', 'resolved', 'reopened']);
  });

  it('treats a history item within SAME_TRANSITION_MS of the current stateSince as the same period, keyed by the snapshot', () => {
    const { occurrences } = reconcileAlarmOccurrences([], [{ id: A, state: 'ALARM', stateSince: 10_000 }], [{ alertId: A, at: 10_000 - SAME_TRANSITION_MS, to: 'ALARM' }], 20_000);
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]?.key).toBe(`${A}@10000`);
    // One millisecond further apart and they are two periods (the earlier one superseded).
    const apart = reconcileAlarmOccurrences([], [{ id: A, state: 'ALARM', stateSince: 10_000 }], [{ alertId: A, at: 10_000 - SAME_TRANSITION_MS - 1, to: 'ALARM' }], 20_000);
    expect(apart.occurrences.map((o) => o.endedBy)).toEqual(['SUPERSEDED', null]);
  });

  it('ends the open occurrence of an alarm missing from the complete snapshot, and leaves an acknowledged key untouched otherwise', () => {
    const B = 'arn:b';
    const previous = [occ(1000), { ...occ(500), key: `${B}@500`, alertId: B }];
    const { occurrences } = reconcileAlarmOccurrences(previous, [{ id: A, state: 'ALARM', stateSince: 1000 }], [], 9000);
    const a = occurrences.find((o) => o.alertId === A)!;
    const b = occurrences.find((o) => o.alertId === B)!;
    expect([a.key, a.resolvedAt]).toEqual([`${A}@1000`, null]);
    expect([b.resolvedAt, b.endedBy]).toEqual([9000, 'MISSING']);
  });

  it('ignores history it already holds: replaying a resolved period does not reopen it', () => {
    const previous = [occ(1000, 2000, 'OK')];
    const { occurrences, events } = reconcileAlarmOccurrences(previous, [{ id: A, state: 'OK', stateSince: 2000 }], [{ alertId: A, at: 1000, to: 'ALARM' }], 9000);
    expect(occurrences.map((o) => [o.firedAt, o.resolvedAt])).toEqual([[1000, 2000]]);
    expect(events).toEqual([]);
  });
});

describe('syncAlarms against the simulator', () => {
  let dir: string;
  let cache: CacheStore;
  let sim: Simulator;
  let client: CloudWatchClient;
  let simNow = 0;
  // The first payment spike of November 2026 (a pure function of the seed and time).
  const spike = incidentsBetween(DEMO_SEED, Date.UTC(2026, 10, 1) / 1000, Date.UTC(2026, 11, 1) / 1000).find((i) => i.kind === 'payment-5xx-spike')!;
  const duringSpike = spike.startSec * 1000 + 10 * MINUTE;
  const afterSpike = spike.endSec * 1000 + 2 * HOUR;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-alarms-'));
    cache = openCache(dir).cache;
    sim = await startSimulator({ seed: DEMO_SEED, now: () => simNow });
    client = createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts: 1 });
  });

  afterAll(async () => {
    await sim.close();
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores metric and composite alarms, their tags, 30 days of history, and opens occurrences for what fires', async () => {
    simNow = duringSpike;
    const result = await syncAlarms(client, cache, 'demo', () => simNow);
    const alarms = cache.alarms('demo');
    expect(alarms.find((a) => a.name === 'payment-degraded')?.type).toBe('CompositeAlarm');
    expect(alarms.filter((a) => a.type === 'MetricAlarm').length).toBe(alarms.length - 1);
    expect(result.alarms).toBe(alarms.length);

    const store = new AlarmCache(cache.db);
    const tags = store.tags('demo');
    expect(tags.size).toBe(alarms.length);
    expect(tags.get(alarmArn('payment-failure-rate-high'))?.tags).toMatchObject({ severity: 'P1', service: 'payment-service', team: 'payments' });

    // History: exactly the simulator's transitions in the 30 days before now, for every alarm.
    const expected = alarms.reduce((n, a) => {
      const def = alarmByName(a.name)!;
      return n + alarmTimeline(DEMO_SEED, def, (simNow - HISTORY_HORIZON_MS) / 1000, simNow / 1000).transitions.filter((t) => t.atSec * 1000 >= simNow - HISTORY_HORIZON_MS).length;
    }, 0);
    expect(result.historyStored).toBe(expected);
    expect(store.historyBetween(simNow - HISTORY_HORIZON_MS, simNow + 1)).toHaveLength(expected);

    // The spike's alarms are firing, each with an open occurrence keyed by its transition time.
    const open = new Map(store.latestOccurrences().filter((o) => o.resolvedAt === null).map((o) => [o.alertId, o]));
    for (const name of ['payment-failure-rate-high', 'payment-degraded']) {
      const row = alarms.find((a) => a.name === name)!;
      expect(row.state).toBe('ALARM');
      const o = open.get(alarmArn(name));
      expect(o?.firedAt).toBe(row.stateSince);
      expect(o?.key).toBe(`${alarmArn(name)}@${row.stateSince}`);
    }
    // Older ALARM periods in the history window were reconstructed and closed.
    const closed = store.occurrencesOfSource('demo').filter((o) => o.resolvedAt !== null);
    expect(closed.length).toBeGreaterThan(0);
    for (const o of closed) expect(o.resolvedAt!).toBeGreaterThan(o.firedAt);
  });

  it('fetches history incrementally, reuses tags within the hour, and resolves the occurrence when the alarm clears', async () => {
    const store = new AlarmCache(cache.db);
    const before = store.historyBetween(0, Number.MAX_SAFE_INTEGER).length;
    const openBefore = store.latestOccurrences().find((o) => o.alertId === alarmArn('payment-failure-rate-high'))!;
    const calls = sim.callCounts();

    simNow = afterSpike;
    const result = await syncAlarms(client, cache, 'demo', () => simNow);
    const after = sim.callCounts();
    // afterSpike is more than an hour later, so tags were refreshed; within the hour they are not.
    expect(result.tagsFetched).toBe(cache.alarms('demo').length);
    expect((after.ListTagsForResource ?? 0) - (calls.ListTagsForResource ?? 0)).toBe(result.tagsFetched);

    const newTransitions = cache.alarms('demo').reduce((n, a) => {
      const def = alarmByName(a.name)!;
      return n + alarmTimeline(DEMO_SEED, def, duringSpike / 1000, simNow / 1000).transitions.length;
    }, 0);
    expect(result.historyStored).toBe(newTransitions);
    expect(store.historyBetween(0, Number.MAX_SAFE_INTEGER).length).toBe(before + newTransitions);

    const resolved = store.occurrencesByKeys([openBefore.key])[0]!;
    const row = cache.alarms('demo').find((a) => a.name === 'payment-failure-rate-high')!;
    expect(row.state).toBe('OK');
    expect(resolved.resolvedAt).toBe(row.stateSince);
    expect(resolved.endedBy).toBe('OK');

    const again = await syncAlarms(client, cache, 'demo', () => simNow + TAG_REFRESH_MS - 1);
    expect(again.tagsFetched).toBe(0);
    expect(again.events).toEqual([]);
  });

  it('throws an AccessDenied on ListTagsForResource through, after storing alarms, history and occurrences', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'opsdeck-alarms-denied-'));
    const cache2 = openCache(dir2).cache;
    try {
      const denied = Object.assign(new Error('User: arn:aws:iam::123456789012:user/x is not authorized to perform: cloudwatch:ListTagsForResource'), { name: 'AccessDenied' });
      const guarded = {
        send: (command: unknown) => (command instanceof ListTagsForResourceCommand ? Promise.reject(denied) : client.send(command as never)),
      } as unknown as CloudWatchClient;
      simNow = duringSpike;
      await expect(syncAlarms(guarded, cache2, 'demo', () => simNow)).rejects.toBe(denied);
      const store = new AlarmCache(cache2.db);
      expect(cache2.alarms('demo').length).toBeGreaterThan(10);
      expect(store.tags('demo').size).toBe(0);
      expect(store.newestHistoryAt('demo')).not.toBeNull();
      expect(store.latestOccurrences().some((o) => o.alertId === alarmArn('payment-failure-rate-high') && o.resolvedAt === null)).toBe(true);
    } finally {
      cache2.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});

describe('reconciling from the occurrences it can touch (AlarmCache.occurrencesToReconcile)', () => {
  const STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
  const ENDS = ['OK', 'INSUFFICIENT_DATA', 'SUPERSEDED', 'MISSING'] as const;
  const ALERTS = ['arn:a', 'arn:b', 'arn:c', 'arn:d', 'arn:e'];
  // Times on a coarse grid so reports and history land on stored firings and ends.
  const at = fc.integer({ min: 1, max: 40 }).map((n) => n * 1000);
  const alertOccurrences = fc.array(fc.tuple(at, fc.option(fc.integer({ min: 0, max: 8 }).map((n) => n * 1000)), fc.constantFrom(...ENDS)), { maxLength: 6 });
  let dir: string;
  let cache: CacheStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-reconcile-subset-'));
    cache = openCache(dir).cache;
  });
  afterAll(() => {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves exactly what reconciling every stored occurrence saves, and raises the same events', () => {
    const store = new AlarmCache(cache.db);
    fc.assert(
      fc.property(
        fc.array(alertOccurrences, { minLength: ALERTS.length, maxLength: ALERTS.length }),
        fc.array(fc.option(fc.tuple(fc.constantFrom(...STATES), at)), { minLength: ALERTS.length, maxLength: ALERTS.length }),
        fc.array(fc.tuple(fc.constantFrom(...ALERTS), at, fc.constantFrom(...STATES)), { maxLength: 6 }),
        at,
        (perAlert, reports, historyItems, now) => {
          cache.db.exec('DELETE FROM alarm_occurrences');
          const stored: Occurrence[] = perAlert.flatMap((list, i) => {
            const firings = [...new Set(list.map(([firedAt]) => firedAt))].sort((x, y) => x - y);
            return firings.map((firedAt, k) => {
              const [, duration, end] = list.find(([f]) => f === firedAt)!;
              // The newest may be open; older ones ended (their end may lie past `now`: a later clock's rows).
              const resolvedAt = duration === null && k === firings.length - 1 ? null : firedAt + (duration ?? 500);
              return { key: `${ALERTS[i]}@${firedAt}`, alertId: ALERTS[i]!, firedAt, resolvedAt, endedBy: resolvedAt === null ? null : end, lastSeenAt: firedAt };
            });
          });
          store.saveOccurrences('demo', stored);
          const snapshot = reports.flatMap((r, i) => (r ? [{ id: ALERTS[i]!, state: r[0], stateSince: r[1] }] : []));
          const history = historyItems.map(([alertId, when, to]) => ({ alertId, at: when, to }));
          const everything = store.occurrencesOfSource('demo');
          const whole = reconcileAlarmOccurrences(everything, snapshot, history, now);
          const subset = store.occurrencesToReconcile('demo', now, [...new Set(history.map((h) => h.alertId))]);
          const part = reconcileAlarmOccurrences(subset, snapshot, history, now);
          const byKey = (xs: Occurrence[]) => [...xs].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
          expect(byKey(changedOccurrences(subset, part.occurrences))).toEqual(byKey(changedOccurrences(everything, whole.occurrences)));
          expect(part.events).toEqual(whole.events);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves out settled periods older than each alert\'s newest', () => {
    const store = new AlarmCache(cache.db);
    cache.db.exec('DELETE FROM alarm_occurrences');
    const o = (alertId: string, firedAt: number, resolvedAt: number | null): Occurrence => ({ key: `${alertId}@${firedAt}`, alertId, firedAt, resolvedAt, endedBy: resolvedAt === null ? null : 'OK', lastSeenAt: firedAt });
    store.saveOccurrences('demo', [o('arn:a', 1000, 2000), o('arn:a', 3000, 4000), o('arn:a', 5000, null), o('arn:b', 1000, 2000), o('arn:b', 3000, 4000), o('arn:c', 1000, 2000), o('arn:c', 9000, 9500)]);
    const keys = (withHistory: string[]) => store.occurrencesToReconcile('demo', 6000, withHistory).map((x) => x.key);
    // a: its open one; b: its newest; c: its newest at or before now, and the one from a later clock.
    expect(keys([])).toEqual(['arn:a@5000', 'arn:b@3000', 'arn:c@1000', 'arn:c@9000']);
    expect(keys(['arn:b'])).toEqual(['arn:a@5000', 'arn:b@1000', 'arn:b@3000', 'arn:c@1000', 'arn:c@9000']);
  });
});
