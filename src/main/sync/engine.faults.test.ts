// The fault matrix: each fault the simulator can inject, against the real SDK client, on both
// store layouts — rows only, and with compaction on (headMs 6 h: rows older than the head move
// into Gorilla chunks). Whatever happens on the wire, what the store holds — read through
// chunks and head together — ends identical to a fault-free run of the same layout.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Fault, type Simulator } from '../../sim/server';
import { openCache, type CacheStore } from '../store/cache';
import { createCloudWatchClient } from '../sources/aws/cloudwatch';
import { SyncEngine } from './engine';

const NOW = Date.UTC(2026, 10, 20, 15, 0, 0);
const DAY = 86_400_000;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 11, now: () => NOW });
});
afterAll(async () => {
  await sim.close();
});

/** Passes as the engine's loop would make them, until one succeeds (or give up). */
async function syncUntilDone(engine: SyncEngine, maxPasses = 8): Promise<number> {
  for (let pass = 1; pass <= maxPasses; pass++) {
    try {
      await engine.runOnce();
      return pass;
    } catch {
      // the loop would back off and try again
    }
  }
  throw new Error('sync never completed');
}

/** A fingerprint of everything the store holds: every (series, ts, value) plus watermarks and alarms. */
function fingerprint(cache: CacheStore): { points: number; hash: string } {
  const h = createHash('sha256');
  let points = 0;
  for (const s of cache.db.prepare('SELECT id, key FROM series ORDER BY key').all() as { id: number; key: string }[]) {
    for (const row of cache.points(s.id, 0, 2 ** 40)) {
      h.update(`${s.key}|${row.ts}|${row.value}\n`);
      points++;
    }
  }
  for (const row of cache.db.prepare('SELECT s.key, w.oldest, w.newest FROM watermarks w JOIN series s ON s.id = w.series_id ORDER BY s.key').all() as { key: string; oldest: number; newest: number }[]) {
    h.update(`W|${row.key}|${row.oldest}|${row.newest}\n`);
  }
  for (const a of cache.alarms('demo')) h.update(`A|${a.name}|${a.state}\n`);
  return { points, hash: h.digest('hex') };
}

const ALL_CASES: { name: string; faults: Fault[] }[] = [
  { name: 'throttling', faults: [{ kind: 'throttle', count: 3, operation: 'GetMetricData' }] },
  { name: 'HTTP 500', faults: [{ kind: 'http500', count: 2 }] },
  { name: 'HTTP 503', faults: [{ kind: 'http503', count: 3, operation: 'GetMetricData' }] },
  { name: 'slow responses past the timeout', faults: [{ kind: 'slow', delayMs: 2_500, count: 1, operation: 'GetMetricData' }] },
  { name: 'connection resets', faults: [{ kind: 'reset', count: 3 }] },
  { name: 'truncated bodies', faults: [{ kind: 'truncated', count: 2, operation: 'GetMetricData' }] },
  { name: 'malformed bodies', faults: [{ kind: 'malformed', count: 2, operation: 'GetMetricData' }] },
  { name: 'PartialData results', faults: [{ kind: 'partial', count: 6, operation: 'GetMetricData' }] },
  { name: 'everything at once', faults: [{ kind: 'throttle', count: 1 }, { kind: 'reset', count: 1 }, { kind: 'partial', count: 2 }, { kind: 'malformed', count: 1 }, { kind: 'http503', count: 1 }] },
];

interface Layout {
  name: string;
  headMs: number | null;
  /** The faults run against this layout: the chunked one repeats the ones that reach the write path differently. */
  cases: string[];
  /** What the fault-free run must have left in the tables. */
  checkLayout(cache: CacheStore): void;
}

const LAYOUTS: Layout[] = [
  {
    name: 'rows only',
    headMs: null,
    cases: ALL_CASES.map((c) => c.name),
    checkLayout: (cache) => expect(cache.db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBe(0),
  },
  {
    name: 'with compaction on',
    headMs: 6 * 3_600_000,
    cases: ['throttling', 'connection resets', 'PartialData results', 'everything at once'],
    checkLayout: (cache) => {
      // Compaction ran: most of it is in chunks, only the last 6 h (and the window they start in) in rows.
      expect(cache.db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBeGreaterThan(0);
      expect(cache.db.prepare('SELECT count(*) FROM points WHERE ts < ?').pluck().get(NOW / 1000 - 12 * 3600)).toBe(0);
    },
  },
];

describe.each(LAYOUTS)('fault matrix, $name', (layout) => {
  const engineOn = (cache: CacheStore): SyncEngine =>
    new SyncEngine({
      sourceId: 'demo',
      // Fast retries so the matrix runs quickly; the strategy is the production one.
      client: createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 4, retryBaseMs: 5, retryCapMs: 20, requestTimeoutMs: 2_000 }),
      cache,
      now: () => NOW,
      backfillMs: 2 * DAY,
      ...(layout.headMs !== null ? { headMs: layout.headMs } : {}),
    });
  const freshCache = (): CacheStore => openCache(mkdtempSync(join(tmpdir(), 'opsdeck-faults-'))).cache;
  let reference: { points: number; hash: string };

  it('fault-free reference run', async () => {
    sim.clearFaults();
    const cache = freshCache();
    expect(await syncUntilDone(engineOn(cache))).toBe(1);
    reference = fingerprint(cache);
    expect(reference.points).toBeGreaterThan(50 * 2 * 1440);
    layout.checkLayout(cache);
    cache.close();
  });

  for (const c of ALL_CASES.filter((x) => layout.cases.includes(x.name))) {
    it(`${c.name}: the store ends identical to the fault-free run`, async () => {
      const cache = freshCache();
      sim.clearFaults();
      sim.injectFaults(c.faults);
      await syncUntilDone(engineOn(cache));
      sim.clearFaults();
      expect(fingerprint(cache)).toEqual(reference);
      cache.close();
    });
  }

  it('an outage mid-backfill: offline, nothing corrupted, and it completes when the source returns', async () => {
    const cache = freshCache();
    const engine = engineOn(cache);
    sim.clearFaults();
    // Let a few calls through, then the port closes.
    sim.injectFaults([{ kind: 'slow', delayMs: 1, count: 5, operation: 'GetMetricData' }]);
    // The expectation is attached before the outage: the pass may fail while setOutage is still
    // closing sockets, and a rejection nobody listens to yet is reported as unhandled.
    const passFails = expect(engine.runOnce()).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 30));
    await sim.setOutage(true);
    await passFails;
    expect(engine.connectivity.state).toBe('degraded');
    await expect(engine.runOnce()).rejects.toThrow();
    expect(engine.connectivity.state).toBe('offline');
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await sim.setOutage(false);
    sim.clearFaults();
    await syncUntilDone(engine);
    expect(fingerprint(cache)).toEqual(reference);
    cache.close();
  });
});
