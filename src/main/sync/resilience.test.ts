import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../domain/backoff';
import { CircuitBreaker } from './resilience';

describe('full-jitter backoff', () => {
  it('stays within [0, min(cap, base·2^attempt))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = fullJitterDelay(attempt, 100, 20_000, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(20_000, 100 * 2 ** attempt));
      }),
    );
  });

  it('grows exponentially until the cap', () => {
    expect(fullJitterDelay(0, 100, 20_000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 20_000, () => 0.999)).toBe(799);
    expect(fullJitterDelay(20, 100, 20_000, () => 0.999)).toBe(19_980);
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, lets one probe through after the cool-down, doubles it on failure', () => {
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000, maxCooldownMs: 3_000 });
    b.failed(0);
    b.failed(10);
    expect(b.state(10)).toBe('closed');
    b.failed(20);
    expect(b.state(20)).toBe('open');
    expect(b.allows(500)).toBe(false);
    expect(b.waitMs(500)).toBe(520);
    expect(b.state(1_020)).toBe('half-open');
    b.failed(1_020); // the probe failed: 2 s now
    expect(b.allows(2_500)).toBe(false);
    expect(b.state(3_020)).toBe('half-open');
    b.failed(3_020); // capped at 3 s
    expect(b.state(6_019)).toBe('open');
    expect(b.state(6_020)).toBe('half-open');
    b.succeeded();
    expect(b.state(6_020)).toBe('closed');
    b.failed(7_000);
    expect(b.state(7_000)).toBe('closed');
  });
});
