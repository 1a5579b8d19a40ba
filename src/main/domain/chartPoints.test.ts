import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptIndices, thinShared } from './chartPoints';

const STEP = 30 * 60_000;
const wave = (i: number): number => 99.9 + 0.05 * Math.sin(i / 20);

describe('thinShared', () => {
  it('returns short series as they are', () => {
    const pts = [1, 2, 3].map((i) => ({ t: i, v: i }));
    expect(thinShared(pts, [(p) => p.v], 10)).toEqual(pts);
  });

  it('thins 30 days at 30 minutes to about the budget, keeping the ends, the one dip and the one peak', () => {
    const pts = Array.from({ length: 1_440 }, (_, i) => ({ t: i * STEP, v: i === 777 ? 91.2 : i === 1_000 ? 100 : wave(i) }));
    const out = thinShared(pts, [(p) => p.v], 480);
    expect(out.length).toBeLessThanOrEqual(482);
    expect(out.length).toBeGreaterThan(400);
    expect(out[0]).toBe(pts[0]);
    expect(out[out.length - 1]).toBe(pts[1_439]);
    expect(out).toContain(pts[777]);
    expect(out).toContain(pts[1_000]);
  });

  it('keeps a gap as a gap: the line breaks where the data stops', () => {
    const pts = Array.from({ length: 1_440 }, (_, i) => ({ t: i * STEP, v: i >= 600 && i < 700 ? null : wave(i) }));
    const out = thinShared(pts, [(p) => p.v], 200);
    const firstNull = out.findIndex((p) => p.v === null);
    expect(firstNull).toBeGreaterThan(0);
    expect(out[firstNull]!.t).toBe(600 * STEP);
    // The points either side of the hole are real values from before and after it.
    expect(out[firstNull - 1]!.t).toBeLessThan(600 * STEP);
    expect(out.slice(firstNull + 1).some((p) => p.v !== null && p.t >= 700 * STEP)).toBe(true);
    // No line is drawn across the hole: nothing defined inside it survives.
    expect(out.filter((p) => p.t > 600 * STEP && p.t < 700 * STEP && p.v !== null)).toEqual([]);
  });

  it('draws every series at the instants any of them needs: each keeps its own peak', () => {
    const pts = Array.from({ length: 1_440 }, (_, i) => ({ t: i * STEP, a: i === 100 ? 233 : 1 + (i % 7), b: i === 1_300 ? 9 : 2 + Math.cos(i / 50) }));
    const out = thinShared(pts, [(p) => p.a, (p) => p.b], 480);
    expect(out.length).toBeLessThanOrEqual(482);
    expect(out).toContain(pts[100]);
    expect(out).toContain(pts[1_300]);
  });

  it('is always a time-ordered subsequence of the input, at most the budget plus what gaps and extremes add', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { freq: 8 }), { maxLength: 2_000 }), fc.integer({ min: 10, max: 600 }), (values, budget) => {
        const pts = values.map((v, i) => ({ t: i, v }));
        const out = thinShared(pts, [(p) => p.v], budget);
        for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
        for (const p of out) expect(pts[p.t]).toBe(p);
        const gaps = values.filter((v, i) => v === null && i > 0 && values[i - 1] !== null).length;
        if (pts.length > budget) expect(out.length).toBeLessThanOrEqual(budget + 4 + 3 * gaps);
      }),
    );
  });
});

describe('keptIndices', () => {
  it('keeps nothing of a series without values', () => {
    expect(keptIndices([null, null], 10).size).toBe(0);
  });
});
