// The queue's source filter and the backup link, as a user meets them.
import { describe, expect, it } from 'vitest';
import { AlertSource, type QueueGroup } from '@shared/contract/alerts';
import { resourceHash } from '@renderer/features/backups/labels';
import { DEFAULT_FILTERS, filterGroups } from './AlertQueue';
import { memberKind, SOURCE_LABEL, SOURCE_TAG } from './labels';
import { backupResourceHash } from './routes';

const row = (name: string, source: QueueGroup['source']): QueueGroup => ({ key: name, name, source, title: name, severity: 'P2', state: 'firing', service: null, labels: {}, lastNote: null, assignee: null, acknowledgement: null }) as unknown as QueueGroup;

describe('alert sources in the queue', () => {
  it('filters by source, every source by default', () => {
    const groups = [row('a', 'cloudwatch'), row('b', 'slo-burn'), row('backup-failing-db', 'backup')];
    expect(filterGroups(groups, DEFAULT_FILTERS)).toHaveLength(3);
    expect(filterGroups(groups, { ...DEFAULT_FILTERS, source: 'backup' }).map((g) => g.name)).toEqual(['backup-failing-db']);
    expect(filterGroups(groups, { ...DEFAULT_FILTERS, source: 'cloudwatch' }).map((g) => g.name)).toEqual(['a']);
  });

  it('names every source and every member type in words', () => {
    for (const s of AlertSource.options) expect(SOURCE_LABEL[s].length).toBeGreaterThan(3);
    expect(SOURCE_TAG.backup).toBe('Backup');
    expect(memberKind('BackupFailure')).toBe('backup failure');
    expect(memberKind('RpoBreach')).toBe('RPO breach');
    expect(memberKind('MetricAlarm')).toBe('metric alarm');
  });

  it('links a backup alert to the same address the Backups page uses', () => {
    const arn = 'arn:aws:rds:us-east-1:123456789012:db:ecommerce-products-db';
    expect(backupResourceHash(arn)).toBe(resourceHash(arn));
  });
});
