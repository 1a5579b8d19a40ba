// A series over a range as per-bucket partials (domain/metrics/partials.ts), settled chunks'
// partials kept in memory between requests. A settled chunk only changes when compaction or
// retention rewrites it, and then its fingerprint (the header's count and CRC) changes, so a
// cached entry is used only while the stored chunk still has the fingerprint it was computed
// from. The chunk that straddles the range start, the chunks the head's rows overlap (late
// points win over chunked ones) and the head itself are read raw on every request.
import { partialOf, type Partial } from '../domain/metrics/partials';
import { mergeRuns, type ChunkMeta, type ChunkStore } from '../store/chunks';

/** Memory the cached partials may take (bytes, estimated): a 30-day and a 7-day view of ~130 series fit. */
export const PARTIAL_CACHE_BYTES = 48 * 1024 * 1024;

interface Entry {
  fingerprint: string;
  part: Partial;
  bytes: number;
}

type Row = [number, number];

const sizeOf = (p: Partial): number => p.sums.byteLength + p.counts.byteLength + p.covered.byteLength + p.tail.byteLength + 200;

export interface PartialStats {
  hits: number;
  misses: number;
  raw: number;
  entries: number;
  bytes: number;
}

/** What the store holds for one series at one data version: its chunks' metadata and its head rows. */
interface Listing {
  chunks: ChunkMeta[];
  head: Row[];
}

const ALL_FROM = -(2 ** 50);
const ALL_TO = 2 ** 50;

export class PartialCache {
  private readonly entries = new Map<string, Entry>();
  /** Listings read at `listedAt` (the data version): reused until the data may have changed. */
  private listings = new Map<number, Listing>();
  private listedAt: number | null = null;
  private bytes = 0;
  readonly stats: PartialStats = { hits: 0, misses: 0, raw: 0, entries: 0, bytes: 0 };

  constructor(private readonly budgetBytes: number = PARTIAL_CACHE_BYTES) {}

  /**
   * One series' data in [fromSec, toSec) as time-ordered, non-overlapping runs' partials at
   * `res`-second buckets (fromSec a multiple of res): equal to the partial of every row the
   * chunk store's readRange returns for that range, split where chunks begin.
   */
  series(store: ChunkStore, seriesId: number, fromSec: number, toSec: number, res: number, dataVersion: number | null = null): Partial[] {
    const { head, chunks } = this.listing(store, seriesId, fromSec, toSec, dataVersion);
    const headFrom = head.length > 0 ? head[0]![0] : Infinity;
    // From the first chunk that the head overlaps or the range end cuts, everything is read raw.
    let tailFrom = chunks.findIndex((c) => c.lastTs >= headFrom || c.lastTs >= toSec);
    if (tailFrom < 0) tailFrom = chunks.length;
    const parts: Partial[] = [];
    const inRange = (rows: Row[]): Row[] => rows.filter((r) => r[0] >= fromSec && r[0] < toSec);
    for (let k = 0; k < tailFrom; k++) {
      const c = chunks[k]!;
      if (c.firstTs < fromSec) {
        const rows = inRange(store.readChunk(seriesId, c.start));
        this.stats.raw++;
        if (rows.length > 0) parts.push(partialOf(rows, res));
      } else parts.push(this.cached(store, seriesId, c, res));
    }
    let tail: Row[] = [];
    for (let k = tailFrom; k < chunks.length; k++) {
      tail = tail.concat(inRange(store.readChunk(seriesId, chunks[k]!.start)));
      this.stats.raw++;
    }
    tail = mergeRuns(tail, head);
    if (tail.length > 0) parts.push(partialOf(tail, res));
    return parts.filter((p) => p.rows > 0);
  }

  /**
   * The series' chunks overlapping the range and its head rows in it. With a data version,
   * the whole series' listing is read once and kept until the version changes (a dashboard
   * of another range, or the next family, then reads nothing from SQLite but changed chunks).
   */
  private listing(store: ChunkStore, seriesId: number, fromSec: number, toSec: number, dataVersion: number | null): Listing {
    if (dataVersion === null) return { head: store.headRange(seriesId, fromSec, toSec), chunks: store.chunksIn(seriesId, fromSec, toSec) };
    if (this.listedAt !== dataVersion) {
      this.listings = new Map();
      this.listedAt = dataVersion;
    }
    let all = this.listings.get(seriesId);
    if (!all) this.listings.set(seriesId, (all = { head: store.headRange(seriesId, ALL_FROM, ALL_TO), chunks: store.chunksIn(seriesId, ALL_FROM, ALL_TO) }));
    return {
      head: all.head.filter((r) => r[0] >= fromSec && r[0] < toSec),
      chunks: all.chunks.filter((c) => c.start < toSec && c.lastTs >= fromSec),
    };
  }

  private cached(store: ChunkStore, seriesId: number, c: ChunkMeta, res: number): Partial {
    const key = `${seriesId}:${c.start}:${res}`;
    const hit = this.entries.get(key);
    if (hit && hit.fingerprint === c.fingerprint) {
      // Most recently used last: eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.stats.hits++;
      return hit.part;
    }
    this.stats.misses++;
    if (hit) this.drop(key, hit);
    const rows = store.readChunk(seriesId, c.start);
    const part = rows.length > 0 ? partialOf(rows, res) : emptyPartial(res);
    const entry = { fingerprint: c.fingerprint, part, bytes: sizeOf(part) };
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.drop(k, e);
    }
    this.stats.entries = this.entries.size;
    this.stats.bytes = this.bytes;
    return part;
  }

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.listings = new Map();
    this.listedAt = null;
    this.bytes = 0;
  }
}

function emptyPartial(res: number): Partial {
  return {
    res,
    firstBucket: 0,
    sums: new Float64Array(0),
    counts: new Uint32Array(0),
    covered: new Float64Array(0),
    rows: 0,
    firstTs: 0,
    firstValue: 0,
    firstAfter: Infinity,
    lastTs: 0,
    lastValue: 0,
    lastBefore: Infinity,
    tail: new Float64Array(0),
  };
}
