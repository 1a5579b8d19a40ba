// Deterministic noise for the simulator: every "random" number is a hash of
// (seed, stream, index), so any datapoint can be recomputed on its own, in any order.
// No Math.random anywhere in src/sim.

/** 32-bit avalanche of two words (murmur3's finaliser over a multiply-xor combine). */
export function mix(a: number, b: number): number {
  let h = Math.imul((a ^ Math.imul(b, 0x9e3779b1)) | 0, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ b, 0x27d4eb2f);
  h ^= h >>> 15;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units, then avalanched: stable stream ids from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h >>> 0, 0x5bd1e995);
}

/** Folds any finite seed (including ones beyond 32 bits) into a 32-bit key. */
export function seedKey(seed: number): number {
  const lo = seed | 0;
  const hi = Math.floor(seed / 4294967296) | 0;
  return mix(mix(lo, 0x5eed5eed), hi);
}

const INV_2_32 = 1 / 4294967296;

/** Uniform in [0, 1) for (key, stream, index). */
export function uniform(key: number, stream: number, index: number): number {
  return mix(mix(key, stream), index) * INV_2_32;
}

/** Standard normal for (key, stream, index), by Box–Muller over two hashed uniforms. */
export function gaussian(key: number, stream: number, index: number): number {
  const h = mix(key, stream);
  const u1 = (mix(h, index) + 0.5) * INV_2_32;
  const u2 = mix(h ^ 0x68e31da4, index) * INV_2_32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Smooth noise in [-1, 1]: hashed knots every `knotSec` seconds, joined by a smoothstep,
 * so gauges wander instead of jumping minute to minute.
 */
export function smoothNoise(key: number, stream: number, sec: number, knotSec: number): number {
  const x = sec / knotSec;
  const i = Math.floor(x);
  const f = x - i;
  const h = mix(key, stream);
  const a = mix(h, i) * INV_2_32;
  const b = mix(h, i + 1) * INV_2_32;
  const s = f * f * (3 - 2 * f);
  return 2 * (a + (b - a) * s) - 1;
}

/**
 * An integer count with mean `expected`: Poisson by inversion for small means, a normal
 * approximation with stochastic rounding for large ones. Deterministic in (key, stream, index).
 */
export function poissonCount(expected: number, key: number, stream: number, index: number): number {
  if (!(expected > 0)) return 0;
  if (expected < 40) {
    const u = uniform(key, stream, index);
    let p = Math.exp(-expected);
    let cdf = p;
    let k = 0;
    while (u > cdf && k < 200) {
      k++;
      p *= expected / k;
      cdf += p;
    }
    return k;
  }
  const g = gaussian(key, stream ^ 0x1b873593, index);
  const x = expected + Math.sqrt(expected) * g;
  const floor = Math.floor(x);
  return Math.max(0, uniform(key, stream ^ 0x2c1b3c6d, index) < x - floor ? floor + 1 : floor);
}

// --- normal distribution helpers (used for latency percentiles) ---

/** Complementary error function, Numerical Recipes' erfcc (fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Inverse standard normal CDF (Acklam's rational approximation, one Halley refinement). */
export function normInv(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normInv: p must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const e = normCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
