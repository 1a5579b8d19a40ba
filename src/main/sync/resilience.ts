// Backoff and circuit breaking: how Opsdeck avoids hammering a source that is down while
// still noticing quickly when it comes back.

// fullJitterDelay lives with the SDK clients (sources must not import sync); re-exported here.
export { fullJitterDelay } from '../sources/aws/backoff';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failed passes that open the breaker. */
  failureThreshold: number;
  /** First cool-down; doubles on each failed probe, up to maxCooldownMs. */
  cooldownMs: number;
  maxCooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 3, cooldownMs: 15_000, maxCooldownMs: 5 * 60_000 };

/**
 * A per-source circuit breaker. Closed: calls go through. After `failureThreshold`
 * consecutive failures it opens: no calls until the cool-down ends. Then one probe
 * (half-open): success closes it, failure re-opens it with a doubled cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private cooldown: number;

  constructor(private readonly o: BreakerOptions = DEFAULT_BREAKER) {
    this.cooldown = o.cooldownMs;
  }

  state(now: number): BreakerState {
    if (this.openedAt === null) return 'closed';
    return now - this.openedAt >= this.cooldown ? 'half-open' : 'open';
  }

  /** Whether a call may go out now. */
  allows(now: number): boolean {
    return this.state(now) !== 'open';
  }

  /** Milliseconds until the breaker lets a probe through (0 when it already does). */
  waitMs(now: number): number {
    return this.openedAt === null ? 0 : Math.max(0, this.openedAt + this.cooldown - now);
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = null;
    this.cooldown = this.o.cooldownMs;
  }

  failed(now: number): void {
    const wasProbe = this.state(now) === 'half-open';
    this.failures += 1;
    if (wasProbe) {
      this.cooldown = Math.min(this.cooldown * 2, this.o.maxCooldownMs);
      this.openedAt = now;
    } else if (this.failures >= this.o.failureThreshold) {
      this.openedAt = now;
    }
  }
}
