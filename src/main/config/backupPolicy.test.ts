import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './yamlSource';
import { BACKUP_POLICY_FILE, loadBackupPolicy, parseBackupPolicy } from './backupPolicy';

const F = '/data/backup-policy.yaml';
const errorsOf = (text: string): string[] => parseBackupPolicy(F, text).errors.map(formatIssue);

describe('backup-policy.yaml', () => {
  it('reads targets, control parameters and overrides by ARN, type and tag', () => {
    const { spec, errors } = parseBackupPolicy(
      F,
      `policy:
  frequency: daily
  retentionDays: 30
  rpoMinutes: 1
  rtoMinutes: 5
  controls:
    BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: off
    BACKUP_LAST_RECOVERY_POINT_CREATED: { recoveryPointAgeUnit: hours, recoveryPointAgeValue: 26 }
overrides:
  - match: { type: EBS }
    retentionDays: 7
  - match: { tag: { key: service, value: search-service } }
    frequency: cron(0 */12 * * ? *)
  - match: { arn: "arn:aws:s3:::ecommerce-prod-assets" }
    controls: { RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { maxRestoreTime: 120 } }
`,
    );
    expect(errors).toEqual([]);
    expect(spec.controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT).toBe(false);
    expect(spec.overrides.map((o) => o.label)).toEqual(['overrides[0] (type EBS)', 'overrides[1] (tag service=search-service)', 'overrides[2] (arn arn:aws:s3:::ecommerce-prod-assets)']);
    expect(spec.overrides[1]!.targets.frequency).toEqual({ unit: 'hours', value: 12 });
  });

  it('an unknown control or parameter names it at its line and column, with a suggestion', () => {
    expect(errorsOf('policy:\n  controls:\n    BACKUP_RECOVERY_POINT_ENCRYPTION: on\n')[0]).toMatch(
      /^\/data\/backup-policy\.yaml:3:5: policy\.controls\.BACKUP_RECOVERY_POINT_ENCRYPTION: unknown control "BACKUP_RECOVERY_POINT_ENCRYPTION" \(did you mean BACKUP_RECOVERY_POINT_ENCRYPTED\?\)/,
    );
    expect(errorsOf('policy:\n  controls:\n    BACKUP_LAST_RECOVERY_POINT_CREATED:\n      recoveryPointAge: 3\n')[0]).toBe(
      '/data/backup-policy.yaml:4:7: policy.controls.BACKUP_LAST_RECOVERY_POINT_CREATED.recoveryPointAge: unknown parameter "recoveryPointAge" of BACKUP_LAST_RECOVERY_POINT_CREATED; its parameters are recoveryPointAgeUnit, recoveryPointAgeValue (did you mean recoveryPointAgeUnit?)',
    );
  });

  it('a negative retention and a schedule Opsdeck cannot read, each at its position', () => {
    expect(errorsOf('overrides:\n  - match: { type: EBS }\n    retentionDays: -7\n')).toEqual(['/data/backup-policy.yaml:3:20: overrides[0].retentionDays: retentionDays must be greater than 0; got -7']);
    expect(errorsOf('policy:\n  frequency: cron(0 5 * * *)\n')).toEqual([
      '/data/backup-policy.yaml:2:14: policy.frequency: Opsdeck cannot read the schedule "cron(0 5 * * *)": cron needs 6 fields (minutes hours day-of-month month day-of-week year); got 5',
    ]);
    expect(errorsOf('policy:\n  frequency: cron(0 5 ? * * *)\n  timezone: Mars/Olympus\n')[0]).toMatch(/:3:13: policy\.timezone: unknown time zone "Mars\/Olympus"/);
  });

  it('YAML syntax errors and unknown fields; a broken file leaves the defaults in use', () => {
    expect(errorsOf('policy: [\n')[0]).toMatch(/^\/data\/backup-policy\.yaml:\d+:\d+: YAML syntax/);
    expect(errorsOf('polcy:\n  rpoMinutes: 1\n')[0]).toMatch(/:1:1: polcy: unknown field "polcy" \(did you mean policy\?\)/);
    expect(parseBackupPolicy(F, 'policy:\n  rpoMinutes: 0\n').spec.targets.rpoMinutes).toBe(1);
  });

  it('loads from the data folder; no file means the seeds’ defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    try {
      expect(loadBackupPolicy(dir)).toMatchObject({ exists: false, errors: [], spec: { targets: { retentionDays: 30, rpoMinutes: 1, rtoMinutes: 5 } } });
      writeFileSync(join(dir, BACKUP_POLICY_FILE), 'policy:\n  rtoMinutes: 45\n');
      expect(loadBackupPolicy(dir).spec.targets.rtoMinutes).toBe(45);
      writeFileSync(join(dir, BACKUP_POLICY_FILE), 'x'.repeat(300_000));
      expect(loadBackupPolicy(dir).errors[0]!.message).toMatch(/at most/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
