// Backup alert conditions from hand-built report rows: when a failure fires and clears, and
// where an RPO breach begins — exactly at the bound it does not fire.
import { describe, expect, it } from 'vitest';
import { backupAlertConditions, JOB_WINDOWS_MINUTES, PITR_ALLOWANCE_MINUTES } from './alerts';
import type { BackupReport, JobIssue, ResourceEvaluation } from './evaluate';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 9, 26, 12);
const ARN = 'arn:aws:ec2:us-east-1:123456789012:volume/vol-1';

function resource(over: Partial<Omit<ResourceEvaluation, 'rpo'>> & { rpo?: Partial<ResourceEvaluation['rpo']> } = {}): ResourceEvaluation {
  const { rpo, ...rest } = over;
  return {
    arn: ARN,
    name: 'vol-1',
    type: 'EBS',
    plans: ['daily'],
    controls: [],
    nonCompliant: 0,
    compliant: true,
    lastGoodPointAt: NOW - 7 * HOUR,
    expectedIntervalMinutes: 1440,
    rto: { targetMinutes: 5, restores: 0, p50Minutes: null, p95Minutes: null, lastMinutes: null, lastRestoreAt: null, lastTestAt: null, daysSinceLastTest: null, history: [] },
    achievability: { rpo: { achievable: false, floorMinutes: 1440, mechanism: 'scheduled backups', explanation: '' }, rto: { achievable: null, typicalMinutes: null, mechanism: '', explanation: '' }, alternatives: [] },
    risk: { score: 0, reasons: [] },
    policy: { frequency: 'daily', retentionDays: 30, rpoMinutes: 1, rtoMinutes: 5, overrides: [] },
    ...rest,
    rpo: { nowMinutes: 7 * 60, targetMinutes: 1, basis: 'recovery point', newestRestorableAt: NOW - 7 * HOUR, met: false, ...rpo },
  };
}

function report(resources: ResourceEvaluation[], issues: JobIssue[] = []): BackupReport {
  return {
    now: NOW,
    resources,
    issues: [...issues].sort((a, b) => b.at - a.at),
    calendar: [],
    summary: { compliant: 0, total: resources.length, worstRpo: null, lastFailed: null },
    verdict: { rpo: '', rto: '', alternatives: '' },
  };
}

const issue = (kind: JobIssue['kind'], at: number, jobId: string | null = 'job-1'): JobIssue => ({ kind, resourceArn: ARN, resourceName: 'vol-1', at, jobId, reason: `${kind} because of reasons` });

describe('backup failing', () => {
  it('fires from the first failure after the newest good point and lists what failed', () => {
    const r = resource({ lastGoodPointAt: NOW - 30 * HOUR, rpo: { nowMinutes: 30 * 60, newestRestorableAt: NOW - 30 * HOUR } });
    const [c] = backupAlertConditions(report([r], [issue('FAILED', NOW - 7 * HOUR, 'job-b'), issue('MISSED', NOW - 31 * HOUR, null), issue('EXPIRED', NOW - 29 * HOUR, 'job-a')]));
    // The MISSED run before the good point is history; EXPIRED (29 h ago) began this failure.
    expect(c).toMatchObject({ id: `backup-failing:${ARN}`, kind: 'backup-failing', name: 'backup-failing-vol-1', firing: true, since: NOW - 29 * HOUR });
    expect(c!.title).toBe('Backup job FAILED: vol-1 (2 runs in a row)');
    expect(c!.description).toContain('2 failed or missed run(s) since the last good recovery point, 2026-10-25 06:00 UTC');
    expect(c!.description).toContain('2026-10-26 05:00 UTC: backup job job-b FAILED — FAILED because of reasons');
    expect(c!.description).toContain('backup job job-a EXPIRED');
    expect(c!.description).not.toContain('MISSED because');
  });

  it('clears once a good point is newer than every failure; a past-retention point is not a failure', () => {
    const [c] = backupAlertConditions(report([resource()], [issue('FAILED', NOW - 8 * HOUR), issue('PAST_RETENTION', NOW - HOUR, 'rp-1')]));
    expect(c).toMatchObject({ firing: false, since: NOW - 7 * HOUR });
  });

  it('a missed run with no good point ever fires from the miss', () => {
    const [c] = backupAlertConditions(report([resource({ lastGoodPointAt: null, rpo: { nowMinutes: null, newestRestorableAt: null, basis: null, met: null } })], [issue('MISSED', NOW - 3 * HOUR, null)]));
    expect(c).toMatchObject({ firing: true, since: NOW - 3 * HOUR });
    expect(c!.title).toBe('Scheduled backup missed: vol-1');
    expect(c!.description).toContain('no good recovery point yet');
  });
});

describe('RPO breach', () => {
  const breach = (r: ResourceEvaluation) => backupAlertConditions(report([r])).find((c) => c.kind === 'rpo-breach');

  it('scheduled backups: fires past interval + job windows, not at it, since newest point + that bound', () => {
    const bound = 1440 + JOB_WINDOWS_MINUTES;
    expect(breach(resource({ rpo: { nowMinutes: bound, newestRestorableAt: NOW - bound * MIN } }))).toMatchObject({ firing: false });
    const c = breach(resource({ lastGoodPointAt: NOW - (bound + 30) * MIN, rpo: { nowMinutes: bound + 30, newestRestorableAt: NOW - (bound + 30) * MIN } }))!;
    expect(c).toMatchObject({ id: `rpo-breach:${ARN}`, firing: true, since: NOW - 30 * MIN });
    expect(c.title).toBe('RPO breach on vol-1: a restore now would lose 28.5 h of data');
    expect(c.description).toContain("The policy's 1.0 min RPO is not achievable by scheduled backups at all");
  });

  it('point-in-time recovery: its normal 5-minute lag is no breach; past the allowance it is', () => {
    const pitr = (minutes: number) => resource({ type: 'RDS', rpo: { basis: 'point-in-time recovery', nowMinutes: minutes, newestRestorableAt: NOW - minutes * MIN } });
    expect(breach(pitr(5))).toMatchObject({ firing: false });
    expect(breach(pitr(PITR_ALLOWANCE_MINUTES))).toMatchObject({ firing: false });
    const c = breach(pitr(25))!;
    expect(c).toMatchObject({ firing: true, since: NOW - 15 * MIN });
    expect(c.description).toContain('log shipping has stalled');
  });

  it('a target looser than the mechanism is the bound', () => {
    const r = resource({ rpo: { targetMinutes: 48 * 60, nowMinutes: 40 * 60, newestRestorableAt: NOW - 40 * HOUR } });
    expect(breach(r)).toMatchObject({ firing: false });
    const c = breach(resource({ rpo: { targetMinutes: 48 * 60, nowMinutes: 49 * 60, newestRestorableAt: NOW - 49 * HOUR } }))!;
    expect(c).toMatchObject({ firing: true, since: NOW - HOUR });
    expect(c.description).not.toContain('not achievable');
  });

  it('no restorable point: no RPO condition at all (the failing condition speaks for it)', () => {
    expect(breach(resource({ rpo: { nowMinutes: null, newestRestorableAt: null, basis: null, met: null } }))).toBeUndefined();
  });
});
