// Backoff shared by the SDK clients (between attempts of one request) and the sync engine
// (between passes). Lives with the sources so they never import the sync layer.

/** "Full jitter" (AWS Architecture Blog): a uniform delay in [0, min(cap, base·2^attempt)). */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
