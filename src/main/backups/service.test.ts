// The Backups API through dispatch (contract-validated in and out) over a cache filled by
// the real backup sync from the simulator; a policy file in the data folder; bad input.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupResourceDetail, BackupsView } from '../../shared/contract/backups';
import { PRODUCTS_ARN, UNPROTECTED_ARN } from '../../sim/platform/backups';
import { startSimulator, type Simulator } from '../../sim/server';
import type { ApiContext } from '../api/context';
import { dispatch, type Handlers } from '../api/dispatch';
import { DEMO_SEED } from '../sources/demo';
import { openCache, type CacheStore } from '../store/cache';
import { backupSyncFor } from '../sync/backups';
import { backupHandlers } from './handlers';

const NOW = Date.UTC(2026, 9, 26, 17, 38);
let sim: Simulator;
let dir: string;
let cache: CacheStore;
let version = 0;
let handlers: Handlers;

beforeAll(async () => {
  sim = await startSimulator({ seed: DEMO_SEED, now: () => NOW });
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-backups-api-'));
  cache = openCache(dir).cache;
  await backupSyncFor('demo', { region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }, cache.db, () => NOW).runIfDue();
  const ctx = { cache, sourceIds: ['demo'], now: () => NOW, dataVersion: () => version } as unknown as ApiContext;
  handlers = backupHandlers(ctx) as unknown as Handlers;
});
afterAll(async () => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
  await sim.close();
});

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await dispatch(handlers, method, input);
  if (!r.ok) throw new Error(`${r.status} ${r.error.code}: ${r.error.message}`);
  return r.data as T;
}

describe('backups API', () => {
  it('shows the unprotected resource first, the seeded failed job, and unachievable RPO/RTO verdicts', async () => {
    const view = await call<BackupsView>('backups', {});
    expect(view.resources[0]!.arn).toBe(UNPROTECTED_ARN);
    expect(view.resources[0]!.controls.find((c) => c.control === 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN')!.status).toBe('NON_COMPLIANT');
    expect(view.issues.some((i) => i.kind === 'FAILED' && i.resourceArn === PRODUCTS_ARN)).toBe(true);
    expect(view.issues.filter((i) => i.kind === 'MISSED')).toHaveLength(1);
    expect(view.issues.filter((i) => i.kind === 'PAST_RETENTION')).toHaveLength(1);
    expect(view.verdict.rpo).toMatch(/^Not achievable by backup and restore/);
    expect(view.verdict.rto).toMatch(/^Not achievable by restore: restores take (2|3)\d–(3|4)\d min/);
    expect(view.verdict.alternatives).toMatch(/Multi-AZ \(ecommerce-customers-db, ecommerce-payments-db\)/);
    expect(view.summary.total).toBe(8);
    expect(view.calendar).toHaveLength(30);
    expect(view.policy).toMatchObject({ exists: false, errors: [], targets: { frequency: 'daily', retentionDays: 30, rpoMinutes: 1, rtoMinutes: 5 } });
    expect(view.parts.every((p) => p.lastError === null)).toBe(true);
  });

  it('resource detail: recovery points with delete dates, job history and restore durations', async () => {
    const d = await call<BackupResourceDetail>('backupResource', { arn: PRODUCTS_ARN });
    expect(d.points.length).toBeGreaterThan(25);
    expect(d.points.every((p) => p.deleteAt !== null && p.vaultLocked)).toBe(true);
    expect(d.jobs.some((j) => j.kind === 'restore' && j.restoreTest && j.minutes! >= 25)).toBe(true);
    expect(d.jobs.some((j) => j.state === 'FAILED' && j.message)).toBe(true);
  });

  it('unknown or oversized ARNs are refused', async () => {
    await expect(call('backupResource', { arn: 'arn:aws:rds:us-east-1:123456789012:db:nope' })).rejects.toThrow(/no backup resource with ARN/);
    await expect(call('backupResource', { arn: 'x'.repeat(5000) })).rejects.toThrow(/400 BAD_INPUT: backupResource: arn/);
    await expect(call('backupResource', { arn: PRODUCTS_ARN, extra: 1 })).rejects.toThrow(/BAD_INPUT/);
  });

  it('a policy file changes the targets; a broken one is reported at file:line:column and the defaults stay', async () => {
    writeFileSync(join(dir, 'backup-policy.yaml'), 'policy:\n  rtoMinutes: 45\n');
    version++;
    const relaxed = await call<BackupsView>('backups', {});
    expect(relaxed.policy.targets.rtoMinutes).toBe(45);
    const products = relaxed.resources.find((r) => r.arn === PRODUCTS_ARN)!;
    expect(products.controls.find((c) => c.control === 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET')!.status).toBe('COMPLIANT');
    writeFileSync(join(dir, 'backup-policy.yaml'), 'policy:\n  retentionDays: -30\n');
    version++;
    const broken = await call<BackupsView>('backups', {});
    expect(broken.policy.errors[0]).toMatchObject({ line: 2, column: 18, field: 'policy.retentionDays' });
    expect(broken.policy.targets.retentionDays).toBe(30);
  });
});
