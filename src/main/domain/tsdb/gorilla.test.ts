import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK_DECIMAL, CHUNK_FLOAT, CHUNK_REF, CHUNK_XOR, ChunkDecodeError, chunkChecksum, chunkCount, chunkMode, crc32, decimalScale, decodeChunk, encodeChunk, encodeReference, encodeXorChunk, referenceOf } from './gorilla';

/** The raw bits of each value, so NaN payloads and −0 compare exactly. */
function bitsOf(values: Float64Array): string[] {
  const dv = new DataView(values.buffer, values.byteOffset, values.byteLength);
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) out.push(dv.getBigUint64(i * 8, true).toString(16));
  return out;
}

function fromBits(words: readonly [number, number][]): Float64Array {
  const values = new Float64Array(words.length);
  const dv = new DataView(values.buffer);
  words.forEach(([hi, lo], i) => {
    dv.setUint32(i * 8 + 4, hi, true);
    dv.setUint32(i * 8, lo, true);
  });
  return values;
}

/** Both what is written today and Gorilla's mode 1 (still read from older files). */
function roundTrip(ts: number[], values: Float64Array): void {
  for (const encode of [encodeChunk, encodeXorChunk]) {
    const chunk = encode(ts, values);
    expect(chunkCount(chunk)).toBe(ts.length);
    const back = decodeChunk(chunk);
    expect(Array.from(back.timestamps)).toEqual(ts);
    expect(bitsOf(back.values)).toEqual(bitsOf(values));
  }
}

const grid = (start: number, step: number, n: number): number[] => Array.from({ length: n }, (_, i) => start + i * step);

describe('CRC-32', () => {
  it('matches the standard check value and zlib', () => {
    // The CRC-32/ISO-HDLC check value of "123456789".
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    // Continued over parts equals over the whole.
    const bytes = new TextEncoder().encode('hello, chunks');
    expect(crc32(bytes.subarray(5), crc32(bytes.subarray(0, 5)))).toBe(crc32(bytes));
  });
});

describe('Gorilla chunk', () => {
  it('empty and single-sample chunks', () => {
    roundTrip([], new Float64Array());
    expect(encodeChunk([], []).length).toBe(9);
    roundTrip([1_790_000_000], Float64Array.of(42.5));
    roundTrip([-5], Float64Array.of(-0));
  });

  it('special values: NaN with its payload, ±Inf, −0, subnormals, repeats', () => {
    const nanPayload = fromBits([[0x7ff4dead, 0xbeef0001]])[0] as number;
    const values = fromBits([
      [0x7ff4dead, 0xbeef0001], // signalling NaN with a payload
      [0xfff80000, 0x00000000], // negative quiet NaN
      [0x7ff00000, 0], // +Inf
      [0xfff00000, 0], // −Inf
      [0x80000000, 0], // −0
      [0, 0], // +0
      [0, 1], // smallest subnormal
      [0x7fefffff, 0xffffffff], // largest finite
      [0x7fefffff, 0xffffffff], // repeat
    ]);
    expect(Number.isNaN(nanPayload)).toBe(true);
    roundTrip(grid(1_790_000_000, 60, values.length), values);
  });

  it('regular minute data costs about one bit per timestamp', () => {
    const n = 120;
    // A full-precision constant, so the chunk is XOR-encoded (99.5 would be a decimal chunk).
    const constant = new Float64Array(n).fill(Math.PI);
    // 9 header + 16 first sample, then 2 bits per sample (dod 0, same value), the first
    // delta (60) in the 7-bit bucket.
    const chunk = encodeChunk(grid(1_790_000_040, 60, n), constant);
    expect(chunk.length).toBe(9 + Math.ceil((128 + 9 + 1 + (n - 2) * 2) / 8));
    expect(chunkMode(chunk)).toBe(CHUNK_FLOAT);
    expect(encodeXorChunk(grid(1_790_000_040, 60, n), constant).length).toBe(chunk.length);
    roundTrip(grid(1_790_000_040, 60, n), constant);
  });

  it('Chimp XOR: trailing-zero window, a new leading-zero code, then the same code again (hand-computed)', () => {
    // 2.0000000000000004 → 3.0000000000000004: XOR 0x0008000000000000, 12 leading and 51
    // trailing zeros: 110, code 2 (12), width 1, one bit = 13 bits.
    // → …0003: XOR 2, 62 leading zeros → code 7 (24), 1 trailing: 111, code, 40 bits = 46.
    // → …0007: XOR 4, code 7 again: 10 and 40 bits = 42.
    const values = fromBits([
      [0x40000000, 1],
      [0x40080000, 1],
      [0x40080000, 3],
      [0x40080000, 7],
    ]);
    const ts = grid(0, 60, 4);
    const chunk = encodeChunk(ts, values);
    expect(chunkMode(chunk)).toBe(CHUNK_FLOAT);
    // first sample 128 bits; then dod 60 (9 bits) + 13, dod 0 (1) + 46, dod 0 (1) + 42.
    expect(chunk.length).toBe(9 + Math.ceil((128 + 9 + 13 + 1 + 46 + 1 + 42) / 8));
    roundTrip(ts, values);
  });

  it('Chimp XOR costs less than Gorilla on full-precision noisy gauges', () => {
    let seed = 11;
    const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const ts = grid(1_790_000_000, 60, 720);
    let level = 40;
    const gauge = Float64Array.from(ts, () => (level *= 1 + 0.02 * (rand() - 0.5)));
    const chimp = encodeChunk(ts, gauge);
    expect(chunkMode(chimp)).toBe(CHUNK_FLOAT);
    // A few bits a point: 64 − rounded leading zeros instead of Gorilla's window (measured on
    // the simulator's gauges and percentiles: 3–6 % smaller).
    expect(chimp.length).toBeLessThan(0.99 * encodeXorChunk(ts, gauge).length);
    roundTrip(ts, gauge);
  });

  it('timestamp buckets at their edges: gaps, resolution changes, days, years', () => {
    const ts = [0, 60, 120, 184, 248, 312, 312 + 4095 + 64, 500_000, 1_100_000, 1_100_001, 2 ** 40, 2 ** 50];
    roundTrip(ts, Float64Array.from(ts, (t) => t / 7));
    const negative = [-(2 ** 50), -(2 ** 49), -1, 0];
    roundTrip(negative, Float64Array.of(1, 2, 3, 4));
  });

  it('rejects timestamps that do not increase or are not whole numbers', () => {
    expect(() => encodeChunk([60, 60], [1, 2])).toThrow(/increase/);
    expect(() => encodeChunk([120, 60], [1, 2])).toThrow(/increase/);
    expect(() => encodeChunk([1.5], [1])).toThrow(/whole number/);
    expect(() => encodeChunk([2 ** 51], [1])).toThrow(/2\^50/);
    expect(() => encodeChunk([1, 2], [1])).toThrow(/2 timestamps but 1 values/);
  });

  it('property: encode → decode is bit-exact for any float series and any increasing timestamps', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    const sample = fc.record({
      gap: fc.oneof(fc.constantFrom(60, 60, 60, 300, 3600), fc.integer({ min: 1, max: 10_000_000 })),
      value: fc.oneof(
        fc.double().map((d) => ({ d })),
        fc.tuple(word, word).map(([hi, lo]) => ({ bits: [hi, lo] as [number, number] })),
        fc.constantFrom({ d: 0 }, { d: -0 }, { d: NaN }, { d: Infinity }, { d: -Infinity }, { d: 1 }),
      ),
    });
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.array(sample, { maxLength: 300 }), (start, samples) => {
        const ts: number[] = [];
        let t = start;
        for (const s of samples) {
          t += s.gap;
          ts.push(t);
        }
        const values = fromBits(
          samples.map(({ value }): [number, number] => {
            if ('bits' in value) return value.bits;
            const dv = new DataView(new ArrayBuffer(8));
            dv.setFloat64(0, value.d);
            return [dv.getUint32(0), dv.getUint32(4)];
          }),
        );
        roundTrip(ts, values);
      }),
      { numRuns: 400 },
    );
  });

  it('property: repeats and small random walks round-trip (the window-reuse path)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: 1, maxLength: 400 }), (steps) => {
        let v = 1000;
        const values = Float64Array.from(steps, (s) => (v += s));
        roundTrip(grid(1_790_000_000, 60, values.length), values);
      }),
      { numRuns: 200 },
    );
  });
});

describe.each([
  ['Chimp XOR (written today)', encodeChunk],
  ['Gorilla XOR (older files)', encodeXorChunk],
])('damaged %s chunks are detected, never decoded to wrong numbers', (_mode, encode) => {
  const ts = grid(1_790_000_000, 60, 120);
  const values = Float64Array.from(ts, (t, i) => Math.sin(i / 9) * 100 + (t % 7));
  const good = encode(ts, values);

  it('truncated at every length', () => {
    for (let len = 0; len < good.length; len++) expect(() => decodeChunk(good.slice(0, len)), `length ${len}`).toThrow(ChunkDecodeError);
  });

  it('any single flipped bit', () => {
    for (let byte = 0; byte < good.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = good.slice();
        bad[byte] = (bad[byte] as number) ^ (1 << bit);
        expect(() => decodeChunk(bad), `byte ${byte} bit ${bit}`).toThrow(ChunkDecodeError);
      }
    }
  });

  it('extra bytes appended, and a different version', () => {
    const longer = new Uint8Array(good.length + 1);
    longer.set(good);
    expect(() => decodeChunk(longer)).toThrow(ChunkDecodeError);
    const v2 = good.slice();
    v2[0] = 2;
    expect(() => decodeChunk(v2)).toThrow(/checksum/);
  });
});

/** A copy of `chunk` with byte `at` set to `value` and its checksum made valid again. */
function resealed(chunk: Uint8Array, at: number, value: number): Uint8Array {
  const out = chunk.slice();
  out[at] = value;
  new DataView(out.buffer).setUint32(5, crc32(out.subarray(9), crc32(out.subarray(0, 5))), true);
  return out;
}

describe('decimal chunks: exact k-decimal values as scaled integers', () => {
  it('finds the fewest decimals that reproduce every value exactly, or none', () => {
    expect(decimalScale(Float64Array.of(0, 1, 2, 1_000_000))).toBe(0);
    expect(decimalScale(Float64Array.of(3, 12.5, 7))).toBe(1);
    expect(decimalScale(Float64Array.of(12.34, 0.07, -19.99))).toBe(2);
    expect(decimalScale(Float64Array.of(1e-9, 2))).toBe(9);
    // 0.1 + 0.2 is 0.30000000000000004: 17 significant digits, no short decimal.
    expect(decimalScale(Float64Array.of(1, 0.1 + 0.2))).toBe(-1);
    expect(decimalScale(Float64Array.of(1e-10))).toBe(-1);
    expect(decimalScale(Float64Array.of(1, NaN))).toBe(-1);
    expect(decimalScale(Float64Array.of(1, Infinity))).toBe(-1);
    expect(decimalScale(Float64Array.of(-0, 1))).toBe(-1);
    expect(decimalScale(Float64Array.of(Number.MIN_VALUE))).toBe(-1);
    // Whole numbers beyond 2^50 keep XOR (the deltas of scaled values must stay exact).
    expect(decimalScale(Float64Array.of(2 ** 50))).toBe(0);
    expect(decimalScale(Float64Array.of(2 ** 50 + 2))).toBe(-1);
    expect(decimalScale(new Float64Array())).toBe(-1);
  });

  it('an integer counter: 64 + 64 bits for the first sample, 1 bit per timestamp, 6 bits a block of 16 plus their width', () => {
    // 0, 1, 0, 1, …: zigzag deltas 2 and 1, width 2 bits.
    const n = 33;
    const values = Float64Array.from({ length: n }, (_, i) => i % 2);
    const chunk = encodeChunk(grid(1_790_000_040, 60, n), values);
    expect(chunkMode(chunk)).toBe(CHUNK_DECIMAL);
    // header 9, scale 1; timestamps 64 + 9 (first delta) + 31; values 64 + 2 blocks × (6 + 16 × 2).
    expect(chunk.length).toBe(9 + 1 + Math.ceil((64 + 9 + 31 + 64 + 2 * (6 + 32)) / 8));
    roundTrip(grid(1_790_000_040, 60, n), values);
    // An all-zero error counter costs 6 bits per 16 values.
    const zeros = encodeChunk(grid(0, 60, 721), new Float64Array(721));
    expect(zeros.length).toBe(9 + 1 + Math.ceil((64 + 9 + 719 + 64 + 45 * 6) / 8));
  });

  it('is chosen only when shorter: a counter at Poisson noise, 2-decimal amounts; full-precision gauges stay XOR (Chimp)', () => {
    const ts = grid(1_790_000_000, 60, 720);
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const counter = Float64Array.from(ts, () => 1000 + Math.round(60 * (rand() - 0.5)));
    const amounts = Float64Array.from(ts, () => Math.round(100_000 * rand()) / 100);
    const gauge = Float64Array.from(ts, () => 40 + rand());
    const xorOnly = (v: Float64Array): number => encodeXorChunk(ts, v).length;
    for (const [values, mode] of [
      [counter, CHUNK_DECIMAL],
      [amounts, CHUNK_DECIMAL],
      [gauge, CHUNK_FLOAT],
    ] as const) {
      const chunk = encodeChunk(ts, values);
      expect(chunkMode(chunk)).toBe(mode);
      expect(Array.from(decodeChunk(chunk).values)).toEqual(Array.from(values));
    }
    // A ±30 counter: 7 bits of zigzag delta + 1 of timestamp + 6/16 of block width ≈ 1.05 bytes a point.
    expect(encodeChunk(ts, counter).length / 720).toBeLessThan(1.1);
    expect(encodeChunk(ts, counter).length).toBeLessThan(xorOnly(counter) * 0.7);
  });

  it('values at the edges: ±2^50, 9 decimals, huge jumps between neighbours', () => {
    const values = Float64Array.of(2 ** 50, -(2 ** 50), 0, 1e-9, -1e-9, 2 ** 50 / 1e9, 123_456.789, 5, 5, 5);
    roundTrip(grid(0, 60, values.length), values);
    // Whole numbers spread over ±2^50: deltas of 2^51, block width 53 bits, still shorter than XOR.
    const wide = Float64Array.of(1_125_899_906_842_624, -1_125_899_906_842_623, 987_654_321_098_765, -3, 777_777_777_777_777, -555_555_555_555_555);
    const chunk = encodeChunk(grid(0, 60, wide.length), wide);
    expect(chunkMode(chunk)).toBe(CHUNK_DECIMAL);
    roundTrip(grid(0, 60, wide.length), wide);
  });

  it('property: mixed integer, k-decimal and special series round-trip bit-exactly and never cost more than XOR', () => {
    const value = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
      fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 9 })).map(([m, k]) => m / 10 ** k),
      fc.constantFrom(0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, 0.1 + 0.2),
      fc.double(),
    );
    const series = fc.oneof(
      // A whole chunk of one kind (the common case) or any mix (falls back to XOR).
      fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.tuple(fc.integer({ min: -500, max: 500 }), fc.constantFrom(0, 1, 2, 3)), { minLength: 1, maxLength: 300 }).map((xs) => xs.map(([m, k]) => m / 10 ** k)),
      fc.array(value, { maxLength: 300 }),
    );
    const gap = fc.oneof(fc.constantFrom(60, 60, 60, 300, 3600), fc.integer({ min: 1, max: 10_000_000 }));
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), series, fc.array(gap, { minLength: 300, maxLength: 300 }), (start, xs, gaps) => {
        let t = start;
        const ts = xs.map((_, i) => (t += gaps[i] as number));
        const values = Float64Array.from(xs);
        roundTrip(ts, values);
        const chunk = encodeChunk(ts, values);
        if (chunkMode(chunk) === CHUNK_DECIMAL) expect(decimalScale(values)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });

  describe('damage', () => {
    const ts = grid(1_790_000_000, 60, 120);
    const values = Float64Array.from(ts, (_, i) => 500 + ((i * 37) % 23) - 11);
    const good = encodeChunk(ts, values);

    it('is a decimal chunk', () => {
      expect(chunkMode(good)).toBe(CHUNK_DECIMAL);
    });

    it('truncated at every length, any single flipped bit, a byte appended', () => {
      for (let len = 0; len < good.length; len++) expect(() => decodeChunk(good.slice(0, len)), `length ${len}`).toThrow(ChunkDecodeError);
      for (let byte = 0; byte < good.length; byte++) {
        for (let bit = 0; bit < 8; bit++) {
          const bad = good.slice();
          bad[byte] = (bad[byte] as number) ^ (1 << bit);
          expect(() => decodeChunk(bad), `byte ${byte} bit ${bit}`).toThrow(ChunkDecodeError);
        }
      }
      const longer = new Uint8Array(good.length + 1);
      longer.set(good);
      expect(() => decodeChunk(longer)).toThrow(ChunkDecodeError);
    });

    it('a checksum-valid chunk with an unknown mode or an impossible scale is refused, not guessed at', () => {
      expect(() => decodeChunk(resealed(good, 0, 5))).toThrow(/mode 5/);
      expect(() => decodeChunk(resealed(good, 9, 10))).toThrow(/scale 10/);
      // Read as XOR, a decimal body does not decode to numbers silently.
      expect(() => decodeChunk(resealed(good, 0, CHUNK_XOR))).toThrow(ChunkDecodeError);
      expect(() => decodeChunk(resealed(good, 0, CHUNK_FLOAT))).toThrow(ChunkDecodeError);
    });
  });
});

describe('reference chunks', () => {
  const target = encodeChunk(grid(0, 60, 50), Float64Array.from({ length: 50 }, (_, i) => Math.sqrt(i)));

  it('name the series and checksum of the chunk they stand for, with its count; 17 bytes', () => {
    const ref = encodeReference(4_000_000_001, target);
    expect(ref.length).toBe(17);
    expect(chunkMode(ref)).toBe(CHUNK_REF);
    expect(chunkCount(ref)).toBe(50);
    expect(referenceOf(ref)).toEqual({ seriesId: 4_000_000_001, checksum: chunkChecksum(target) });
    expect(referenceOf(target)).toBeNull();
    // Only the store can resolve one; a reference to a reference is refused.
    expect(() => decodeChunk(ref)).toThrow(/reference/);
    expect(() => encodeReference(1, ref)).toThrow(RangeError);
  });

  it('a damaged reference is detected', () => {
    const ref = encodeReference(7, target);
    for (let byte = 0; byte < ref.length; byte++) {
      const bad = ref.slice();
      bad[byte] = (bad[byte] as number) ^ 0x10;
      // A flipped mode byte makes it another mode, which decodeChunk refuses by checksum.
      if (chunkMode(bad) !== CHUNK_REF) expect(() => decodeChunk(bad)).toThrow(ChunkDecodeError);
      else expect(() => referenceOf(bad), `byte ${byte}`).toThrow(ChunkDecodeError);
    }
    expect(() => referenceOf(ref.slice(0, 16))).toThrow(ChunkDecodeError);
  });
});
