// The alert API end to end over real stores: alarms synced from the simulator into cache.db,
// actions written to journal.db, every call through dispatch() so the contract validates it.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetail, AlertQueue, FatigueOut, MaintenanceOut, QueueGroup, SilenceOut } from '@shared/contract/alerts';
import type { Topic } from '@shared/api';
import { alarmArn } from '../../sim/services/cloudwatch/alarms';
import { incidentsBetween } from '../../sim/platform/scenario';
import { startSimulator, type Simulator } from '../../sim/server';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { DEMO_SEED } from '../sources/demo';
import { openCache, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { syncAlarms } from '../sync/alarms';
import { SyncEngine } from '../sync/engine';
import { alertHandlers } from './handlers';
import { SLO_BURN_SOURCE, runbookFromDescription, titleFrom } from './sources';
import { AlarmCache } from '../store/alarms';
import type { SloBurnAlert } from '../slo/evaluate';
import { dispatch, type CallResult, type Handlers } from '../api/dispatch';
import { preparedOf } from '../api/prepared';
import { unpackQueue, type PackedQueue } from '@shared/contract/alertsWire';
import type { ApiContext } from '../api/context';
import { inlineSloEvaluator } from '../slo/evaluator';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const spikes = incidentsBetween(DEMO_SEED, Date.UTC(2026, 10, 1) / 1000, Date.UTC(2026, 11, 31) / 1000).filter((i) => i.kind === 'payment-5xx-spike');
const FIRST = spikes[0]!;
const SECOND = spikes[1]!;
const DURING = FIRST.startSec * 1000 + 10 * MINUTE;

describe('runbook and title from an alarm description', () => {
  it('prefers the link next to the word runbook, and drops links from the title', () => {
    const d = 'Checkout broken. Dashboard https://grafana.example.com/d/1 Runbook: https://wiki.example.com/rb/pay.';
    expect(runbookFromDescription(d)).toBe('https://wiki.example.com/rb/pay');
    expect(runbookFromDescription('See https://a.example.com/x for details')).toBe('https://a.example.com/x');
    expect(runbookFromDescription('no link here')).toBeUndefined();
    expect(runbookFromDescription('javascript:alert(1) runbook')).toBeUndefined();
    expect(titleFrom('payment-x', d)).toBe('Checkout broken.');
    expect(titleFrom('payment-x', undefined)).toBe('payment-x');
    expect(titleFrom('payment-x', 'Runbook: https://wiki.example.com/rb')).toBe('payment-x');
  });
});

describe('alert API', () => {
  let dir: string;
  let cache: CacheStore;
  let journal: JournalStore;
  let sim: Simulator;
  let client: CloudWatchClient;
  let now = DURING;
  const pushed: Topic[][] = [];
  let handlers: Handlers;
  /** stateSince of every alarm at DURING. */
  const firedAt: Record<string, number> = {};

  const call = async (method: string, input: unknown): Promise<CallResult> => dispatch(handlers, method, input, (topics) => pushed.push(topics));
  const ok = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await call(method, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.data as T;
  };
  const queue = (): Promise<AlertQueue> => ok<AlertQueue>('alertQueue', {});
  const group = async (name: string): Promise<QueueGroup> => {
    const g = (await queue()).groups.find((x) => x.name === name);
    if (!g) throw new Error(`${name} is not in the queue`);
    return g;
  };
  const rows = (table: string): number => journal.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const sync = (at: number) => {
    now = at;
    return syncAlarms(client, cache, 'demo', () => now);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-alert-api-'));
    cache = openCache(dir).cache;
    journal = openJournal(dir);
    sim = await startSimulator({ seed: DEMO_SEED, now: () => now });
    client = createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts: 1 });
    const ctx = {
      cache,
      journal,
      now: () => now,
      sourceIds: ['demo'],
      push: (topics: Topic[]) => pushed.push(topics),
      slo: inlineSloEvaluator(cache),
    } as unknown as ApiContext;
    handlers = alertHandlers(ctx) as unknown as Handlers;
    await sync(DURING);
    for (const a of cache.alarms('demo')) firedAt[a.name] = a.stateSince;
  });

  afterAll(async () => {
    await sim.close();
    cache.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists what fires during the payment spike, worst first, with severity, its reason, runbook and response timer', async () => {
    const q = await queue();
    expect(q.groups.map((g) => [g.severity, g.state, g.name])).toEqual([
      ['P1', 'firing', 'payment-failure-rate-high'],
      ['P1', 'firing', 'payment-degraded'],
      // Both P2s fire; the overdue one (customer memory, since 13:55) before the running one.
      ['P2', 'firing', 'customer-service-memory-high'],
      ['P2', 'firing', 'payment-latency-p95-critical'],
      ['P3', 'resolved', 'msk-consumer-lag-high'],
    ]);
    const top = q.groups[0]!;
    const stateSince = cache.alarms('demo').find((a) => a.name === 'payment-failure-rate-high')!.stateSince;
    expect(top).toMatchObject({
      title: 'Payment processing failures above 5 % of transactions.',
      service: 'payment-service',
      severityReason: 'severity tag "P1"',
      severityDecidedBy: 'tag',
      runbookUrl: 'https://runbooks.example.com/payment-service/payment-failure-rate-high',
      count: 1,
      firingCount: 1,
      firedAt: stateSince,
      occurrenceKeys: [`${alarmArn('payment-failure-rate-high')}@${stateSince}`],
      notify: true,
      acknowledgement: null,
    });
    // P1: due five minutes after firing; it is past that (the renderer counts from dueAt: no remainingMs until acknowledged).
    expect(top.timer).toEqual({ dueAt: stateSince + 5 * MINUTE, targetMs: 5 * MINUTE, targetLabel: '5 minutes', remainingMs: null, status: 'overdue' });
    expect(q.groups[3]!.timer?.status).toBe('running');
    expect(q.counts).toEqual({ firing: 4, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 1 });
    // Only alarms are synced in this test, so the SLO engine has no datapoints: no burn alerts.
    expect(q.notices).toEqual([]);
    expect(q.groups.some((g) => g.source === 'slo-burn')).toBe(false);
  });

  it('acknowledges with a note, locally, and tells every window', async () => {
    const before = await group('payment-failure-rate-high');
    pushed.length = 0;
    const result = await ok<{ recorded: number; skipped: unknown[] }>('alertAction', { kind: 'ack', occurrenceKeys: before.occurrenceKeys, author: 'dana', note: 'Gateway timeouts; failing over to the secondary provider' });
    expect(result).toMatchObject({ recorded: 1, skipped: [] });
    expect(pushed).toEqual([['journal']]);
    const after = await group('payment-failure-rate-high');
    expect(after.state).toBe('acknowledged');
    expect(after.acknowledgement).toEqual({ by: 'dana', at: now });
    expect(after.lastNote).toMatchObject({ author: 'dana', at: now, body: 'Gateway timeouts; failing over to the secondary provider', kind: 'ack' });
    // Acknowledged after the five minutes: the timer freezes as missed by (due − ack).
    expect(after.timer).toMatchObject({ status: 'missed', remainingMs: before.firedAt + 5 * MINUTE - now });
    expect(after.notify).toBe(false);
    // Unacknowledged P1 before acknowledged P1.
    expect((await queue()).groups.slice(0, 2).map((g) => g.name)).toEqual(['payment-degraded', 'payment-failure-rate-high']);
  });

  it('un-acknowledges with a second row, and snoozes until the snooze runs out', async () => {
    const g = await group('payment-failure-rate-high');
    await ok('alertAction', { kind: 'unack', occurrenceKeys: g.occurrenceKeys, author: 'lee' });
    expect(rows('alert_actions')).toBe(2);
    expect((await group('payment-failure-rate-high')).state).toBe('firing');

    await ok('alertAction', { kind: 'snooze', occurrenceKeys: g.occurrenceKeys, author: 'lee', minutes: 30 });
    const snoozed = await group('payment-failure-rate-high');
    expect([snoozed.state, snoozed.snoozedUntil, snoozed.notify]).toEqual(['snoozed', now + 30 * MINUTE, false]);
    // Held back: below every group that needs a human, above resolved ones.
    expect((await queue()).groups.map((x) => x.name).slice(-2)).toEqual(['payment-failure-rate-high', 'msk-consumer-lag-high']);

    now += 30 * MINUTE;
    expect((await group('payment-failure-rate-high')).state).toBe('firing');
    now = DURING;
    await ok('alertAction', { kind: 'unsnooze', occurrenceKeys: g.occurrenceKeys, author: 'lee' });
    expect((await group('payment-failure-rate-high')).state).toBe('firing');
  });

  it('assigns an owner, and takes the alert off them with an empty assignee', async () => {
    const g = await group('payment-degraded');
    await ok('alertAction', { kind: 'assign', occurrenceKeys: g.occurrenceKeys, author: 'dana', assignee: 'kim' });
    expect((await group('payment-degraded')).assignee).toBe('kim');
    await ok('alertAction', { kind: 'assign', occurrenceKeys: g.occurrenceKeys, author: 'dana', assignee: '' });
    expect((await group('payment-degraded')).assignee).toBeNull();
  });

  it('refuses bad actions with the field named, writing nothing', async () => {
    const g = await group('payment-degraded');
    const count = rows('alert_actions');
    const cases: [unknown, RegExp][] = [
      [{ kind: 'snooze', occurrenceKeys: g.occurrenceKeys, author: 'dana', minutes: 0 }, /^alertAction: minutes: minutes: at least 1$/],
      [{ kind: 'snooze', occurrenceKeys: g.occurrenceKeys, author: 'dana', minutes: 20_000 }, /minutes: at most 10080 \(a week\); use a silence for longer/],
      [{ kind: 'ack', occurrenceKeys: [], author: 'dana' }, /occurrenceKeys: occurrenceKeys: name at least one occurrence/],
      [{ kind: 'ack', occurrenceKeys: g.occurrenceKeys, author: '  ' }, /author: author is required/],
      [{ kind: 'note', occurrenceKeys: g.occurrenceKeys, author: 'dana', note: '   ' }, /note: note: write something/],
      [{ kind: 'escalate', occurrenceKeys: g.occurrenceKeys, author: 'dana' }, /kind/],
    ];
    for (const [input, message] of cases) {
      const r = await call('alertAction', input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_INPUT');
        expect(r.error.message).toMatch(message);
      }
    }
    // An occurrence that does not exist is skipped, not invented.
    const unknown = await ok<{ recorded: number; skipped: { reason: string }[] }>('alertAction', { kind: 'ack', occurrenceKeys: ['arn:nope@1'], author: 'dana' });
    expect(unknown).toMatchObject({ recorded: 0, skipped: [{ occurrenceKey: 'arn:nope@1', reason: 'unknown occurrence: refresh the queue' }] });
    expect(rows('alert_actions')).toBe(count);
  });

  it('silences with matchers, shows what a silence covers, and ends it early', async () => {
    const base = { startsAt: now, endsAt: now + 2 * HOUR, reason: 'provider incident, tracked in INC-42', author: 'dana' };
    const bad: [unknown, RegExp][] = [
      [{ ...base, matchers: ['service=~"payment(-service"'] }, /matchers\.0\.value: invalid regular expression "payment\(-service"/],
      [{ ...base, matchers: ['region="us-east-1"'] }, /unknown matcher label "region"/],
      [{ ...base, matchers: ['service="payment-service"'], endsAt: now - MINUTE }, /endsAt: endsAt must be after startsAt/],
      [{ ...base, matchers: [] }, /matchers: at least one matcher is required/],
      [{ ...base, matchers: ['name=~".*"'] }, /at least one matcher must not match an empty value/],
      [{ ...base, matchers: ['service="payment-service"'], reason: '' }, /reason: reason is required/],
    ];
    for (const [input, message] of bad) {
      const r = await call('createSilence', input);
      expect(r.ok ? 'accepted' : r.error.message).toMatch(message);
    }
    expect(rows('silences')).toBe(0);

    const silence = await ok<SilenceOut>('createSilence', { ...base, matchers: 'service="payment-service", severity=~"P1|P2"' });
    expect(silence).toMatchObject({ status: 'active', matchersText: 'service="payment-service", severity=~"P1|P2"', matchingGroups: 3, author: 'dana' });
    const q = await queue();
    const states = Object.fromEntries(q.groups.map((g) => [g.name, g.state]));
    expect(states).toMatchObject({ 'payment-failure-rate-high': 'silenced', 'payment-degraded': 'silenced', 'payment-latency-p95-critical': 'silenced', 'customer-service-memory-high': 'firing' });
    const silenced = q.groups.find((g) => g.name === 'payment-degraded')!;
    expect([silenced.notify, silenced.silence]).toEqual([false, { id: silence.id, endsAt: now + 2 * HOUR, reason: 'provider incident, tracked in INC-42' }]);

    await ok('expireSilence', { id: silence.id, author: 'lee' });
    expect((await group('payment-degraded')).state).toBe('firing');
    const [listed] = await ok<SilenceOut[]>('alertSilences', {});
    expect(listed).toMatchObject({ id: silence.id, status: 'expired', expiredAt: now, expiredBy: 'lee', endsAt: now + 2 * HOUR });
    // Ending it again writes nothing.
    await ok('expireSilence', { id: silence.id, author: 'lee' });
    expect(rows('silence_expiries')).toBe(1);
  });

  it('lists the seeds’ monthly window with its next occurrences in New York time', async () => {
    const plans = await ok<MaintenanceOut[]>('maintenancePlans', {});
    const seeds = plans.find((p) => p.builtIn)!;
    expect(seeds.ruleText).toBe('monthly first Sunday 02:00-04:00 America/New_York');
    // After 2026-11-12: Sun 6 Dec 2026 02:00 EST (07:00Z), Sun 3 Jan 2027, Sun 7 Feb 2027.
    expect(seeds.upcoming.map((w) => [new Date(w.startsAt).toISOString(), new Date(w.endsAt).toISOString(), w.localStart])).toEqual([
      ['2026-12-06T07:00:00.000Z', '2026-12-06T09:00:00.000Z', '2026-12-06T02:00:00-05:00'],
      ['2027-01-03T07:00:00.000Z', '2027-01-03T09:00:00.000Z', '2027-01-03T02:00:00-05:00'],
      ['2027-02-07T07:00:00.000Z', '2027-02-07T09:00:00.000Z', '2027-02-07T02:00:00-05:00'],
    ]);
    expect(seeds.active).toBeNull();
  });

  it('puts alerts in maintenance while a window covers them, keeping them visible, and refuses a rule it cannot read', async () => {
    const count = rows('maintenance_plans');
    for (const rule of ['monthly Sundy 02:00-04:00', 'weekly Sat 25:00-26:00', 'once 2026-11-12 02:00-04:00 EST']) {
      const r = await call('createMaintenance', { title: 'x', rule, author: 'dana' });
      expect(r.ok ? 'accepted' : r.error.message).toMatch(/^createMaintenance: rule/);
    }
    expect(rows('maintenance_plans')).toBe(count);

    // 13:00–14:00 New York (EST, UTC−5) = 18:00Z–19:00Z, covering DURING (18:13Z).
    const plan = await ok<MaintenanceOut>('createMaintenance', { title: 'Customer pod resize', rule: 'once 2026-11-12 13:00-14:00', matchers: 'service="customer-service"', author: 'kim' });
    expect(plan.active).toMatchObject({ startsAt: Date.UTC(2026, 10, 12, 18), endsAt: Date.UTC(2026, 10, 12, 19) });
    const g = await group('customer-service-memory-high');
    expect([g.state, g.notify, g.maintenance]).toEqual(['in-maintenance', false, { id: plan.id, title: 'Customer pod resize', endsAt: Date.UTC(2026, 10, 12, 19) }]);
    expect((await group('payment-degraded')).state).toBe('firing');

    await ok('retireMaintenance', { id: plan.id, author: 'kim' });
    expect((await group('customer-service-memory-high')).state).toBe('firing');
  });

  it('shows the detail: state timeline from history, the alarm’s threshold, and every local action with who and when', async () => {
    const g = await group('payment-failure-rate-high');
    // History stored by a run at a later clock (a data dir reused at an earlier --demo-clock) is not shown as past.
    new AlarmCache(cache.db).insertHistory([{ source: 'demo', alarmName: 'payment-failure-rate-high', at: now + 3_600_000, alarmType: 'MetricAlarm', from: 'ALARM', to: 'OK', summary: 'from a later run', reason: null }]);
    const detail = await ok<AlertDetail>('alertDetail', { key: g.key });
    const member = detail.members[0]!;
    expect(member.history.map((h) => h.summary)).not.toContain('from a later run');
    expect(member.history.every((h) => h.at <= now)).toBe(true);
    expect(member.history[0]).toMatchObject({ at: g.firedAt, from: 'OK', to: 'ALARM' });
    expect(member.history[0]!.summary).toMatch(/^Threshold Crossed: \d out of the last 3 datapoints/);
    expect(member.metric).toMatchObject({ threshold: 5, comparison: 'GreaterThanThreshold', statistic: 'expression 100 * failed / total', points: [] });
    expect(member.tags).toMatchObject({ severity: 'P1', team: 'payments' });
    expect(detail.actions.map((a) => [a.kind, a.author])).toEqual([
      ['unsnooze', 'lee'],
      ['snooze', 'lee'],
      ['unack', 'lee'],
      ['ack', 'dana'],
    ]);
    expect(detail.actions[3]!.note).toBe('Gateway timeouts; failing over to the secondary provider');
    const missing = await call('alertDetail', { key: '["nope"]' });
    expect(missing.ok ? '' : missing.error.message).toMatch(/no alert group/);
  });

  it('groups by the configured fields and refuses a severity rule with a bad regex', async () => {
    const bad = await call('saveAlertSettings', { severityPolicy: { rules: [{ nameRegex: 'pay(', severity: 'P1' }] }, groupBy: ['service'], author: 'dana' });
    expect(bad.ok ? '' : bad.error.message).toMatch(/severityPolicy\.rules\.0\.nameRegex: invalid regular expression "pay\("/);
    const badGroup = await call('saveAlertSettings', { severityPolicy: {}, groupBy: ['colour'], author: 'dana' });
    expect(badGroup.ok ? '' : badGroup.error.message).toMatch(/groupBy\.0: expected source, service, namespace, name, severity or tag:<key>/);
    expect(rows('alert_settings')).toBe(0);

    await ok('saveAlertSettings', { severityPolicy: { rules: [], default: 'P3' }, groupBy: ['service'], runbooks: [], author: 'dana' });
    const payment = (await queue()).groups.find((x) => x.labels.service === 'payment-service')!;
    // Three payment alarms fold into one row; the most urgent member's severity and the
    // member needing a human most speak for it.
    expect([payment.count, payment.firingCount, payment.severity, payment.state, payment.occurrenceKeys.length]).toEqual([3, 3, 'P1', 'firing', 3]);
    await ok('saveAlertSettings', { severityPolicy: { rules: [], default: 'P3' }, groupBy: ['service', 'name'], runbooks: [], author: 'dana' });
  });

  it('ends the acknowledgement when the alarm resolves, and starts un-acked on the next firing', async () => {
    const acked = await group('payment-degraded');
    await ok('alertAction', { kind: 'ack', occurrenceKeys: acked.occurrenceKeys, author: 'dana', note: 'second look' });

    await sync(FIRST.endSec * 1000 + 2 * HOUR);
    const resolved = await group('payment-degraded');
    expect([resolved.state, resolved.acknowledgement, resolved.notify]).toEqual(['resolved', null, false]);
    expect(resolved.resolvedAt).toBe(cache.alarms('demo').find((a) => a.name === 'payment-degraded')!.stateSince);
    const late = await ok<{ recorded: number; skipped: { reason: string }[] }>('alertAction', { kind: 'ack', occurrenceKeys: resolved.occurrenceKeys, author: 'dana' });
    expect(late.recorded).toBe(0);
    expect(late.skipped[0]?.reason).toMatch(/^already resolved at 2026-11-12T/);

    await sync(SECOND.startSec * 1000 + 10 * MINUTE);
    const again = await group('payment-degraded');
    expect(again.state).toBe('firing');
    expect(again.occurrenceKeys).not.toEqual(acked.occurrenceKeys);
    expect([again.acknowledgement, again.lastNote]).toEqual([null, null]);
  });

  it('reports the noisiest alarms and time to acknowledge per severity', async () => {
    const report = await ok<{
      alarms: { name: string; stateChanges: number }[];
      responses: { severity: string; acknowledged: number; medianTtaMs: number | null; targetLabel: string }[];
      days: number;
    }>('alertFatigue', { days: 30 });
    expect(report.days).toBe(30);
    const changes = report.alarms.map((a) => a.stateChanges);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    expect(report.alarms[0]!.stateChanges).toBeGreaterThan(0);
    // P1 acknowledgements in the window: payment-failure-rate-high and payment-degraded, both
    // first acknowledged at DURING (the un-ack later does not move the first). The median of
    // two is their mean.
    const p1 = report.responses.find((r) => r.severity === 'P1')!;
    expect(p1.acknowledged).toBe(2);
    expect(p1.targetLabel).toBe('5 minutes');
    expect(p1.medianTtaMs).toBe((DURING - firedAt['payment-failure-rate-high']! + (DURING - firedAt['payment-degraded']!)) / 2);
    const bad = await call('alertFatigue', { days: 90 });
    expect(bad.ok ? '' : bad.error.message).toMatch(/days: at most 30/);
  });
});

describe('SLO burn alerts in the alert queue', () => {
  let dir: string;
  let cache: CacheStore;
  let journal: JournalStore;
  let handlers: Handlers;
  const now = DURING;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-alert-slo-'));
    cache = openCache(dir).cache;
    journal = openJournal(dir);
    const sim = await startSimulator({ seed: DEMO_SEED, now: () => now });
    try {
      const client = createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' } });
      // Metrics (for the SLO engine) and alarms, four hours back: the payment spike is in them.
      await new SyncEngine({ sourceId: 'demo', client, cache, now: () => now, presentMs: 4 * HOUR, backfillMs: 4 * HOUR }).runOnce();
    } finally {
      await sim.close();
    }
    handlers = alertHandlers({ cache, journal, now: () => now, sourceIds: ['demo'], push: () => undefined, sloConfigDir: null, slo: inlineSloEvaluator(cache) } as unknown as ApiContext) as unknown as Handlers;
  });

  afterAll(() => {
    cache.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues the payment SLO’s fast burn as a P1 page (the seeds: payment failures are critical), under the alarms’ spelling of the service, and acknowledges it like an alarm', async () => {
    const q = (await dispatch(handlers, 'alertQueue', {})) as { ok: true; data: AlertQueue };
    const burns = q.data.groups.filter((g) => g.source === 'slo-burn' && g.service === 'payment-service');
    // One alert per burning SLO, whichever rules fire.
    expect(new Set(burns.map((g) => g.name)).size).toBe(burns.length);
    const burn = burns.find((g) => g.name === 'Payment Service: error budget burn');
    expect(burn).toMatchObject({ service: 'payment-service', severity: 'P1', state: 'firing', notify: true });
    expect(burn!.severityReason).toBe('SLO burn rule "fast burn" fires at page level → the SLO\'s own severity P1');
    expect(burn!.severityReason).not.toMatch(/tag/);
    expect(burn!.occurrenceKeys).toEqual([`slo-burn:payment-availability@${burn!.firedAt}`]);
    expect(burn!.firedAt).toBeLessThanOrEqual(now);

    const ack = await dispatch(handlers, 'alertAction', { kind: 'ack', occurrenceKeys: burn!.occurrenceKeys, author: 'dana' });
    expect(ack.ok && (ack.data as { recorded: number }).recorded).toBe(1);
    const again = (await dispatch(handlers, 'alertQueue', {})) as { ok: true; data: AlertQueue };
    expect(again.data.groups.find((g) => g.key === burn!.key)?.state).toBe('acknowledged');
  });

  it('shows the SLOs of the alarm’s service, with their burn, on the alert detail', async () => {
    const q = (await dispatch(handlers, 'alertQueue', {})) as { ok: true; data: AlertQueue };
    const alarm = q.data.groups.find((g) => g.name === 'payment-failure-rate-high')!;
    const detail = (await dispatch(handlers, 'alertDetail', { key: alarm.key })) as { ok: true; data: AlertDetail };
    const availability = detail.data.relatedSlos.find((s) => s.id === 'payment-availability');
    expect(availability).toMatchObject({ service: 'payment-service', severity: 'page', window: '1h/5m' });
    // Fast burn pages at 14.4× (Google SRE Workbook); the spike is far above it.
    expect(availability!.burnRate!).toBeGreaterThan(14.4);
    expect(detail.data.relatedSlos.every((s) => s.service === 'payment-service')).toBe(true);
    expect(detail.data.relatedSlosNote).toBeNull();
  });

  it('packs the queue it answers (serve mode sends that to the renderer) into what unpacks to the same JSON, before and after an acknowledgement', async () => {
    const plainAndPacked = async (): Promise<{ plain: string; unpacked: string; packedBytes: number }> => {
      const q = (await dispatch(handlers, 'alertQueue', {})) as { ok: true; data: AlertQueue };
      const prepared = preparedOf(q.data)!;
      const plain = prepared.bytes().toString();
      return { plain, unpacked: JSON.stringify(unpackQueue(JSON.parse(prepared.packed!().toString()) as PackedQueue)), packedBytes: prepared.packed!().length };
    };
    const before = await plainAndPacked();
    expect(before.unpacked).toBe(before.plain);
    expect(before.packedBytes).toBeLessThan(before.plain.length / 2);
    const q = (await dispatch(handlers, 'alertQueue', {})) as { ok: true; data: AlertQueue };
    const alarm = q.data.groups.find((g) => g.state === 'firing' && g.source === 'cloudwatch')!;
    await dispatch(handlers, 'alertAction', { kind: 'note', occurrenceKeys: alarm.occurrenceKeys, author: 'dana', note: 'packed "note"' });
    const after = await plainAndPacked();
    expect(after.plain).not.toBe(before.plain);
    expect(after.unpacked).toBe(after.plain);
    expect((JSON.parse(after.unpacked) as AlertQueue).groups.find((g) => g.key === alarm.key)?.lastNote?.body).toBe('packed "note"');
  });
});

describe('one burn alert per SLO while it burns, whichever rule fires', () => {
  let dir: string;
  let cache: CacheStore;
  let journal: JournalStore;
  let handlers: Handlers;
  let now = Date.UTC(2026, 10, 3, 12, 0);
  const start = now - 20 * MINUTE;
  // What the SLO engine reports at each instant (the engine itself is tested in slo/; here the queue's handling of it).
  let burning: SloBurnAlert[] = [];
  const burn = (rule: string, severity: 'page' | 'ticket', burnRate: number): SloBurnAlert => ({
    id: 'slo-burn:checkout-availability',
    sloId: 'checkout-availability',
    name: 'Checkout: error budget burn',
    service: 'Checkout',
    severity,
    rule,
    since: start,
    burnRate,
    window: rule === 'fast burn' ? '1h/5m' : '3d/6h',
    description: 'Checkout is burning its error budget.',
    evaluatedAt: now,
  });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-alert-burn-'));
    cache = openCache(dir).cache;
    journal = openJournal(dir);
    const slo = { burnAlerts: async () => burning, slos: async () => ({ slos: [] }) };
    handlers = alertHandlers({ cache, journal, now: () => now, sourceIds: ['demo'], push: () => undefined, sloConfigDir: null, slo } as unknown as ApiContext) as unknown as Handlers;
  });

  afterAll(() => {
    cache.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const queue = async () => ((await dispatch(handlers, 'alertQueue', {})) as { ok: true; data: AlertQueue }).data.groups.filter((g) => g.source === 'slo-burn');

  it('keeps one alert, its start and its acknowledgement from fast to slow burn, and lowers its severity to the rule that now fires', async () => {
    // An open alert of the old per-rule kind (before this version) must end, not linger or vanish unresolved.
    new AlarmCache(cache.db).saveOccurrences(SLO_BURN_SOURCE, [{ key: `slo-burn:checkout-availability:fast-burn@${start}`, alertId: 'slo-burn:checkout-availability:fast-burn', firedAt: start, resolvedAt: null, endedBy: null, lastSeenAt: start }]);
    burning = [{ ...burn('fast burn', 'page', 20), sloSeverity: 'P1' }];
    const [first, ...others] = await queue();
    expect(others.map((g) => g.name)).toEqual([]);
    expect(first).toMatchObject({ name: 'Checkout: error budget burn', severity: 'P1', firedAt: start, state: 'firing' });
    expect(new AlarmCache(cache.db).occurrencesOfSource(SLO_BURN_SOURCE).find((o) => o.alertId.endsWith(':fast-burn'))).toMatchObject({ resolvedAt: now, endedBy: 'MISSING' });
    // Nothing acknowledged on this laptop yet: the fatigue report must say so, not "0 % within target".
    const before = (await dispatch(handlers, 'alertFatigue', { days: 1 })) as { ok: true; data: FatigueOut };
    expect(before.data.acknowledgementsSince).toBeNull();
    await dispatch(handlers, 'alertAction', { kind: 'ack', occurrenceKeys: first!.occurrenceKeys, author: 'dana' });

    // The fast burn subsides; the slow burn (a ticket) still fires: same alert, same start, still acknowledged.
    now += 2 * HOUR;
    burning = [{ ...burn('slow burn', 'ticket', 1.5), sloSeverity: 'P1', evaluatedAt: now }];
    const [later, ...more] = await queue();
    expect(more).toEqual([]);
    expect(later).toMatchObject({ key: first!.key, firedAt: start, state: 'acknowledged', severity: 'P4', occurrenceKeys: first!.occurrenceKeys });
    expect(later!.severityReason).toBe('SLO burn rule "slow burn" fires at ticket level → P4 (next business day)');
    expect(later!.title).toMatch(/1\.50× over 3d \(slow burn\)/);

    // The burn ends: the alert resolves (it does not just vanish), and keeps its most urgent severity for the record.
    now += HOUR;
    burning = [];
    expect((await queue()).find((g) => g.key === first!.key)?.state).toBe('resolved');
    const ended = new AlarmCache(cache.db).occurrencesOfSource(SLO_BURN_SOURCE).find((o) => o.key === first!.occurrenceKeys[0]);
    expect(ended).toMatchObject({ resolvedAt: now, severity: 'P1' });

    // The fatigue report counts the burn (a minute on): one firing of 3 h 20 min, acknowledged after 20 min — late for a P1 (5 min).
    now += MINUTE;
    const report = ((await dispatch(handlers, 'alertFatigue', { days: 1 })) as { ok: true; data: FatigueOut }).data;
    expect(report.acknowledgementsSince).toBe(start + 20 * MINUTE);
    expect(report.alarms.find((a) => a.alertId === 'slo-burn:checkout-availability')).toMatchObject({ name: 'Checkout: error budget burn', alarmEntries: 1, stateChanges: 2, timeInAlarmMs: 3 * HOUR + 20 * MINUTE });
    expect(report.responses.find((r) => r.severity === 'P1')).toMatchObject({ occurrences: 1, acknowledged: 1, met: 0, missed: 1 });
  });
});
