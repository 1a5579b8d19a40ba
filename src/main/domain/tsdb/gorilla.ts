// Time-series chunks: timestamps as delta-of-deltas (Pelkonen et al., "Gorilla: A Fast,
// Scalable, In-Memory Time Series Database", VLDB 2015; as Prometheus' TSDB chunks), values
// in one of three modes, named by the chunk's first byte:
//   1. Gorilla XOR: the XOR with the previous value, the bits between its leading and
//      trailing zeros. What every chunk was before modes 2 and 3; still read, no longer written.
//   2. Decimal: when every value is an exact k-decimal number (counts, whole bytes, 2-decimal
//      amounts), the integers m = v·10^k as zigzag deltas bit-packed in blocks of 16 with one
//      width per block (VictoriaMetrics and ALP do the same for "decimal" floats). XOR spends
//      ~11 bits on a changing integer counter where this spends ~4–8.
//   3. Chimp XOR (below): for everything else. Exact for every float64 bit pattern (NaN
//      payloads, ±Inf, −0), because values travel as raw bits, never compared as numbers.
//   4. Reference: "the same samples as another series' chunk of this window" (CHUNK_REF).
// The encoder writes mode 3 and, when the chunk qualifies, mode 2, and keeps the shorter.
//
// Layout: [mode u8][count u32 LE][crc32 u32 LE][body]. Modes 1 and 3: one bit stream of
// interleaved timestamps and values. Mode 2: [k u8], then a bit stream of every timestamp,
// then the first integer and the blocks. The CRC covers mode, count and the body, so a
// damaged chunk fails loudly instead of decoding to wrong numbers.

/** Mode byte of Gorilla XOR chunks (all chunks before the other modes; such files stay readable). */
export const CHUNK_XOR = 1;
/** Mode byte of scaled-decimal chunks. */
export const CHUNK_DECIMAL = 2;
/** Mode byte of Chimp-style XOR chunks: what floats are written as. */
export const CHUNK_FLOAT = 3;
/**
 * Mode byte of a reference: "the same samples as series S's chunk of this window, whose
 * checksum is C" (body: S u32 LE, C u32 LE). A gauge published once a minute has the same
 * Average and Maximum at 60 s, so one of the two chunks can point at the other. The store
 * resolves references (store/chunks.ts); decodeChunk refuses them.
 */
export const CHUNK_REF = 4;
const HEADER_BYTES = 9;
const REF_BYTES = HEADER_BYTES + 8;
/** Timestamps are bounded so every delta-of-delta stays an exact JavaScript integer. */
export const MAX_ABS_TIMESTAMP = 2 ** 50;
/** Decimal chunks: at most this many decimals, and |v·10^k| within 2^50 (so deltas stay exact). */
const MAX_DECIMALS = 9;
const MAX_SCALED = 2 ** 50;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9] as const;
const BLOCK = 16;

export class ChunkDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChunkDecodeError';
  }
}

export interface DecodedChunk {
  timestamps: Float64Array;
  values: Float64Array;
}

// --- CRC-32 (IEEE 802.3, reflected 0xEDB88320), as zlib computes it ---------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `bytes`, continuing from `crc` (pass the previous result to checksum in parts). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

// --- bit stream ---------------------------------------------------------------------------

class BitWriter {
  private buf: Uint8Array;
  private bit = 0;

  constructor(initialBytes: number) {
    this.buf = new Uint8Array(Math.max(16, initialBytes));
  }

  /** Writes the low `n` bits of `value` (0 ≤ n ≤ 32), most significant first. */
  write(value: number, n: number): void {
    if (((this.bit + n + 7) >>> 3) > this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2 + 8);
      grown.set(this.buf);
      this.buf = grown;
    }
    while (n > 0) {
      const free = 8 - (this.bit & 7);
      const take = free < n ? free : n;
      const chunk = (value >>> (n - take)) & ((1 << take) - 1);
      this.buf[this.bit >>> 3] = (this.buf[this.bit >>> 3] as number) | (chunk << (free - take));
      this.bit += take;
      n -= take;
    }
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, (this.bit + 7) >>> 3);
  }
}

class BitReader {
  private bit = 0;
  private readonly limit: number;

  constructor(private readonly buf: Uint8Array) {
    this.limit = buf.length * 8;
  }

  /** Reads `n` bits (0 ≤ n ≤ 32) as an unsigned number. */
  read(n: number): number {
    if (this.bit + n > this.limit) throw new ChunkDecodeError('chunk ends before its last sample');
    let v = 0;
    while (n > 0) {
      const avail = 8 - (this.bit & 7);
      const take = avail < n ? avail : n;
      const chunk = ((this.buf[this.bit >>> 3] as number) >>> (avail - take)) & ((1 << take) - 1);
      v = v * (1 << take) + chunk;
      this.bit += take;
      n -= take;
    }
    return v;
  }

  /** Bits left after the last sample; a well-formed chunk has only its padding (< 8). */
  get remaining(): number {
    return this.limit - this.bit;
  }
}

// --- timestamps -------------------------------------------------------------------------
// Our timestamps are epoch seconds on a 60/300/3600 s grid, so a regular series is all
// zero delta-of-deltas (1 bit each). A missing minute gives ±60, a change of resolution
// 60→300 s gives 240, 300→3600 s gives 3300, a gap of days fits 20 bits.

/** [prefix value, prefix bits, payload bits] — payload is the two's-complement dod. */
const DOD_BUCKETS: readonly [number, number, number][] = [
  [0b10, 2, 7], // [-64, 63]: a missing minute, 60 s → 120 s
  [0b110, 3, 13], // [-4096, 4095]: hour grid, resolution changes
  [0b1110, 4, 20], // [-524288, 524287]: gaps of up to six days
];

function writeSigned64(w: BitWriter, v: number): void {
  const hi = Math.floor(v / 2 ** 32);
  w.write(hi >>> 0, 32);
  w.write((v - hi * 2 ** 32) >>> 0, 32);
}

function readSigned64(r: BitReader): number {
  const hi = r.read(32) | 0;
  return hi * 2 ** 32 + r.read(32);
}

function writeDod(w: BitWriter, dod: number): void {
  if (dod === 0) {
    w.write(0, 1);
    return;
  }
  for (const [prefix, prefixBits, bits] of DOD_BUCKETS) {
    const half = 2 ** (bits - 1);
    if (dod >= -half && dod < half) {
      w.write(prefix, prefixBits);
      w.write((dod < 0 ? dod + 2 * half : dod) >>> 0, bits);
      return;
    }
  }
  w.write(0b1111, 4);
  writeSigned64(w, dod);
}

function readDod(r: BitReader): number {
  if (r.read(1) === 0) return 0;
  for (let i = 1; i < 4; i++) {
    if (r.read(1) === 0) {
      const bits = (DOD_BUCKETS[i - 1] as [number, number, number])[2];
      const v = r.read(bits);
      return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
    }
  }
  return readSigned64(r);
}

// --- values -------------------------------------------------------------------------------

function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function ctz64(hi: number, lo: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

/** Writes bits [trail, trail + sig) of the 64-bit (hi, lo), most significant first. */
function writeWindow(w: BitWriter, hi: number, lo: number, trail: number, sig: number): void {
  let h: number;
  let l: number;
  if (trail === 0) {
    h = hi;
    l = lo;
  } else if (trail >= 32) {
    h = 0;
    l = hi >>> (trail - 32);
  } else {
    h = hi >>> trail;
    l = ((lo >>> trail) | (hi << (32 - trail))) >>> 0;
  }
  if (sig > 32) {
    w.write(h, sig - 32);
    w.write(l, 32);
  } else {
    w.write(l, sig);
  }
}

/** Reads `sig` bits and places them at [trail, trail + sig): returns [hi, lo]. */
function readWindow(r: BitReader, trail: number, sig: number, out: Uint32Array): void {
  const h = sig > 32 ? r.read(sig - 32) : 0;
  const l = r.read(sig > 32 ? 32 : sig);
  if (trail === 0) {
    out[0] = h;
    out[1] = l;
  } else if (trail >= 32) {
    out[0] = l << (trail - 32);
    out[1] = 0;
  } else {
    out[0] = (h << trail) | (l >>> (32 - trail));
    out[1] = l << trail;
  }
}

// --- XOR chunks (mode 1) -------------------------------------------------------------------

/**
 * Writes the XOR (never 0) of a value with the one before it; keeps its own state across the
 * samples of one chunk. Modes 1 and 3 differ only here: timestamps and repeats are the stream's.
 */
type XorWriter = (w: BitWriter, xh: number, xl: number) => void;
/** Reads what an XorWriter wrote (after the stream's "changed" bit) into win = [hi, lo]. */
type XorReader = (r: BitReader, sample: number, win: Uint32Array) => void;

/** One bit stream of interleaved delta-of-delta timestamps and XOR-coded values (modes 1 and 3). */
function encodeXorStream(timestamps: ArrayLike<number>, bits: DataView, n: number, mode: number, bytesPerSample: number, writeXor: XorWriter): Uint8Array {
  const w = new BitWriter(HEADER_BYTES + bytesPerSample * n + 16);
  // Header placeholder: 9 bytes = 72 bits, filled in by seal().
  for (let i = 0; i < HEADER_BYTES; i++) w.write(0, 8);
  let prevTs = 0;
  let prevDelta = 0;
  let prevHi = 0;
  let prevLo = 0;
  for (let i = 0; i < n; i++) {
    const ts = timestamps[i] as number;
    const hi = bits.getUint32(i * 8 + 4, true);
    const lo = bits.getUint32(i * 8, true);
    if (i === 0) {
      writeSigned64(w, ts);
      w.write(hi, 32);
      w.write(lo, 32);
    } else {
      const delta = ts - prevTs;
      writeDod(w, delta - prevDelta);
      prevDelta = delta;
      const xh = (hi ^ prevHi) >>> 0;
      const xl = (lo ^ prevLo) >>> 0;
      if (xh === 0 && xl === 0) w.write(0, 1);
      else writeXor(w, xh, xl);
    }
    prevTs = ts;
    prevHi = hi;
    prevLo = lo;
  }
  return seal(w.bytes(), mode, n);
}

function decodeXorStream(body: Uint8Array, n: number, readXor: XorReader): DecodedChunk {
  // Every sample after the first costs at least 2 bits; the first 128.
  if (n > 0 && body.length * 8 < 128 + (n - 1) * 2) throw new ChunkDecodeError(`chunk too short for ${n} samples`);
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const out = new DataView(values.buffer);
  const r = new BitReader(body);
  const win = new Uint32Array(2);
  let prevTs = 0;
  let prevDelta = 0;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) {
      prevTs = readSigned64(r);
      hi = r.read(32);
      lo = r.read(32);
    } else {
      prevDelta += readDod(r);
      if (prevDelta <= 0) throw new ChunkDecodeError(`chunk timestamps do not increase at sample ${i}`);
      prevTs += prevDelta;
      if (r.read(1) === 1) {
        readXor(r, i, win);
        hi = (hi ^ (win[0] as number)) >>> 0;
        lo = (lo ^ (win[1] as number)) >>> 0;
      }
    }
    timestamps[i] = prevTs;
    out.setUint32(i * 8 + 4, hi, true);
    out.setUint32(i * 8, lo, true);
  }
  if (r.remaining >= 8) throw new ChunkDecodeError(`chunk has ${r.remaining} bits after its last sample`);
  return { timestamps, values };
}

// --- Gorilla XOR chunks (mode 1) ----------------------------------------------------------
// Codes after "changed": 0 = the bits inside the last window; 1 = a new window (5-bit leading
// zeros, 6-bit width), then its bits.

function encodeXor(timestamps: ArrayLike<number>, bits: DataView, n: number): Uint8Array {
  let prevLead = -1;
  let prevTrail = 0;
  return encodeXorStream(timestamps, bits, n, CHUNK_XOR, 2, (w, xh, xl) => {
    let lead = clz64(xh, xl);
    const trail = ctz64(xh, xl);
    if (lead > 31) lead = 31; // 5 bits hold it; the rest ride along as meaningful bits
    if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
      w.write(0b10, 2);
      writeWindow(w, xh, xl, prevTrail, 64 - prevLead - prevTrail);
    } else {
      const sig = 64 - lead - trail;
      w.write(0b11, 2);
      w.write(lead, 5);
      w.write(sig & 63, 6); // 64 is written as 0
      writeWindow(w, xh, xl, trail, sig);
      prevLead = lead;
      prevTrail = trail;
    }
  });
}

function decodeXor(body: Uint8Array, n: number): DecodedChunk {
  let lead = 0;
  let trail = 0;
  return decodeXorStream(body, n, (r, i, win) => {
    if (r.read(1) === 1) {
      lead = r.read(5);
      const sig = r.read(6) || 64;
      trail = 64 - lead - sig;
      if (trail < 0) throw new ChunkDecodeError(`chunk value window out of range at sample ${i}`);
    }
    readWindow(r, trail, 64 - lead - trail, win);
  });
}

// --- Chimp-style XOR chunks (mode 3) ------------------------------------------------------
// Liakos et al., "Chimp: Efficient Lossless Floating Point Compression for Time Series
// Databases" (VLDB 2022): most XORs of neighbouring full-precision gauges have almost no
// trailing zeros, so Gorilla's window (5 + 6 bits, or a reused window wider than needed)
// is waste. Here the leading-zero count is rounded down to one of eight values (3 bits) and
// everything below it is written. Codes: 0 = same value; 10 = same rounded leading zeros as
// the last XOR, 64 − lead bits follow; 110 = many trailing zeros: lead code, 6-bit width,
// the bits between; 111 = a new lead code, then 64 − lead bits.

const LEAD_ROUND = [0, 8, 12, 16, 18, 20, 22, 24] as const;
/** Index into LEAD_ROUND of the largest rounding ≤ lead. */
const LEAD_CODE = (() => {
  const t = new Uint8Array(65);
  for (let lead = 0; lead <= 64; lead++) {
    let c = 0;
    while (c + 1 < LEAD_ROUND.length && (LEAD_ROUND[c + 1] as number) <= lead) c++;
    t[lead] = c;
  }
  return t;
})();
/** Trailing zeros beyond which the width is worth writing (Chimp's threshold). */
const CHIMP_TRAIL = 6;

function encodeChimp(timestamps: ArrayLike<number>, bits: DataView, n: number): Uint8Array {
  let prevCode = -1;
  return encodeXorStream(timestamps, bits, n, CHUNK_FLOAT, 7, (w, xh, xl) => {
    const code = LEAD_CODE[clz64(xh, xl)] as number;
    const lead = LEAD_ROUND[code] as number;
    const trail = ctz64(xh, xl);
    if (trail > CHIMP_TRAIL) {
      const sig = 64 - lead - trail;
      w.write(0b110, 3);
      w.write(code, 3);
      w.write(sig, 6); // 1 ≤ sig ≤ 57
      writeWindow(w, xh, xl, trail, sig);
    } else if (code === prevCode) {
      w.write(0b10, 2);
      writeWindow(w, xh, xl, 0, 64 - lead);
    } else {
      w.write(0b111, 3);
      w.write(code, 3);
      writeWindow(w, xh, xl, 0, 64 - lead);
    }
    prevCode = code;
  });
}

function decodeChimp(body: Uint8Array, n: number): DecodedChunk {
  let code = -1;
  return decodeXorStream(body, n, (r, i, win) => {
    const sameLead = r.read(1) === 0;
    const trailing = !sameLead && r.read(1) === 0;
    if (sameLead) {
      if (code < 0) throw new ChunkDecodeError(`chunk reuses a leading-zero count it never set at sample ${i}`);
      readWindow(r, 0, 64 - (LEAD_ROUND[code] as number), win);
    } else if (trailing) {
      code = r.read(3);
      const sig = r.read(6);
      const trail = 64 - (LEAD_ROUND[code] as number) - sig;
      if (sig === 0 || trail <= CHIMP_TRAIL) throw new ChunkDecodeError(`chunk value window out of range at sample ${i}`);
      readWindow(r, trail, sig, win);
    } else {
      code = r.read(3);
      readWindow(r, 0, 64 - (LEAD_ROUND[code] as number), win);
    }
  });
}

// --- decimal chunks (mode 2) ---------------------------------------------------------------

/**
 * The fewest decimals k for which every value is m / 10^k with m a whole number within
 * ±2^50, checked by the very division the decoder does (so decoding is bit-exact); -1 when
 * none (NaN, ±Inf, −0 and full-precision floats never qualify).
 */
export function decimalScale(values: Float64Array): number {
  if (values.length === 0) return -1;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v) || Object.is(v, -0) || Math.abs(v) > MAX_SCALED) return -1;
    // Raise k until this value fits; earlier values fit at every larger k too.
    while (k <= MAX_DECIMALS) {
      const p = POW10[k] as number;
      const m = Math.round(v * p);
      if (Math.abs(m) <= MAX_SCALED && m / p === v) break;
      k++;
    }
    if (k > MAX_DECIMALS) return -1;
  }
  // A value that fits at k may not at a larger k (v·p rounds differently): check them all once.
  const p = POW10[k] as number;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const m = Math.round(v * p);
    if (Math.abs(m) > MAX_SCALED || m / p !== v) return -1;
  }
  return k;
}

/** Bits of the zigzag form of `d` (|d| ≤ 2^51): 0 for 0. */
function zigzag(d: number): number {
  return d >= 0 ? 2 * d : -2 * d - 1;
}

function bitWidth(z: number): number {
  return z === 0 ? 0 : z < 2 ** 32 ? 32 - Math.clz32(z) : 64 - Math.clz32(Math.floor(z / 2 ** 32));
}

/** Writes `z` (0 ≤ z < 2^53) in `width` bits. */
function writeWide(w: BitWriter, z: number, width: number): void {
  if (width > 32) {
    w.write(Math.floor(z / 2 ** 32) >>> 0, width - 32);
    w.write(z >>> 0, 32);
  } else if (width > 0) {
    w.write(z >>> 0, width);
  }
}

function readWide(r: BitReader, width: number): number {
  if (width > 32) {
    const hi = r.read(width - 32);
    return hi * 2 ** 32 + r.read(32);
  }
  return width > 0 ? r.read(width) : 0;
}

function encodeDecimal(timestamps: ArrayLike<number>, values: Float64Array, k: number): Uint8Array {
  const n = values.length;
  const p = POW10[k] as number;
  const w = new BitWriter(HEADER_BYTES + 1 + n + 16);
  for (let i = 0; i < HEADER_BYTES; i++) w.write(0, 8);
  w.write(k, 8);
  let prevTs = 0;
  let prevDelta = 0;
  for (let i = 0; i < n; i++) {
    const ts = timestamps[i] as number;
    if (i === 0) writeSigned64(w, ts);
    else {
      const delta = ts - prevTs;
      writeDod(w, delta - prevDelta);
      prevDelta = delta;
    }
    prevTs = ts;
  }
  let prev = Math.round((values[0] as number) * p);
  writeSigned64(w, prev);
  const zs = new Array<number>(BLOCK);
  for (let i = 1; i < n; i += BLOCK) {
    const end = Math.min(n, i + BLOCK);
    let width = 0;
    for (let j = i; j < end; j++) {
      const m = Math.round((values[j] as number) * p);
      const z = zigzag(m - prev);
      prev = m;
      zs[j - i] = z;
      const b = bitWidth(z);
      if (b > width) width = b;
    }
    w.write(width, 6);
    for (let j = i; j < end; j++) writeWide(w, zs[j - i] as number, width);
  }
  return seal(w.bytes(), CHUNK_DECIMAL, n);
}

function decodeDecimal(body: Uint8Array, n: number): DecodedChunk {
  if (body.length < 1) throw new ChunkDecodeError('decimal chunk without its scale');
  const k = body[0] as number;
  if (k > MAX_DECIMALS) throw new ChunkDecodeError(`decimal chunk scale ${k} is over ${MAX_DECIMALS}`);
  // The first timestamp and value cost 64 bits each; every later sample at least one bit of
  // timestamp and every block six bits of width.
  if (n > 0 && (body.length - 1) * 8 < 128 + (n - 1) + Math.ceil((n - 1) / BLOCK) * 6) throw new ChunkDecodeError(`chunk too short for ${n} samples`);
  const p = POW10[k] as number;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const r = new BitReader(body.subarray(1));
  let prevTs = 0;
  let prevDelta = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) prevTs = readSigned64(r);
    else {
      prevDelta += readDod(r);
      if (prevDelta <= 0) throw new ChunkDecodeError(`chunk timestamps do not increase at sample ${i}`);
      prevTs += prevDelta;
    }
    timestamps[i] = prevTs;
  }
  if (n > 0) {
    let m = readSigned64(r);
    if (Math.abs(m) > MAX_SCALED) throw new ChunkDecodeError('decimal chunk value out of range at sample 0');
    values[0] = m / p;
    for (let i = 1; i < n; i += BLOCK) {
      const width = r.read(6);
      if (width > 53) throw new ChunkDecodeError(`decimal chunk block width ${width} at sample ${i}`);
      const end = Math.min(n, i + BLOCK);
      for (let j = i; j < end; j++) {
        const z = readWide(r, width);
        m += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
        if (Math.abs(m) > MAX_SCALED) throw new ChunkDecodeError(`decimal chunk value out of range at sample ${j}`);
        values[j] = m / p;
      }
    }
  }
  if (r.remaining >= 8) throw new ChunkDecodeError(`chunk has ${r.remaining} bits after its last sample`);
  return { timestamps, values };
}

// --- chunk --------------------------------------------------------------------------------

/** Fills in the header of `out` (whose first HEADER_BYTES are reserved) and returns a copy of it. */
function seal(out: Uint8Array, mode: number, n: number): Uint8Array {
  const head = new DataView(out.buffer, out.byteOffset, out.byteLength);
  head.setUint8(0, mode);
  head.setUint32(1, n, true);
  head.setUint32(5, crc32(out.subarray(HEADER_BYTES), crc32(out.subarray(0, 5))), true);
  return out.slice();
}

/**
 * Encodes samples (timestamps strictly increasing, whole numbers within ±2^50) into one
 * chunk: decimal mode when every value is an exact k-decimal number and that is shorter,
 * XOR otherwise. Values are taken as raw bits: pass a Float64Array to keep NaN payloads exactly.
 */
export function encodeChunk(timestamps: ArrayLike<number>, values: ArrayLike<number>): Uint8Array {
  return encode(timestamps, values, 'best');
}

/** Like encodeChunk, in Gorilla's XOR only (mode 1): the baseline the benchmarks compare against. */
export function encodeXorChunk(timestamps: ArrayLike<number>, values: ArrayLike<number>): Uint8Array {
  return encode(timestamps, values, 'gorilla');
}

function encode(timestamps: ArrayLike<number>, values: ArrayLike<number>, modes: 'best' | 'gorilla'): Uint8Array {
  const n = timestamps.length;
  if (values.length !== n) throw new RangeError(`encodeChunk: ${n} timestamps but ${values.length} values`);
  if (n > 0xffffffff) throw new RangeError('encodeChunk: too many samples for one chunk');
  for (let i = 0; i < n; i++) {
    const ts = timestamps[i] as number;
    if (!Number.isInteger(ts) || Math.abs(ts) > MAX_ABS_TIMESTAMP) throw new RangeError(`encodeChunk: timestamp ${ts} at ${i} is not a whole number within ±2^50`);
    if (i > 0 && ts <= (timestamps[i - 1] as number)) throw new RangeError(`encodeChunk: timestamps must increase (${timestamps[i - 1]} then ${ts} at ${i})`);
  }
  const vals = values instanceof Float64Array ? values : Float64Array.from(values);
  const bits = new DataView(vals.buffer, vals.byteOffset, vals.byteLength);
  if (modes === 'gorilla') return encodeXor(timestamps, bits, n);
  const float = encodeChimp(timestamps, bits, n);
  const k = decimalScale(vals);
  if (k < 0) return float;
  const decimal = encodeDecimal(timestamps, vals, k);
  return decimal.length < float.length ? decimal : float;
}

/** A reference chunk of `count` samples to `target`, the chunk of series `seriesId` in the same window. */
export function encodeReference(seriesId: number, target: Uint8Array): Uint8Array {
  if (!Number.isInteger(seriesId) || seriesId < 0 || seriesId > 0xffffffff) throw new RangeError(`encodeReference: series id ${seriesId}`);
  if (chunkMode(target) === CHUNK_REF) throw new RangeError('encodeReference: a reference must point at a chunk that holds its samples');
  const out = new Uint8Array(REF_BYTES);
  const dv = new DataView(out.buffer);
  dv.setUint32(HEADER_BYTES, seriesId, true);
  dv.setUint32(HEADER_BYTES + 4, chunkChecksum(target), true);
  return seal(out, CHUNK_REF, chunkCount(target));
}

/** The series and checksum a reference chunk points at, or null for a chunk that holds samples; throws when damaged. */
export function referenceOf(chunk: Uint8Array): { seriesId: number; checksum: number } | null {
  if (chunkMode(chunk) !== CHUNK_REF) return null;
  if (chunk.length !== REF_BYTES) throw new ChunkDecodeError(`reference chunk of ${chunk.length} bytes, not ${REF_BYTES}`);
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const actual = crc32(chunk.subarray(HEADER_BYTES), crc32(chunk.subarray(0, 5)));
  if (dv.getUint32(5, true) !== actual) throw new ChunkDecodeError('reference chunk checksum mismatch');
  return { seriesId: dv.getUint32(HEADER_BYTES, true), checksum: dv.getUint32(HEADER_BYTES + 4, true) };
}

/** The checksum stored in a chunk's header (not verified). */
export function chunkChecksum(chunk: Uint8Array): number {
  if (chunk.length < HEADER_BYTES) throw new ChunkDecodeError(`chunk of ${chunk.length} bytes is shorter than its header`);
  return new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength).getUint32(5, true);
}

/** The sample count from a chunk's header (not verified: use decodeChunk for that). */
export function chunkCount(chunk: Uint8Array): number {
  if (chunk.length < HEADER_BYTES) throw new ChunkDecodeError(`chunk of ${chunk.length} bytes is shorter than its header`);
  return new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength).getUint32(1, true);
}

/** The value mode of a chunk (CHUNK_XOR, CHUNK_DECIMAL or CHUNK_FLOAT; not verified). */
export function chunkMode(chunk: Uint8Array): number {
  if (chunk.length < HEADER_BYTES) throw new ChunkDecodeError(`chunk of ${chunk.length} bytes is shorter than its header`);
  return chunk[0] as number;
}

/** Decodes a chunk; throws ChunkDecodeError when it is damaged (checksum, length, mode). */
export function decodeChunk(chunk: Uint8Array): DecodedChunk {
  if (chunk.length < HEADER_BYTES) throw new ChunkDecodeError(`chunk of ${chunk.length} bytes is shorter than its header`);
  const head = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const mode = head.getUint8(0);
  const n = head.getUint32(1, true);
  const stored = head.getUint32(5, true);
  const actual = crc32(chunk.subarray(HEADER_BYTES), crc32(chunk.subarray(0, 5)));
  if (stored !== actual) throw new ChunkDecodeError(`chunk checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)})`);
  const body = chunk.subarray(HEADER_BYTES);
  if (mode === CHUNK_XOR) return decodeXor(body, n);
  if (mode === CHUNK_DECIMAL) return decodeDecimal(body, n);
  if (mode === CHUNK_FLOAT) return decodeChimp(body, n);
  if (mode === CHUNK_REF) throw new ChunkDecodeError('chunk is a reference to another series\' chunk: the store resolves it');
  throw new ChunkDecodeError(`chunk mode ${mode} is not ${CHUNK_XOR} (Gorilla XOR), ${CHUNK_DECIMAL} (decimal) or ${CHUNK_FLOAT} (Chimp XOR)`);
}
