import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache, type CacheStore } from './cache';
import { CacheCorruptError, CHUNK_SPAN_S, chunksOf, HEAD_S } from './chunks';
import { downsampleOlderThan } from './retention';

const NOW = 1_800_000_000 - (1_800_000_000 % 86_400);
const DAY = 86_400;

function filled(days = 3): { cache: CacheStore; dir: string; ids: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-chunks-'));
  const { cache } = openCache(dir);
  const idMap = cache.ensureSeries('demo', [
    { key: 'req', namespace: 'N', metric: 'RequestCount', dimensions: [], stat: 'Sum', unit: null },
    { key: 'cpu', namespace: 'N', metric: 'CPU', dimensions: [], stat: 'Average', unit: null },
  ]);
  const ids = [idMap.get('req')!, idMap.get('cpu')!];
  const points = [];
  for (let ts = NOW - days * DAY; ts < NOW; ts += 60) {
    // A gap of ten minutes each day, and values that do not repeat.
    if (ts % DAY >= 3600 && ts % DAY < 4200) continue;
    points.push({ seriesId: ids[0]!, ts, value: 100 + ((ts / 60) % 13) });
    points.push({ seriesId: ids[1]!, ts, value: 40 + Math.sin(ts / 997) * 7.3 });
  }
  cache.writePage(points, ids.map((seriesId) => ({ seriesId, oldest: NOW - days * DAY, newest: NOW })));
  return { cache, dir, ids };
}

const headRows = (cache: CacheStore): number => cache.db.prepare('SELECT count(*) FROM points').pluck().get() as number;
const chunkRows = (cache: CacheStore): number => cache.db.prepare('SELECT count(*) FROM chunks').pluck().get() as number;

describe('chunked storage', () => {
  it('compaction moves settled rows into chunks; reads, counts and aggregates are unchanged', () => {
    const { cache, ids } = filled();
    const before = ids.map((id) => cache.points(id, 0, NOW + DAY));
    const sums = cache.sumsByBucket(ids, 0, NOW, 3600);
    const avgs = cache.averagesByBucket([ids[1]!], 0, NOW, 3600);
    const total = cache.stats().points;

    const r = chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    expect(r.series).toBe(2);
    expect(r.points).toBe(total - 2 * (HEAD_S / 60));
    // Only the head stays in rows; the rest is in whole windows.
    expect(headRows(cache)).toBe(2 * (HEAD_S / 60));
    expect(chunkRows(cache)).toBe(2 * Math.ceil((3 * DAY - HEAD_S) / CHUNK_SPAN_S));

    expect(ids.map((id) => cache.points(id, 0, NOW + DAY))).toEqual(before);
    // A range that starts and ends inside chunks.
    expect(cache.points(ids[1]!, NOW - 2 * DAY + 90, NOW - DAY + 30)).toEqual(before[1]!.filter((p) => p.ts >= NOW - 2 * DAY + 90 && p.ts < NOW - DAY + 30));
    expect(cache.sumsByBucket(ids, 0, NOW, 3600)).toEqual(sums);
    expect(cache.averagesByBucket([ids[1]!], 0, NOW, 3600)).toEqual(avgs);
    expect(cache.stats().points).toBe(total);
    expect(cache.newestPointTs('demo')).toBe(NOW - 60);
  });

  it('is idempotent: a second run over the same range changes nothing', () => {
    const { cache, ids } = filled();
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    const snapshot = cache.db.prepare('SELECT series_id, start, data FROM chunks ORDER BY series_id, start').all();
    expect(chunksOf(cache.db).compactBefore(NOW - HEAD_S)).toEqual({ series: 0, points: 0, chunks: 0 });
    expect(cache.db.prepare('SELECT series_id, start, data FROM chunks ORDER BY series_id, start').all()).toEqual(snapshot);
    expect(cache.points(ids[0]!, 0, NOW).length).toBe(3 * 1440 - 3 * 10);
  });

  it('a late point for a chunked range is read at once and merged into its chunk by the next compaction', () => {
    const { cache, ids } = filled();
    const store = chunksOf(cache.db);
    store.compactBefore(NOW - HEAD_S);
    const chunks = chunkRows(cache);
    const inGap = NOW - 2 * DAY + 3600 + 120; // in the daily gap: a point that was missing
    const revised = NOW - 2 * DAY + 7200; // an existing point whose value the source revised
    cache.writePage(
      [
        { seriesId: ids[0]!, ts: inGap, value: 5 },
        { seriesId: ids[0]!, ts: revised, value: 7 },
      ],
      [],
    );
    const read = (): { ts: number; value: number }[] => cache.points(ids[0]!, NOW - 2 * DAY, NOW - 2 * DAY + 3 * 3600);
    const expectLate = (rows: { ts: number; value: number }[]): void => {
      expect(rows.filter((p) => p.ts === inGap)).toEqual([{ ts: inGap, value: 5 }]);
      expect(rows.filter((p) => p.ts === revised)).toEqual([{ ts: revised, value: 7 }]);
      expect(new Set(rows.map((p) => p.ts)).size).toBe(rows.length); // no duplicate
      expect(rows.length).toBe(3 * 60 - 10 + 1);
    };
    expectLate(read());
    expect(store.compactBefore(NOW - HEAD_S)).toEqual({ series: 1, points: 2, chunks: 1 }); // both in one window: re-encoded once
    expect(chunkRows(cache)).toBe(chunks);
    expect(headRows(cache)).toBe(2 * (HEAD_S / 60));
    expectLate(read());
  });

  it('pages older than the head are written straight into chunks; a stale head row never shadows the new value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-chunks-'));
    const { cache } = openCache(dir);
    const id = cache.ensureSeries('demo', [{ key: 'k', namespace: 'N', metric: 'M', dimensions: [], stat: 'Sum', unit: null }]).get('k')!;
    const t0 = NOW - DAY;
    // Rows written while they were recent: t0, t0+60, t0+120.
    cache.writePage([0, 60, 120].map((d) => ({ seriesId: id, ts: t0 + d, value: 1 })), []);
    // Later, with t0 settled: a revised t0+60 (twice in the page: the last wins) and older history.
    cache.writePage(
      [
        { seriesId: id, ts: t0 + 60, value: 2 },
        { seriesId: id, ts: t0 - 600, value: 9 },
        { seriesId: id, ts: t0 + 60, value: 3 },
        { seriesId: id, ts: NOW - 60, value: 4 },
      ],
      [],
      NOW - HEAD_S,
    );
    expect(cache.points(id, 0, NOW)).toEqual([
      { ts: t0 - 600, value: 9 },
      { ts: t0, value: 1 },
      { ts: t0 + 60, value: 3 },
      { ts: t0 + 120, value: 1 },
      { ts: NOW - 60, value: 4 },
    ]);
    // The head rows inside the page's settled range moved into the chunk; t0+120 (outside it)
    // waits for the next compaction; the recent point is a row.
    expect(cache.db.prepare('SELECT ts FROM points ORDER BY ts').pluck().all()).toEqual([t0 + 120, NOW - 60]);
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    expect(cache.db.prepare('SELECT ts FROM points ORDER BY ts').pluck().all()).toEqual([NOW - 60]);
    expect(cache.points(id, 0, NOW).map((p) => p.value)).toEqual([9, 1, 3, 1, 4]);
    expect(cache.stats().points).toBe(5);
    cache.close();
  });

  it('a compaction that dies part-way leaves no gap and no duplicate, and the re-run completes it', () => {
    const { cache, ids } = filled();
    const before = ids.map((id) => cache.points(id, 0, NOW + DAY));
    const store = chunksOf(cache.db);
    // Fail the second series' third chunk write (6 chunks per series), mid-transaction: what a crash there leaves.
    const upsert = (store as unknown as { stmts: { upsertChunk: { run: (...a: unknown[]) => unknown } } }).stmts.upsertChunk;
    const run = upsert.run.bind(upsert);
    let calls = 0;
    upsert.run = (...a: unknown[]) => {
      if (++calls === 9) throw new Error('killed');
      return run(...a);
    };
    expect(() => store.compactBefore(NOW - HEAD_S)).toThrow('killed');
    upsert.run = run;
    // The first series moved, the second is untouched: together exactly the data.
    expect(ids.map((id) => cache.points(id, 0, NOW + DAY))).toEqual(before);
    expect(cache.db.prepare('SELECT count(DISTINCT series_id) FROM chunks').pluck().get()).toBe(1);
    store.compactBefore(NOW - HEAD_S);
    expect(ids.map((id) => cache.points(id, 0, NOW + DAY))).toEqual(before);
    expect(headRows(cache)).toBe(2 * (HEAD_S / 60));
  });

  it('retention downsamples chunked data: sums kept, windows straddling the cutoff split correctly', () => {
    const { cache, ids } = filled(30);
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    const sumBefore = [...cache.sumsByBucket([ids[0]!], 0, NOW, DAY).values()];
    // A cutoff inside a chunk window.
    const cutoff = NOW - 15 * DAY + 3 * 3600 + 1800;
    expect(downsampleOlderThan(cache, cutoff, 300)).toBeGreaterThan(0);
    expect([...cache.sumsByBucket([ids[0]!], 0, NOW, DAY).values()]).toEqual(sumBefore);
    const old = cache.points(ids[1]!, 0, cutoff);
    expect(old.every((p) => p.ts % 300 === 0)).toBe(true);
    expect(cache.points(ids[1]!, cutoff, NOW).filter((p) => p.ts % 300 !== 0).length).toBeGreaterThan(0);
    expect(cache.points(ids[0]!, cutoff, cutoff + 3600).length).toBe(60);
    expect(downsampleOlderThan(cache, cutoff, 300)).toBe(0);
  });

  it('a chunk damaged on disk is detected when read, and the next open quarantines and rebuilds the cache', () => {
    const { cache, dir, ids } = filled();
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    const blob = cache.db.prepare('SELECT data FROM chunks WHERE series_id = ? ORDER BY start LIMIT 1 OFFSET 3').pluck().get(ids[1]!) as Buffer;
    cache.compact();
    cache.close();

    // Flip one bit of that chunk's bytes in the file itself: SQLite cannot see it.
    const file = join(dir, 'cache.db');
    const bytes = readFileSync(file);
    const at = bytes.indexOf(blob.subarray(40, 72));
    expect(at).toBeGreaterThan(0);
    bytes[at + 10] = (bytes[at + 10] as number) ^ 0x04;
    writeFileSync(file, bytes);

    const reopened = openCache(dir);
    expect(reopened.notice).toBeNull(); // nothing read the chunk yet
    const err = (() => {
      try {
        reopened.cache.points(ids[1]!, 0, NOW);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(CacheCorruptError);
    expect((err as CacheCorruptError).code).toBe('SQLITE_CORRUPT');
    expect((err as Error).message).toMatch(/chunk of series \d+ at .* is damaged: chunk checksum mismatch/);
    // Undamaged series still read.
    expect(reopened.cache.points(ids[0]!, 0, NOW).length).toBe(3 * 1440 - 30);
    reopened.cache.close();

    const rebuilt = openCache(dir);
    expect(rebuilt.notice).toMatch(/could not be read \(cache\.db chunk of series/);
    expect(rebuilt.cache.stats().points).toBe(0);
    expect(readdirSync(dir).some((f) => f.startsWith('cache.db.unreadable-'))).toBe(true);
    expect(existsSync(file)).toBe(true);
    rebuilt.cache.close();
  });
});

describe('chunks identical to a sibling statistic\'s are stored as references', () => {
  /** A once-a-minute gauge collected as Average and Maximum (equal at 60 s), and a p99 that differs. */
  function siblings(days = 3): { cache: CacheStore; avg: number; max: number; other: number } {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-chunks-ref-'));
    const { cache } = openCache(dir);
    const ids = cache.ensureSeries('demo', [
      { key: 'cpu|Average', namespace: 'AWS/RDS', metric: 'CPUUtilization', dimensions: [{ name: 'DBInstanceIdentifier', value: 'db' }], stat: 'Average', unit: null },
      { key: 'cpu|Maximum', namespace: 'AWS/RDS', metric: 'CPUUtilization', dimensions: [{ name: 'DBInstanceIdentifier', value: 'db' }], stat: 'Maximum', unit: null },
      { key: 'other|Maximum', namespace: 'AWS/RDS', metric: 'CPUUtilization', dimensions: [{ name: 'DBInstanceIdentifier', value: 'other' }], stat: 'Maximum', unit: null },
    ]);
    const [avg, max, other] = ['cpu|Average', 'cpu|Maximum', 'other|Maximum'].map((k) => ids.get(k)!) as [number, number, number];
    const points = [];
    for (let ts = NOW - days * DAY; ts < NOW; ts += 60) {
      const v = 40 + Math.sin(ts / 997) * 7.3;
      points.push({ seriesId: avg, ts, value: v }, { seriesId: max, ts, value: v }, { seriesId: other, ts, value: v });
    }
    cache.writePage(points, [avg, max, other].map((seriesId) => ({ seriesId, oldest: NOW - days * DAY, newest: NOW })));
    return { cache, avg, max, other };
  }
  const refs = (cache: CacheStore, seriesId: number): number =>
    cache.db.prepare('SELECT count(*) FROM chunks WHERE series_id = ? AND length(data) = 17').pluck().get(seriesId) as number;
  const windows = (cache: CacheStore, seriesId: number): number => cache.db.prepare('SELECT count(*) FROM chunks WHERE series_id = ?').pluck().get(seriesId) as number;

  it('one of two equal statistics of a metric costs 17 bytes a window; the same values of another resource are not shared', () => {
    const { cache, avg, max, other } = siblings();
    const before = [avg, max, other].map((id) => cache.points(id, 0, NOW));
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    expect(refs(cache, avg) + refs(cache, max)).toBe(windows(cache, max));
    expect(refs(cache, other)).toBe(0);
    expect([avg, max, other].map((id) => cache.points(id, 0, NOW))).toEqual(before);
    expect(cache.stats().points).toBe(before[0]!.length * 3);
  });

  it('the target changing (a late point, retention) turns the references into copies: the referrer keeps its own values', () => {
    const { cache, avg, max } = siblings(30);
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    const [target, referrer] = refs(cache, max) > 0 ? [avg, max] : [max, avg];
    expect(refs(cache, referrer)).toBeGreaterThan(0);
    const referrerBefore = cache.points(referrer, 0, NOW);

    // A late point of the target only, in a chunked window, then the compaction that merges it.
    const late = NOW - 2 * DAY + 120;
    cache.writePage([{ seriesId: target, ts: late, value: 99 }], []);
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    expect(cache.points(target, late, late + 1)).toEqual([{ ts: late, value: 99 }]);
    expect(cache.points(referrer, 0, NOW)).toEqual(referrerBefore);

    // Retention rewrites the target's old windows (300 s buckets); the referrer's stay as they were until its turn.
    const cutoff = NOW - 15 * DAY;
    chunksOf(cache.db).replaceBefore(target, cutoff, []);
    expect(cache.points(target, 0, cutoff)).toEqual([]);
    expect(cache.points(referrer, 0, NOW)).toEqual(referrerBefore);
    // The whole retention pass: both end at 300 s before the cutoff, readable.
    expect(downsampleOlderThan(cache, cutoff, 300)).toBeGreaterThan(0);
    expect(cache.points(referrer, 0, cutoff).every((p) => p.ts % 300 === 0)).toBe(true);
    expect(cache.points(referrer, cutoff, NOW)).toEqual(referrerBefore.filter((p) => p.ts >= cutoff));
  });

  it('a reference whose target was damaged or changed behind the store is damage, not wrong numbers', () => {
    const { cache, avg, max } = siblings();
    chunksOf(cache.db).compactBefore(NOW - HEAD_S);
    const [target, referrer] = refs(cache, max) > 0 ? [avg, max] : [max, avg];
    const start = cache.db.prepare('SELECT start FROM chunks WHERE series_id = ? AND length(data) = 17 ORDER BY start LIMIT 1').pluck().get(referrer) as number;
    const good = cache.db.prepare('SELECT data FROM chunks WHERE series_id = ? AND start = ?').pluck().get(target, start) as Buffer;
    // Another valid chunk in its place (as if rewritten without the store): the checksum no longer matches.
    const other = cache.db.prepare('SELECT data FROM chunks WHERE series_id = ? AND start <> ? AND length(data) > 17 LIMIT 1').pluck().get(target, start) as Buffer;
    cache.db.prepare('UPDATE chunks SET data = ? WHERE series_id = ? AND start = ?').run(other, target, start);
    expect(() => cache.points(referrer, start, start + CHUNK_SPAN_S)).toThrow(/refers to series \d+'s chunk, which has changed/);
    cache.db.prepare('UPDATE chunks SET data = ? WHERE series_id = ? AND start = ?').run(good, target, start);
    expect(cache.points(referrer, start, start + CHUNK_SPAN_S).length).toBe(CHUNK_SPAN_S / 60);
    cache.db.prepare('DELETE FROM chunks WHERE series_id = ? AND start = ?').run(target, start);
    expect(() => cache.points(referrer, start, start + CHUNK_SPAN_S)).toThrow(CacheCorruptError);
    // A damaged reference itself.
    const ref = cache.db.prepare('SELECT data FROM chunks WHERE series_id = ? AND length(data) = 17 AND start <> ? LIMIT 1').pluck().get(referrer, start) as Buffer;
    const bad = Buffer.from(ref);
    bad[12] = (bad[12] as number) ^ 1;
    cache.db.prepare('UPDATE chunks SET data = ? WHERE series_id = ? AND data = ?').run(bad, referrer, ref);
    expect(() => cache.points(referrer, 0, NOW)).toThrow(/reference chunk checksum mismatch|which is missing/);
  });
});
