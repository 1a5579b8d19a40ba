// Hostile input through dispatch(): patterns that would backtrack for minutes, oversized
// fields, ids that do not exist. Real stores, alarms synced from the simulator.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertQueue } from '@shared/contract/alerts';
import type { Topic } from '@shared/api';
import { startSimulator, type Simulator } from '../../sim/server';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { DEMO_SEED } from '../sources/demo';
import { openCache, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { alertJournalOf } from '../store/alert-journal';
import { reconcileAlarmOccurrences, syncAlarms } from '../sync/alarms';
import { AlarmCache, alarmAlertId } from '../store/alarms';
import { alertHandlers } from './handlers';
import { dispatch, type CallResult, type Handlers } from '../api/dispatch';
import type { ApiContext } from '../api/context';
import { inlineSloEvaluator } from '../slo/evaluator';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 17, 38);
// 60 characters and no "!": a backtracking engine tries every split of it for `(.+)+!`.
const LONG_NAME = `payment-gateway-${'x'.repeat(44)}`;

describe('hostile input to the alert API', () => {
  let dir: string;
  let cache: CacheStore;
  let journal: JournalStore;
  let sim: Simulator;
  let client: CloudWatchClient;
  let handlers: Handlers;
  const now = NOW;

  const call = (method: string, input: unknown): Promise<CallResult> => dispatch(handlers, method, input);
  const refused = async (method: string, input: unknown): Promise<{ status: number; code: string; message: string }> => {
    const r = await call(method, input);
    if (r.ok) throw new Error(`${method} accepted what it should refuse`);
    return { status: r.status, code: r.error.code, message: r.error.message };
  };
  const rows = (table: string): number => journal.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const base = { startsAt: NOW, endsAt: NOW + 2 * HOUR, reason: 'hostile input', author: 'dana' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-inputs-'));
    cache = openCache(dir).cache;
    journal = openJournal(dir);
    sim = await startSimulator({ seed: DEMO_SEED, now: () => now });
    client = createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts: 1 });
    const ctx = { cache, journal, now: () => now, sourceIds: ['demo'], push: (_: Topic[]) => undefined, slo: inlineSloEvaluator(cache) } as unknown as ApiContext;
    handlers = alertHandlers(ctx) as unknown as Handlers;
    await syncAlarms(client, cache, 'demo', () => now);
    // One alarm with a long name, as real accounts have.
    const alarms = cache.alarms('demo');
    const template = alarms[0]!;
    const arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${LONG_NAME}`;
    const since = now - 10 * 60_000;
    cache.replaceAlarms('demo', [...alarms, { ...template, name: LONG_NAME, state: 'ALARM', stateSince: since, body: { ...(template.body as object), AlarmName: LONG_NAME, AlarmArn: arn, StateValue: 'ALARM' } }], now);
    const store = new AlarmCache(cache.db);
    const previous = store.occurrencesOfSource('demo');
    const { occurrences } = reconcileAlarmOccurrences(previous, [{ id: alarmAlertId('demo', LONG_NAME, arn), state: 'ALARM', stateSince: since }], [], now);
    store.saveOccurrences('demo', occurrences);
  });

  afterAll(async () => {
    await sim.close();
    cache.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('regular expressions run in linear time', () => {
    it('a stored silence name=~"(.+)+!" does not stall the queue', async () => {
      // Stored as an older build (or an import) would have written it, past the contract.
      alertJournalOf(journal).addSilence({ matchers: [{ label: 'name', op: '=~', value: '(.+)+!' }], ...base }, NOW);
      const started = performance.now();
      const r = await call('alertQueue', {});
      const elapsed = performance.now() - started;
      expect(r.ok).toBe(true);
      expect(elapsed).toBeLessThan(1000);
      const long = (r as { data: AlertQueue }).data.groups.find((g) => g.name === LONG_NAME);
      expect(long?.state).toBe('firing');
    });

    it('the same pattern is accepted at createSilence and evaluated fast', async () => {
      const started = performance.now();
      const r = await call('createSilence', { ...base, matchers: 'name=~"(.+)+!"' });
      expect(r.ok ? (r.data as { matchingGroups: number }).matchingGroups : r.error.message).toBe(0);
      expect(performance.now() - started).toBeLessThan(1000);
      const hit = await call('createSilence', { ...base, matchers: `name=~"(.+)+x"` });
      expect(hit.ok ? (hit.data as { matchingGroups: number }).matchingGroups : hit.error.message).toBe(1);
    });

    it('backreferences and lookaround are refused at the field that holds them', async () => {
      const before = rows('silences');
      for (const [pattern, what] of [['(a)\\1', /backreferences/], ['(?=x)', /lookahead and lookbehind/], ['(?<!x)y', /lookahead and lookbehind/]] as const) {
        const silence = await refused('createSilence', { ...base, matchers: `service="payment-service", name=~"${pattern}"` });
        expect([silence.status, silence.code]).toEqual([400, 'BAD_INPUT']);
        expect(silence.message).toMatch(/^createSilence: matchers\.1\.value: invalid regular expression/);
        expect(silence.message).toMatch(what);
        const rule = await refused('saveAlertSettings', { severityPolicy: { rules: [{ nameRegex: pattern, severity: 'P1' }] }, groupBy: ['service'], author: 'dana' });
        expect(rule.message).toMatch(/severityPolicy\.rules\.0\.nameRegex: invalid regular expression/);
        expect(rule.message).toMatch(what);
      }
      expect(rows('silences')).toBe(before);
      expect(rows('alert_settings')).toBe(0);
    });
  });

  describe('sizes are bounded at the contract', () => {
    it('a 1 MB silence reason, 10,000 matchers and an oversized maintenance plan are refused with the field named', async () => {
      const before = rows('silences');
      const reason = await refused('createSilence', { ...base, matchers: 'service="payment-service"', reason: 'x'.repeat(1024 * 1024) });
      expect([reason.status, reason.code]).toEqual([400, 'BAD_INPUT']);
      expect(reason.message).toBe('createSilence: reason: reason: at most 16,384 characters');
      const many = Array.from({ length: 10_000 }, (_, i) => `tag:k${i}="v"`);
      const flood = await refused('createSilence', { ...base, matchers: many });
      expect(flood.message).toBe('createSilence: matchers: matchers: at most 50 matchers');
      const asText = await refused('createSilence', { ...base, matchers: many.join(', ') });
      expect(asText.message).toBe('createSilence: matchers: matchers: at most 50 matchers');
      const huge = await refused('createSilence', { ...base, matchers: [`name="${'x'.repeat(5000)}"`] });
      expect(huge.message).toMatch(/^createSilence: matchers\.0: matcher: at most 1,210 characters$/);
      expect(rows('silences')).toBe(before);

      const plan = await refused('createMaintenance', { title: 'y'.repeat(300), rule: 'weekly Sun 02:00-04:00 UTC', matchers: many, author: 'dana' });
      expect(plan.message).toMatch(/title: title: at most 200 characters/);
      expect(plan.message).toMatch(/matchers: matchers: at most 50 matchers/);
      const note = await refused('alertAction', { kind: 'note', occurrenceKeys: ['k@1'], author: 'dana', note: 'n'.repeat(20_000) });
      expect(note.message).toBe('alertAction: note: note: at most 16,384 characters');
    });

    it('5,000 severity rules are refused naming the field, and 500 are accepted', async () => {
      const rule = { namespace: 'AWS/RDS', severity: 'P2' };
      const r = await refused('saveAlertSettings', { severityPolicy: { rules: Array.from({ length: 5_000 }, () => rule) }, groupBy: ['service'], author: 'dana' });
      expect([r.status, r.code, r.message]).toEqual([400, 'BAD_INPUT', 'saveAlertSettings: severityPolicy.rules: rules: at most 500 severity rules']);
      const long = await refused('saveAlertSettings', { severityPolicy: { rules: [{ nameRegex: 'a'.repeat(2_000), severity: 'P1' }] }, groupBy: ['service'], author: 'dana' });
      expect(long.message).toBe('saveAlertSettings: severityPolicy.rules.0.nameRegex: nameRegex: at most 1,000 characters');
      expect(rows('alert_settings')).toBe(0);
      const ok = await call('saveAlertSettings', { severityPolicy: { rules: Array.from({ length: 500 }, () => rule) }, groupBy: ['service'], author: 'dana' });
      expect(ok.ok).toBe(true);
      await call('saveAlertSettings', { severityPolicy: { rules: [] }, groupBy: ['service'], author: 'dana' });
    });
  });
});
