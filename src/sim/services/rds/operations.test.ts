// RDS in the simulator through the real @aws-sdk/client-rds: awsQuery form bodies, XML
// results, Marker/MaxRecords paging, <ErrorResponse> errors and faults.
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  RDSClient,
  paginateDescribeDBInstanceAutomatedBackups,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  paginateDescribeEvents,
} from '@aws-sdk/client-rds';
import { afterEach, describe, expect, it } from 'vitest';
import { allPages, failureOf, simulatorWithClient, TEST_CREDENTIALS } from '../sdkTestHarness';


const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const DAY = 86_400_000;

const harness = simulatorWithClient(NOW, (endpoint) => new RDSClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
afterEach(() => harness.closeAll());

describe('RDS simulator via @aws-sdk/client-rds', () => {
  it('describes the databases: PITR 3–6 min behind, Multi-AZ, encryption, deletion protection', async () => {
    const { client } = await harness.setup();
    const instances = await allPages(paginateDescribeDBInstances({ client, pageSize: 20 }, {}), (p) => p.DBInstances);
    expect(instances.map((i) => i.DBInstanceIdentifier)).toEqual(['ecommerce-orders-1', 'ecommerce-orders-2', 'ecommerce-customers-db', 'ecommerce-payments-db', 'ecommerce-products-db', 'ecommerce-reviews-db']);
    const payments = instances.find((i) => i.DBInstanceIdentifier === 'ecommerce-payments-db')!;
    expect(payments).toMatchObject({ MultiAZ: true, StorageEncrypted: true, DeletionProtection: true, BackupRetentionPeriod: 30, PreferredBackupWindow: '04:00-04:30' });
    expect(payments.TagList).toContainEqual({ Key: 'service', Value: 'payment-service' });
    for (const i of instances.filter((x) => !x.DBClusterIdentifier)) {
      const lagMin = (NOW - i.LatestRestorableTime!.getTime()) / 60_000;
      expect(lagMin).toBeGreaterThanOrEqual(3);
      expect(lagMin).toBeLessThan(6);
    }
    const products = instances.find((i) => i.DBInstanceIdentifier === 'ecommerce-products-db')!;
    expect(products.MultiAZ).toBe(false);
    const clusters = await client.send(new DescribeDBClustersCommand({}));
    const orders = clusters.DBClusters![0]!;
    expect(orders.DBClusterMembers!.map((m) => m.IsClusterWriter)).toEqual([true, false]);
    expect((NOW - orders.LatestRestorableTime!.getTime()) / 60_000).toBeGreaterThanOrEqual(3);
  });

  it('pages snapshots with Marker (automated for the retention period, one manual) and gives restore windows', async () => {
    const { sim, client } = await harness.setup();
    const snaps = await allPages(paginateDescribeDBSnapshots({ client, pageSize: 40 }, {}), (p) => p.DBSnapshots);
    expect(sim.callCounts()['DescribeDBSnapshots']).toBeGreaterThanOrEqual(3);
    expect(new Set(snaps.map((s) => s.DBSnapshotIdentifier)).size).toBe(snaps.length);
    expect(snaps.filter((s) => s.SnapshotType === 'manual')).toHaveLength(1);
    expect(snaps.filter((s) => s.DBInstanceIdentifier === 'ecommerce-reviews-db').length).toBeLessThanOrEqual(8);
    const manualOnly = await allPages(paginateDescribeDBSnapshots({ client }, { SnapshotType: 'manual' }), (p) => p.DBSnapshots);
    expect(manualOnly).toHaveLength(1);
    const backups = await allPages(paginateDescribeDBInstanceAutomatedBackups({ client }, {}), (p) => p.DBInstanceAutomatedBackups);
    const reviews = backups.find((b) => b.DBInstanceIdentifier === 'ecommerce-reviews-db')!;
    expect(reviews.RestoreWindow!.LatestTime!.getTime() - reviews.RestoreWindow!.EarliestTime!.getTime()).toBeLessThan(7 * DAY);
  });

  it('lists backup and restoration events for a time range', async () => {
    const { client } = await harness.setup();
    const events = await allPages(
      paginateDescribeEvents({ client }, { StartTime: new Date(NOW - 14 * DAY), EndTime: new Date(NOW), EventCategories: ['backup', 'restoration'] }),
      (p) => p.Events,
    );
    expect(events.some((e) => e.Message === 'Finished DB Instance backup')).toBe(true);
    expect(events.every((e) => e.Date!.getTime() >= NOW - 14 * DAY)).toBe(true);
    const restoreOnly = await client.send(new DescribeEventsCommand({ StartTime: new Date(NOW - 14 * DAY), EventCategories: ['restoration'], MaxRecords: 100 }));
    expect(restoreOnly.Events!.every((e) => e.EventCategories!.includes('restoration'))).toBe(true);
  });

  it('answers errors as <ErrorResponse>: unknown instance, MaxRecords out of range, garbled Marker', async () => {
    const { client } = await harness.setup();
    const missing = await failureOf(client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' })));
    expect(missing.name).toBe('DBInstanceNotFoundFault');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    const range = await failureOf(client.send(new DescribeDBInstancesCommand({ MaxRecords: 5 })));
    expect(range.name).toBe('InvalidParameterValue');
    expect(range.message).toMatch(/between 20 and 100/);
    const marker = await failureOf(client.send(new DescribeDBInstancesCommand({ Marker: 'garbage' })));
    expect(marker.name).toBe('InvalidParameterValue');
  });

  it('injects faults per operation and frames them in awsQuery', async () => {
    const { sim, client } = await harness.setup();
    sim.injectFaults([{ kind: 'accessDenied', operation: 'DescribeDBClusters' }, { kind: 'throttle', operation: 'DescribeEvents' }]);
    expect((await client.send(new DescribeDBInstancesCommand({}))).DBInstances).toHaveLength(6);
    const denied = await failureOf(client.send(new DescribeDBClustersCommand({})));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toMatch(/rds:DescribeDBClusters/);
    expect((await failureOf(client.send(new DescribeEventsCommand({}))).then((e) => e.name))).toBe('Throttling');
    sim.injectFaults([{ kind: 'malformed', operation: 'DescribeDBInstances' }]);
    await failureOf(client.send(new DescribeDBInstancesCommand({})));
  });
});
