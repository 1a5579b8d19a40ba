// Bad input loses nothing: a query the source rejects stays on its series; a full disk
// pauses the sync with the reason and corrupts nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim/server';
import { openCache } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { SyncEngine } from './engine';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const DAY = 86_400_000;
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: () => NOW });
});
afterAll(async () => {
  await sim.close();
});

function setup() {
  const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-bad-')));
  const engine = new SyncEngine({
    sourceId: 'demo',
    client: createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 2, retryBaseMs: 5 }),
    cache,
    now: () => NOW,
    backfillMs: 1 * DAY,
  });
  return { cache, engine };
}

describe('bad input', () => {
  it('a query the source rejects is recorded on its series; every other series syncs', async () => {
    const clean = setup();
    await clean.engine.runOnce();
    const good = clean.cache.stats().points;
    // A statistic CloudWatch does not know: the sim answers ValidationError for the whole
    // call it is packed into, so the engine must find it among ~200 queries.
    const fresh = setup();
    fresh.cache.ensureSeries('demo', [
      { key: 'ECommerce/Services|Latency|Service=order-service|tm99x', namespace: 'ECommerce/Services', metric: 'Latency', dimensions: [{ name: 'Service', value: 'order-service' }], stat: 'tm99x', unit: null },
    ]);
    await fresh.engine.runOnce();
    const errors = fresh.cache.seriesErrors('demo');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.key).toBe('ECommerce/Services|Latency|Service=order-service|tm99x');
    expect(errors[0]?.error).toMatch(/tm99x|statistic|Stat/i);
    // Every other series is complete: the same number of points as a clean run.
    expect(fresh.cache.stats().points).toBe(good);
    expect(fresh.engine.connectivity.state).toBe('online');
  });

  it('a full disk pauses the sync, says why, and corrupts nothing; it resumes when there is room', async () => {
    const { cache, engine } = setup();
    // Room for the catalogue and a little data, not for a day of history.
    cache.db.pragma('max_page_count = 400');
    await expect(engine.runOnce()).rejects.toThrow();
    expect(engine.connectivity.lastError).toMatch(/disk holding the cache is full: sync is paused/);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    cache.db.pragma('max_page_count = 1073741823');
    await engine.runOnce();
    expect(engine.connectivity).toMatchObject({ state: 'online', lastError: null });
    expect(engine.status.complete).toBe(true);
  });
});
