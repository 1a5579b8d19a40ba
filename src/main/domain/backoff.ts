// Retry backoff shared by the SDK retry strategy and the sync loop: pure, random passed in.
/** "Full jitter" (AWS Architecture Blog): a uniform delay in [0, min(cap, base·2^attempt)). */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
