// The dashboard's per-chunk bucket cache against the uncached computation (every row the
// chunk store reads for the range, bucketed in one go): equal on first and cached reads, and
// still equal after compaction, a late point, a value rewrite or retention changed a chunk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketMeans, bucketRates, gridOf, meansOf, ratesOf, type Grid } from '../domain/metrics/series';
import { openCache, type CacheStore } from '../store/cache';
import { CHUNK_SPAN_S, chunksOf, HEAD_S } from '../store/chunks';
import { downsampleOlderThan } from '../store/retention';
import { PartialCache } from './partial-cache';

const DAY = 86_400;
const NOW = 1_800_000_000 - (1_800_000_000 % DAY);
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Two series (a counter and a gauge) over `days`, 60-s points, a 10-minute gap each day, compacted but for the head. */
function filled(days = 3): { cache: CacheStore; req: number; cpu: number } {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-partials-'));
  dirs.push(dir);
  const { cache } = openCache(dir);
  const ids = cache.ensureSeries('demo', [
    { key: 'req', namespace: 'N', metric: 'RequestCount', dimensions: [], stat: 'Sum', unit: null },
    { key: 'cpu', namespace: 'N', metric: 'CPU', dimensions: [], stat: 'Average', unit: null },
  ]);
  const req = ids.get('req')!;
  const cpu = ids.get('cpu')!;
  const points = [];
  for (let ts = NOW - days * DAY; ts < NOW; ts += 60) {
    if (ts % DAY >= 3600 && ts % DAY < 4200) continue;
    points.push({ seriesId: req, ts, value: 100 + ((ts / 60) % 13) });
    points.push({ seriesId: cpu, ts, value: 40 + Math.sin(ts / 997) * 7.3 });
  }
  cache.writePage(points, [req, cpu].map((seriesId) => ({ seriesId, oldest: NOW - days * DAY, newest: NOW })));
  chunksOf(cache.db).compactBefore(NOW - HEAD_S);
  return { cache, req, cpu };
}

/** Bucket values equal (NaN where the other is NaN) to within float rounding of a different summation order. */
function expectSame(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : Math.abs(a - e) > 1e-9 * Math.max(1, Math.abs(e))) bad.push(`bucket ${i}: ${a} ≠ ${e}`);
  }
  expect(bad.slice(0, 5)).toEqual([]);
}

/** The cached computation and the uncached one over [fromSec, toSec) for both series. */
function compare(cache: CacheStore, partials: PartialCache, ids: { req: number; cpu: number }, fromSec: number, toSec: number, res: number): void {
  const store = chunksOf(cache.db);
  const g: Grid = gridOf(fromSec, toSec, res);
  const cpuRows = store.readRange(ids.cpu, g.startSec, toSec);
  const reqRows = store.readRange(ids.req, g.startSec, toSec);
  expect(cpuRows.length).toBeGreaterThan(0);
  expectSame(meansOf(partials.series(store, ids.cpu, g.startSec, toSec, res), g), bucketMeans(cpuRows, g));
  expectSame(ratesOf([partials.series(store, ids.req, g.startSec, toSec, res)], g, 'second'), bucketRates([reqRows], g, 'second'));
}

describe('PartialCache', () => {
  it('equals the uncached computation, first read and cached, for ranges starting and ending inside chunks', () => {
    const { cache, req, cpu } = filled();
    const partials = new PartialCache();
    for (const [from, to, res] of [
      [NOW - 3 * DAY, NOW, 300],
      [NOW - 2 * DAY + 900, NOW - DAY + 3_000, 300],
      [NOW - 2 * DAY, NOW - 7 * 3600 + 1, 60],
      [NOW - 3 * DAY, NOW, 3600],
    ] as const) {
      compare(cache, partials, { req, cpu }, from, to, res);
      const misses = partials.stats.misses;
      compare(cache, partials, { req, cpu }, from, to, res);
      // The second read of the same range decodes no settled chunk again.
      expect(partials.stats.misses).toBe(misses);
    }
    expect(partials.stats.hits).toBeGreaterThan(0);
    cache.close();
  });

  it('a chunk rewritten by compaction (a late point merged in) is recomputed, not served stale', () => {
    const { cache, req, cpu } = filled();
    const partials = new PartialCache();
    const range = [NOW - 3 * DAY, NOW, 300] as const;
    compare(cache, partials, { req, cpu }, ...range);
    // A late correction of a settled minute: first it sits in the head (which wins on reads) …
    const late = NOW - 2 * DAY + 600;
    cache.writePage(
      [
        { seriesId: cpu, ts: late, value: 1_000 },
        { seriesId: req, ts: late, value: 90_000 },
      ],
      [],
    );
    compare(cache, partials, { req, cpu }, ...range);
    const bucket = Math.floor((late - (NOW - 3 * DAY)) / 300);
    expect(meansOf(partials.series(chunksOf(cache.db), cpu, NOW - 3 * DAY, NOW, 300), gridOf(NOW - 3 * DAY, NOW, 300))[bucket]).toBeGreaterThan(100);
    // … then compaction merges it into its chunk: the same timestamps, new values and checksum.
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    expect(cache.db.prepare('SELECT count(*) FROM points WHERE ts = ?').pluck().get(late)).toBe(0);
    const misses = partials.stats.misses;
    compare(cache, partials, { req, cpu }, ...range);
    expect(partials.stats.misses).toBe(misses + 2);
    expect(meansOf(partials.series(chunksOf(cache.db), cpu, NOW - 3 * DAY, NOW, 300), gridOf(NOW - 3 * DAY, NOW, 300))[bucket]).toBeGreaterThan(100);
    cache.close();
  });

  it('a value rewritten in place (same count, same timestamps) changes the fingerprint', () => {
    const { cache, req, cpu } = filled();
    const partials = new PartialCache();
    compare(cache, partials, { req, cpu }, NOW - 3 * DAY, NOW, 300);
    const store = chunksOf(cache.db);
    const start = NOW - 2 * DAY;
    const before = store.chunksIn(cpu, start, start + CHUNK_SPAN_S)[0]!;
    cache.db.transaction(() => store.writeSettled(cpu, [[start + 60, -5]]))();
    const after = store.chunksIn(cpu, start, start + CHUNK_SPAN_S)[0]!;
    expect([after.count, after.firstTs, after.lastTs]).toEqual([before.count, before.firstTs, before.lastTs]);
    expect(after.fingerprint).not.toBe(before.fingerprint);
    compare(cache, partials, { req, cpu }, NOW - 3 * DAY, NOW, 300);
    cache.close();
  });

  it('chunks rewritten by retention (downsampled to 1 h, windows replaced) are recomputed', () => {
    const { cache, req, cpu } = filled(4);
    const partials = new PartialCache();
    for (const res of [300, 3600]) compare(cache, partials, { req, cpu }, NOW - 4 * DAY, NOW, res);
    expect(downsampleOlderThan(cache, NOW - 2 * DAY - 5_000, 3600)).toBeGreaterThan(0);
    const misses = partials.stats.misses;
    for (const res of [300, 3600]) compare(cache, partials, { req, cpu }, NOW - 4 * DAY, NOW, res);
    expect(partials.stats.misses).toBeGreaterThan(misses);
    // Hourly data now: the 5-minute buckets of the downsampled days hold one point an hour.
    const g = gridOf(NOW - 4 * DAY, NOW, 300);
    const means = meansOf(partials.series(chunksOf(cache.db), cpu, g.startSec, NOW, 300), g);
    expect(Number.isNaN(means[1]!)).toBe(true);
    expect(Number.isNaN(means[0]!)).toBe(false);
    cache.close();
  });

  it('stays within its memory budget, evicting the least recently used, and stays correct', () => {
    const { cache, req, cpu } = filled();
    const partials = new PartialCache(20_000);
    compare(cache, partials, { req, cpu }, NOW - 3 * DAY, NOW, 60);
    expect(partials.stats.bytes).toBeLessThanOrEqual(20_000);
    expect(partials.stats.entries).toBeGreaterThan(0);
    compare(cache, partials, { req, cpu }, NOW - 3 * DAY, NOW, 60);
    cache.close();
  });

  it('with a data version, the store is listed once per version; a new version sees the rewritten chunk', () => {
    const { cache, cpu } = filled();
    const partials = new PartialCache();
    const store = chunksOf(cache.db);
    const g = gridOf(NOW - 3 * DAY, NOW, 300);
    const late = NOW - 2 * DAY + 600;
    const bucket = (late - g.startSec) / 300;
    const read = (version: number): number => meansOf(partials.series(store, cpu, g.startSec, NOW, 300, version), g)[bucket]!;
    const before = read(1);
    cache.db.transaction(() => store.writeSettled(cpu, [[late, 1_000]]))();
    // Same version: the listing (and so the old chunk's partial) is what version 1 saw.
    expect(read(1)).toBe(before);
    // The sync bumps the version with its write: the new chunk is read.
    expect(read(2)).toBeGreaterThan(100);
    expectSame(meansOf(partials.series(store, cpu, g.startSec, NOW, 300, 2), g), bucketMeans(store.readRange(cpu, g.startSec, NOW), g));
    cache.close();
  });

  it('a series with no chunks (all head) or no data at all', () => {
    const { cache, req, cpu } = filled();
    const partials = new PartialCache();
    compare(cache, partials, { req, cpu }, NOW - 3 * 3600, NOW, 60);
    expect(partials.series(chunksOf(cache.db), 999, NOW - DAY, NOW, 60)).toEqual([]);
    cache.close();
  });
});
