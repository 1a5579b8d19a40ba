// The alert queue built once per change and shared (queueCache.ts), through dispatch() as the
// app calls it: a write shows in the next answer, concurrent requests share one build, and
// nothing is rebuilt while nothing it reads has changed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertQueue } from '@shared/contract/alerts';
import { dispatch, type Handlers } from '../api/dispatch';
import type { ApiContext } from '../api/context';
import { inlineSloEvaluator } from '../slo/evaluator';
import { AlarmCache } from '../store/alarms';
import { openCache, type AlarmRow, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { alertContext, topicCounter } from './fixtures/context';
import { alertHandlers } from './handlers';
import { AlertService } from './service';
import { QUEUE_MAX_AGE_MS } from './queueCache';

const NOW = Date.UTC(2026, 10, 20, 15, 0);
const GROUPS = 400;

let cache: CacheStore;
let journal: JournalStore;
let now = NOW;
let handlers: Handlers;
let service: AlertService;
let ctx: ApiContext;
const topics = topicCounter();
const { versions, push } = topics;
const keys: string[] = [];

function seedAlarms(count: number, state = 'ALARM'): void {
  const alarms = new AlarmCache(cache.db);
  const rows: AlarmRow[] = [];
  const occurrences = [];
  keys.length = 0;
  for (let i = 0; i < count; i++) {
    const name = `svc-${i % 9}-alarm-${i}`;
    const arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    const firedAt = NOW - (i + 1) * 60_000;
    rows.push({ name, type: 'MetricAlarm', state, stateSince: firedAt, body: { AlarmName: name, AlarmArn: arn, Namespace: 'ECommerce/Services', Dimensions: [{ Name: 'Service', Value: `svc-${i % 9}` }] } });
    occurrences.push({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt: null, endedBy: null, lastSeenAt: now });
    keys.push(`${arn}@${firedAt}`);
  }
  cache.replaceAlarms('demo', rows, now);
  alarms.saveOccurrences('demo', occurrences);
}

const call = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await dispatch(handlers, method, input, push);
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
};
const queue = (): Promise<AlertQueue> => call<AlertQueue>('alertQueue', {});

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-queue-cache-'));
  cache = openCache(dir).cache;
  journal = openJournal(dir);
  now = NOW;
  versions.clear();
  seedAlarms(GROUPS);
  ctx = alertContext(cache, journal, () => now, topics);
  // The handlers' own service is private; a second one over the same context reports the same behaviour.
  handlers = alertHandlers(ctx) as unknown as Handlers;
  service = new AlertService(ctx);
});

afterEach(() => {
  cache.close();
  journal.close();
});

describe('the shared alert queue', () => {
  it('concurrent requests share one build, and later ones reuse it until something changes', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => service.queue()));
    expect(new Set(answers).size).toBe(1);
    expect(service.shared?.builds().queue).toBe(1);
    expect(answers[0]?.groups).toHaveLength(GROUPS);
    now += 5_000;
    expect(await service.queue()).toBe(answers[0]);
    expect(service.shared?.builds().queue).toBe(1);
  });

  it('an acknowledgement is in the very next answer, and the answer is the same object until then', async () => {
    const before = await queue();
    expect(await queue()).toBe(before);
    const key = keys[17] as string;
    expect(before.groups.find((g) => g.occurrenceKeys.includes(key))?.acknowledgement).toBeNull();
    await call('alertAction', { kind: 'ack', occurrenceKeys: [key], author: 'alice', note: 'on it' });
    const after = await queue();
    expect(after).not.toBe(before);
    const acked = after.groups.find((g) => g.occurrenceKeys.includes(key));
    expect(acked?.state).toBe('acknowledged');
    expect(acked?.acknowledgement?.by).toBe('alice');
    // Folded into the version it had, not rebuilt: the other groups' rows are the same objects.
    const untouched = before.groups.find((g) => !g.occurrenceKeys.includes(key))!;
    expect(after.groups.find((g) => g.key === untouched.key)).toBe(untouched);
  });

  it('journal writes are folded in without a rebuild; a settings change rebuilds', async () => {
    await service.queue();
    await call('alertAction', { kind: 'ack', occurrenceKeys: [keys[1]], author: 'alice' });
    await call('alertAction', { kind: 'snooze', occurrenceKeys: [keys[2]], author: 'alice', minutes: 30 });
    const after = await service.queue();
    expect(service.shared?.builds()).toMatchObject({ queue: 1, patches: 1 });
    expect(after.groups.find((g) => g.row.occurrenceKeys.includes(keys[2]!))?.row.state).toBe('snoozed');
    const settings = await call<{ severityPolicy: unknown; runbooks: unknown }>('alertSettings', {});
    await call('saveAlertSettings', { severityPolicy: settings.severityPolicy, runbooks: settings.runbooks, groupBy: ['service'], author: 'alice' });
    const regrouped = await service.queue();
    expect(service.shared?.builds().queue).toBe(2);
    expect(regrouped.groups).toHaveLength(9);
  });

  it('an alarms sync (its push) rebuilds; a write nobody announced is not seen until the queue ages out', async () => {
    const before = await queue();
    seedAlarms(GROUPS, 'OK');
    expect(await queue()).toBe(before);
    push(['alarms']);
    const after = await queue();
    expect(after).not.toBe(before);
    expect(after.groups.every((g) => g.upstreamState === 'OK')).toBe(true);
  });

  it('a silence read back right after it is written, before its push', async () => {
    await queue();
    const silence = await call<{ id: string; matchingGroups: number }>('createSilence', { matchers: [{ label: 'service', op: '=', value: 'svc-3' }], startsAt: now, endsAt: now + 3_600_000, reason: 'deploy', author: 'bob' });
    expect(silence.matchingGroups).toBeGreaterThan(0);
    expect((await queue()).groups.filter((g) => g.state === 'silenced').length).toBe(silence.matchingGroups);
  });

  it('time moves it on: a snooze ends at its instant, and an old answer is rebuilt', async () => {
    const key = keys[3] as string;
    await call('alertAction', { kind: 'snooze', occurrenceKeys: [key], author: 'carol', minutes: 1 });
    const snoozed = await queue();
    expect(snoozed.groups.find((g) => g.occurrenceKeys.includes(key))?.state).toBe('snoozed');
    now += 60_000;
    const after = await queue();
    expect(after.groups.find((g) => g.occurrenceKeys.includes(key))?.state).toBe('firing');
    now += 3 * QUEUE_MAX_AGE_MS;
    const later = await queue();
    expect(later).not.toBe(after);
    expect(later.generatedAt).toBe(now);
  });

  it('a silence folded into the current version also ends at its instant', async () => {
    await queue();
    await call('createSilence', { matchers: [{ label: 'service', op: '=', value: 'svc-4' }], startsAt: now, endsAt: now + 5_000, reason: 'restart', author: 'bob' });
    const silenced = await queue();
    expect(silenced.groups.filter((g) => g.state === 'silenced').length).toBeGreaterThan(0);
    now += 4_000;
    expect(await queue()).toBe(silenced);
    now += 1_000;
    expect((await queue()).groups.filter((g) => g.state === 'silenced')).toHaveLength(0);
  });

  it('metrics arriving without a change in burn alerts re-evaluate them but do not rebuild the queue', async () => {
    await service.queue();
    push(['metrics']);
    await service.queue();
    expect(service.shared?.builds()).toEqual({ queue: 1, burn: 2, patches: 0 });
  });

  it('a queue request does not wait for a busy SLO worker once it has burn alerts; new ones land in a later version', async () => {
    const inline = inlineSloEvaluator(cache);
    let hold: Promise<void> | null = null;
    let release = (): void => undefined;
    const slo = { ...inline, burnAlerts: async (...args: Parameters<typeof inline.burnAlerts>) => { if (hold) await hold; return inline.burnAlerts(...args); } };
    const slow = new AlertService({ ...ctx, slo });
    const first = await slow.queue();
    hold = new Promise<void>((resolve) => (release = resolve));
    push(['metrics']);
    await call('alertAction', { kind: 'ack', occurrenceKeys: [keys[5]], author: 'alice' });
    // The evaluation is held: the answer comes anyway, with the acknowledgement in it.
    const during = await slow.queue();
    expect(during).not.toBe(first);
    expect(during.groups.find((g) => g.row.occurrenceKeys.includes(keys[5]!))?.row.state).toBe('acknowledged');
    expect(slow.shared?.builds()).toMatchObject({ queue: 1, burn: 2 });
    release();
    await new Promise((resolve) => setImmediate(resolve));
    await slow.queue();
    expect(slow.shared?.builds().burn).toBe(2);
  });
});
