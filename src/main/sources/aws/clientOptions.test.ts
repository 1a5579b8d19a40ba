// Every AWS client Opsdeck builds gives up on an endpoint that accepts the connection and never
// answers: the request fails with a TimeoutError at its request timeout instead of holding the
// sync part that made it. Before clientOptions() only the CloudWatch client did.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { ListBackupPlansCommand } from '@aws-sdk/client-backup';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { createBackupClient } from './backup';
import { clientOptions } from './clientOptions';
import { createCloudTrailClient } from './cloudtrail';
import { createCloudWatchClient } from './cloudwatch';
import { createRdsClient } from './rds';
import { startSimulator, type Simulator } from '../../../sim/server';
import { DEMO_SEED } from '../demo';

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

describe('answers are not copied for a log nobody writes', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: DEMO_SEED, now: () => Date.UTC(2026, 9, 26, 17, 38) });
  });
  afterAll(async () => {
    await sim.close();
  });

  /** How often the SDK built the masked copy of an answer for its logger, over one GetMetricData. */
  async function copiesMade(client: CloudWatchClient): Promise<number> {
    let copies = 0;
    client.middlewareStack.add(
      (next, context) => (args) => {
        const filter = context.outputFilterSensitiveLog as ((output: unknown) => unknown) | undefined;
        if (filter) {
          context.outputFilterSensitiveLog = (output: unknown) => {
            copies += 1;
            return filter(output);
          };
        }
        return next(args);
      },
      { step: 'initialize', name: 'countLogCopies' },
    );
    const end = Date.UTC(2026, 9, 26, 17, 0);
    const metric = (await client.send(new ListMetricsCommand({}))).Metrics![0]!;
    copies = 0;
    const answer = await client.send(
      new GetMetricDataCommand({ StartTime: new Date(end - 3_600_000), EndTime: new Date(end), MetricDataQueries: [{ Id: 'q', MetricStat: { Metric: metric, Period: 60, Stat: 'Average' } }] }),
    );
    expect(answer.MetricDataResults?.[0]?.Timestamps?.length).toBeGreaterThan(0);
    client.destroy();
    return copies;
  }

  it("Opsdeck's clients skip the SDK's masked copy of every answer (the SDK's default logger makes one)", async () => {
    const t = { region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
    expect(await copiesMade(createCloudWatchClient(t))).toBe(0);
    // The same client options with the SDK's default logger: the copy is made.
    const { logger: _ours, ...sdkDefault } = clientOptions(t);
    expect(await copiesMade(new CloudWatchClient(sdkDefault))).toBe(1);
  });
});
