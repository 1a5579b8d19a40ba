// Integration: simulator → real Backup and RDS SDK clients (restJson1 and awsQuery) → backup
// sync → store, including an AccessDenied on one Backup operation while RDS keeps working.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAYMENTS_ARN, PRODUCTS_ARN, UNPROTECTED_ARN } from '../../sim/platform/backups';
import { startSimulator, type Simulator } from '../../sim/server';
import { DEMO_SEED } from '../sources/demo';
import { BackupStore } from '../store/backups';
import { openCache, type CacheStore } from '../store/cache';
import { BACKUP_PARTS, backupSyncFor } from './backups';
import { classifyFailure } from './connectivity';

const MINUTE = 60_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 9, 26, 17, 38);

let sim: Simulator;
let dir: string;
let cache: CacheStore;
let now = NOW;

beforeEach(async () => {
  now = NOW;
  sim = await startSimulator({ seed: DEMO_SEED, now: () => now });
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-backups-'));
  cache = openCache(dir).cache;
});
afterEach(async () => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
  await sim.close();
});

function syncer() {
  return backupSyncFor('demo', { region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }, cache.db, () => now);
}

describe('backup sync against the simulator', () => {
  it('stores the whole estate through both protocols, then fetches jobs incrementally', async () => {
    const sync = syncer();
    const t0 = performance.now();
    const first = await sync.runIfDue();
    const ms = performance.now() - t0;
    expect(first.parts.every((p) => p.ok)).toBe(true);
    expect(first.parts.map((p) => p.part).sort()).toEqual([...BACKUP_PARTS].sort());
    console.log(`demo estate backup sync: ${first.calls} calls, ${ms.toFixed(0)} ms`);
    expect(first.calls).toBeLessThan(40);

    const store = new BackupStore(cache.db);
    const estate = store.loadEstate(['demo'], NOW - 200 * DAY);
    const arns = estate.resources.map((r) => r.arn);
    expect(arns).toContain(UNPROTECTED_ARN);
    expect(estate.resources.find((r) => r.arn === UNPROTECTED_ARN)!.lastBackupAt).toBeNull();
    expect(estate.resources.find((r) => r.arn === PAYMENTS_ARN)!.rds).toMatchObject({ multiAZ: true, kind: 'instance' });
    expect(estate.resources.find((r) => r.type === 'Aurora')!.rds!.inRegionReplicas).toBe(1);
    expect(estate.rules).toHaveLength(2);
    expect(estate.selections.flatMap((s) => s.resources)).toHaveLength(7);
    expect(estate.vaults.find((v) => v.name === 'ecommerce-prod-vault')!.locked).toBe(true);
    expect(estate.points.length).toBeGreaterThan(150);
    const backups = estate.jobs.filter((j) => j.kind === 'backup');
    expect(backups.length).toBeGreaterThanOrEqual(7 * 30 - 1);
    expect(backups.some((j) => j.resourceArn === PRODUCTS_ARN && j.state === 'FAILED' && (j.message ?? '').length > 0)).toBe(true);
    expect(estate.jobs.filter((j) => j.kind === 'restore' && j.restoreTest).length).toBeGreaterThanOrEqual(20);
    expect(estate.jobs.filter((j) => j.kind === 'copy').length).toBeGreaterThan(25);
    expect(store.events(['demo'], NOW - 14 * DAY, 1000).length).toBeGreaterThan(50);
    const watermark = store.partStatus('demo').find((p) => p.part === 'backup-jobs')!.watermark!;
    expect(watermark).toBeGreaterThan(NOW - DAY);

    // Not due again within 15 minutes.
    now += 10 * MINUTE;
    expect(sync.due()).toBe(false);
    expect((await sync.runIfDue()).ran).toBe(false);

    // A day later: only the new day's jobs are listed (ByCreatedAfter from the watermark).
    now += DAY;
    const before = sim.callCounts()['ListBackupJobs'] ?? 0;
    const second = await sync.runIfDue();
    expect(second.parts.every((p) => p.ok)).toBe(true);
    expect(sim.callCounts()['ListBackupJobs']).toBe(before + 1);
    const after = new BackupStore(cache.db).loadEstate(['demo'], NOW - 200 * DAY).jobs.filter((j) => j.kind === 'backup');
    // The new day's jobs came in; the day that left the 30-day horizon went.
    expect(after.filter((j) => j.createdAt > NOW).length).toBeGreaterThanOrEqual(6);
    expect(after.every((j) => j.createdAt >= now - 30 * DAY)).toBe(true);
    expect(new Set(after.map((j) => j.id)).size).toBe(after.length);
  });

  it('an AccessDenied on ListBackupJobs is recorded on that part only; RDS and the other parts sync', async () => {
    sim.injectFaults([{ kind: 'accessDenied', operation: 'ListBackupJobs', count: 5 }]);
    const report = await syncer().runIfDue();
    const byPart = new Map(report.parts.map((p) => [p.part, p]));
    expect(byPart.get('backup-jobs')!.ok).toBe(false);
    expect(byPart.get('backup-jobs')!.error).toBe('access denied to backup:ListBackupJobs: backup jobs are not synced (the other parts are)');
    for (const part of BACKUP_PARTS.filter((p) => p !== 'backup-jobs')) expect(byPart.get(part)!.ok, part).toBe(true);
    const store = new BackupStore(cache.db);
    const estate = store.loadEstate(['demo'], 0);
    expect(estate.jobs.some((j) => j.kind === 'backup')).toBe(false);
    expect(estate.resources.some((r) => r.rds !== null)).toBe(true);
    const status = store.partStatus('demo');
    expect(status.find((p) => p.part === 'backup-jobs')!.lastSuccess).toBeNull();
    expect(status.find((p) => p.part === 'rds')!.lastError).toBeNull();
  });

  it('a failing RDS leaves the AWS Backup data and says which part; an outage fails every part and keeps the data', async () => {
    const sync = syncer();
    expect((await sync.runIfDue()).parts.every((p) => p.ok)).toBe(true);
    now += 20 * MINUTE;
    sim.injectFaults([{ kind: 'http500', operation: 'DescribeDBInstances', count: 3 }]);
    const partial = await sync.runIfDue();
    expect(partial.parts.find((p) => p.part === 'rds')!.error).toMatch(/^RDS databases, snapshots and events not refreshed: /);
    const store = new BackupStore(cache.db);
    expect(store.loadEstate(['demo'], 0).resources.some((r) => r.rds !== null)).toBe(true);
    now += 20 * MINUTE;
    await sim.setOutage(true);
    const down = await sync.runIfDue();
    expect(down.parts.every((p) => !p.ok && /connection refused|ECONNREFUSED/.test(p.error ?? ''))).toBe(true);
    // The source's part, derived from these, is an unreachable endpoint to connectivity (so an outage can read offline).
    const derived = sync.partState().error;
    expect(derived?.call).toBe('ListBackupPlans');
    expect(classifyFailure(derived).kind).toBe('unreachable');
    expect(store.loadEstate(['demo'], 0).points.length).toBeGreaterThan(150);
  });
});
