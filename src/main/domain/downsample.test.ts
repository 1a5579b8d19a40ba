import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketIndex } from './slo/bucketIndex';
import { lttb } from './downsample';

describe('lttb', () => {
  it('keeps short series as they are', () => {
    const pts = [1, 2, 3].map((t) => ({ t, value: t * 2 }));
    expect(lttb(pts, 10)).toEqual(pts);
  });

  it('keeps the first and last point and the spike', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) => ({ t: i, value: i === 6_543 ? 1_000 : 1 }));
    const out = lttb(pts, 500);
    expect(out).toHaveLength(500);
    expect(out[0]).toEqual({ t: 0, value: 1 });
    expect(out[out.length - 1]).toEqual({ t: 9_999, value: 1 });
    expect(out).toContainEqual({ t: 6_543, value: 1_000 });
  });

  it('returns at most `threshold` points, in time order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 3_000 }), fc.integer({ min: 3, max: 400 }), (values, threshold) => {
        const out = lttb(values.map((value, t) => ({ t, value })), threshold);
        expect(out.length).toBeLessThanOrEqual(Math.max(threshold, 0));
        for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
      }),
    );
  });

  it('refuses a threshold below 3', () => {
    expect(() => lttb([], 2)).toThrow(/threshold must be an integer ≥ 3/);
  });
});

describe('BucketIndex', () => {
  const buckets = [
    { t: 0, good: 9, total: 10, widthMs: 60_000 },
    { t: 60_000, good: 5, total: 10, widthMs: 60_000 },
    { t: 300_000, good: 40, total: 50, widthMs: 300_000 },
  ];
  const index = new BucketIndex(buckets);

  it('sums the buckets that start in [from, to), covered time clipped at `to`', () => {
    expect(index.sum(0, 120_000)).toEqual({ good: 14, bad: 6, total: 20, coveredMs: 120_000, buckets: 2 });
    expect(index.sum(60_000, 400_000)).toEqual({ good: 45, bad: 15, total: 60, coveredMs: 60_000 + 100_000, buckets: 2 });
    expect(index.sum(120_000, 300_000)).toEqual({ good: 0, bad: 0, total: 0, coveredMs: 0, buckets: 0 });
  });

  it('agrees with a plain scan on random windows', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 700_000 }), fc.integer({ min: 0, max: 700_000 }), (from, len) => {
        const to = from + len;
        const inside = buckets.filter((b) => b.t >= from && b.t < to);
        const s = index.sum(from, to);
        expect(s.total).toBe(inside.reduce((a, b) => a + b.total, 0));
        expect(s.good).toBe(inside.reduce((a, b) => a + b.good, 0));
        expect(s.coveredMs).toBe(inside.reduce((a, b) => a + Math.min(b.t + b.widthMs, to) - b.t, 0));
      }),
    );
  });
});
