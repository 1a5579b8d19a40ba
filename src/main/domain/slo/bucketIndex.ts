// Prefix sums over sorted buckets: the sum of any window [from, to) in O(log n), with the
// domain's membership rule (a bucket belongs to the window its start lies in). Charts and
// "since when" questions ask thousands of windows; this answers each without a scan.
import type { SliBucket } from './maths';

export interface WindowSum {
  good: number;
  bad: number;
  total: number;
  /** Time covered by the buckets, clipped at `to` (as the domain does). */
  coveredMs: number;
  buckets: number;
}

export class BucketIndex {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly good: Float64Array;
  private readonly total: Float64Array;
  private readonly covered: Float64Array;

  constructor(buckets: readonly SliBucket[]) {
    const n = buckets.length;
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.good = new Float64Array(n + 1);
    this.total = new Float64Array(n + 1);
    this.covered = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const b = buckets[i] as SliBucket;
      this.starts[i] = b.t;
      this.ends[i] = b.t + b.widthMs;
      this.good[i + 1] = (this.good[i] as number) + b.good;
      this.total[i + 1] = (this.total[i] as number) + b.total;
      this.covered[i + 1] = (this.covered[i] as number) + b.widthMs;
    }
  }

  get length(): number {
    return this.starts.length;
  }

  /** Index of the first bucket starting at or after t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  sum(from: number, to: number): WindowSum {
    const i = this.lowerBound(from);
    const j = Math.max(i, this.lowerBound(to));
    const good = (this.good[j] as number) - (this.good[i] as number);
    const total = (this.total[j] as number) - (this.total[i] as number);
    let coveredMs = (this.covered[j] as number) - (this.covered[i] as number);
    // Only the last bucket can reach past `to` (buckets do not overlap).
    if (j > i) coveredMs -= Math.max(0, (this.ends[j - 1] as number) - to);
    return { good, bad: total - good, total, coveredMs, buckets: j - i };
  }
}
