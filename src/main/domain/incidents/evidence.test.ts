import { describe, expect, it } from 'vitest';
import { backupEntries, budgetEntries, budgetNotices, resourceName, type BackupJobInput } from './evidence';
import { mergeTimeline } from './timeline';

const T = Date.UTC(2026, 9, 26, 17, 0);
const MIN = 60_000;

describe('error-budget milestones on the timeline', () => {
  const payment = { sloId: 'payment-availability', name: 'Payment availability', windowLabel: 'rolling 30 days (UTC)', budgetMinutes: 4.32, consumedAtFromPct: 12.5 };

  it('one entry per crossing, 100 % critical, keyed by SLO, share and minute', () => {
    const entries = budgetEntries([{ ...payment, crossings: [{ share: 0.5, at: T + 9 * MIN, consumedPct: 50.4 }, { share: 1, at: T + 21 * MIN, consumedPct: 100.9 }] }]);
    expect(entries.map((e) => [e.key, e.kind, e.at, e.severity, e.title])).toEqual([
      ['slo-budget:payment-availability:50@' + (T + 9 * MIN), 'slo-budget', T + 9 * MIN, 'warning', 'Payment availability: 50 % of the error budget spent'],
      ['slo-budget:payment-availability:100@' + (T + 21 * MIN), 'slo-budget', T + 21 * MIN, 'critical', 'Payment availability: 100 % of the error budget spent'],
    ]);
    expect(entries[0]!.detail).toBe('50.4 % of 4.32 min (rolling 30 days (UTC)) consumed by the end of this minute');
  });

  it('a budget already half spent when the window opens is said, not silently missing', () => {
    expect(budgetNotices([{ ...payment, crossings: [], consumedAtFromPct: 62.25 }])).toEqual([
      'Payment availability: 62.3 % of its error budget (rolling 30 days (UTC)) was already spent when this window begins',
    ]);
    expect(budgetNotices([{ ...payment, crossings: [] }, { ...payment, crossings: [], consumedAtFromPct: null }])).toEqual([]);
  });

  it('the milestones sort among the alarms at the same minute after them (the alarm is the cause)', () => {
    const merged = mergeTimeline([
      ...budgetEntries([{ ...payment, crossings: [{ share: 0.5, at: T, consumedPct: 50 }] }]),
      { key: 'alarm:x@' + T, kind: 'alarm', source: 'cloudwatch:demo', at: T, title: 'x → ALARM', zone: 'UTC' },
    ]);
    expect(merged.map((e) => e.kind)).toEqual(['alarm', 'slo-budget']);
  });
});

describe('backup and restore events on the timeline', () => {
  const job = (over: Partial<BackupJobInput>): BackupJobInput => ({
    source: 'demo',
    kind: 'backup',
    id: 'job-1',
    resourceArn: 'arn:aws:rds:us-east-1:123456789012:db:ecommerce-payments',
    resourceType: 'RDS',
    createdAt: T,
    completedAt: T + 20 * MIN,
    state: 'COMPLETED',
    message: null,
    restoreTest: false,
    ...over,
  });
  const related = (name: string): boolean => name.includes('payments');

  it('resource names come from the ARN', () => {
    expect(resourceName('arn:aws:rds:us-east-1:123456789012:db:ecommerce-payments')).toBe('ecommerce-payments');
    expect(resourceName('arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc')).toBe('vol-0abc');
    expect(resourceName('arn:aws:dynamodb:us-east-1:123456789012:table/orders')).toBe('orders');
  });

  it('jobs are spans; a failed restore is critical, a failed backup a warning, a restore of an affected resource a warning, the rest info', () => {
    const entries = backupEntries(
      [
        job({}),
        job({ id: 'job-2', state: 'FAILED', message: 'Insufficient privileges' }),
        job({ id: 'r-1', kind: 'restore', state: 'FAILED' }),
        job({ id: 'r-2', kind: 'restore', state: 'COMPLETED' }),
        job({ id: 'r-3', kind: 'restore', state: 'COMPLETED', restoreTest: true }),
        job({ id: 'r-4', kind: 'restore', state: 'COMPLETED', resourceArn: 'arn:aws:rds:us-east-1:1:db:search' }),
      ],
      [],
      related,
    );
    expect(entries.map((e) => [e.key, e.severity])).toEqual([
      ['backup-job:demo:backup:job-1', 'info'],
      ['backup-job:demo:backup:job-2', 'warning'],
      ['backup-job:demo:restore:r-1', 'critical'],
      ['backup-job:demo:restore:r-2', 'warning'],
      ['backup-job:demo:restore:r-3', 'info'],
      ['backup-job:demo:restore:r-4', 'info'],
    ]);
    expect(entries[0]).toMatchObject({ kind: 'backup', source: 'backup:demo', at: T, endAt: T + 20 * MIN, title: 'Backup job completed: ecommerce-payments', detail: 'RDS' });
    expect(entries[1]!.detail).toBe('RDS — Insufficient privileges');
    expect(entries[4]!.title).toBe('Restore job completed (restore test): ecommerce-payments');
  });

  it('RDS events are instants; a restoration of an affected database is a warning', () => {
    const entries = backupEntries(
      [],
      [
        { source: 'demo', sourceId: 'ecommerce-payments', sourceType: 'db-instance', at: T, message: 'Backing up DB instance', categories: ['backup'] },
        { source: 'demo', sourceId: 'ecommerce-payments-restored', sourceType: 'db-instance', at: T + MIN, message: 'Restored DB instance is available', categories: ['restoration'] },
      ],
      related,
    );
    expect(entries.map((e) => [e.title, e.severity, e.endAt ?? null])).toEqual([
      ['RDS ecommerce-payments: Backing up DB instance', 'info', null],
      ['RDS ecommerce-payments-restored: Restored DB instance is available', 'warning', null],
    ]);
    expect(entries[1]!.detail).toBe('db-instance · restoration');
  });
});
