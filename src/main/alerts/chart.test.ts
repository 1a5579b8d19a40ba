import { describe, expect, it } from 'vitest';
import { CHART_MAX_POINTS, thin } from './chart';

describe('the alert chart’s downsampling', () => {
  it('keeps a lone spike among 10,000 points (an every-nth pick would miss it)', () => {
    // One minute-resolution week: flat at 1 except a single 60 s spike to 950.
    const points = Array.from({ length: 10_000 }, (_, i) => ({ t: i * 60_000, v: i === 7_777 ? 950 : 1 }));
    const out = thin(points);
    expect(out.length).toBeLessThanOrEqual(CHART_MAX_POINTS);
    expect(out).toContainEqual({ t: 7_777 * 60_000, v: 950 });
    // 7,777 is not on the every-5th grid the old thinning kept.
    expect(7_777 % (10_000 / CHART_MAX_POINTS)).not.toBe(0);
    expect(out[0]).toEqual(points[0]);
    expect(out[out.length - 1]).toEqual(points[points.length - 1]);
  });

  it('leaves a short series as it is', () => {
    const points = [{ t: 0, v: 1 }, { t: 60_000, v: 2 }];
    expect(thin(points)).toBe(points);
  });
});
