// The incident API end to end over real stores: alarms and CloudTrail changes synced from the
// simulator into cache.db, incidents written to journal.db, every call through dispatch().
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topic } from '../../shared/api';
import type { AlertQueue } from '../../shared/contract/alerts';
import type { IncidentDetail, IncidentKpis, IncidentList, IncidentMetrics, IncidentTimeline } from '../../shared/contract/incidents';
import { incidentsBetween } from '../../sim/platform/scenario';
import { startSimulator, type Simulator } from '../../sim/server';
import { alertHandlers } from '../alerts/handlers';
import type { ApiContext } from '../api/context';
import { dispatch, type CallResult, type Handlers } from '../api/dispatch';
import { inlineSloEvaluator } from '../slo/evaluator';
import { createCloudTrailClient } from '../sources/aws/cloudtrail';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { DEMO_SEED } from '../sources/demo';
import { openCache, type CacheStore } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { syncAlarms } from '../sync/alarms';
import { ChangesSync } from '../sync/changes';
import { incidentHandlers } from './handlers';

const MIN = 60_000;
const spike = incidentsBetween(DEMO_SEED, Date.UTC(2026, 9, 26) / 1000, Date.UTC(2026, 9, 27) / 1000).find((i) => i.kind === 'payment-5xx-spike')!;
const START = spike.startSec * 1000;
const DURING = START + 10 * MIN;

let sim: Simulator;
let cache: CacheStore;
let journal: JournalStore;
let client: CloudWatchClient;
let now = DURING;
let handlers: Handlers;

function handlersFor(c: CacheStore, j: JournalStore): Handlers {
  const ctx = { cache: c, journal: j, now: () => now, sourceIds: ['demo'], push: (_: Topic[]) => undefined, slo: inlineSloEvaluator(c), sloConfigDir: null } as unknown as ApiContext;
  return { ...alertHandlers(ctx), ...incidentHandlers(ctx) } as unknown as Handlers;
}
const call = (method: string, input: unknown, h: Handlers = handlers): Promise<CallResult> => dispatch(h, method, input);
async function ok<T>(method: string, input: unknown, h: Handlers = handlers): Promise<T> {
  const r = await call(method, input, h);
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
}
async function refused(method: string, input: unknown, h: Handlers = handlers): Promise<{ status: number; message: string }> {
  const r = await call(method, input, h);
  if (r.ok) throw new Error(`${method} was accepted`);
  return { status: r.status, message: r.error.message };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-incidents-api-'));
  cache = openCache(dir).cache;
  journal = openJournal(dir);
  sim = await startSimulator({ seed: DEMO_SEED, now: () => now });
  client = createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' }, maxAttempts: 1 });
  await syncAlarms(client, cache, 'demo', () => now);
  const trail = createCloudTrailClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' } });
  await new ChangesSync({ client: trail, cache, sourceId: 'demo', now: () => now, eventSources: ['codedeploy.amazonaws.com'], lookbackMs: 2 * 86_400_000 }).run();
  handlers = handlersFor(cache, journal);
}, 60_000);

afterAll(async () => {
  await sim.close();
});

describe('incidents API', () => {
  let id = '';
  /** When the payment alarm fired (minutes into the spike: CloudWatch evaluates periods). */
  let fired = 0;

  it('declares an incident from the payment alert: started and detected at the alarm, alert and status page linked', async () => {
    const q = await ok<AlertQueue>('alertQueue', {});
    const g = q.groups.find((x) => x.name === 'payment-failure-rate-high')!;
    fired = g.firedAt;
    id = (await ok<{ id: string }>('declareIncident', { title: 'Payment gateway errors', severity: 'P1', services: ['payment-service'], fromAlert: { occurrenceKeys: g.occurrenceKeys, name: g.name }, author: 'ana' })).id;
    const d = await ok<IncidentDetail>('incidentDetail', { id });
    expect(d.milestones.find((m) => m.name === 'started')!.at).toBe(g.firedAt);
    expect(d.milestones.find((m) => m.name === 'detected')!.at).toBe(g.firedAt);
    expect(d.links.map((l) => l.kind).sort()).toEqual(['alert', 'channel', 'status-page']);
    expect(d.links.find((l) => l.kind === 'status-page')!.target).toBe('https://status.ecommerce-platform.com');
    expect(d).toMatchObject({ open: true, phase: 'triage', reminderDue: false });
    expect((await ok<IncidentList>('incidents', {})).incidents.map((i) => i.id)).toEqual([id]);
  });

  it('refuses bad input naming the field, unknown ids with 404, and loses nothing', async () => {
    expect(await refused('setMilestone', { id, milestone: 'acknowledged', at: START - 5 * MIN, author: 'ana' })).toMatchObject({ status: 400, message: expect.stringMatching(/^milestones\.acknowledged: .* is before detected/) });
    expect(await refused('setMilestone', { id, milestone: 'resolved', at: now + 3_600_000, author: 'ana' })).toMatchObject({ status: 400, message: expect.stringMatching(/^milestones\.resolved: .* is in the future/) });
    expect(await refused('incidentDetail', { id: 'no-such-incident' })).toMatchObject({ status: 404, message: 'no incident with id "no-such-incident"' });
    expect(await refused('declareIncident', { title: 'x', severity: 'P2', fromAlert: { occurrenceKeys: ['arn:nope@1'], name: 'x' }, author: 'a' })).toMatchObject({ status: 400, message: expect.stringMatching(/^fromAlert\.occurrenceKeys: unknown alert occurrence/) });
    expect(await refused('linkIncident', { id, kind: 'slo', target: 'no-such-slo', author: 'a' })).toMatchObject({ status: 400, message: 'target: unknown SLO "no-such-slo"' });
    expect((await refused('addIncidentNote', { id, kind: 'note', body: 'x'.repeat(20_001), author: 'a' })).message).toMatch(/body: at most 20,000 characters/);
    expect((await refused('declareIncident', { title: 'x', severity: 'P5', author: 'a' })).message).toMatch(/severity/);
    expect((await ok<IncidentDetail>('incidentDetail', { id })).notes).toEqual([]);
  });

  it('the timeline holds the alarm history, the deployment before the start, and local actions; the reminder comes after 30 min', async () => {
    await ok('setMilestone', { id, milestone: 'acknowledged', at: fired + 2 * MIN, author: 'ana' });
    await ok('addIncidentNote', { id, kind: 'note', body: 'Rolled back payment-service', zone: 'Europe/Berlin', author: 'bo' });
    const t = await ok<IncidentTimeline>('incidentTimeline', { id });
    const alarm = t.entries.find((e) => e.kind === 'alarm' && e.title === 'payment-failure-rate-high → ALARM');
    expect(alarm).toMatchObject({ severity: 'critical', source: 'cloudwatch:demo' });
    const deploy = t.entries.find((e) => e.kind === 'change' && e.at === START - 7 * MIN)!;
    expect(deploy.title).toBe('CreateDeployment (codedeploy) payment-service');
    expect(t.entries.findIndex((e) => e.key === deploy.key)).toBeLessThan(t.entries.findIndex((e) => e.key === alarm!.key));
    expect(t.entries.find((e) => e.kind === 'note')).toMatchObject({ zone: 'Europe/Berlin', actor: 'bo' });
    expect(t.entries.some((e) => e.kind === 'milestone' && e.title === 'Acknowledged')).toBe(true);
    now = DURING + 31 * MIN;
    expect((await ok<IncidentDetail>('incidentDetail', { id })).reminder).toMatchObject({ due: true });
    await ok('addIncidentNote', { id, kind: 'status', body: 'Mitigated by rollback; monitoring', author: 'ana' });
    expect((await ok<IncidentDetail>('incidentDetail', { id })).reminder).toMatchObject({ due: false });
  });

  it('reviewer marks are new rows: a corrected entry keeps its original; a gap cannot be hidden', async () => {
    const t = await ok<IncidentTimeline>('incidentTimeline', { id });
    const deploy = t.entries.find((e) => e.kind === 'change' && e.at === START - 7 * MIN)!;
    await ok('markTimelineEntry', { id, entryKey: deploy.key, kind: 'pin', author: 'rev' });
    await ok('markTimelineEntry', { id, entryKey: deploy.key, kind: 'correct', body: 'Deploy of payment-service 2026.10.26.2 (the cause)', author: 'rev' });
    const after = (await ok<IncidentTimeline>('incidentTimeline', { id })).entries.find((e) => e.key === deploy.key)!;
    expect(after).toMatchObject({ pinned: true, title: 'Deploy of payment-service 2026.10.26.2 (the cause)', original: { title: deploy.title } });
    expect(await refused('markTimelineEntry', { id, entryKey: 'change:nope', kind: 'pin', author: 'rev' })).toMatchObject({ status: 400 });
  });

  it('exports a Markdown review with the timeline and the change before the start', async () => {
    await ok('saveActionItem', { id, title: 'Canary payment-service deploys', owner: 'Bo', author: 'ana' });
    const md = (await ok<{ fileName: string; content: string }>('exportIncidentReview', { id })).content;
    expect(md).toMatch(/^# Post-incident review: Payment gateway errors/);
    expect(md).toContain('payment-failure-rate-high → ALARM');
    expect(md).toMatch(/## Changes in the 2 h 00 min before the start\n\n- 2026-10-26 17:21:00 UTC — Deploy of payment-service 2026\.10\.26\.2 \(the cause\).*\d+ min before the start/);
    expect(md).toContain('| Canary payment-service deploys | Bo | open |');
  });

  it('a bundle imports on another laptop once; a newer schema or a conflicting row is refused with nothing half-imported', async () => {
    const bundle = (await ok<{ content: string }>('exportIncidentBundle', { id })).content;
    const dir2 = mkdtempSync(join(tmpdir(), 'opsdeck-incidents-b-'));
    const other = handlersFor(openCache(dir2).cache, openJournal(dir2));
    const first = await ok<{ incidentId: string; added: Record<string, number> }>('importIncidentBundle', { fileName: 'b.json', content: bundle }, other);
    expect(first.incidentId).toBe(id);
    expect(first.added.incident_evidence).toBeGreaterThan(3);
    const again = await ok<{ added: Record<string, number> }>('importIncidentBundle', { fileName: 'b.json', content: bundle }, other);
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true);
    // The colleague has no cache, yet the timeline holds the evidence from the bundle.
    const t = await ok<IncidentTimeline>('incidentTimeline', { id }, other);
    expect(t.entries.find((e) => e.kind === 'change' && e.at === START - 7 * MIN)).toMatchObject({ source: 'bundle', pinned: true });

    const newer = JSON.parse(bundle);
    newer.schemaVersion = 9;
    expect((await refused('importIncidentBundle', { fileName: 'n.json', content: JSON.stringify(newer) }, other)).message).toBe('n.json: written by a newer Opsdeck (bundle schema 9, this one understands 1); nothing was imported');
    const clash = JSON.parse(bundle);
    clash.tables.incident_notes[0].body = 'rewritten';
    clash.tables.incident_roles.push({ id: 'fresh-role', incident_id: id, created_at: 1, author: 'x', role: 'technical', person: 'Zed' });
    expect((await refused('importIncidentBundle', { fileName: 'c.json', content: JSON.stringify(clash) }, other)).message).toMatch(/^c\.json: incident_notes\[0\] has id .* with a different body; nothing was imported$/);
    expect((await ok<IncidentDetail>('incidentDetail', { id }, other)).roles).toEqual({});
    expect((await refused('importIncidentBundle', { fileName: 'x.json', content: '{"format":"zip"}' }, other)).message).toMatch(/^x\.json: not an Opsdeck incident bundle \(format: /);
  });

  it('metrics of the affected services on the timeline window, from the cache', async () => {
    expect(await ok<IncidentMetrics>('incidentMetrics', { id })).toMatchObject({ series: [], note: 'No cached metric of payment-service.' });
    const ids = cache.ensureSeries('demo', [
      { key: 'ECommerce/Services|Http5xxCount|Service=payment-service|Sum', namespace: 'ECommerce/Services', metric: 'Http5xxCount', dimensions: [{ name: 'Service', value: 'payment-service' }], stat: 'Sum', unit: 'Count' },
    ]);
    const sid = [...ids.values()][0]!;
    cache.writePage([0, 1, 2].map((m) => ({ seriesId: sid, ts: START / 1000 + m * 60, value: 10 * m })), [{ seriesId: sid, oldest: START / 1000, newest: START / 1000 + 180 }]);
    const m = await ok<IncidentMetrics>('incidentMetrics', { id });
    expect(m.series).toEqual([{ key: 'ECommerce/Services|Http5xxCount|Service=payment-service|Sum', label: 'payment-service 5xx responses', unit: 'Count', points: [0, 1, 2].map((i) => ({ t: START + i * 60_000, v: 10 * i })) }]);
    const t = await ok<IncidentTimeline>('incidentTimeline', { id });
    expect([m.from, m.to]).toEqual([t.from, t.to]);
  });

  it('KPIs over the period with the formulas', async () => {
    await ok('setMilestone', { id, milestone: 'started', at: START, author: 'ana' });
    await ok('setMilestone', { id, milestone: 'mitigated', at: START + 16 * MIN, author: 'ana' });
    await ok('setMilestone', { id, milestone: 'resolved', at: START + 35 * MIN, author: 'ana' });
    const k = await ok<IncidentKpis>('incidentKpis', { from: START - 30 * 86_400_000, to: START + 86_400_000, zone: 'America/New_York' });
    const v = Object.fromEntries(k.values.map((x) => [x.key, x]));
    expect(v.mttr).toMatchObject({ value: 35 * MIN, met: false, target: 'MTTR < 30 min', worked: 'MTTR = 35.0 min ÷ 1 = 35.0 min' });
    expect(v.mtta).toMatchObject({ value: 2 * MIN, met: true });
    expect(k.definitions).toMatch(/Atlassian/);
    expect((await refused('incidentKpis', { from: 10, to: 5 })).status).toBe(400);
  });
});
