import { describe, expect, it } from 'vitest';
import { burnTop, roundDown, sliScale } from './chartScale';

const attainment = (target: number, values: (number | null)[]) => ({ kind: 'attainment' as const, target, points: values.map((value, i) => ({ t: i, value })) });

describe('the SLI chart never hides a dip', () => {
  it('without a deep dip the axis runs from ten budgets below the target to 100 %, on even round ticks', () => {
    expect(sliScale(attainment(99.9, [99.95, 99.99, 100]))).toEqual({ domain: [98.9, 100], ticks: [99, 99.5, 100] });
    expect(sliScale(attainment(99.99, [99.995, 100]))).toEqual({ domain: [99.89, 100], ticks: [99.9, 99.95, 100] });
  });

  it('a dip below that floor takes the axis down to a round value under it', () => {
    const s = sliScale(attainment(99.99, [100, 95.62, null, 99.999]));
    expect(s.domain).toEqual([95, 100]);
    expect(s.domain[0]).toBeLessThanOrEqual(95.62);
    // Evenly spaced: 96, 98, 100 — not 95, 97, 99, 100.
    expect(s.ticks).toEqual([96, 98, 100]);
    expect(sliScale(attainment(99.9, [0, 100])).domain).toEqual([0, 100]);
  });

  it('round axis ends', () => {
    expect([91.2, 99.63, 42, 100, 0].map(roundDown)).toEqual([91, 99.6, 40, 100, 0]);
  });

  it('a time-slice value is rounded outwards, its threshold inside', () => {
    const s = sliScale({ kind: 'value', target: 300, points: [{ t: 0, value: 212 }, { t: 1, value: 486.7 }] });
    expect(s.domain[0]).toBeLessThanOrEqual(212);
    expect(s.domain[1]).toBeGreaterThanOrEqual(486.7);
    expect(s.ticks.every((t, i, all) => i === 0 || Math.abs(t - all[i - 1]! - (all[1]! - all[0]!)) < 1e-9)).toBe(true);
  });
});

describe('the burn chart says when it is clipped', () => {
  const thresholds = [
    { window: '1h', value: 14.4, severity: 'page' as const, rule: 'fast' },
    { window: '3d', value: 1, severity: 'ticket' as const, rule: 'slow' },
  ];
  const burns = (values: (number | null)[]) => values.map((v, t) => ({ t, burn: { '1h': v, '3d': null } }));

  it('a peak over 5× the highest threshold is clipped there: 233× on an axis to 72×', () => {
    const b = burnTop({ thresholds, points: burns([0.5, 233, null]) });
    expect(b.peak).toBe(233);
    expect(b.top).toBeCloseTo(72, 9);
    expect(b.max > b.top).toBe(true);
  });

  it('a peak that fits gets 5 % headroom; below the thresholds, the thresholds set the top', () => {
    expect(burnTop({ thresholds, points: burns([20]) })).toEqual({ peak: 20, max: 20, top: 21 });
    expect(burnTop({ thresholds, points: burns([0.2]) }).top).toBeCloseTo(15.12, 9);
  });

  it('no burn rate at all: no peak, and no made-up one', () => {
    expect(burnTop({ thresholds, points: burns([null, null]) }).peak).toBeNull();
    expect(burnTop({ thresholds: [], points: burns([null]) })).toEqual({ peak: null, max: 1, top: 1.05 });
  });
});
