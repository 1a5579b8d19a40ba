// Every AWS client Opsdeck builds gives up on an endpoint that accepts the connection and never
// answers: the request fails with a TimeoutError at its request timeout instead of holding the
// sync part that made it. Before clientOptions() only the CloudWatch client did.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ListBackupPlansCommand } from '@aws-sdk/client-backup';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { createBackupClient } from './backup';
import { clientOptions } from './clientOptions';
import { createCloudTrailClient } from './cloudtrail';
import { createCloudWatchClient } from './cloudwatch';
import { createRdsClient } from './rds';

let server: Server;
const sockets = new Set<Socket>();
let endpoint = '';

beforeAll(async () => {
  // Accepts, reads, never answers.
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const target = () => ({ region: 'us-east-1', endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1, requestTimeoutMs: 400 });

describe('clientOptions', () => {
  it('maps a target to the SDK options with the abort-on-timeout and socket timeout set', () => {
    const o = clientOptions({ region: 'eu-west-1', requestTimeoutMs: 3_000 });
    expect(o.requestHandler).toEqual({ requestTimeout: 3_000, throwOnRequestTimeout: true, socketTimeout: 3_000, connectionTimeout: 3_000 });
    expect(clientOptions({ region: 'eu-west-1' }).requestHandler).toEqual({ requestTimeout: 10_000, throwOnRequestTimeout: true, socketTimeout: 10_000, connectionTimeout: 5_000 });
    expect(o).not.toHaveProperty('endpoint');
    expect(o).not.toHaveProperty('credentials');
    const provider = async () => ({ accessKeyId: 'a', secretAccessKey: 'b' });
    expect(clientOptions({ region: 'eu-west-1', staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, credentialProvider: provider }).credentials).toBe(provider);
  });

  const calls: [string, () => Promise<unknown>][] = [
    ['CloudWatch DescribeAlarms', () => createCloudWatchClient(target()).send(new DescribeAlarmsCommand({}))],
    ['Backup ListBackupPlans', () => createBackupClient(target()).send(new ListBackupPlansCommand({}))],
    ['RDS DescribeDBInstances', () => createRdsClient(target()).send(new DescribeDBInstancesCommand({}))],
    ['CloudTrail LookupEvents', () => createCloudTrailClient(target()).send(new LookupEventsCommand({}))],
  ];
  for (const [name, call] of calls) {
    it(`${name} against an endpoint that never answers fails at its request timeout`, async () => {
      const t0 = performance.now();
      const err = await call().then(
        () => null,
        (e: unknown) => e as { name?: string },
      );
      const ms = performance.now() - t0;
      expect(err?.name).toBe('TimeoutError');
      expect(ms).toBeGreaterThanOrEqual(350);
      expect(ms).toBeLessThan(5_000);
    });
  }
});
