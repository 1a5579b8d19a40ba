// The last queue answer kept for the next start (queueSnapshot.ts), through dispatch() as the
// app calls it: a restart over unchanged stores answers from the file — the same answer a
// fresh build gives — and anything a build would show differently (a journal write, an alarm
// sync, time, a damaged file) is built live instead.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertQueue } from '@shared/contract/alerts';
import { unpackQueue, type PackedQueue } from '@shared/contract/alertsWire';
import { dispatch, type Handlers } from '../api/dispatch';
import { preparedOf } from '../api/prepared';
import { AlarmCache } from '../store/alarms';
import { openCache, type AlarmRow, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { alertContext, topicCounter } from './fixtures/context';
import { alertHandlers } from './handlers';
import { QUEUE_MAX_AGE_MS } from './queueCache';
import { QUEUE_SNAPSHOT_FILE, queueSnapshot, readKept } from './queueSnapshot';

const NOW = Date.UTC(2026, 10, 20, 15, 0);
const MINUTE = 60_000;
const ALARMS = 300;

let dir: string;
let cache: CacheStore;
let journal: JournalStore;
let now = NOW;
let handlers: Handlers;
const topics = topicCounter();
const { versions, push } = topics;

/** `count` alarms in ALARM (severities from their tags), one group each; the first `ok` of them back in OK. */
function syncAlarms(count: number, ok = 0): void {
  const alarms = new AlarmCache(cache.db);
  const rows: AlarmRow[] = [];
  const occurrences = [];
  const tags = [];
  for (let i = 0; i < count; i++) {
    const name = `svc-${i % 9}-alarm-${i}`;
    const arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    const firedAt = NOW - (i + 1) * 7 * MINUTE;
    const state = i < ok ? 'OK' : 'ALARM';
    rows.push({ name, type: 'MetricAlarm', state, stateSince: firedAt, body: { AlarmName: name, AlarmArn: arn, Namespace: 'ECommerce/Services', StateValue: state, Dimensions: [{ Name: 'Service', Value: `svc-${i % 9}` }] } });
    tags.push({ arn, tags: { severity: ['P1', 'P2', 'P3', 'P4'][i % 4]!, service: `svc-${i % 9}` } });
    occurrences.push({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt: i < ok ? now - MINUTE : null, endedBy: null, lastSeenAt: now });
  }
  cache.replaceAlarms('demo', rows, now);
  alarms.saveTags('demo', tags, now);
  alarms.saveOccurrences('demo', occurrences);
}

/** A start of the app over the same stores: new handlers, no topic announced yet. */
function start(): void {
  versions.clear();
  const ctx = alertContext(cache, journal, () => now, topics);
  handlers = alertHandlers(ctx) as unknown as Handlers;
}

const call = async <T>(method: string, input: unknown): Promise<T> => {
  const r = await dispatch(handlers, method, input, push);
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
};
const queue = (): Promise<AlertQueue> => call<AlertQueue>('alertQueue', {});
const fromFile = (answer: AlertQueue): boolean => preparedOf(answer)?.etag.includes('-kept') ?? false;
const file = (): string => join(dir, QUEUE_SNAPSHOT_FILE);
/** The answer is written shortly after it is prepared (a burst of versions writes the newest). */
const written = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 400));
/** A live build over the same stores now, without the file: what the kept answer must equal. */
/** An answer but its version, which names one run's answer (a fresh start's differs, bytes equal or not). */
const unversioned = (q: AlertQueue): Omit<AlertQueue, 'version'> => {
  const { version: _version, ...rest } = q;
  return rest;
};

async function freshBuild(): Promise<AlertQueue> {
  const kept = readFileSync(file());
  rmSync(file());
  start();
  const answer = await queue();
  expect(fromFile(answer)).toBe(false);
  writeFileSync(file(), kept);
  return JSON.parse(JSON.stringify(answer)) as AlertQueue;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-queue-snapshot-'));
  cache = openCache(dir).cache;
  journal = openJournal(dir);
  now = NOW;
  syncAlarms(ALARMS, 20);
  start();
});

afterEach(() => {
  cache.close();
  journal.close();
});

describe('the queue kept for the next start', () => {
  it('a restart over unchanged stores answers from the file: the same answer a fresh build gives', async () => {
    const first = await queue();
    expect(fromFile(first)).toBe(false);
    expect(first.groups.length).toBe(ALARMS);
    await written();
    now += 5_000;
    start();
    const restored = await queue();
    expect(fromFile(restored)).toBe(true);
    // Asked again: the same answer object (one ETag), not a second read of the file.
    expect(await queue()).toBe(restored);
    // The renderer asks for the packed form: the kept answer has it too, the same answer.
    const packed = preparedOf(restored)?.packed?.();
    expect(packed, 'the kept answer has a packed form').toBeDefined();
    expect(JSON.stringify(unpackQueue(JSON.parse(packed!.toString()) as PackedQueue))).toBe(preparedOf(restored)!.bytes().toString());
    const fresh = await freshBuild();
    // Built 5 s earlier: only generatedAt differs (rows carry no figure of the build's clock), and the version naming each run's answer.
    const timeless = (q: AlertQueue) => ({ ...unversioned(q), generatedAt: 0 });
    expect(timeless(JSON.parse(JSON.stringify(restored)) as AlertQueue)).toEqual(timeless(fresh));
    now -= 5_000;
    expect(unversioned(JSON.parse(JSON.stringify(restored)) as AlertQueue)).toEqual(unversioned(await freshBuild()));
  });

  it('an acknowledgement written after the answer was kept shows after the restart, as does one written after it', async () => {
    const first = await queue();
    await written();
    const target = first.groups.find((g) => g.state === 'firing')!;
    await call('alertAction', { kind: 'ack', occurrenceKeys: target.occurrenceKeys, author: 'kim' });
    start();
    const after = await queue();
    expect(fromFile(after)).toBe(false);
    expect(after.groups.find((g) => g.key === target.key)?.state).toBe('acknowledged');
    await written();
    // Kept with the acknowledgement; a restart answers from it, then the next write shows at once.
    start();
    const restored = await queue();
    expect(fromFile(restored)).toBe(true);
    expect(restored.groups.find((g) => g.key === target.key)?.state).toBe('acknowledged');
    const other = restored.groups.find((g) => g.state === 'firing')!;
    await call('alertAction', { kind: 'snooze', occurrenceKeys: other.occurrenceKeys, author: 'kim', minutes: 30 });
    const next = await queue();
    expect(fromFile(next)).toBe(false);
    expect(next.groups.find((g) => g.key === other.key)?.state).toBe('snoozed');
  });

  it('a silence, a maintenance plan or new alert settings written since is not answered from the file', async () => {
    const writes: [string, unknown][] = [
      ['createSilence', { matchers: ['service="svc-3"'], startsAt: NOW, endsAt: NOW + 60 * MINUTE, reason: 'deploy', author: 'kim' }],
      ['saveAlertSettings', { severityPolicy: { rules: [], default: 'P3' }, groupBy: ['service'], runbooks: [], author: 'kim' }],
      ['createMaintenance', { title: 'db', rule: { kind: 'once', start: NOW - MINUTE, end: NOW + 60 * MINUTE, zone: 'UTC' }, matchers: ['service="svc-4"'], author: 'kim' }],
    ];
    for (const [method, input] of writes) {
      await queue();
      await written();
      await call(method, input);
      start();
      const after = await queue();
      expect(fromFile(after), method).toBe(false);
      expect(unversioned(after)).toEqual(unversioned(await freshBuild()));
      await written();
    }
  });

  it('an alarm sync since (an alarm back to OK, or only a newer read of the same alarms) is not answered from the file', async () => {
    const first = await queue();
    await written();
    now += MINUTE;
    syncAlarms(ALARMS, 21);
    start();
    const after = await queue();
    expect(fromFile(after)).toBe(false);
    expect(after.counts.resolved).toBe(first.counts.resolved + 1);
    await written();
    // The same alarms read again a minute later: a newer read is a changed input too.
    now += MINUTE;
    syncAlarms(ALARMS, 21);
    start();
    expect(fromFile(await queue())).toBe(false);
  });

  it('a response timer running out since is answered from the file as a build shows it (overdue, in the order a build gives)', async () => {
    // A minute after the newest alarm fired: response timers still running, the soonest due within the hour.
    now = NOW - 6 * MINUTE;
    syncAlarms(ALARMS, 0);
    start();
    const first = await queue();
    const byDue = first.groups.filter((g) => g.timer?.status === 'running').sort((a, b) => a.timer!.dueAt - b.timer!.dueAt);
    const running = byDue[0]!;
    expect(running.timer!.dueAt - now).toBeLessThan(60 * MINUTE);
    await written();
    now = running.timer!.dueAt;
    start();
    const before = await queue();
    expect(fromFile(before)).toBe(true);
    expect(before.groups.find((g) => g.key === running.key)?.timer?.status).toBe('running');
    now = running.timer!.dueAt + 1;
    start();
    const due = await queue();
    expect(fromFile(due)).toBe(true);
    expect(due.version).not.toBe(before.version);
    const row = due.groups.find((g) => g.key === running.key)!;
    expect(row.timer?.status).toBe('overdue');
    // Status and order exactly as a build now gives them.
    expect(unversioned(JSON.parse(JSON.stringify(due)) as AlertQueue)).toEqual(unversioned(await freshBuild()));
    // The packed form the page reads is that answer too.
    expect(unpackQueue(JSON.parse(preparedOf(due)!.packed!().toString()) as PackedQueue)).toEqual(JSON.parse(JSON.stringify(due)));

    // The next timers running out: applied at most as often as the live queue is rebuilt, then exact again.
    start();
    const next = byDue.find((g) => g.timer!.dueAt > running.timer!.dueAt + 1)!;
    now = next.timer!.dueAt + 1;
    const caught = await queue();
    expect(caught.groups.find((g) => g.key === next.key)?.timer?.status).toBe('overdue');
    const later = byDue.find((g) => g.timer!.dueAt > now && g.timer!.dueAt < now + QUEUE_MAX_AGE_MS);
    if (later) {
      now = later.timer!.dueAt + 1;
      expect(await queue()).toBe(caught);
    }
    now = caught.generatedAt + QUEUE_MAX_AGE_MS;
    const again = await queue();
    expect(fromFile(again)).toBe(true);
    // Rows and order as a build gives them (generatedAt says when they were last brought up to the clock).
    const timeless = (q: AlertQueue) => ({ ...unversioned(q), generatedAt: 0 });
    expect(timeless(JSON.parse(JSON.stringify(again)) as AlertQueue)).toEqual(timeless(await freshBuild()));
  });

  it('a snooze ending since is not answered from the file', async () => {
    const first = await queue();
    const target = first.groups.find((g) => g.state === 'firing')!;
    await call('alertAction', { kind: 'snooze', occurrenceKeys: target.occurrenceKeys, author: 'kim', minutes: 10 });
    expect((await queue()).groups.find((g) => g.key === target.key)?.state).toBe('snoozed');
    await written();
    now += 11 * MINUTE;
    start();
    const later = await queue();
    expect(fromFile(later)).toBe(false);
    expect(later.groups.find((g) => g.key === target.key)?.state).toBe('firing');
  });

  it('a burst of versions is written as its newest, and writes come at most once per interval (each is the whole answer, assembled on the UI-facing thread)', async () => {
    const snapshot = queueSnapshot(dir, () => now, 1_000);
    const kept = (n: number) => ({ builtAt: NOW + n, validUntil: NOW + 3_600_000, alarmServices: [] });
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const readBack = () => readKept(file())?.fingerprint ?? null;
    const t0 = performance.now();
    snapshot.keep('v1', kept(1), () => Buffer.from('{"v":1}'));
    snapshot.keep('v2', kept(2), () => Buffer.from('{"v":2}'));
    await written();
    expect(readBack()).toBe('v2');
    expect(readKept(file())?.kept.packed).toBe('{"v":2}');
    snapshot.keep('v3', kept(3), () => Buffer.from('{"v":3}'));
    await written();
    // Within the interval of the last write: not yet…
    if (performance.now() - t0 < 900) expect(readBack()).toBe('v2');
    // …and once it has passed, the newest.
    await wait(1_000);
    expect(readBack()).toBe('v3');
  });

  it('a damaged, truncated or foreign file is ignored: the queue is built', async () => {
    const first = await queue();
    await written();
    const good = readFileSync(file(), 'utf8');
    const cut = good.indexOf('\n');
    const damaged = [
      `${good.slice(0, cut + 100)}X${good.slice(cut + 101)}`,
      good.slice(0, good.length - 50),
      `{"format":99}\n${good.slice(cut + 1)}`,
      'not json at all',
      '',
    ];
    for (const text of damaged) {
      writeFileSync(file(), text);
      start();
      const answer = await queue();
      expect(fromFile(answer)).toBe(false);
      expect(answer.groups).toEqual(first.groups);
    }
  });
});
