// Through the API over hand-built stores: the error-budget milestones and backup/restore events
// on an incident's timeline, the budget it spent (incidentImpact, the review's Impact section),
// and both travelling in the bundle. Figures hand-computed: order-service availability is
// 99.9 % over 30 days of 1000 requests a minute, so its budget is 43.2 min = 43 200 failures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentImpact, IncidentTimeline } from '../../shared/contract/incidents';
import type { ApiContext } from '../api/context';
import { dispatch, type Handlers } from '../api/dispatch';
import { inlineSloEvaluator, type SloEvaluator } from '../slo/evaluator';
import { BackupStore } from '../store/backups';
import { openCache, type CacheStore, type PointRow } from '../store/cache';
import { openJournal, type JournalStore } from '../store/journal';
import { incidentHandlers } from './handlers';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 20, 15, 0);
const SPIKE = NOW - 3 * HOUR;
const S = (ms: number): number => Math.floor(ms / 1000);

let cache: CacheStore;
let journal: JournalStore;
let handlers: Handlers;
let id = '';

function handlersFor(c: CacheStore, j: JournalStore, slo: SloEvaluator = inlineSloEvaluator(c), extra: Partial<ApiContext> = {}): Handlers {
  const ctx = { cache: c, journal: j, now: () => NOW, sourceIds: ['demo'], push: () => undefined, slo, sloConfigDir: null, ...extra } as unknown as ApiContext;
  return incidentHandlers(ctx) as unknown as Handlers;
}
async function ok<T>(method: string, input: unknown, h: Handlers = handlers): Promise<T> {
  const r = await dispatch(h, method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
}

function series(c: CacheStore, metric: string): number {
  const key = `ECommerce/Services|${metric}|Service=order-service|Sum`;
  return c.ensureSeries('demo', [{ key, namespace: 'ECommerce/Services', metric, dimensions: [{ name: 'Service', value: 'order-service' }], stat: 'Sum', unit: 'Count' }]).get(key) as number;
}

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-incident-evidence-'));
  cache = openCache(dir).cache;
  journal = openJournal(dir);
  // 31 days of order-service traffic (5-minute data before 15 days); 400 failures a minute for
  // the 120 minutes from SPIKE: 50 % of the budget (21 600) after 54 min, 100 % after 108.
  const req = series(cache, 'RequestCount');
  const e5 = series(cache, 'Http5xxCount');
  const points: PointRow[] = [];
  for (let t = NOW - 31 * DAY; t < NOW - 15 * DAY; t += 5 * MIN) points.push({ seriesId: req, ts: S(t), value: 5000 });
  for (let t = NOW - 15 * DAY; t < NOW; t += MIN) {
    points.push({ seriesId: req, ts: S(t), value: 1000 });
    if (t >= SPIKE && t < SPIKE + 120 * MIN) points.push({ seriesId: e5, ts: S(t), value: 400 });
  }
  cache.writePage(points, [
    { seriesId: req, oldest: S(NOW - 31 * DAY), newest: S(NOW) },
    { seriesId: e5, oldest: S(NOW - 31 * DAY), newest: S(NOW) },
  ]);
  // What the backup sync part stores: a restore of the orders database during the incident, a
  // failed backup before it, and RDS's own events about the restore.
  const backups = new BackupStore(cache.db);
  const arn = 'arn:aws:rds:us-east-1:123456789012:db:ecommerce-orders';
  backups.upsertJobs('demo', 'backup', [{ kind: 'backup', id: 'bk-1', resourceArn: arn, resourceType: 'RDS', createdAt: SPIKE - 30 * MIN, completedAt: SPIKE - 25 * MIN, state: 'FAILED', message: 'Snapshot quota exceeded', planId: null, vault: 'Default', destinationVaultArn: null, restoreTest: false }], 0);
  backups.upsertJobs('demo', 'restore', [{ kind: 'restore', id: 'rs-1', resourceArn: arn, resourceType: 'RDS', createdAt: SPIKE + 40 * MIN, completedAt: SPIKE + 95 * MIN, state: 'COMPLETED', message: null, planId: null, vault: null, destinationVaultArn: null, restoreTest: false }], 0);
  backups.addEvents('demo', [{ sourceId: 'ecommerce-orders-restored', sourceType: 'db-instance', at: SPIKE + 95 * MIN, message: 'Restored DB instance is available', categories: ['restoration'] }], 0);
  handlers = handlersFor(cache, journal);
});

afterAll(() => {
  journal.close();
  cache.close();
});

describe('budget milestones and backup events through the API', () => {
  it('the timeline marks 50 % and 100 % of the Order Service budget at the minutes they were spent, and the restore', async () => {
    id = (await ok<{ id: string }>('declareIncident', { title: 'Orders failing', severity: 'P1', services: ['order-service'], milestones: { started: SPIKE, detected: SPIKE + 2 * MIN }, author: 'ana' })).id;
    await ok('setMilestone', { id, milestone: 'resolved', at: SPIKE + 120 * MIN, author: 'ana' });
    const t = await ok<IncidentTimeline>('incidentTimeline', { id });
    const budget = t.entries.filter((e) => e.kind === 'slo-budget');
    expect(budget.map((e) => [e.at, e.title, e.severity])).toEqual([
      [SPIKE + 54 * MIN, 'Order Service: 50 % of the error budget spent', 'warning'],
      [SPIKE + 108 * MIN, 'Order Service: 100 % of the error budget spent', 'critical'],
    ]);
    const backup = t.entries.filter((e) => e.kind === 'backup');
    expect(backup.map((e) => [e.at, e.title, e.severity])).toEqual([
      [SPIKE - 30 * MIN, 'Backup job failed: ecommerce-orders', 'warning'],
      [SPIKE + 40 * MIN, 'Restore job completed: ecommerce-orders', 'warning'],
      [SPIKE + 95 * MIN, 'RDS ecommerce-orders-restored: Restored DB instance is available', 'warning'],
    ]);
    expect(backup[1]!.endAt).toBe(SPIKE + 95 * MIN);
    expect(t.notices).toEqual([]);
  });

  it('incidentImpact: 48 000 of 120 000 requests failed over the 2 h → 48 min = 111.1 % of the 43.2-min budget, with the formula', async () => {
    const im = await ok<IncidentImpact>('incidentImpact', { id });
    expect(im).toMatchObject({ from: SPIKE, to: SPIKE + 120 * MIN, open: false, evaluatedAt: NOW, note: null });
    expect(im.formula).toMatch(/^Budget spent during the incident = bad ÷ total × time with data/);
    const order = im.slos.find((s) => s.sloId === 'order-availability')!;
    expect(order).toMatchObject({ bad: 48_000, total: 120_000, coveredMs: 120 * MIN, reason: null });
    expect(order.spentMinutes).toBeCloseTo(48, 9);
    expect(order.spentPct).toBeCloseTo(111.111, 2);
    expect(order.budgetMinutes).toBeCloseTo(43.2, 9);
    expect(order.crossings.map((c) => c.at)).toEqual([SPIKE + 54 * MIN, SPIKE + 108 * MIN]);
    expect((await dispatch(handlers, 'incidentImpact', { id: 'nope' })).ok).toBe(false);
  });

  it('the Markdown review states the budget spent per SLO, when the milestones fell, and the formula', async () => {
    const md = (await ok<{ content: string }>('exportIncidentReview', { id })).content;
    expect(md).toContain('Error budget spent during the incident, 2026-11-20 12:00:00 UTC → 2026-11-20 14:00:00 UTC (2 h 00 min).');
    expect(md).toContain('| Order Service | 99.9 % | 48,000 / 120,000 | 48.0 min | 111.1 % of 43.2 min | 2026-11-20 12:54:00 UTC / 2026-11-20 13:48:00 UTC | rolling 30 days (UTC) |');
    expect(md).toContain('Formula: Budget spent during the incident = bad ÷ total × time with data');
    expect(md).toMatch(/- Order Service: spent = 48,000 ÷ 120,000 × 2 h = 48 min; share = 48 min ÷ \(0\.001 × 30 days = 43\.2 min\) = 111\.1 %/);
    expect(md).toMatch(/\| 2026-11-20 13:48:00 UTC \| slo-budget \| Order Service: 100 % of the error budget spent/);
    expect(md).toMatch(/\| 2026-11-20 12:40:00 UTC \| backup \| Restore job completed: ecommerce-orders — RDS \(until 2026-11-20 13:35:00 UTC\)/);
  });

  it('a reviewer can pin a budget milestone; milestones and backups travel in the bundle to a laptop with an empty cache', async () => {
    const t = await ok<IncidentTimeline>('incidentTimeline', { id });
    const hundred = t.entries.find((e) => e.kind === 'slo-budget' && e.severity === 'critical')!;
    await ok('markTimelineEntry', { id, entryKey: hundred.key, kind: 'pin', author: 'rev' });
    expect((await ok<IncidentTimeline>('incidentTimeline', { id })).entries.find((e) => e.key === hundred.key)!.pinned).toBe(true);

    const bundle = (await ok<{ content: string }>('exportIncidentBundle', { id })).content;
    const dir2 = mkdtempSync(join(tmpdir(), 'opsdeck-incident-evidence-b-'));
    const c2 = openCache(dir2).cache;
    const j2 = openJournal(dir2);
    const other = handlersFor(c2, j2);
    await ok('importIncidentBundle', { fileName: 'b.json', content: bundle }, other);
    const there = await ok<IncidentTimeline>('incidentTimeline', { id }, other);
    expect(there.entries.find((e) => e.key === hundred.key)).toMatchObject({ source: 'bundle', pinned: true, title: 'Order Service: 100 % of the error budget spent' });
    expect(there.entries.filter((e) => e.kind === 'backup')).toHaveLength(3);
    // The budget the incident spent came along: the colleague's cache has no SLI data at all.
    const im = await ok<IncidentImpact>('incidentImpact', { id }, other);
    expect(im.slos.find((s) => s.sloId === 'order-availability')).toMatchObject({ bad: 48_000, total: 120_000, reason: null });
    expect(im.note).toMatch(/^From the imported bundle, as computed on the exporting laptop: Order Service \(exported by .+ at 2026-11-20 15:00 UTC\)\.$/);
    expect((await ok<{ content: string }>('exportIncidentReview', { id }, other)).content).toContain('| Order Service | 99.9 % | 48,000 / 120,000 | 48.0 min | 111.1 % of 43.2 min |');
    // Imported twice: still one figure per SLO, no duplicate rows.
    const again = await ok<{ added: Record<string, number> }>('importIncidentBundle', { fileName: 'b.json', content: bundle }, other);
    expect(Object.values(again.added).every((n) => n === 0)).toBe(true);
    expect((await ok<IncidentImpact>('incidentImpact', { id }, other)).slos.filter((s) => s.sloId === 'order-availability')).toHaveLength(1);
    expect((await ok<IncidentTimeline>('incidentTimeline', { id }, other)).notices).toEqual([]);
    j2.close();
    c2.close();
  });

  it('an SLO evaluation that fails is a notice on the timeline and in the impact, not a failed page', async () => {
    const broken = { ...inlineSloEvaluator(cache), incidentBudgets: () => Promise.reject(new Error('worker call timed out after 60000 ms')) } as SloEvaluator;
    const h = handlersFor(cache, journal, broken);
    const t = await ok<IncidentTimeline>('incidentTimeline', { id }, h);
    expect(t.notices).toEqual(['error-budget milestones are missing: the SLOs could not be evaluated (worker call timed out after 60000 ms)']);
    expect(t.entries.some((e) => e.kind === 'backup')).toBe(true);
    const im = await ok<IncidentImpact>('incidentImpact', { id }, h);
    expect(im).toMatchObject({ slos: [], note: 'error-budget milestones are missing: the SLOs could not be evaluated (worker call timed out after 60000 ms)' });
  });

  it('the status page and the channel come from opsdeck.yaml `incidents`, {id} filled with the incident', async () => {
    const h = handlersFor(cache, journal, inlineSloEvaluator(cache), { incidentLinks: { statusPage: 'https://status.example.org', channel: 'https://chat.example.org/rooms/inc-{id}' } });
    const newId = (await ok<{ id: string }>('declareIncident', { title: 'Configured links', severity: 'P3', author: 'ana' }, h)).id;
    const d = await ok<IncidentDetail>('incidentDetail', { id: newId }, h);
    expect(Object.fromEntries(d.links.map((l) => [l.kind, l.target]))).toEqual({ 'status-page': 'https://status.example.org', channel: `https://chat.example.org/rooms/inc-${newId.slice(0, 8)}` });
  });
});
