// Per-bucket partial aggregates of one time-ordered run of rows (one chunk's points, or the
// head's): what the dashboard's bucketing needs from it, so a settled chunk — immutable until
// compaction or retention rewrites it — is decoded once per bucket width, not once per request.
// Sums and counts add across runs; a counter's "seconds covered" needs each point's nearer
// neighbour, which for a run's first and last point may lie in the next run, so those two are
// kept aside and settled when the runs are joined (joinCoverage).

/** [epoch seconds, value] rows, oldest first (series.ts's Rows; not imported: series.ts builds on this file). */
type Rows = readonly (readonly [number, number])[];
/** The buckets of a range (series.ts's Grid): bucket i starts at startSec + i × res. */
interface Grid {
  startSec: number;
  res: number;
  n: number;
}

/** The newest gaps nativeStep looks at (it reads the newest 64 of them). */
export const TAIL_ROWS = 65;

export interface Partial {
  /** Bucket width (s); bucket b covers [b × res, (b + 1) × res). */
  res: number;
  /** Absolute index of the first bucket held (floor(first ts / res)). */
  firstBucket: number;
  sums: Float64Array;
  /** Points per bucket (16-bit while every count fits: a chunk's partials are kept in memory). */
  counts: Uint16Array | Uint32Array;
  /** Seconds covered by the run's interior points (both neighbours inside the run), per bucket; 32-bit while exact. */
  covered: Float32Array | Float64Array;
  rows: number;
  firstTs: number;
  firstValue: number;
  /** Gap from the first point to the second (Infinity for a one-point run). */
  firstAfter: number;
  lastTs: number;
  lastValue: number;
  /** Gap from the second-to-last point to the last (Infinity for a one-point run). */
  lastBefore: number;
  /** The run's newest timestamps (≤ TAIL_ROWS), for the series' native period. */
  tail: Float64Array;
}

/** The partial of `rows` (time-ordered, unique timestamps, at least one row) at bucket width `res`. */
export function partialOf(rows: Rows, res: number): Partial {
  const n = rows.length;
  if (n === 0) throw new Error('partialOf needs at least one row');
  const firstBucket = Math.floor(rows[0]![0] / res);
  const width = Math.floor(rows[n - 1]![0] / res) - firstBucket + 1;
  const sums = new Float64Array(width);
  const counts = new Uint32Array(width);
  const covered = new Float64Array(width);
  for (let j = 0; j < n; j++) {
    const [ts, v] = rows[j]!;
    const i = Math.floor(ts / res) - firstBucket;
    sums[i]! += v;
    counts[i]!++;
    if (j > 0 && j < n - 1) covered[i]! += coverage(ts - rows[j - 1]![0], rows[j + 1]![0] - ts, res);
  }
  const tail = Float64Array.from(rows.slice(-TAIL_ROWS), (r) => r[0]);
  return {
    res,
    firstBucket,
    sums,
    counts: counts.every((c) => c <= 0xffff) ? Uint16Array.from(counts) : counts,
    // Timestamps are whole seconds, so coverage sums are integers: exact in 32 bits below 2^24.
    covered: covered.every((c) => Number.isInteger(c) && c < 2 ** 24) ? Float32Array.from(covered) : covered,
    rows: n,
    firstTs: rows[0]![0],
    firstValue: rows[0]![1],
    firstAfter: n > 1 ? rows[1]![0] - rows[0]![0] : Infinity,
    lastTs: rows[n - 1]![0],
    lastValue: rows[n - 1]![1],
    lastBefore: n > 1 ? rows[n - 1]![0] - rows[n - 2]![0] : Infinity,
    tail,
  };
}

/** Seconds a counter point covers: the smaller gap to a neighbour (a lone point: one bucket). */
function coverage(before: number, after: number, res: number): number {
  const p = Math.min(before, after);
  return Number.isFinite(p) && p > 0 ? p : res;
}

/** Grid slot of absolute bucket `b` (-1 outside the grid). */
function slotOf(g: Grid, b: number): number {
  const i = b - g.startSec / g.res;
  return i >= 0 && i < g.n ? i : -1;
}

function assertRes(p: Partial, g: Grid): void {
  if (p.res !== g.res || g.startSec % g.res !== 0) throw new Error(`a partial of ${p.res}-s buckets on a grid of ${g.res}-s buckets from ${g.startSec}`);
}

/** Σ values and point counts per grid bucket over a series' runs. */
export function addSums(parts: readonly Partial[], g: Grid, sums: Float64Array, counts?: Float64Array): void {
  for (const p of parts) {
    assertRes(p, g);
    for (let k = 0; k < p.sums.length; k++) {
      if (p.counts[k] === 0) continue;
      const i = slotOf(g, p.firstBucket + k);
      if (i < 0) continue;
      sums[i]! += p.sums[k]!;
      if (counts) counts[i]! += p.counts[k]!;
    }
  }
}

/**
 * Seconds covered per grid bucket by one series' runs (time-ordered, not overlapping): the
 * interior points' from the partials, each run's first and last point from its neighbours,
 * which may be in the runs before and after. Added to `covered` divided by `share`.
 */
export function addCoverage(parts: readonly Partial[], g: Grid, covered: Float64Array, share: number): void {
  for (let r = 0; r < parts.length; r++) {
    const p = parts[r]!;
    assertRes(p, g);
    for (let k = 0; k < p.covered.length; k++) {
      if (p.covered[k] === 0) continue;
      const i = slotOf(g, p.firstBucket + k);
      if (i >= 0) covered[i]! += p.covered[k]! / share;
    }
    const prevTs = r > 0 ? parts[r - 1]!.lastTs : -Infinity;
    const nextTs = r < parts.length - 1 ? parts[r + 1]!.firstTs : Infinity;
    const first = coverage(p.firstTs - prevTs, p.rows > 1 ? p.firstAfter : nextTs - p.firstTs, g.res);
    const fi = slotOf(g, Math.floor(p.firstTs / g.res));
    if (fi >= 0) covered[fi]! += first / share;
    if (p.rows > 1) {
      const last = coverage(p.lastBefore, nextTs - p.lastTs, g.res);
      const li = slotOf(g, Math.floor(p.lastTs / g.res));
      if (li >= 0) covered[li]! += last / share;
    }
  }
}

/** The newest timestamps of a series' runs (≤ TAIL_ROWS), oldest first. */
export function tailOf(parts: readonly Partial[]): number[] {
  const out: number[] = [];
  for (let r = parts.length - 1; r >= 0 && out.length < TAIL_ROWS; r--) {
    const t = parts[r]!.tail;
    for (let k = t.length - 1; k >= 0 && out.length < TAIL_ROWS; k--) out.push(t[k]!);
  }
  return out.reverse();
}
