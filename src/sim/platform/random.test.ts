import { describe, expect, it } from 'vitest';
import { gaussian, hashString, mix, normCdf, normInv, poissonCount, seedKey, smoothNoise, uniform } from './random';

describe('deterministic noise', () => {
  it('is a pure function of its inputs', () => {
    expect(uniform(1, 2, 3)).toBe(uniform(1, 2, 3));
    expect(uniform(1, 2, 3)).not.toBe(uniform(1, 2, 4));
    expect(hashString('payment-service')).toBe(hashString('payment-service'));
    expect(hashString('payment-service')).not.toBe(hashString('payment-servicf'));
    expect(mix(0, 0)).toBeGreaterThanOrEqual(0);
  });

  it('folds seeds beyond 32 bits without collapsing them', () => {
    expect(seedKey(1)).not.toBe(seedKey(2));
    expect(seedKey(2 ** 32 + 1)).not.toBe(seedKey(1));
  });

  it('has the moments it claims: uniform mean 1/2, gaussian mean 0 and variance 1, Poisson mean = variance = λ', () => {
    const n = 100_000;
    let u = 0;
    let g = 0;
    let g2 = 0;
    let p = 0;
    let p2 = 0;
    for (let i = 0; i < n; i++) {
      u += uniform(7, 11, i);
      const x = gaussian(7, 13, i);
      g += x;
      g2 += x * x;
      const k = poissonCount(12.5, 7, 17, i);
      p += k;
      p2 += k * k;
    }
    expect(u / n).toBeCloseTo(0.5, 2);
    expect(g / n).toBeCloseTo(0, 1);
    expect(g2 / n).toBeCloseTo(1, 1);
    expect(p / n).toBeCloseTo(12.5, 1);
    expect(p2 / n - (p / n) ** 2).toBeGreaterThan(12);
    expect(p2 / n - (p / n) ** 2).toBeLessThan(13);
  });

  it('poissonCount: zero for no expectation; integers around large means', () => {
    expect(poissonCount(0, 1, 1, 1)).toBe(0);
    expect(poissonCount(-3, 1, 1, 1)).toBe(0);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const k = poissonCount(1000, 3, 5, i);
      expect(Number.isInteger(k)).toBe(true);
      sum += k;
    }
    expect(sum / 20_000).toBeCloseTo(1000, -1);
  });

  it('smoothNoise stays in [-1, 1] and moves little between adjacent minutes', () => {
    let maxStep = 0;
    let prev = smoothNoise(1, 2, 0, 1800);
    for (let sec = 60; sec < 86_400; sec += 60) {
      const v = smoothNoise(1, 2, sec, 1800);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
      maxStep = Math.max(maxStep, Math.abs(v - prev));
      prev = v;
    }
    // A smoothstep over 30 knots-minutes moves at most 1.5 × 2 / 30 per minute.
    expect(maxStep).toBeLessThan(0.1);
  });
});

describe('normal distribution helpers', () => {
  it('match tabulated values', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 7);
    expect(normCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normCdf(-1.644853627)).toBeCloseTo(0.05, 6);
    expect(normInv(0.95)).toBeCloseTo(1.644853627, 6);
    expect(normInv(0.99)).toBeCloseTo(2.326347874, 6);
    expect(normInv(0.999)).toBeCloseTo(3.090232306, 5);
    expect(normInv(0.5)).toBeCloseTo(0, 6);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normInv(0)).toThrow(/p must be in \(0, 1\)/);
    expect(() => normInv(1)).toThrow(RangeError);
  });
});
