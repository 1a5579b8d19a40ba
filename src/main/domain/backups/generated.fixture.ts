// A generated estate with every shape the evaluation branches on (for the test that the fast
// path and the naive per-resource evaluation agree): RDS, Aurora, EBS and S3 resources with
// tags and duplicate or accented names, cron rules in UTC and New York (DST inside the
// window), weekday and rate rules, an unreadable schedule, an unknown zone, a continuous
// rule, wildcard / tag / NotResources selections, a selection naming a resource nobody
// reported, locked and unlocked vaults, points without dates or encryption flags or past
// their deletion, failed / expired / running jobs, copies to other regions and accounts,
// restores and restore tests. Deterministic in `seed`.
import type { BackupResource, Estate, Job, PlanRule, PlanSelection, RecoveryPoint } from './model';
import type { PolicySpec } from './policy';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const NAMES = ['orders', 'Orders', 'ärzte', 'Zeta', 'beta', 'alpha', 'Alpha', 'payments', 'éclair', 'catalog'];

export function generatedEstate(seed: number, now: number, resourceCount = 80): Estate {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const resources: BackupResource[] = [];
  for (let i = 0; i < resourceCount; i++) {
    const kind = i % 4;
    const arn =
      kind === 0 ? `arn:aws:rds:us-east-1:111122223333:db:db-${i}`
      : kind === 1 ? `arn:aws:rds:us-east-1:111122223333:cluster:cl-${i}`
      : kind === 2 ? `arn:aws:ec2:us-east-1:111122223333:volume/vol-${String(i).padStart(8, '0')}`
      : `arn:aws:s3:::bucket-${i}`;
    const rds = kind < 2
      ? { kind: kind === 0 ? ('instance' as const) : ('cluster' as const), engine: 'postgres', multiAZ: rand() < 0.5, inRegionReplicas: rand() < 0.3 ? 1 : 0, crossRegionReplicas: rand() < 0.2 ? 1 : 0, latestRestorableAt: rand() < 0.8 ? now - Math.floor(rand() * 10 * MIN) - (rand() < 0.1 ? 3 * D : 0) : null, observedAt: rand() < 0.5 ? now - Math.floor(rand() * 30 * MIN) : null, backupRetentionDays: 7, preferredBackupWindow: null, encrypted: true, deletionProtection: rand() < 0.5 }
      : null;
    resources.push({
      arn,
      name: `${pick(NAMES)}${rand() < 0.7 ? `-${i % 13}` : ''}`,
      type: ['RDS', 'Aurora', 'EBS', 'S3'][kind]!,
      tags: { env: rand() < 0.5 ? 'prod' : 'dev', ...(rand() < 0.3 ? { team: 'pay' } : {}) },
      lastBackupAt: rand() < 0.8 ? now - Math.floor(rand() * 2 * D) : null,
      latestRestoreMinutes: rand() < 0.3 ? Math.floor(rand() * 40) : null,
      latestRestoreAt: rand() < 0.3 ? now - Math.floor(rand() * 40 * D) : null,
      rds,
    });
  }
  const rule = (planId: string, over: Partial<PlanRule>): PlanRule => ({ planId, planName: `plan ${planId}`, ruleName: `${planId}-rule`, scheduleExpression: 'cron(0 5 ? * * *)', scheduleTimezone: 'Etc/UTC', startWindowMinutes: 60, completionWindowMinutes: 180, deleteAfterDays: 30, continuous: false, targetVault: 'prod', copyTargets: [], ...over });
  const rules: PlanRule[] = [
    rule('daily-utc', {}),
    rule('daily-ny', { scheduleExpression: 'cron(30 1 ? * * *)', scheduleTimezone: 'America/New_York', startWindowMinutes: 120 }),
    rule('daily-ny', { ruleName: 'daily-ny-short', deleteAfterDays: 7, scheduleExpression: 'cron(0 13 ? * * *)', scheduleTimezone: 'America/New_York', startWindowMinutes: null }),
    rule('weekdays', { scheduleExpression: 'cron(15 3 ? * MON-FRI *)', deleteAfterDays: null }),
    rule('rate', { scheduleExpression: 'rate(12 hours)' }),
    rule('broken', { scheduleExpression: 'cron(0 5 * * ? *' }),
    rule('badzone', { scheduleTimezone: 'Mars/Olympus' }),
    rule('continuous', { scheduleExpression: null, continuous: true }),
  ];
  const arnsOf = (f: (i: number) => boolean): string[] => resources.filter((_, i) => f(i)).map((r) => r.arn);
  const selections: PlanSelection[] = [
    { planId: 'daily-utc', selectionId: 's1', name: 'dbs', resources: arnsOf((i) => i % 4 === 0 && i % 3 !== 0), notResources: [], tags: [] },
    { planId: 'daily-ny', selectionId: 's2', name: 'volumes', resources: ['arn:aws:ec2:*:*:volume/*'], notResources: arnsOf((i) => i % 10 === 2), tags: [] },
    { planId: 'weekdays', selectionId: 's3', name: 'prod tagged', resources: [], notResources: [], tags: [{ key: 'env', value: 'prod' }] },
    { planId: 'rate', selectionId: 's4', name: 'clusters', resources: [...arnsOf((i) => i % 4 === 1 && i % 5 !== 0), 'arn:aws:rds:us-east-1:111122223333:db:nobody-reported'], notResources: [], tags: [] },
    { planId: 'broken', selectionId: 's5', name: 'buckets', resources: arnsOf((i) => i % 4 === 3 && i % 2 === 1), notResources: [], tags: [] },
    { planId: 'badzone', selectionId: 's6', name: 'some dbs', resources: arnsOf((i) => i % 8 === 0), notResources: [], tags: [] },
    { planId: 'continuous', selectionId: 's7', name: 'pay team', resources: [], notResources: [], tags: [{ key: 'team', value: 'pay' }] },
  ];
  const vaults = [
    { name: 'prod', arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:prod', locked: true, minRetentionDays: 7, maxRetentionDays: 35, lockDate: now - 300 * D },
    { name: 'dev', arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:dev', locked: false, minRetentionDays: null, maxRetentionDays: null, lockDate: null },
    { name: 'strict', arn: 'arn:aws:backup:us-east-1:111122223333:backup-vault:strict', locked: true, minRetentionDays: 40, maxRetentionDays: 100, lockDate: null },
  ];
  const points: RecoveryPoint[] = [];
  const jobs: Job[] = [];
  const today = Math.floor(now / D) * D;
  for (const [i, r] of resources.entries()) {
    if (i % 17 === 5) continue; // never backed up
    const days = 10 + Math.floor(rand() * 30);
    for (let d = 0; d < days; d++) {
      const created = today - d * D + 5 * H + Math.floor(rand() * 90) * MIN - (rand() < 0.02 ? 12 * H : 0);
      if (rand() < 0.04) continue; // a missed run
      const state = rand() < 0.9 ? 'COMPLETED' : pick(['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL', 'RUNNING', 'CREATED']);
      jobs.push({ kind: 'backup', id: `b-${i}-${d}`, resourceArn: r.arn, resourceType: r.type, createdAt: created, completedAt: state === 'RUNNING' || state === 'CREATED' ? null : created + 10 * MIN, state, message: state === 'COMPLETED' || rand() < 0.3 ? null : `${state.toLowerCase()}: quota`, planId: 'daily-utc', vault: 'prod', destinationVaultArn: null, restoreTest: false });
      if (state === 'COMPLETED' || state === 'PARTIAL') {
        points.push({
          arn: `rp-${i}-${d}`,
          vault: rand() < 0.8 ? 'prod' : pick(['dev', 'strict', 'gone']),
          resourceArn: r.arn,
          resourceType: r.type,
          createdAt: rand() < 0.02 ? null : created,
          completedAt: created + 10 * MIN,
          deleteAt: rand() < 0.05 ? null : created + (rand() < 0.05 ? 7 : 30) * D - (rand() < 0.02 ? 40 * D : 0),
          status: rand() < 0.9 ? 'COMPLETED' : pick(['EXPIRED', 'AVAILABLE', 'PARTIAL', 'DELETING']),
          statusMessage: rand() < 0.1 ? 'note' : null,
          encrypted: rand() < 0.97 ? true : rand() < 0.5 ? false : null,
          planId: 'daily-utc',
        });
      }
      if (rand() < 0.1) {
        const dest = pick(['arn:aws:backup:us-west-2:111122223333:backup-vault:dr', 'arn:aws:backup:us-east-1:444455556666:backup-vault:other', 'arn:aws:backup:us-east-1:111122223333:backup-vault:prod']);
        jobs.push({ kind: 'copy', id: `c-${i}-${d}`, resourceArn: r.arn, resourceType: r.type, createdAt: created + 20 * MIN, completedAt: created + 40 * MIN, state: rand() < 0.8 ? 'COMPLETED' : 'FAILED', message: null, planId: 'daily-utc', vault: vaults[0]!.arn, destinationVaultArn: rand() < 0.9 ? dest : null, restoreTest: false });
      }
    }
    const restores = Math.floor(rand() * 4);
    for (let k = 0; k < restores; k++) {
      const at = now - Math.floor(rand() * 150 * D);
      const state = rand() < 0.85 ? 'COMPLETED' : 'FAILED';
      jobs.push({ kind: 'restore', id: `r-${i}-${k}`, resourceArn: r.arn, resourceType: r.type, createdAt: at, completedAt: state === 'COMPLETED' && rand() < 0.95 ? at + (3 + Math.floor(rand() * 40)) * MIN : null, state, message: null, planId: null, vault: 'prod', destinationVaultArn: null, restoreTest: rand() < 0.6 });
    }
  }
  // Ties on creation time across kinds and ids (the ordering of evidence must not depend on input order).
  jobs.push({ kind: 'copy', id: 'tie-a', resourceArn: resources[2]!.arn, resourceType: 'EBS', createdAt: today + 5 * H, completedAt: today + 6 * H, state: 'COMPLETED', message: null, planId: null, vault: null, destinationVaultArn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:x', restoreTest: false });
  jobs.push({ kind: 'backup', id: 'tie-b', resourceArn: resources[2]!.arn, resourceType: 'EBS', createdAt: today + 5 * H, completedAt: null, state: 'FAILED', message: 'tie', planId: null, vault: null, destinationVaultArn: null, restoreTest: false });
  // Shuffled: the store's order is not the evaluation's.
  for (let i = jobs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
  }
  return { resources, rules, selections, vaults, points, jobs, restoreTestingPlans: [] };
}

/** Overrides by type, tag and ARN, a disabled control and explicit parameters. */
export function generatedPolicy(estate: Estate): PolicySpec {
  return {
    targets: { frequency: { unit: 'days', value: 1 }, retentionDays: 30, rpoMinutes: 1, rtoMinutes: 5 },
    controls: { BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: false },
    overrides: [
      { label: 'overrides[0] (type EBS)', match: { type: 'ebs' }, targets: { retentionDays: 7, rpoMinutes: 1_440 }, controls: {} },
      { label: 'overrides[1] (tag env=dev)', match: { tag: { key: 'env', value: 'dev' } }, targets: { frequency: { unit: 'hours', value: 12 } }, controls: { BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { crossRegionList: ['us-west-2'] }, BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: 30 } } },
      { label: 'overrides[2] (arn)', match: { arn: estate.resources[1]!.arn }, targets: { rtoMinutes: 60 }, controls: { RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: false } },
    ],
  };
}
