// The evaluation's grouped read (loadEstate) must give the domain exactly what was stored:
// every job and point back on its own resource with its own plan, vault and state, whatever
// the order they were written in — and the same report as the estate held in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_COVERAGE } from '../domain/backups/controls';
import { evaluateBackups } from '../domain/backups/evaluate';
import type { Job, RecoveryPoint } from '../domain/backups/model';
import { DEFAULT_POLICY } from '../domain/backups/policy';
import { BackupStore } from './backups';
import { openCache, type CacheStore } from './cache';

const NOW = Date.UTC(2026, 9, 26, 17, 38);
const DAY = 86_400_000;
const SOURCE = 'acct';

let dir: string;
let cache: CacheStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-backup-store-'));
  cache = openCache(dir).cache;
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A deterministic, deliberately untidy estate: shuffled rows, nulls in every nullable column. */
function estateRows(): { jobs: Job[]; points: RecoveryPoint[]; arns: string[] } {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const arns = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? `arn:aws:rds:us-east-1:111122223333:db:db-${i}` : `arn:aws:ec2:us-east-1:111122223333:volume/vol-${i}`));
  const jobs: Job[] = [];
  const points: RecoveryPoint[] = [];
  for (let n = 0; n < 600; n++) {
    const resourceArn = pick(arns);
    const kind = pick(['backup', 'backup', 'backup', 'copy', 'restore'] as const);
    const state = pick(['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'EXPIRED', 'RUNNING', 'ABORTED']);
    const createdAt = NOW - Math.floor(rnd() * 40 * DAY);
    jobs.push({
      kind,
      id: `${kind}-${n}`,
      resourceArn,
      resourceType: resourceArn.includes(':db:') ? 'RDS' : 'EBS',
      createdAt,
      completedAt: state === 'RUNNING' ? null : createdAt + Math.floor(rnd() * 3_600_000),
      state,
      message: state === 'COMPLETED' ? null : `job ${n} ${state.toLowerCase()}`,
      planId: pick(['plan-a', 'plan-b', null]),
      vault: pick(['prod', 'Default', null]),
      destinationVaultArn: kind === 'copy' ? pick(['arn:aws:backup:us-west-2:111122223333:backup-vault:dr', 'arn:aws:backup:us-east-1:444455556666:backup-vault:x']) : null,
      restoreTest: kind === 'restore' && rnd() < 0.5,
    });
  }
  for (let n = 0; n < 400; n++) {
    const resourceArn = pick(arns);
    const createdAt = rnd() < 0.03 ? null : NOW - Math.floor(rnd() * 35 * DAY);
    points.push({
      arn: `arn:aws:backup:us-east-1:111122223333:recovery-point:rp-${n}`,
      vault: pick(['prod', 'Default']),
      resourceArn,
      resourceType: resourceArn.includes(':db:') ? 'RDS' : 'EBS',
      createdAt,
      completedAt: createdAt === null ? null : createdAt + 600_000,
      deleteAt: createdAt === null || rnd() < 0.1 ? null : createdAt + pick([7, 30, 35]) * DAY,
      status: pick(['COMPLETED', 'COMPLETED', 'EXPIRED', 'PARTIAL', 'DELETING']),
      statusMessage: rnd() < 0.2 ? 'lifecycle' : null,
      encrypted: pick([true, true, false, null]),
      planId: pick(['plan-a', null]),
    });
  }
  return { jobs, points, arns };
}

describe('BackupStore.loadEstate (grouped read)', () => {
  it('returns every stored job and point with its own columns, whatever the write order', () => {
    const store = new BackupStore(cache.db);
    const { jobs, points } = estateRows();
    for (const kind of ['backup', 'copy', 'restore'] as const) store.upsertJobs(SOURCE, kind, jobs.filter((j) => j.kind === kind), 0);
    store.replaceVaultsAndPoints(SOURCE, [{ name: 'prod', arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:prod', locked: true, minRetentionDays: 7, maxRetentionDays: 35, lockDate: NOW - 90 * DAY }], points);
    const read = store.loadEstate([SOURCE], 0);

    const key = (j: Job): string => `${j.kind}|${j.resourceArn}|${j.createdAt}|${j.state}|${j.message}|${j.planId}|${j.vault}|${j.destinationVaultArn}|${j.completedAt}|${j.restoreTest}|${j.id}`;
    expect(read.jobs.map(key).sort()).toEqual(jobs.map(key).sort());
    // In creation order, as the domain expects.
    expect(read.jobs.map((j) => j.createdAt)).toEqual([...read.jobs.map((j) => j.createdAt)].sort((a, b) => a - b));
    expect([...read.points].sort((a, b) => a.arn.localeCompare(b.arn))).toEqual([...points].sort((a, b) => a.arn.localeCompare(b.arn)));
    // Only jobs created since the cut.
    expect(store.loadEstate([SOURCE], NOW - 10 * DAY).jobs.every((j) => j.createdAt >= NOW - 10 * DAY)).toBe(true);
    expect(store.loadEstate(['other-source'], 0).jobs).toHaveLength(0);
  });

  it('the report from the store equals the report from the estate held in memory', () => {
    const store = new BackupStore(cache.db);
    const { jobs, points, arns } = estateRows();
    for (const kind of ['backup', 'copy', 'restore'] as const) store.upsertJobs(SOURCE, kind, jobs.filter((j) => j.kind === kind), 0);
    const vaults = [{ name: 'prod', arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:prod', locked: true, minRetentionDays: 7, maxRetentionDays: 35, lockDate: NOW - 90 * DAY }];
    store.replaceVaultsAndPoints(SOURCE, vaults, points);
    const rules = [{ planId: 'plan-a', planName: 'daily', ruleName: 'daily', scheduleExpression: 'cron(0 5 ? * * *)', scheduleTimezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, deleteAfterDays: 30, continuous: false, targetVault: 'prod', copyTargets: [] }];
    const selections = [{ planId: 'plan-a', selectionId: 's1', name: 'all', resources: arns.slice(0, 10), notResources: [], tags: [] }];
    store.replacePlans(SOURCE, rules, selections, []);
    store.replaceProtected(SOURCE, arns.map((arn, i) => ({ arn, name: `r-${i}`, type: arn.includes(':db:') ? 'RDS' : 'EBS', lastBackupAt: NOW - DAY, latestRestoreMinutes: i % 4 === 0 ? 30 : null, latestRestoreAt: i % 4 === 0 ? NOW - 3 * DAY : null })));
    const fromStore = store.loadEstate([SOURCE], 0);
    const inMemory = { ...fromStore, jobs: [...jobs].sort((a, b) => a.createdAt - b.createdAt), points };
    const a = evaluateBackups(fromStore, DEFAULT_POLICY, FULL_COVERAGE, NOW, NOW - 30 * DAY);
    const b = evaluateBackups(inMemory, DEFAULT_POLICY, FULL_COVERAGE, NOW, NOW - 30 * DAY);
    expect(a.issues.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
  });
});
