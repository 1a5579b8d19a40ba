// The alert queue sent as a delta against a version the client holds (queueDelta.ts, through
// dispatch() as the app calls it): merged into the answer held, it gives exactly the full
// answer at the new version — rows and order — after any sequence of journal writes, alarm
// changes and time passing; a version not held gets the full answer; bad `since` is refused.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertQueue, AlertQueueDelta } from '@shared/contract/alerts';
import { applyQueueDelta, isQueueDelta } from '@shared/contract/alertsDelta';
import { packQueue, packQueueDelta, unpackQueue, unpackQueueDelta } from '@shared/contract/alertsWire';
import { dispatch, type Handlers } from '../api/dispatch';
import { AlarmCache } from '../store/alarms';
import { openCache, type AlarmRow, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { alertContext, topicCounter } from './fixtures/context';
import { DELTA_VERSIONS_KEPT, alertHandlers } from './handlers';

const NOW = Date.UTC(2026, 10, 20, 15, 0);
const ALARMS = 60;
const SERVICES = 7;

let cache: CacheStore;
let journalStore: JournalStore;
let alarms: AlarmCache;
let handlers: Handlers;
let now: number;
let keys: string[];
let states: string[];
const topics = topicCounter();

/** Alarm i: service svc-(i % 7), a severity tag on most, fired i minutes before NOW; the state per `states`. */
function writeAlarms(): void {
  const rows: AlarmRow[] = [];
  const tags = [];
  const occurrences = [];
  keys = [];
  for (let i = 0; i < ALARMS; i++) {
    const name = `svc-${i % SERVICES}-alarm-${i}`;
    const arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    const firedAt = NOW - (i + 1) * 60_000;
    const state = states[i]!;
    rows.push({ name, type: 'MetricAlarm', state, stateSince: firedAt, body: { AlarmName: name, AlarmArn: arn, Namespace: 'ECommerce/Services', Dimensions: [{ Name: 'Service', Value: `svc-${i % SERVICES}` }] } });
    if (i % 5 !== 0) tags.push({ arn, tags: { severity: `P${(i % 4) + 1}`, team: `team-${i % 3}` } });
    occurrences.push({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt: state === 'OK' ? now - 30_000 : null, endedBy: null, lastSeenAt: now });
    keys.push(`${arn}@${firedAt}`);
  }
  cache.replaceAlarms('demo', rows, now);
  alarms.saveTags('demo', tags, now);
  alarms.saveOccurrences('demo', occurrences);
  // What a sync pass announces: the shared queue builds afresh.
  topics.push(['alarms']);
}

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-queue-delta-'));
  cache = openCache(dir).cache;
  journalStore = openJournal(dir);
  alarms = new AlarmCache(cache.db);
  now = NOW;
  topics.versions.clear();
  states = Array.from({ length: ALARMS }, () => 'ALARM');
  writeAlarms();
  handlers = alertHandlers(alertContext(cache, journalStore, () => now, topics)) as unknown as Handlers;
});

afterEach(() => {
  cache.close();
  journalStore.close();
});

async function ok<T>(method: string, input: unknown): Promise<T> {
  const r = await dispatch(handlers, method, input, topics.push);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.data as T;
}

/** As the renderer receives it over HTTP: packed, sent as JSON, unpacked. */
function overTheWire(answer: AlertQueue | AlertQueueDelta): AlertQueue | AlertQueueDelta {
  return isQueueDelta(answer) ? unpackQueueDelta(JSON.parse(JSON.stringify(packQueueDelta(answer)))) : unpackQueue(JSON.parse(JSON.stringify(packQueue(answer))));
}

const full = async (): Promise<AlertQueue> => overTheWire(await ok<AlertQueue>('alertQueue', {})) as AlertQueue;

const key = fc.integer({ min: 0, max: ALARMS - 1 });
const keySet = fc.uniqueArray(key, { minLength: 1, maxLength: 4 });
type Step =
  | { kind: 'ack' | 'unack' | 'unsnooze'; at: number[] }
  | { kind: 'snooze'; at: number[]; minutes: number }
  | { kind: 'assign'; at: number[]; to: string }
  | { kind: 'note'; at: number[]; note: string }
  | { kind: 'silence'; service: number; startsIn: number }
  | { kind: 'maintenance'; service: number }
  | { kind: 'alarmState'; at: number; state: 'OK' | 'ALARM' }
  | { kind: 'time'; ms: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('ack' as const, 'unack' as const, 'unsnooze' as const), at: keySet }),
  fc.record({ kind: fc.constant('snooze' as const), at: keySet, minutes: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('assign' as const), at: keySet, to: fc.constantFrom('', 'carol', 'dave') }),
  fc.record({ kind: fc.constant('note' as const), at: keySet, note: fc.string({ minLength: 1, maxLength: 20 }).filter((n) => n.trim() !== '') }),
  fc.record({ kind: fc.constant('silence' as const), service: fc.integer({ min: 0, max: SERVICES - 1 }), startsIn: fc.constantFrom(0, 30_000) }),
  fc.record({ kind: fc.constant('maintenance' as const), service: fc.integer({ min: 0, max: SERVICES - 1 }) }),
  fc.record({ kind: fc.constant('alarmState' as const), at: key, state: fc.constantFrom('OK' as const, 'ALARM' as const) }),
  // Time passing: past the queue's 15 s rebuild, a snooze or a silence's start, P1 timers running out.
  fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 1_000, max: 200_000 }) }),
);

async function apply(s: Step): Promise<void> {
  const occurrenceKeys = 'at' in s && Array.isArray(s.at) ? s.at.map((i) => keys[i]!) : [];
  switch (s.kind) {
    case 'ack':
    case 'unack':
    case 'unsnooze':
      await ok('alertAction', { kind: s.kind, occurrenceKeys, author: 'alice' });
      return;
    case 'snooze':
      await ok('alertAction', { kind: 'snooze', occurrenceKeys, author: 'alice', minutes: s.minutes });
      return;
    case 'assign':
      await ok('alertAction', { kind: 'assign', occurrenceKeys, author: 'bob', assignee: s.to });
      return;
    case 'note':
      await ok('alertAction', { kind: 'note', occurrenceKeys, author: 'bob', note: s.note });
      return;
    case 'silence':
      await ok('createSilence', { matchers: `service="svc-${s.service}"`, startsAt: now + s.startsIn, endsAt: now + s.startsIn + 120_000, reason: 'deploy', author: 'bob' });
      return;
    case 'maintenance':
      await ok('createMaintenance', {
        title: `svc-${s.service} upgrade`,
        rule: { kind: 'once', start: now - 600_000, end: now + 3_600_000 },
        matchers: [{ label: 'service', op: '=', value: `svc-${s.service}` }],
        author: 'carol',
      });
      return;
    case 'alarmState':
      states[s.at] = s.state;
      writeAlarms();
      return;
    case 'time':
      now += s.ms;
      return;
  }
}

describe('the alert queue as a delta against the version the client holds', () => {
  it('merged into the answer held, gives exactly the full answer, after any sequence of writes, alarm changes and time passing', async () => {
    let deltas = 0;
    let withRows = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        // Every version a client could hold, newest last.
        const held: AlertQueue[] = [await full()];
        const hold = (q: AlertQueue): AlertQueue => {
          if (q.version !== held.at(-1)!.version) held.push(q);
          return q;
        };
        for (const s of steps) {
          await apply(s);
          let expected = hold(await full());
          for (const since of held.slice(-DELTA_VERSIONS_KEPT)) {
            const answer = overTheWire(await ok<AlertQueue | AlertQueueDelta>('alertQueue', { since: since.version }));
            const version = isQueueDelta(answer) ? answer.envelope.version : answer.version;
            // A slightly old version is served while its rebuild runs behind it: the answer may be the next one.
            if (version !== expected.version) {
              expected = hold(await full());
              expect(expected.version).toBe(version);
            }
            if (!isQueueDelta(answer)) {
              // The whole answer instead (most rows changed): that is the answer, too.
              expect(answer).toEqual(expected);
              continue;
            }
            deltas += 1;
            if (answer.rows.length > 0) withRows += 1;
            // Against the version just before, the delta carries only rows that differ (against
            // older ones a row that changed and changed back may come again: exact, not minimal).
            if (since === held.at(-2) && expected === held.at(-1)) {
              const before = new Map(since.groups.map((g) => [g.key, JSON.stringify(g)]));
              for (const r of answer.rows) expect(before.get(r.key), `row ${r.key} sent though unchanged`).not.toBe(JSON.stringify(r));
            }
            expect(applyQueueDelta(since, answer)).toEqual(expected);
          }
        }
      }),
      { numRuns: 30 },
    );
    // The property held over deltas that carried something, not only over full answers.
    expect(deltas).toBeGreaterThan(50);
    expect(withRows).toBeGreaterThan(20);
  });

  it('sends only the acknowledged row, and keeps the others as the client holds them', async () => {
    const first = await full();
    const target = first.groups.find((g) => g.state === 'firing')!;
    await ok('alertAction', { kind: 'ack', occurrenceKeys: target.occurrenceKeys, author: 'alice' });
    const delta = overTheWire(await ok('alertQueue', { since: first.version })) as AlertQueueDelta;
    expect(isQueueDelta(delta)).toBe(true);
    expect(delta.rows.map((r) => [r.key, r.acknowledgement?.by])).toEqual([[target.key, 'alice']]);
    expect(delta.removed).toEqual([]);
    const merged = applyQueueDelta(first, delta);
    expect(merged.counts.acknowledged).toBe(first.counts.acknowledged + 1);
    // Unchanged groups are the very objects held (a memoised row does not render again).
    const kept = merged.groups.filter((g) => g.key !== target.key);
    expect(kept.every((g) => first.groups.includes(g))).toBe(true);
  });

  it('time alone passing changes no row but the timers that ran out: a rebuild 40 s later sends those only', async () => {
    const first = await full();
    // Past twice the queue's 15 s age: the call waits for the rebuild (until then the old version is served).
    now += 40_000;
    const later = await ok<AlertQueue | AlertQueueDelta>('alertQueue', { since: first.version });
    expect(isQueueDelta(later)).toBe(true);
    const delta = overTheWire(later) as AlertQueueDelta;
    expect(delta.envelope.version).not.toBe(first.version);
    expect(delta.envelope.generatedAt).toBe(NOW + 40_000);
    // A response timer that ran out meanwhile is a change (running → overdue); nothing else is.
    const ranOut = first.groups.filter((g) => g.timer?.status === 'running' && g.timer.dueAt < now);
    expect(ranOut.length).toBeGreaterThan(0);
    expect(ranOut.length).toBeLessThan(first.groups.length / 4);
    const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : 1);
    expect([...delta.rows].sort(byKey)).toEqual(ranOut.map((g) => ({ ...g, timer: { ...g.timer!, status: 'overdue' } })).sort(byKey));
    expect(applyQueueDelta(first, delta)).toEqual(await full());
  });

  it('a version not held (another run, or too old) gets the full answer; the current one gets an empty delta', async () => {
    const first = await full();
    const unknown = await ok<AlertQueue | AlertQueueDelta>('alertQueue', { since: 'zzzz-1' });
    expect(isQueueDelta(unknown)).toBe(false);
    expect(overTheWire(unknown)).toEqual(first);
    const same = await ok<AlertQueueDelta>('alertQueue', { since: first.version });
    expect(same).toMatchObject({ kind: 'delta', since: first.version, rows: [], removed: [] });
    expect(applyQueueDelta(first, overTheWire(same) as AlertQueueDelta)).toEqual(first);
    // Versions age out after DELTA_VERSIONS_KEPT newer ones.
    for (let i = 0; i < DELTA_VERSIONS_KEPT; i++) {
      await ok('alertAction', { kind: 'note', occurrenceKeys: [keys[i]!], author: 'alice', note: `note ${i}` });
      await ok('alertQueue', {});
    }
    const expired = await ok<AlertQueue | AlertQueueDelta>('alertQueue', { since: first.version });
    expect(isQueueDelta(expired)).toBe(false);
    expect((expired as AlertQueue).groups.find((g) => g.occurrenceKeys.includes(keys[0]!))?.lastNote?.body).toBe('note 0');
  });

  it('concurrent requests for the same version share one answer', async () => {
    const first = await full();
    await ok('alertAction', { kind: 'ack', occurrenceKeys: [keys[3]!], author: 'alice' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => ok('alertQueue', { since: first.version })));
    expect(isQueueDelta(answers[0] as AlertQueueDelta)).toBe(true);
    for (const a of answers) expect(a).toBe(answers[0]);
  });

  it('refuses a malformed or huge since, naming the field', async () => {
    for (const since of ['', 'has space', 'x'.repeat(10_000), 42]) {
      const r = await dispatch(handlers, 'alertQueue', { since });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.status).toBe(400);
        expect(r.error.message).toMatch(/^alertQueue: since: /);
      }
    }
    const extra = await dispatch(handlers, 'alertQueue', { since: 'a-1', sinse: 'a-1' });
    expect(extra.ok).toBe(false);
  });
});
