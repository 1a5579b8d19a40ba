// The kept-blocks table's encoding and statements (store/sliSettled.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCache } from './cache';
import { BLOCK_BUCKETS, SLI_SETTLED_SQL, blockSpan, SliSettledStore, decodeBuckets, encodeBuckets, type StoredBucket } from './sliSettled';

// A start every block span divides (6 h, 30 h, 15 days).
const BLOCK = 1_800_000_000 - (1_800_000_000 % (blockSpan(3600) * 5));
const SPAN = blockSpan(60);

describe('kept SLI blocks', () => {
  it('encode → decode is exact for any buckets the engine makes (grid or sparse, f32 or f64 counts)', () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }));
    for (const step of [60, 300, 3600]) {
      fc.assert(
        fc.property(fc.array(fc.tuple(count, count, fc.boolean(), fc.integer({ min: 1, max: 60 })), { maxLength: BLOCK_BUCKETS }), fc.boolean(), (raw, grid) => {
          let t = BLOCK;
          const buckets: StoredBucket[] = raw.map(([a, b, gap, w]) => {
            if (!grid && gap) t += step;
            const bucket = { t: t * 1000, good: Math.min(a, b), total: Math.max(a, b), widthMs: grid ? step * 1000 : w * 60_000 };
            t += step;
            return bucket;
          });
          const hi = BLOCK + blockSpan(step);
          if (buckets.some((b) => b.t >= hi * 1000)) return;
          expect(decodeBuckets(encodeBuckets(buckets, BLOCK, BLOCK, step), BLOCK, BLOCK, hi, step)).toEqual(buckets);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('an event grid of f32-exact counts takes 8 bytes a bucket', () => {
    const buckets = Array.from({ length: 360 }, (_, i) => ({ t: (BLOCK + 60 * i) * 1000, good: 700 + i, total: 705 + i, widthMs: 60_000 }));
    expect(encodeBuckets(buckets, BLOCK, BLOCK, 60).byteLength).toBe(5 + 360 * 8);
  });

  it('refuses blobs that are not buckets: truncated, unknown flags, out of order, negative', () => {
    const ok = encodeBuckets([{ t: BLOCK * 1000, good: 1, total: 2, widthMs: 60_000 }, { t: (BLOCK + 120) * 1000, good: 0, total: 1, widthMs: 60_000 }], BLOCK, BLOCK, 60);
    expect(decodeBuckets(ok, BLOCK, BLOCK, BLOCK + SPAN, 60)).toHaveLength(2);
    expect(decodeBuckets(ok.subarray(0, ok.length - 1), BLOCK, BLOCK, BLOCK + SPAN, 60)).toBeNull();
    const flags = Buffer.from(ok);
    flags[0] = 0x80;
    expect(decodeBuckets(flags, BLOCK, BLOCK, BLOCK + SPAN, 60)).toBeNull();
    expect(decodeBuckets(encodeBuckets([{ t: (BLOCK + 60) * 1000, good: 1, total: 1, widthMs: 60_000 }, { t: BLOCK * 1000, good: 1, total: 1, widthMs: 60_000 }], BLOCK, BLOCK, 60), BLOCK, BLOCK, BLOCK + SPAN, 60)).toBeNull();
    expect(decodeBuckets(encodeBuckets([{ t: BLOCK * 1000, good: 3, total: 2, widthMs: 60_000 }], BLOCK, BLOCK, 60), BLOCK, BLOCK, BLOCK + SPAN, 60)).toBeNull();
    // Outside the part it claims to cover.
    expect(decodeBuckets(ok, BLOCK, BLOCK + 600, BLOCK + SPAN, 60)).toBeNull();
  });

  it('every statement prepares against the migrated cache, and every method runs', () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-sli-settled-')));
    for (const sql of Object.values(SLI_SETTLED_SQL)) expect(() => cache.db.prepare(sql), sql).not.toThrow();
    const store = SliSettledStore.of(cache.db);
    const buckets = [{ t: BLOCK * 1000, good: 1, total: 2, widthMs: 60_000 }];
    expect(store.put('p', [1, 2], 60, store.maxSeq(), [{ block: BLOCK, lo: BLOCK, hi: BLOCK + 60, buckets }], 5)).toBe(true);
    expect(store.load('p', 60, BLOCK, BLOCK + 1, 10)).toEqual([{ block: BLOCK, lo: BLOCK, hi: BLOCK + 60, builtAt: 5, buckets }]);
    store.touch('p', 60, BLOCK, BLOCK + 1, 10);
    expect(store.applyLog()).toEqual([]);
    expect(store.state()).toEqual({ applied: 0, pruned: 0 });
    store.dropUnused(11);
    expect(store.load('p', 60, BLOCK, BLOCK + 1, 12)).toEqual([]);
    cache.close();
  });

  it('reads back only the changes to the series asked for: a backfill logging thousands of other series costs a reader nothing', () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-sli-settled-')));
    const store = SliSettledStore.of(cache.db);
    const parts = [{ block: BLOCK, lo: BLOCK, hi: BLOCK + 60, buckets: [{ t: BLOCK * 1000, good: 1, total: 2, widthMs: 60_000 }] }];
    expect(store.put('reads-7', [7], 60, store.maxSeq(), parts, 5)).toBe(true);
    const before = store.maxSeq();
    const log = cache.db.prepare('INSERT INTO sli_data_changes (series_id, lo, hi) VALUES (?, ?, ?)');
    cache.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) log.run(100 + (i % 5_000), BLOCK, BLOCK + 60);
      log.run(7, BLOCK, BLOCK + 60);
      for (let i = 0; i < 10_000; i++) log.run(100 + (i % 5_000), BLOCK, BLOCK + 60);
    })();
    const change = { seq: before + 10_001, seriesId: 7, lo: BLOCK, hi: BLOCK + 60 };
    expect(store.changesSince(before, [7, 8])).toEqual([change]);
    expect(store.changesSince(before, [8])).toEqual([]);
    // Blocks computed from data read before the change: refused for a plan reading series 7 only.
    expect(store.put('reads-8', [8], 60, before, parts, 6)).toBe(true);
    expect(store.put('reads-7-and-9', [9, 7], 60, before, parts, 6)).toBe(false);
    // Applying the log deletes the block that read series 7, keeps the other, and moves past every entry.
    expect(store.applyLog()).toEqual([change]);
    expect(store.load('reads-7', 60, BLOCK, BLOCK + 1, 7)).toEqual([]);
    expect(store.load('reads-8', 60, BLOCK, BLOCK + 1, 7)).toHaveLength(1);
    expect(store.state().applied).toBe(store.maxSeq());
    expect(store.applyLog()).toEqual([]);
    cache.close();
  });

  it('a lost state row (damaged or hand-edited file) drops every kept block instead of failing: the SLOs are then computed from the datapoints', () => {
    const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-sli-settled-')));
    const store = SliSettledStore.of(cache.db);
    const parts = [{ block: BLOCK, lo: BLOCK, hi: BLOCK + 60, buckets: [{ t: BLOCK * 1000, good: 1, total: 2, widthMs: 60_000 }] }];
    expect(store.put('p', [7], 60, store.maxSeq(), parts, 5)).toBe(true);
    cache.db.prepare('INSERT INTO sli_data_changes (series_id, lo, hi) VALUES (8, 0, 1)').run();
    cache.db.prepare('DELETE FROM sli_settled_state').run();
    expect(store.state()).toEqual({ applied: 1, pruned: 1 });
    expect(store.load('p', 60, BLOCK, BLOCK + 1, 6)).toEqual([]);
    expect(store.applyLog()).toEqual([]);
    // Kept again from here on.
    expect(store.put('p', [7], 60, store.maxSeq(), parts, 7)).toBe(true);
    expect(store.load('p', 60, BLOCK, BLOCK + 1, 8)).toHaveLength(1);
    cache.close();
  });
});
