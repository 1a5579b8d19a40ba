// A hung AWS Backup endpoint (accepts the connection, never answers) while CloudWatch and RDS
// answer: the backups part fails within its request timeout, naming the call and what is not
// refreshed; the CloudWatch parts keep syncing; and the part stays failing — derived from its
// stored sub-parts — instead of reading "ok" on the next run that had nothing due.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import { DEMO_SEED } from '../sources/demo';
import { createBackupClient } from '../sources/aws/backup';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { createRdsClient } from '../sources/aws/rds';
import { BackupStore } from '../store/backups';
import { openCache, type CacheStore } from '../store/cache';
import { BackupSync, backupsPart } from './backups';
import { SyncEngine } from './engine';
import type { PartStatus } from './parts';

const REQUEST_TIMEOUT_MS = 1_000;
let sim: Simulator;
let hung: Server;
const sockets = new Set<Socket>();
let hungEndpoint = '';
let dir: string;
let cache: CacheStore;

beforeEach(async () => {
  sim = await startSimulator({ seed: DEMO_SEED, now: () => Date.now() });
  hung = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const address = hung.address();
  hungEndpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-backup-hang-'));
  cache = openCache(dir).cache;
});
afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
  cache.close();
  rmSync(dir, { recursive: true, force: true });
  await sim.close();
});

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('a hung Backup endpoint fails the backups part within its timeout while CloudWatch keeps syncing', async () => {
  const base = { region: 'us-east-1', staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1, requestTimeoutMs: REQUEST_TIMEOUT_MS };
  const backupSync = new BackupSync({ sourceId: 'demo', backup: createBackupClient({ ...base, endpoint: hungEndpoint }), rds: createRdsClient({ ...base, endpoint: sim.endpoint }), db: cache.db });
  const engine = new SyncEngine({
    sourceId: 'demo',
    client: createCloudWatchClient({ ...base, endpoint: sim.endpoint, requestTimeoutMs: 10_000 }),
    cache,
    liveIntervalMs: 300,
    backfillMs: 3_600_000,
    extraParts: ({ changed }) => [backupsPart(backupSync, changed)],
  });
  const part = (id: string): PartStatus => engine.parts.find((p) => p.id === id)!;
  engine.start();
  try {
    // It starts after the first alarm run.
    const startedAt = await until('the backups part to start', () => part('backups').runningSince, 20_000);
    const failed = await until('the backups part to fail', () => (part('backups').state === 'failing' ? part('backups') : null), 20_000);
    const elapsed = (failed.lastAttemptAt ?? Infinity) - startedAt;
    // One request timeout for the first Backup call, not one per Backup part (six of them).
    expect(elapsed).toBeLessThan(5 * REQUEST_TIMEOUT_MS);
    expect(failed.failedCall).toBe('ListBackupPlans');
    expect(failed.lastError).toMatch(/^backup plans, selections and restore testing plans not refreshed: ListBackupPlans: AWS Backup did not answer within the request timeout/);
    expect(failed.lastError).toContain('also not refreshed: vaults and recovery points, protected resources, backup jobs, copy jobs, restore jobs');
    expect(failed.lastError).toContain('RDS databases, snapshots and events current');
    expect(failed.lastSuccessAt).toBeNull();

    // CloudWatch keeps syncing after the failure…
    const alarmsAt = part('alarms').lastSuccessAt ?? 0;
    await until('another alarm run', () => (part('alarms').lastSuccessAt ?? 0) > Math.max(alarmsAt, failed.lastAttemptAt ?? 0), 15_000);
    expect(part('datapoints').state).toBe('ok');
    expect(cache.alarms('demo').length).toBeGreaterThan(5);
    // …while the backups part, re-run with nothing due (its sub-parts retry after a minute), stays failing.
    const runsBefore = part('backups').lastAttemptAt ?? 0;
    await until('the backups part to run again', () => (part('backups').lastAttemptAt ?? 0) > runsBefore, 15_000);
    expect(part('backups').state).toBe('failing');
    expect(part('backups').lastSuccessAt).toBeNull();
    // The Backups page's table says the same.
    const rows = new Map(new BackupStore(cache.db).partStatus('demo').map((r) => [r.part, r]));
    expect(rows.get('rds')!.lastError).toBeNull();
    expect(rows.get('backup-plans')!.lastError).toMatch(/ListBackupPlans: AWS Backup did not answer/);
    expect(rows.get('backup-jobs')!.lastError).toMatch(/^backup jobs not refreshed: not tried, AWS Backup did not answer ListBackupPlans/);
    expect(rows.get('backup-jobs')!.calls).toBe(0);
    expect(engine.connectivity.state).toBe('degraded');
    expect(engine.connectivity.lastError).toMatch(/ListBackupPlans: backup plans.* — backups \(AWS Backup, RDS\) not updated; .*alarms.* current/);
  } finally {
    await engine.stop();
  }
}, 60_000);
