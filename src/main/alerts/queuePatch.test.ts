// A journal write folded into the queue it lands on (patchQueue) shows exactly what a full
// build at the same instant shows: random sequences of acknowledgements, snoozes,
// assignments, notes, silences over many groups, maintenance windows and alarm state changes,
// compared after every step.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../api/dispatch';
import type { ApiContext } from '../api/context';
import { inlineSloEvaluator } from '../slo/evaluator';
import type { Occurrence } from '../domain/alerts/occurrences';
import { AlarmCache } from '../store/alarms';
import { alertJournalOf, type AlertJournal } from '../store/alert-journal';
import { openCache, type AlarmRow, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { alertHandlers } from './handlers';
import { buildQueue, patchQueue, type Built } from './queue';
import type { BurnSource } from './sources';

const NOW = Date.UTC(2026, 10, 20, 15, 0);
const ALARMS = 60;
const SERVICES = 7;
const NO_BURN: BurnSource = { alerts: [], problem: null };

let cache: CacheStore;
let journalStore: JournalStore;
let alarms: AlarmCache;
let journal: AlertJournal;
let ctx: ApiContext;
let handlers: Handlers;
let keys: string[];
let states: string[];

/** A run at this later clock wrote some of the rows (a --demo-clock restart at NOW on its data dir). */
const LATER_CLOCK = NOW + 2 * 3_600_000;
const MIN = 60_000;
/** Alarms whose only occurrence a later clock saw begin after NOW. */
const FIRES_LATER = (i: number): boolean => i % 10 === 7;

/**
 * Alarm i: service svc-(i % 7), a severity tag on most, fired i minutes before NOW; the state per
 * `states`. While in ALARM, some rows are from a later clock: alarm 6k's ALARM period ended after
 * NOW (still firing at NOW), alarm 6k+3 fired again after NOW; alarm 10k+7 first fired after NOW.
 */
function writeAlarms(): void {
  const rows: AlarmRow[] = [];
  const tags = [];
  const occurrences: Occurrence[] = [];
  keys = [];
  for (let i = 0; i < ALARMS; i++) {
    const name = `svc-${i % SERVICES}-alarm-${i}`;
    const arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
    const firedAt = NOW - (i + 1) * 60_000;
    const state = states[i]!;
    // What the alarm table says: the later clock's DescribeAlarms for the rows it wrote.
    const row = (upstream: string, since: number): AlarmRow => ({ name, type: 'MetricAlarm', state: upstream, stateSince: since, body: { AlarmName: name, AlarmArn: arn, Namespace: 'ECommerce/Services', Dimensions: [{ Name: 'Service', Value: `svc-${i % SERVICES}` }] } });
    if (i % 5 !== 0) tags.push({ arn, tags: { severity: `P${(i % 4) + 1}`, team: `team-${i % 3}` } });
    if (FIRES_LATER(i)) {
      rows.push(row('ALARM', NOW + 5 * MIN));
      occurrences.push({ key: `${arn}@${NOW + 5 * MIN}`, alertId: arn, firedAt: NOW + 5 * MIN, resolvedAt: null, endedBy: null, lastSeenAt: LATER_CLOCK });
      keys.push(`${arn}@${NOW + 5 * MIN}`);
      continue;
    }
    const endedLater = state === 'ALARM' && (i % 6 === 0 || i % 6 === 3);
    if (endedLater && i % 6 === 0) {
      rows.push(row('OK', NOW + 20 * MIN));
      occurrences.push({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt: NOW + 20 * MIN, endedBy: 'OK', lastSeenAt: LATER_CLOCK });
    } else if (endedLater) {
      rows.push(row('OK', NOW + 40 * MIN));
      occurrences.push({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt: NOW + 30 * MIN, endedBy: 'SUPERSEDED', lastSeenAt: LATER_CLOCK });
      occurrences.push({ key: `${arn}@${NOW + 30 * MIN}`, alertId: arn, firedAt: NOW + 30 * MIN, resolvedAt: NOW + 40 * MIN, endedBy: 'OK', lastSeenAt: LATER_CLOCK });
    } else {
      rows.push(row(state, firedAt));
      occurrences.push({ key: `${arn}@${firedAt}`, alertId: arn, firedAt, resolvedAt: state === 'OK' ? NOW - 30_000 : null, endedBy: state === 'OK' ? 'OK' : null, lastSeenAt: NOW });
    }
    keys.push(`${arn}@${firedAt}`);
  }
  cache.replaceAlarms('demo', rows, NOW);
  alarms.saveTags('demo', tags, NOW);
  alarms.saveOccurrences('demo', occurrences);
}

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-queue-patch-'));
  cache = openCache(dir).cache;
  journalStore = openJournal(dir);
  alarms = new AlarmCache(cache.db);
  journal = alertJournalOf(journalStore);
  states = Array.from({ length: ALARMS }, () => 'ALARM');
  writeAlarms();
  ctx = { cache, journal: journalStore, now: () => NOW, sourceIds: ['demo'], push: () => undefined, slo: inlineSloEvaluator(cache), sloConfigDir: null, dataVersion: () => 0 } as unknown as ApiContext;
  handlers = alertHandlers(ctx) as unknown as Handlers;
});

afterEach(() => {
  cache.close();
  journalStore.close();
});

/** What a user sees of a build: the rows in order, the silences with their counts, the notices. */
function shown(b: Built): unknown {
  return { groups: b.groups.map((g) => g.row), silences: b.silences.map((s) => s.row), plans: b.plans.map((p) => ({ id: p.plan.id, retired: p.retired })), notices: b.notices };
}

const key = fc.integer({ min: 0, max: ALARMS - 1 });
const keySet = fc.uniqueArray(key, { minLength: 1, maxLength: 4 });
const author = fc.constantFrom('alice', 'bob');
type Step =
  | { kind: 'ack' | 'unack' | 'unsnooze'; at: number[]; by: string }
  | { kind: 'snooze'; at: number[]; by: string; minutes: number }
  | { kind: 'assign'; at: number[]; by: string; to: string }
  | { kind: 'note'; at: number[]; by: string; note: string }
  | { kind: 'silence'; service: number | null; team: number; startsIn: number }
  | { kind: 'expireSilence'; which: number }
  | { kind: 'maintenance'; service: number }
  | { kind: 'retireMaintenance'; which: number }
  | { kind: 'alarmState'; at: number; state: 'OK' | 'ALARM' };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('ack' as const, 'unack' as const, 'unsnooze' as const), at: keySet, by: author }),
  fc.record({ kind: fc.constant('snooze' as const), at: keySet, by: author, minutes: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('assign' as const), at: keySet, by: author, to: fc.constantFrom('', 'carol', 'dave') }),
  fc.record({ kind: fc.constant('note' as const), at: keySet, by: author, note: fc.string({ minLength: 1, maxLength: 20 }).filter((n) => n.trim() !== '') }),
  // (A blank note is refused by the API — "write something" — not a step a user can take.)
  // A silence on a whole service (many groups) or a team across services, now or later.
  fc.record({ kind: fc.constant('silence' as const), service: fc.option(fc.integer({ min: 0, max: SERVICES - 1 })), team: fc.integer({ min: 0, max: 2 }), startsIn: fc.constantFrom(0, 0, 3_600_000) }),
  fc.record({ kind: fc.constant('expireSilence' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('maintenance' as const), service: fc.integer({ min: 0, max: SERVICES - 1 }) }),
  fc.record({ kind: fc.constant('retireMaintenance' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('alarmState' as const), at: key, state: fc.constantFrom('OK' as const, 'ALARM' as const) }),
);

async function ok(method: string, input: unknown): Promise<unknown> {
  const r = await dispatch(handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.data;
}

/** Applies a step; true when it changed the alarms (a sync: the shared queue builds afresh). */
async function apply(s: Step): Promise<boolean> {
  const occurrenceKeys = 'at' in s && Array.isArray(s.at) ? s.at.map((i) => keys[i]!) : [];
  switch (s.kind) {
    case 'ack':
    case 'unack':
    case 'unsnooze':
      await ok('alertAction', { kind: s.kind, occurrenceKeys, author: s.by });
      return false;
    case 'snooze':
      await ok('alertAction', { kind: 'snooze', occurrenceKeys, author: s.by, minutes: s.minutes });
      return false;
    case 'assign':
      await ok('alertAction', { kind: 'assign', occurrenceKeys, author: s.by, assignee: s.to });
      return false;
    case 'note':
      await ok('alertAction', { kind: 'note', occurrenceKeys, author: s.by, note: s.note });
      return false;
    case 'silence': {
      const matchers = [...(s.service === null ? [] : [{ label: 'service', op: '=', value: `svc-${s.service}` }]), { label: 'tag:team', op: '=~', value: `team-${s.team}|none` }];
      journal.addSilence({ matchers, startsAt: NOW + s.startsIn, endsAt: NOW + s.startsIn + 3_600_000, reason: 'deploy', author: 'bob' }, NOW);
      return false;
    }
    case 'expireSilence': {
      const all = journal.silences();
      if (all.length > 0) journal.expireSilence(all[s.which % all.length]!.id, 'bob', NOW);
      return false;
    }
    case 'maintenance':
      await ok('createMaintenance', {
        title: `svc-${s.service} upgrade`,
        rule: { kind: 'once', start: NOW - 600_000, end: NOW + 3_600_000 },
        matchers: [{ label: 'service', op: '=', value: `svc-${s.service}` }],
        author: 'carol',
      });
      return false;
    case 'retireMaintenance': {
      const plans = journal.plans();
      if (plans.length > 0) journal.retirePlan(plans[s.which % plans.length]!.id, 'carol', NOW);
      return false;
    }
    case 'alarmState':
      states[s.at] = s.state;
      writeAlarms();
      return true;
  }
}

describe('a journal write folded into the queue', () => {
  it('equals a full build at the same instant, after every step of any sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        let current = buildQueue(ctx, alarms, journal, NO_BURN);
        for (const s of steps) {
          const alarmsChanged = await apply(s);
          current = alarmsChanged ? buildQueue(ctx, alarms, journal, NO_BURN) : (patchQueue(current, journal, NOW) ?? buildQueue(ctx, alarms, journal, NO_BURN));
          expect(shown(current)).toEqual(shown(buildQueue(ctx, alarms, journal, NO_BURN)));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('reads rows a later clock wrote as they stood at NOW: an end after it is still firing, a firing after it not yet in the queue', () => {
    const built = buildQueue(ctx, alarms, journal, NO_BURN);
    const rowOf = (i: number) => built.groups.find((g) => g.row.name === `svc-${i % SERVICES}-alarm-${i}`)?.row;
    expect(rowOf(6)).toMatchObject({ state: 'firing', upstreamState: 'ALARM', resolvedAt: null, lastChangeAt: NOW - 7 * MIN, occurrenceKeys: [keys[6]] });
    expect(rowOf(3)).toMatchObject({ state: 'firing', upstreamState: 'ALARM', firedAt: NOW - 4 * MIN, lastChangeAt: NOW - 4 * MIN, occurrenceKeys: [keys[3]] });
    expect(built.groups.filter((g) => g.row.lastChangeAt > NOW)).toEqual([]);
    expect(rowOf(7)).toBeUndefined();
    expect(built.groups).toHaveLength(ALARMS - ALARMS / 10);
    expect(built.basis.nextRecordedAt).toBe(NOW + 5 * MIN);
  });

  it('a journal write is not folded in once the clock reaches a start or end a later clock recorded: the full build shows it', async () => {
    const before = buildQueue(ctx, alarms, journal, NO_BURN);
    await ok('alertAction', { kind: 'ack', occurrenceKeys: [keys[1]], author: 'alice' });
    expect(patchQueue(before, journal, NOW + 5 * MIN - 1)).not.toBeNull();
    expect(patchQueue(before, journal, NOW + 5 * MIN)).toBeNull();
    ctx.now = () => NOW + 20 * MIN;
    const later = buildQueue(ctx, alarms, journal, NO_BURN);
    const rowOf = (i: number) => later.groups.find((g) => g.row.name === `svc-${i % SERVICES}-alarm-${i}`)?.row;
    expect(rowOf(7)).toMatchObject({ state: 'firing', firedAt: NOW + 5 * MIN });
    expect(rowOf(6)).toMatchObject({ state: 'resolved', upstreamState: 'OK', resolvedAt: NOW + 20 * MIN });
  });

  it('re-folds only the groups an acknowledgement touches, and gives back the same build when nothing shown changed', async () => {
    const before = buildQueue(ctx, alarms, journal, NO_BURN);
    await ok('alertAction', { kind: 'ack', occurrenceKeys: [keys[4]], author: 'alice' });
    const after = patchQueue(before, journal, NOW)!;
    const touched = after.groups.filter((g) => !before.groups.includes(g));
    expect(touched.map((g) => g.row.occurrenceKeys)).toEqual([[keys[4]]]);
    expect(touched[0]?.row.acknowledgement).toEqual({ by: 'alice', at: NOW });
    // A note on an occurrence that is not in the queue (unknown to it) changes nothing shown.
    journal.recordActions([{ occurrenceKey: 'arn:nowhere@1', kind: 'note', note: 'x' }], 'alice', NOW);
    expect(patchQueue(after, journal, NOW)).toBe(after);
  });

  it('asks for a full build when the settings change or actions disappear from the journal', async () => {
    const before = buildQueue(ctx, alarms, journal, NO_BURN);
    await ok('alertAction', { kind: 'ack', occurrenceKeys: [keys[1]], author: 'alice' });
    const acked = patchQueue(before, journal, NOW)!;
    journalStore.db.prepare('DELETE FROM alert_actions').run();
    expect(patchQueue(acked, journal, NOW)).toBeNull();
    const fresh = buildQueue(ctx, alarms, journal, NO_BURN);
    const settings = (await ok('alertSettings', {})) as { severityPolicy: unknown; runbooks: unknown };
    await ok('saveAlertSettings', { severityPolicy: settings.severityPolicy, runbooks: settings.runbooks, groupBy: ['service'], author: 'alice' });
    expect(patchQueue(fresh, journal, NOW)).toBeNull();
  });
});
