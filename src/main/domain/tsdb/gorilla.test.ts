import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkDecodeError, chunkCount, crc32, decodeChunk, encodeChunk } from './gorilla';

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

function roundTrip(ts: number[], values: Float64Array): void {
  const chunk = encodeChunk(ts, values);
  expect(chunkCount(chunk)).toBe(ts.length);
  const back = decodeChunk(chunk);
  expect(Array.from(back.timestamps)).toEqual(ts);
  expect(bitsOf(back.values)).toEqual(bitsOf(values));
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
    const constant = new Float64Array(n).fill(99.5);
    // 9 header + 16 first sample, then 2 bits per sample (dod 0, same value), the first
    // delta (60) in the 7-bit bucket.
    const chunk = encodeChunk(grid(1_790_000_040, 60, n), constant);
    expect(chunk.length).toBe(9 + Math.ceil((128 + 9 + 1 + (n - 2) * 2) / 8));
    roundTrip(grid(1_790_000_040, 60, n), constant);
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

describe('damaged chunks are detected, never decoded to wrong numbers', () => {
  const ts = grid(1_790_000_000, 60, 120);
  const values = Float64Array.from(ts, (t, i) => Math.sin(i / 9) * 100 + (t % 7));
  const good = encodeChunk(ts, values);

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
