// AWS Backup in the simulator through the real @aws-sdk/client-backup: paths, percent-encoded
// ARNs, ISO query timestamps, epoch-second bodies, paging, errors and faults.
import {
  BackupClient,
  DescribeBackupVaultCommand,
  DescribeProtectedResourceCommand,
  GetBackupPlanCommand,
  GetBackupSelectionCommand,
  ListBackupJobsCommand,
  ListBackupSelectionsCommand,
  paginateListBackupJobs,
  paginateListBackupPlans,
  paginateListBackupVaults,
  paginateListCopyJobs,
  paginateListProtectedResources,
  paginateListRecoveryPointsByBackupVault,
  paginateListRestoreJobs,
  paginateListRestoreTestingPlans,
  type BackupJob,
} from '@aws-sdk/client-backup';
import { afterEach, describe, expect, it } from 'vitest';
import { PAYMENTS_ARN, PRODUCTS_ARN, S3_ARN, UNPROTECTED_ARN, VAULT_DEFAULT, VAULT_PROD } from '../../platform/backups';
import { incidentsBetween } from '../../platform/scenario';
import { allPages, failureOf, simulatorWithClient, TEST_CREDENTIALS, TEST_SEED } from '../sdkTestHarness';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const DAY = 86_400_000;

const harness = simulatorWithClient(NOW, (endpoint) => new BackupClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
afterEach(() => harness.closeAll());

describe('AWS Backup simulator via @aws-sdk/client-backup', () => {
  it('lists the plans with their daily 05:00 UTC rule, 30-day lifecycle and the payments copy to us-west-2', async () => {
    const { client } = await harness.setup();
    const plans = await allPages(paginateListBackupPlans({ client }, {}), (p) => p.BackupPlansList);
    expect(plans.map((p) => p.BackupPlanName).sort()).toEqual(['ecommerce-daily', 'ecommerce-payments-dr']);
    expect(plans[0]!.CreationDate).toBeInstanceOf(Date);
    const dr = plans.find((p) => p.BackupPlanName === 'ecommerce-payments-dr')!;
    const plan = await client.send(new GetBackupPlanCommand({ BackupPlanId: dr.BackupPlanId }));
    const rule = plan.BackupPlan!.Rules![0]!;
    expect(rule).toMatchObject({ ScheduleExpression: 'cron(0 5 ? * * *)', ScheduleExpressionTimezone: 'Etc/UTC', StartWindowMinutes: 60, CompletionWindowMinutes: 180, EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 30 } });
    expect(rule.CopyActions![0]!.DestinationBackupVaultArn).toMatch(/^arn:aws:backup:us-west-2:/);
    const selections = await client.send(new ListBackupSelectionsCommand({ BackupPlanId: dr.BackupPlanId }));
    const sel = await client.send(new GetBackupSelectionCommand({ BackupPlanId: dr.BackupPlanId, SelectionId: selections.BackupSelectionsList![0]!.SelectionId }));
    expect(sel.BackupSelection!.Resources).toEqual([PAYMENTS_ARN]);
  });

  it('pages backup jobs with nextToken/maxResults and filters by ISO createdAfter, newest first', async () => {
    const { sim, client } = await harness.setup();
    const after = new Date(NOW - 30 * DAY);
    const jobs = await allPages(paginateListBackupJobs({ client, pageSize: 40 }, { ByCreatedAfter: after }), (p) => p.BackupJobs);
    expect(sim.callCounts()['ListBackupJobs']).toBeGreaterThan(5);
    expect(new Set(jobs.map((j) => j.BackupJobId)).size).toBe(jobs.length);
    expect(jobs.every((j) => j.CreationDate!.getTime() >= after.getTime())).toBe(true);
    const times = jobs.map((j) => j.CreationDate!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Seven protected resources a day for 30 days, one missed S3 schedule, one on-demand backup.
    expect(jobs.length).toBeGreaterThanOrEqual(7 * 30 - 1);
    expect(jobs.length).toBeLessThanOrEqual(7 * 31 + 1);
    const failed = jobs.filter((j) => j.State === 'FAILED' || j.State === 'EXPIRED');
    expect(failed.length / jobs.length).toBeGreaterThan(0.003);
    expect(failed.length / jobs.length).toBeLessThan(0.05);
    expect(failed.every((j) => (j.StatusMessage ?? '').length > 20)).toBe(true);
    expect(jobs.some((j) => j.ResourceArn === PRODUCTS_ARN && j.State === 'FAILED')).toBe(true);
    expect(jobs.some((j) => j.ResourceArn === UNPROTECTED_ARN)).toBe(false);
    // Exactly one missed daily schedule: the S3 bucket has 29 of 30 days (30 complete days in the window).
    const s3Days = new Set(jobs.filter((j: BackupJob) => j.ResourceArn === S3_ARN).map((j) => j.CreationDate!.toISOString().slice(0, 10)));
    const days = new Set(jobs.map((j) => j.CreationDate!.toISOString().slice(0, 10)));
    expect(days.size - s3Days.size).toBe(1);
    for (const j of jobs.filter((x) => x.State === 'COMPLETED' && x.CreatedBy?.BackupPlanId)) {
      expect(j.CreationDate!.getUTCHours()).toBe(5);
    }
  });

  it('answers a later page as of the first page, and rejects a token from another request', async () => {
    let now = NOW;
    const { client } = await harness.setup({ now: () => now });
    const first = await client.send(new ListBackupJobsCommand({ MaxResults: 10, ByCreatedAfter: new Date(NOW - 5 * DAY) }));
    now += DAY;
    const second = await client.send(new ListBackupJobsCommand({ MaxResults: 10, ByCreatedAfter: new Date(NOW - 5 * DAY), NextToken: first.NextToken }));
    const ids = [...first.BackupJobs!, ...second.BackupJobs!].map((j) => j.BackupJobId);
    expect(new Set(ids).size).toBe(20);
    const err = await failureOf(client.send(new ListBackupJobsCommand({ MaxResults: 10, NextToken: first.NextToken })));
    expect(err.name).toBe('InvalidParameterValueException');
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  it('describes a protected resource by its percent-encoded ARN, with the latest restore time', async () => {
    const { client } = await harness.setup();
    const d = await client.send(new DescribeProtectedResourceCommand({ ResourceArn: PAYMENTS_ARN }));
    expect(d.ResourceArn).toBe(PAYMENTS_ARN);
    expect(d.ResourceType).toBe('RDS');
    expect(d.LatestRestoreExecutionTimeMinutes).toBeGreaterThanOrEqual(25);
    expect(d.LastBackupTime).toBeInstanceOf(Date);
    const missing = await failureOf(client.send(new DescribeProtectedResourceCommand({ ResourceArn: UNPROTECTED_ARN })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    const resources = await allPages(paginateListProtectedResources({ client }, {}), (p) => p.Results);
    expect(resources.map((r) => r.ResourceArn)).not.toContain(UNPROTECTED_ARN);
    expect(resources).toHaveLength(7);
  });

  it('lists vaults with their lock and recovery points with DeleteAt, one expired and one unencrypted', async () => {
    const { client } = await harness.setup();
    const vaults = await allPages(paginateListBackupVaults({ client }, {}), (p) => p.BackupVaultList);
    expect(vaults.find((v) => v.BackupVaultName === VAULT_PROD)).toMatchObject({ Locked: true, MinRetentionDays: 7, MaxRetentionDays: 35 });
    expect((await client.send(new DescribeBackupVaultCommand({ BackupVaultName: VAULT_DEFAULT }))).Locked).toBe(false);
    const prod = await allPages(paginateListRecoveryPointsByBackupVault({ client, pageSize: 50 }, { BackupVaultName: VAULT_PROD }), (p) => p.RecoveryPoints);
    const def = await allPages(paginateListRecoveryPointsByBackupVault({ client }, { BackupVaultName: VAULT_DEFAULT }), (p) => p.RecoveryPoints);
    const points = [...prod, ...def];
    expect(points.length).toBeGreaterThan(150);
    const expired = points.filter((p) => p.Status === 'EXPIRED');
    expect(expired).toHaveLength(1);
    expect(expired[0]!.CalculatedLifecycle!.DeleteAt!.getTime()).toBeLessThan(NOW);
    expect(points.filter((p) => p.IsEncrypted === false)).toHaveLength(1);
    for (const p of points.filter((x) => x.Status === 'COMPLETED')) {
      expect(p.CalculatedLifecycle!.DeleteAt!.getTime() - p.CreationDate!.getTime()).toBe(30 * DAY);
      expect(p.CalculatedLifecycle!.DeleteAt!.getTime()).toBeGreaterThan(NOW);
    }
    const unknown = await failureOf(client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'no such vault' })));
    expect(unknown.name).toBe('ResourceNotFoundException');
  });

  it('lists payments copy jobs to us-west-2, monthly restore tests of 25–40 min and a restore during the payment incident', async () => {
    const { client } = await harness.setup();
    const since = new Date(NOW - 180 * DAY);
    const copies = await allPages(paginateListCopyJobs({ client }, { ByCreatedAfter: new Date(NOW - 30 * DAY) }), (p) => p.CopyJobs);
    expect(copies.length).toBeGreaterThanOrEqual(27);
    expect(copies.every((c) => c.ResourceArn === PAYMENTS_ARN && /us-west-2/.test(c.DestinationBackupVaultArn!))).toBe(true);
    const restores = await allPages(paginateListRestoreJobs({ client }, { ByCreatedAfter: since }), (p) => p.RestoreJobs);
    const tests = restores.filter((r) => r.CreatedBy?.RestoreTestingPlanArn);
    expect(tests.length).toBeGreaterThanOrEqual(4 * 5);
    for (const t of tests) {
      const minutes = (t.CompletionDate!.getTime() - t.CreationDate!.getTime()) / 60_000;
      expect(minutes).toBeGreaterThanOrEqual(25);
      expect(minutes).toBeLessThanOrEqual(40);
    }
    const spikes = incidentsBetween(TEST_SEED, since.getTime() / 1000, NOW / 1000).filter((i) => i.kind === 'payment-5xx-spike');
    const incidentRestores = restores.filter((r) => !r.CreatedBy?.RestoreTestingPlanArn);
    expect(incidentRestores.length).toBe(spikes.length);
    for (const r of incidentRestores) {
      expect(spikes.some((s) => r.CreationDate!.getTime() / 1000 >= s.startSec && r.CreationDate!.getTime() / 1000 <= s.endSec)).toBe(true);
    }
    const plans = await allPages(paginateListRestoreTestingPlans({ client }, {}), (p) => p.RestoreTestingPlans);
    expect(plans[0]).toMatchObject({ RestoreTestingPlanName: 'monthly_restore_test', ScheduleExpression: 'cron(0 6 3 * ? *)' });
  });

  it('is deterministic in (seed, time)', async () => {
    const a = await harness.setup();
    const b = await harness.setup();
    const q = { ByCreatedAfter: new Date(NOW - 5 * DAY) };
    const ja = await allPages(paginateListBackupJobs({ client: a.client }, q), (p) => p.BackupJobs);
    const jb = await allPages(paginateListBackupJobs({ client: b.client }, q), (p) => p.BackupJobs);
    expect(ja).toEqual(jb);
  });

  it('injects faults per operation: AccessDenied on ListBackupJobs only, throttling, 503', async () => {
    const { sim, client } = await harness.setup();
    sim.injectFaults([{ kind: 'accessDenied', operation: 'ListBackupJobs' }]);
    const plans = await client.send(new GetBackupPlanCommand({ BackupPlanId: 'b5f1c2d4-6e7f-4a80-9b1c-2d3e4f5a6b01' }));
    expect(plans.BackupPlan).toBeDefined();
    const denied = await failureOf(client.send(new ListBackupJobsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toMatch(/not authorized to perform: backup:ListBackupJobs/);
    expect(denied.$metadata?.httpStatusCode).toBe(403);
    sim.injectFaults([{ kind: 'throttle', operation: 'ListRestoreJobs' }, { kind: 'http503', operation: 'ListCopyJobs' }]);
    expect((await failureOf(client.send(new ListBackupJobsCommand({})).then(() => client.send(new ListBackupSelectionsCommand({ BackupPlanId: 'nope' }))))).name).toBe('ResourceNotFoundException');
    const { ListRestoreJobsCommand, ListCopyJobsCommand } = await import('@aws-sdk/client-backup');
    expect((await failureOf(client.send(new ListRestoreJobsCommand({})))).name).toBe('ThrottlingException');
    expect((await failureOf(client.send(new ListCopyJobsCommand({})))).name).toBe('ServiceUnavailableException');
    expect(() => sim.injectFaults([{ kind: 'http500', operation: 'ListBackupJobz' }])).toThrow(/Backup or RDS operation/);
  });

  it('refuses connections in an outage', async () => {
    const { sim, client } = await harness.setup();
    await sim.setOutage(true);
    const err = await failureOf(client.send(new ListBackupJobsCommand({})));
    expect((err as Error & { code?: string }).code).toBe('ECONNREFUSED');
  });
});
