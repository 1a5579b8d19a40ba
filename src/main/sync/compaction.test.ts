// VACUUM rewrites the whole cache file: once after the backfill, then daily — not on every
// start. Its time is kept with cache.db, so a restarted engine knows it was done.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import { openCache, type CacheStore } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { SyncEngine } from './engine';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const DAY = 86_400_000;
let sim: Simulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function passAt(dir: string, now: number): Promise<number> {
  sim ??= await startSimulator({ seed: 7, now: () => NOW });
  const cache: CacheStore = openCache(dir).cache;
  const compact = vi.spyOn(cache, 'compact');
  const engine = new SyncEngine({
    sourceId: 'demo',
    client: createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 2, retryBaseMs: 5 }),
    cache,
    now: () => now,
    backfillMs: 0.02 * DAY,
  });
  await engine.runOnce();
  cache.close();
  return compact.mock.calls.length;
}

describe('cache compaction', () => {
  it('runs once after the backfill, is not repeated by a restart the same day, and runs again a day later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-compact-'));
    expect(await passAt(dir, NOW)).toBe(1);
    expect(await passAt(dir, NOW + 60_000)).toBe(0); // a restart: a new engine on the same file
    expect(openCache(dir).cache.lastCompactedAt()).toBe(NOW);
    expect(await passAt(dir, NOW + DAY + 60_000)).toBe(1);
  }, 60_000);
});
