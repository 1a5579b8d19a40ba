// RPO now, RTO evidence, the achievability verdict and missed schedules, hand-computed.
import { describe, expect, it } from 'vitest';
import { FULL_COVERAGE } from './controls';
import { evaluateBackups, quantile } from './evaluate';
import type { BackupResource, Estate, Job, RdsFacts } from './model';
import { DEFAULT_POLICY } from './policy';

const NOW = Date.UTC(2026, 10, 20, 12, 0);
const MIN = 60_000;
const D = 86_400_000;
const ARN = 'arn:aws:rds:us-east-1:111122223333:db:payments';
const rds = (over: Partial<RdsFacts> = {}): RdsFacts => ({ kind: 'instance', engine: 'postgres', multiAZ: true, inRegionReplicas: 0, crossRegionReplicas: 0, latestRestorableAt: NOW - 5 * MIN, observedAt: NOW, backupRetentionDays: 30, preferredBackupWindow: '04:00-04:30', encrypted: true, deletionProtection: true, ...over });
const res = (over: Partial<BackupResource> = {}): BackupResource => ({ arn: ARN, name: 'payments', type: 'RDS', tags: {}, lastBackupAt: null, latestRestoreMinutes: null, latestRestoreAt: null, rds: rds(), ...over });
const restore = (daysAgo: number, minutes: number, test = true): Job => ({ kind: 'restore', id: `r${daysAgo}`, resourceArn: ARN, resourceType: 'RDS', createdAt: NOW - daysAgo * D, completedAt: NOW - daysAgo * D + minutes * MIN, state: 'COMPLETED', message: null, planId: null, vault: null, destinationVaultArn: null, restoreTest: test });
const backup = (daysAgo: number, state = 'COMPLETED'): Job => ({ kind: 'backup', id: `b${daysAgo}`, resourceArn: ARN, resourceType: 'RDS', createdAt: Date.UTC(2026, 10, 20 - daysAgo, 5, 1), completedAt: Date.UTC(2026, 10, 20 - daysAgo, 5, 12), state, message: state === 'FAILED' ? 'storage-optimization' : null, planId: 'p', vault: 'v', destinationVaultArn: null, restoreTest: false });

function estate(over: Partial<Estate> = {}): Estate {
  return {
    resources: [res()],
    rules: [{ planId: 'p', planName: 'daily', ruleName: 'r', scheduleExpression: 'cron(0 5 ? * * *)', scheduleTimezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, deleteAfterDays: 30, continuous: true, targetVault: 'v', copyTargets: [] }],
    selections: [{ planId: 'p', selectionId: 's', name: 'dbs', resources: [ARN], notResources: [], tags: [] }],
    vaults: [],
    points: [],
    jobs: [],
    restoreTestingPlans: [],
    ...over,
  };
}

describe('backup report', () => {
  it('nearest-rank quantiles', () => {
    expect(quantile([25, 30, 31, 34, 40], 0.5)).toBe(31);
    expect(quantile([25, 30, 31, 34, 40], 0.95)).toBe(40);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('RPO now is the PITR lag RDS reported (observed − LatestRestorableTime); 5 min of lag cannot meet an RPO of 1 min', () => {
    const r = evaluateBackups(estate(), DEFAULT_POLICY, FULL_COVERAGE, NOW).resources[0]!;
    expect(r.rpo).toMatchObject({ nowMinutes: 5, targetMinutes: 1, basis: 'point-in-time recovery', met: false });
    // An hour later, offline: the lag is still the one RDS last reported, not an hour more.
    expect(evaluateBackups(estate(), DEFAULT_POLICY, FULL_COVERAGE, NOW + 3_600_000).resources[0]!.rpo.nowMinutes).toBe(5);
    // Without PITR the newest recovery point's age counts, and it grows with time.
    const noPitr = estate({ resources: [res({ rds: rds({ latestRestorableAt: null }) })], points: [{ arn: 'rp', vault: 'v', resourceArn: ARN, resourceType: 'RDS', createdAt: NOW - 120 * MIN, completedAt: NOW - 110 * MIN, deleteAt: NOW + 29 * D, status: 'COMPLETED', statusMessage: null, encrypted: true, planId: 'p' }] });
    expect(evaluateBackups(noPitr, DEFAULT_POLICY, FULL_COVERAGE, NOW).resources[0]!.rpo).toMatchObject({ nowMinutes: 120, basis: 'recovery point' });
    expect(r.achievability.rpo).toMatchObject({ achievable: false, floorMinutes: 5, mechanism: 'RDS point-in-time recovery' });
    expect(r.achievability.rpo.explanation).toMatch(/RPO of 1 min is not achievable by backup and restore/);
  });

  it('RTO evidence: P50/P95/last of restores, days since the last test; 25–40 min cannot meet 5 min; names Multi-AZ as present', () => {
    const jobs = [restore(100, 25), restore(70, 30), restore(40, 31), restore(12, 40, false), restore(10, 34)];
    const r = evaluateBackups(estate({ jobs }), DEFAULT_POLICY, FULL_COVERAGE, NOW).resources[0]!;
    expect(r.rto).toMatchObject({ restores: 5, p50Minutes: 31, p95Minutes: 40, lastMinutes: 34, daysSinceLastTest: 10 });
    expect(r.achievability.rto).toMatchObject({ achievable: false, typicalMinutes: 31 });
    expect(r.achievability.alternatives.find((a) => a.name === 'Multi-AZ standby')!.present).toBe(true);
    expect(r.achievability.alternatives.find((a) => a.name === 'Cross-region read replica')!.present).toBe(false);
  });

  it('lists failed jobs with their reason and a missed schedule (a run with no job), and counts them per day', () => {
    const jobs = [backup(1), backup(2, 'FAILED'), backup(4)]; // day 3 has no job
    const report = evaluateBackups(estate({ jobs }), DEFAULT_POLICY, FULL_COVERAGE, NOW, Date.UTC(2026, 10, 15, 12));
    const kinds = report.issues.map((i) => `${i.kind} ${new Date(i.at).toISOString().slice(0, 10)}`);
    expect(kinds).toContain('FAILED 2026-11-18');
    expect(kinds).toContain('MISSED 2026-11-17');
    expect(kinds).toContain('MISSED 2026-11-20'); // today's 05:00 run is past its 60-min start window
    expect(kinds).not.toContain('MISSED 2026-11-19');
    expect(report.issues.find((i) => i.kind === 'FAILED')!.reason).toBe('storage-optimization');
    const day = report.calendar.find((d) => d.day === '2026-11-18')!;
    expect(day).toMatchObject({ failed: 1, completed: 0 });
    expect(report.calendar).toHaveLength(30);
    expect(report.summary.lastFailed!.jobId).toBe('b2');
  });

  it('a resource in no plan ranks first and says why; the estate verdict names who has failover', () => {
    const other = res({ arn: 'arn:aws:rds:us-east-1:111122223333:db:reviews', name: 'reviews', rds: rds({ multiAZ: false }) });
    const report = evaluateBackups(estate({ resources: [res(), other] }), DEFAULT_POLICY, FULL_COVERAGE, NOW);
    expect(report.resources[0]!.name).toBe('reviews');
    expect(report.resources[0]!.risk.reasons).toContain('in no backup plan');
    expect(report.verdict.rpo).toMatch(/^Not achievable by backup and restore/);
    expect(report.verdict.alternatives).toMatch(/Multi-AZ \(payments\)/);
    expect(report.verdict.alternatives).toMatch(/no failover at all: reviews/);
  });
});
