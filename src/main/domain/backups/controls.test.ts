// Every control with hand-built evidence: compliant, non-compliant, insufficient data, and
// the boundary exactly at the parameter (which complies, as in AWS).
import { describe, expect, it } from 'vitest';
import { type ControlResult, type Coverage, evaluateControls, FULL_COVERAGE, indexEstate } from './controls';
import type { BackupResource, Estate, Job, PlanRule, RecoveryPoint } from './model';
import { type ControlId, DEFAULT_POLICY, policyFor, type PolicySpec } from './policy';

const NOW = Date.UTC(2026, 10, 20, 12, 0);
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const ARN = 'arn:aws:rds:us-east-1:111122223333:db:orders';

const resource = (over: Partial<BackupResource> = {}): BackupResource => ({ arn: ARN, name: 'orders', type: 'RDS', tags: {}, lastBackupAt: null, latestRestoreMinutes: null, latestRestoreAt: null, rds: null, ...over });
const rule = (over: Partial<PlanRule> = {}): PlanRule => ({ planId: 'p1', planName: 'daily', ruleName: 'r1', scheduleExpression: 'cron(0 5 ? * * *)', scheduleTimezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, deleteAfterDays: 30, continuous: false, targetVault: 'v', copyTargets: [], ...over });
const point = (over: Partial<RecoveryPoint> = {}): RecoveryPoint => ({ arn: `rp-${Math.random().toString(36).slice(2, 8)}`, vault: 'locked', resourceArn: ARN, resourceType: 'RDS', createdAt: NOW - 6 * H, completedAt: NOW - 6 * H + 10 * MIN, deleteAt: NOW - 6 * H + 30 * D, status: 'COMPLETED', statusMessage: null, encrypted: true, planId: 'p1', ...over });
const job = (over: Partial<Job> = {}): Job => ({ kind: 'backup', id: 'j1', resourceArn: ARN, resourceType: 'RDS', createdAt: NOW - D, completedAt: NOW - D + 10 * MIN, state: 'COMPLETED', message: null, planId: 'p1', vault: 'locked', destinationVaultArn: null, restoreTest: false, ...over });

function estate(over: Partial<Estate> = {}): Estate {
  return {
    resources: [resource()],
    rules: [rule()],
    selections: [{ planId: 'p1', selectionId: 's1', name: 'dbs', resources: [ARN], notResources: [], tags: [] }],
    vaults: [
      { name: 'locked', arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:locked', locked: true, minRetentionDays: 7, maxRetentionDays: 35, lockDate: NOW - 100 * D },
      { name: 'open', arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:open', locked: false, minRetentionDays: null, maxRetentionDays: null, lockDate: null },
    ],
    points: [point()],
    jobs: [],
    restoreTestingPlans: [],
    ...over,
  };
}

function run(id: ControlId, e: Estate, opts: { spec?: PolicySpec; coverage?: Coverage; r?: BackupResource; now?: number } = {}): ControlResult {
  const r = opts.r ?? e.resources[0]!;
  const results = evaluateControls(r, policyFor(opts.spec ?? DEFAULT_POLICY, r), indexEstate(e, opts.now ?? NOW), opts.coverage ?? FULL_COVERAGE, opts.now ?? NOW);
  return results.find((x) => x.control === id)!;
}

describe('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', () => {
  const id = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN';
  it('complies when a selection names the ARN, or matches its tags, or a wildcard', () => {
    expect(run(id, estate()).status).toBe('COMPLIANT');
    expect(run(id, estate({ selections: [{ planId: 'p1', selectionId: 's', name: 'tagged', resources: [], notResources: [], tags: [{ key: 'backup', value: 'daily' }] }] }), { r: resource({ tags: { backup: 'daily' } }) }).status).toBe('COMPLIANT');
    expect(run(id, estate({ selections: [{ planId: 'p1', selectionId: 's', name: 'all', resources: ['arn:aws:rds:*:*:db:*'], notResources: [], tags: [] }] })).status).toBe('COMPLIANT');
  });
  it('does not comply when no selection picks it, or NotResources excludes it', () => {
    const none = run(id, estate({ selections: [] }));
    expect(none).toMatchObject({ status: 'NON_COMPLIANT', evidence: 'No backup plan selects this resource (by ARN or tag).' });
    expect(run(id, estate({ selections: [{ planId: 'p1', selectionId: 's', name: 'all', resources: ['*'], notResources: [ARN], tags: [] }] })).status).toBe('NON_COMPLIANT');
  });
  it('has insufficient data before plans are synced', () => {
    expect(run(id, estate(), { coverage: { ...FULL_COVERAGE, plans: false } }).status).toBe('INSUFFICIENT_DATA');
  });
});

describe('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', () => {
  const id = 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK';
  it('complies with a daily rule keeping exactly requiredRetentionDays (30)', () => {
    const r = run(id, estate());
    expect(r.status).toBe('COMPLIANT');
    expect(r.evidence).toMatch(/requiredFrequencyValue 1 days and requiredRetentionDays 30/);
  });
  it('fails 29 days of retention, and a rule running every 25 hours', () => {
    expect(run(id, estate({ rules: [rule({ deleteAfterDays: 29 })] })).evidence).toMatch(/keeps 29 d < requiredRetentionDays 30/);
    expect(run(id, estate({ rules: [rule({ scheduleExpression: 'rate(25 hours)' })] })).evidence).toMatch(/runs less often than every 1 days/);
  });
  it("would fail the seeds' 30 days with AWS's default requiredRetentionDays of 35", () => {
    const spec: PolicySpec = { ...DEFAULT_POLICY, controls: { BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { requiredRetentionDays: 35 } } };
    expect(run(id, estate(), { spec }).status).toBe('NON_COMPLIANT');
  });
  it('a daily rule in New York time stays daily across the DST change', () => {
    expect(run(id, estate({ rules: [rule({ scheduleTimezone: 'America/New_York' })] }), { now: Date.UTC(2026, 10, 2, 12) }).status).toBe('COMPLIANT');
  });
  it('has insufficient data when the schedule cannot be read', () => {
    const r = run(id, estate({ rules: [rule({ scheduleExpression: 'cron(0 5 15W * ? *)' })] }));
    expect(r.status).toBe('INSUFFICIENT_DATA');
    expect(r.evidence).toMatch(/cannot read the schedule: rule r1: cron\(0 5 15W \* \? \*\): day-of-month: "W"/);
  });
});

describe('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', () => {
  const id = 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK';
  it('complies at exactly 30 days and fails at 30 days minus a minute, since that point', () => {
    expect(run(id, estate({ points: [point({ deleteAt: NOW - 6 * H + 30 * D })] })).status).toBe('COMPLIANT');
    const short = point({ arn: 'rp-short', createdAt: NOW - 2 * D, deleteAt: NOW - 2 * D + 30 * D - MIN });
    expect(run(id, estate({ points: [point(), short] }))).toMatchObject({ status: 'NON_COMPLIANT', ref: 'rp-short', since: NOW - 2 * D });
  });
  it('treats a point never deleted as kept long enough', () => {
    expect(run(id, estate({ points: [point({ deleteAt: null })] })).status).toBe('COMPLIANT');
  });
  it('a point with no creation date gives insufficient data with the reason', () => {
    const r = run(id, estate({ points: [point({ arn: 'rp-undated', createdAt: null })] }));
    expect(r).toMatchObject({ status: 'INSUFFICIENT_DATA', ref: 'rp-undated' });
    expect(r.evidence).toMatch(/no creation date/);
  });
  it('no points: insufficient data', () => {
    expect(run(id, estate({ points: [] })).status).toBe('INSUFFICIENT_DATA');
  });
});

describe('BACKUP_RECOVERY_POINT_ENCRYPTED', () => {
  const id = 'BACKUP_RECOVERY_POINT_ENCRYPTED';
  it('complies when every point is encrypted; one unencrypted point fails, naming it and its vault', () => {
    expect(run(id, estate()).status).toBe('COMPLIANT');
    const r = run(id, estate({ points: [point(), point({ arn: 'rp-plain', vault: 'open', encrypted: false, createdAt: NOW - 3 * D })] }));
    expect(r).toMatchObject({ status: 'NON_COMPLIANT', ref: 'rp-plain', since: NOW - 3 * D });
    expect(r.evidence).toBe('1 recovery point(s) are not encrypted: rp-plain in vault open.');
  });
  it('unknown encryption or no points: insufficient data', () => {
    expect(run(id, estate({ points: [point({ encrypted: null })] })).status).toBe('INSUFFICIENT_DATA');
    expect(run(id, estate({ points: [] })).status).toBe('INSUFFICIENT_DATA');
  });
});

describe('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', () => {
  const id = 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED';
  it('complies when every point sits in a locked vault; an unlocked vault is insufficient data (access policies are not read)', () => {
    expect(run(id, estate()).status).toBe('COMPLIANT');
    expect(run(id, estate({ points: [point({ vault: 'open' })] })).evidence).toMatch(/not read by Opsdeck/);
    expect(run(id, estate({ points: [point({ vault: 'open' })] })).status).toBe('INSUFFICIENT_DATA');
  });
});

describe('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', () => {
  const id = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK';
  it('complies with one point in a locked vault, fails with points only in unlocked vaults or none', () => {
    expect(run(id, estate({ points: [point({ vault: 'open' }), point()] })).status).toBe('COMPLIANT');
    expect(run(id, estate({ points: [point({ vault: 'open' })] })).status).toBe('NON_COMPLIANT');
    expect(run(id, estate({ points: [] })).status).toBe('NON_COMPLIANT');
  });
  it('minRetentionDays / maxRetentionDays: exactly the vault lock’s values comply, one beyond fails', () => {
    const spec = (min: number, max: number): PolicySpec => ({ ...DEFAULT_POLICY, controls: { BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: min, maxRetentionDays: max } } });
    expect(run(id, estate(), { spec: spec(7, 35) }).status).toBe('COMPLIANT');
    expect(run(id, estate(), { spec: spec(8, 35) }).status).toBe('NON_COMPLIANT');
    expect(run(id, estate(), { spec: spec(7, 34) }).status).toBe('NON_COMPLIANT');
  });
});

describe('BACKUP_LAST_RECOVERY_POINT_CREATED', () => {
  const id = 'BACKUP_LAST_RECOVERY_POINT_CREATED';
  const spec = (hours: number): PolicySpec => ({ ...DEFAULT_POLICY, controls: { BACKUP_LAST_RECOVERY_POINT_CREATED: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: hours } } });
  it('complies at exactly recoveryPointAgeValue and fails a minute later, since the age passed the limit', () => {
    const e = estate({ points: [point({ createdAt: NOW - 24 * H })] });
    expect(run(id, e, { spec: spec(24) }).status).toBe('COMPLIANT');
    const late = run(id, e, { spec: spec(24), now: NOW + MIN });
    expect(late).toMatchObject({ status: 'NON_COMPLIANT', since: NOW });
    expect(late.evidence).toMatch(/> recoveryPointAgeValue 24 hours/);
  });
  it('defaults to daily plus the 4 h start and completion windows (28 h)', () => {
    expect(run(id, estate({ points: [point({ createdAt: NOW - 28 * H })] })).status).toBe('COMPLIANT');
    expect(run(id, estate({ points: [point({ createdAt: NOW - 28 * H - 1 })] })).status).toBe('NON_COMPLIANT');
  });
  it('no recovery point at all fails; points without dates are insufficient data', () => {
    expect(run(id, estate({ points: [] })).status).toBe('NON_COMPLIANT');
    expect(run(id, estate({ points: [point({ createdAt: null })] })).status).toBe('INSUFFICIENT_DATA');
  });
  it('ignores failed (PARTIAL / DELETING) points', () => {
    expect(run(id, estate({ points: [point({ status: 'PARTIAL' })] })).status).toBe('NON_COMPLIANT');
  });
});

describe('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', () => {
  const id = 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET';
  it('uses LatestRestoreExecutionTimeMinutes: exactly maxRestoreTime (5) complies, 6 fails', () => {
    expect(run(id, estate(), { r: resource({ latestRestoreMinutes: 5, latestRestoreAt: NOW - D }) }).status).toBe('COMPLIANT');
    const r = run(id, estate(), { r: resource({ latestRestoreMinutes: 6, latestRestoreAt: NOW - D }) });
    expect(r).toMatchObject({ status: 'NON_COMPLIANT', since: NOW - D });
    expect(r.evidence).toMatch(/6 min .* > maxRestoreTime 5 min/);
  });
  it('falls back to the newest completed restore job; never restored is insufficient data', () => {
    const restore = job({ kind: 'restore', id: 'r1', createdAt: NOW - 2 * D, completedAt: NOW - 2 * D + 31 * MIN, restoreTest: true });
    expect(run(id, estate({ jobs: [restore] }))).toMatchObject({ status: 'NON_COMPLIANT', ref: 'r1' });
    expect(run(id, estate()).status).toBe('INSUFFICIENT_DATA');
  });
});

describe('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION / CROSS_ACCOUNT', () => {
  const copy = (dest: string, state = 'COMPLETED'): Job => job({ kind: 'copy', id: `c-${dest}`, destinationVaultArn: dest, state });
  const west = 'arn:aws:backup:us-west-2:111122223333:backup-vault:dr';
  const otherAccount = 'arn:aws:backup:us-east-1:999988887777:backup-vault:bunker';
  it('a completed copy to another region complies with CROSS_REGION only; to another account with CROSS_ACCOUNT only', () => {
    const e1 = estate({ jobs: [copy(west)] });
    expect(run('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', e1).status).toBe('COMPLIANT');
    expect(run('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', e1).status).toBe('NON_COMPLIANT');
    const e2 = estate({ jobs: [copy(otherAccount)] });
    expect(run('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', e2).status).toBe('NON_COMPLIANT');
    expect(run('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', e2).status).toBe('COMPLIANT');
  });
  it('a failed copy does not count; crossRegionList restricts the regions', () => {
    expect(run('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', estate({ jobs: [copy(west, 'FAILED')] })).status).toBe('NON_COMPLIANT');
    const spec: PolicySpec = { ...DEFAULT_POLICY, controls: { BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { crossRegionList: ['eu-west-1'] } } };
    expect(run('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', estate({ jobs: [copy(west)] }), { spec }).evidence).toMatch(/crossRegionList \[eu-west-1\]/);
  });
  it('copies not synced: insufficient data', () => {
    expect(run('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', estate(), { coverage: { ...FULL_COVERAGE, copies: false } }).status).toBe('INSUFFICIENT_DATA');
  });
});

describe('policy overrides', () => {
  it('by type, tag and ARN in file order; a control switched off is not evaluated', () => {
    const spec: PolicySpec = {
      ...DEFAULT_POLICY,
      overrides: [
        { label: 'overrides[0]', match: { type: 'rds' }, targets: { retentionDays: 35 }, controls: {} },
        { label: 'overrides[1]', match: { tag: { key: 'tier', value: 'scratch' } }, targets: { retentionDays: 7 }, controls: { BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: false } },
        { label: 'overrides[2]', match: { arn: 'arn:other' }, targets: { rpoMinutes: 60 }, controls: {} },
      ],
    };
    const p = policyFor(spec, resource({ tags: { tier: 'scratch' } }));
    expect(p.retentionDays).toBe(7);
    expect(p.controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK.params.requiredRetentionDays).toBe(7);
    expect(p.rpoMinutes).toBe(1);
    expect(p.appliedOverrides).toEqual(['overrides[0]', 'overrides[1]']);
    const results = evaluateControls(resource(), p, indexEstate(estate(), NOW), FULL_COVERAGE, NOW);
    expect(results.map((r) => r.control)).not.toContain('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT');
    expect(results).toHaveLength(9);
  });
});
