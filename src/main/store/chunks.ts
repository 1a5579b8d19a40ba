// Settled datapoints as compressed chunks. Recent data stays in the `points` row table (the
// head: cheap upserts, late points land there); data older than the head is moved, per
// series, into Gorilla-encoded chunks of one aligned time window each. Moving is one
// transaction per series (write the chunks, delete the rows), so a crash leaves either the
// rows or the chunk, never both and never neither; a re-run finds no rows and does nothing.
// Reads merge both, the head winning where a late point overrides a chunked one.
//
// A chunk byte-identical to a sibling's (the same metric, another statistic: a gauge published
// once a minute has Average = Maximum at 60 s) is stored as a reference to it (CHUNK_REF, with
// the target's checksum). Invariant: a reference points at a chunk that holds samples, and
// whoever changes or deletes a chunk first turns the references to it into copies, in the same
// transaction; a reference whose target is missing or changed is damage, like a bad checksum.
import type { Db, Migration } from './db';
import { CHUNK_REF, ChunkDecodeError, chunkChecksum, chunkMode, decodeChunk, encodeChunk, encodeReference, referenceOf } from '../domain/tsdb/gorilla';

export const CHUNK_MIGRATIONS: readonly Migration[] = [
  {
    version: 400,
    name: 'Gorilla chunks of settled datapoints; damage found at read time',
    sql: `
      -- One aligned window [start, start + span) of one series; first_ts/last_ts bound what
      -- it holds, so a range read touches only the chunks it overlaps. A rowid table, not
      -- WITHOUT ROWID: an index b-tree keeps only ~1 KB of a row in the page and spills the
      -- rest to a mostly empty overflow page (measured: 6 h chunks cost 9.4 B/pt that way).
      CREATE TABLE chunks (
        series_id INTEGER NOT NULL,
        start INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        count INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (series_id, start)
      );
      -- A chunk that failed its checksum when read; the next open quarantines the file.
      CREATE TABLE chunk_damage (
        series_id INTEGER NOT NULL,
        start INTEGER NOT NULL,
        found_at INTEGER NOT NULL,
        message TEXT NOT NULL,
        PRIMARY KEY (series_id, start)
      ) WITHOUT ROWID;
    `,
  },
];

/** Width of one chunk's window (s): the smallest file of those measured in bench/store.bench.ts. */
export const CHUNK_SPAN_S = 12 * 3600;
/** Rows move in steps of this (s), merged into their window's chunk, so a chunk is re-encoded a few times, not every pass. */
export const COMPACT_STEP_S = 2 * 3600;
/** Data younger than this stays in rows: the live pass re-reads its overlap, late points arrive. */
export const HEAD_S = 6 * 3600;

/**
 * A chunk in cache.db failed its checksum (or could not be decoded). Carries SQLite's own
 * code so the cache treats it like any other damage: quarantine the file and rebuild.
 */
export class CacheCorruptError extends Error {
  readonly code = 'SQLITE_CORRUPT';

  constructor(message: string) {
    super(message);
    this.name = 'CacheCorruptError';
  }
}

export interface CompactionResult {
  series: number;
  points: number;
  chunks: number;
}

type Row = [number, number];

/** One stored chunk's window and bounds, and a fingerprint of its content. */
export interface ChunkMeta {
  start: number;
  firstTs: number;
  lastTs: number;
  count: number;
  fingerprint: string;
}

/** Merges two time-ordered runs; on equal timestamps `head` wins (late points replace older ones). */
export function mergeRuns(older: Row[], head: Row[]): Row[] {
  if (older.length === 0) return head;
  if (head.length === 0) return older;
  const out: Row[] = [];
  let i = 0;
  let j = 0;
  while (i < older.length || j < head.length) {
    const a = older[i];
    const b = head[j];
    if (b === undefined || (a !== undefined && a[0] < b[0])) {
      out.push(a as Row);
      i++;
    } else {
      if (a !== undefined && a[0] === b[0]) i++;
      out.push(b);
      j++;
    }
  }
  return out;
}

export class ChunkStore {
  private readonly stmts;

  constructor(
    readonly db: Db,
    readonly spanS: number = CHUNK_SPAN_S,
  ) {
    this.stmts = {
      chunksIn: db.prepare('SELECT start, data FROM chunks WHERE series_id = ? AND start < ? AND last_ts >= ? ORDER BY start').raw(true),
      // The header (version, count, CRC of the content) names a chunk's content without copying it.
      chunkMetaIn: db.prepare('SELECT start, first_ts, last_ts, count, hex(substr(data, 1, 9)) FROM chunks WHERE series_id = ? AND start < ? AND last_ts >= ? ORDER BY start').raw(true),
      headIn: db.prepare('SELECT ts, value FROM points WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts').raw(true),
      chunkAt: db.prepare('SELECT data FROM chunks WHERE series_id = ? AND start = ?').pluck(),
      upsertChunk: db.prepare(
        `INSERT INTO chunks (series_id, start, first_ts, last_ts, count, data) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, start) DO UPDATE SET first_ts = excluded.first_ts, last_ts = excluded.last_ts, count = excluded.count, data = excluded.data`,
      ),
      deleteChunksBefore: db.prepare('DELETE FROM chunks WHERE series_id = ? AND start < ?'),
      settledHead: db.prepare('SELECT 1 FROM points WHERE series_id = ? AND ts < ? LIMIT 1').pluck(),
      // SELECT then a range DELETE: measured faster than DELETE … RETURNING (3.6 s for 600k rows).
      headBefore: db.prepare('SELECT ts, value FROM points WHERE series_id = ? AND ts < ? ORDER BY ts').raw(true),
      deleteHeadBefore: db.prepare('DELETE FROM points WHERE series_id = ? AND ts < ?'),
      deleteHeadIn: db.prepare('DELETE FROM points WHERE series_id = ? AND ts >= ? AND ts < ?'),
      seriesIds: db.prepare('SELECT id FROM series ORDER BY id').pluck(),
      recordDamage: db.prepare('INSERT OR REPLACE INTO chunk_damage (series_id, start, found_at, message) VALUES (?, ?, ?, ?)'),
      damage: db.prepare('SELECT series_id, start, message FROM chunk_damage LIMIT 1'),
      chunksBefore: db.prepare('SELECT start, data FROM chunks WHERE series_id = ? AND start < ?').raw(true),
      setChunkData: db.prepare('UPDATE chunks SET data = ? WHERE series_id = ? AND start = ?'),
      maxSeriesId: db.prepare('SELECT coalesce(max(id), 0) FROM series').pluck(),
      seriesIdentity: db.prepare('SELECT id, stat, source, namespace, metric, dimensions FROM series').raw(true),
    };
  }

  /** Series of the same metric (other statistics), by id; rebuilt when series are added (they are never removed). */
  private siblingsOf: { maxId: number; map: Map<number, number[]> } | null = null;

  private siblings(seriesId: number): readonly number[] {
    const maxId = this.stmts.maxSeriesId.get() as number;
    if (this.siblingsOf?.maxId !== maxId) {
      const byMetric = new Map<string, [id: number, stat: string][]>();
      for (const [id, stat, ...identity] of this.stmts.seriesIdentity.all() as [number, string, string, string, string, string][]) {
        const k = identity.join('\u0000');
        const ids = byMetric.get(k) ?? [];
        ids.push([id, stat]);
        byMetric.set(k, ids);
      }
      // Siblings: the other statistics of the same metric (a handful; never the same statistic twice).
      const map = new Map<number, number[]>();
      for (const ids of byMetric.values()) {
        if (ids.length < 2) continue;
        for (const [id, stat] of ids) map.set(id, ids.filter(([, st]) => st !== stat).map(([x]) => x));
      }
      this.siblingsOf = { maxId, map };
    }
    return this.siblingsOf.map.get(seriesId) ?? [];
  }

  private damaged(seriesId: number, start: number, err: ChunkDecodeError): never {
    const message = `cache.db chunk of series ${seriesId} at ${new Date(start * 1000).toISOString()} is damaged: ${err.message}`;
    try {
      // Remembered so the next open quarantines the file even if this reader cannot.
      if (!this.db.readonly) this.stmts.recordDamage.run(seriesId, start, Date.now(), message);
    } catch {
      // the file may be too damaged to write to; the error below still reaches the caller
    }
    throw new CacheCorruptError(message);
  }

  /** The series a chunk refers to, or null when it holds its samples. */
  private referenceIn(seriesId: number, start: number, data: Uint8Array): number | null {
    try {
      return referenceOf(data)?.seriesId ?? null;
    } catch (err) {
      if (!(err instanceof ChunkDecodeError)) throw err;
      return this.damaged(seriesId, start, err);
    }
  }

  /** The chunk holding the samples: `data` itself, or the target of the reference it is. */
  private resolve(start: number, data: Uint8Array): Uint8Array {
    const ref = referenceOf(data);
    if (ref === null) return data;
    const target = this.stmts.chunkAt.get(ref.seriesId, start) as Uint8Array | undefined;
    if (!target) throw new ChunkDecodeError(`it refers to series ${ref.seriesId}'s chunk, which is missing`);
    if (chunkMode(target) === CHUNK_REF || chunkChecksum(target) !== ref.checksum) throw new ChunkDecodeError(`it refers to series ${ref.seriesId}'s chunk, which has changed`);
    return target;
  }

  /** Before series `seriesId`'s chunk at `start` (now `current`) changes: references to it become copies. */
  private copyIntoReferrers(seriesId: number, start: number, current: Uint8Array): void {
    if (chunkMode(current) === CHUNK_REF) return;
    for (const sibling of this.siblings(seriesId)) {
      const data = this.stmts.chunkAt.get(sibling, start) as Uint8Array | undefined;
      if (data && this.referenceIn(sibling, start, data) === seriesId) this.stmts.setChunkData.run(current, sibling, start);
    }
  }

  /** A reference to a sibling's chunk at `start` holding exactly `data`, or `data` itself. */
  private deduplicated(seriesId: number, start: number, data: Uint8Array): Uint8Array {
    for (const sibling of this.siblings(seriesId)) {
      const other = this.stmts.chunkAt.get(sibling, start) as Uint8Array | undefined;
      if (other && other.length === data.length && chunkMode(other) !== CHUNK_REF && Buffer.compare(other, data) === 0) return encodeReference(sibling, other);
    }
    return data;
  }

  private decode(seriesId: number, start: number, data: Uint8Array): Row[] {
    let decoded;
    try {
      decoded = decodeChunk(this.resolve(start, data));
    } catch (err) {
      if (!(err instanceof ChunkDecodeError)) throw err;
      return this.damaged(seriesId, start, err);
    }
    const rows: Row[] = new Array<Row>(decoded.timestamps.length);
    for (let i = 0; i < rows.length; i++) rows[i] = [decoded.timestamps[i] as number, decoded.values[i] as number];
    return rows;
  }

  /** Throws CacheCorruptError when a damaged chunk was found by an earlier read. */
  assertNoRecordedDamage(): void {
    const d = this.stmts.damage.get() as { message: string } | undefined;
    if (d) throw new CacheCorruptError(d.message);
  }

  /** [ts, value] of one series in [from, to), chunks and head merged, in time order. */
  readRange(seriesId: number, from: number, to: number): Row[] {
    const head = this.stmts.headIn.all(seriesId, from, to) as Row[];
    const chunks = this.stmts.chunksIn.all(seriesId, to, from) as [number, Uint8Array][];
    if (chunks.length === 0) return head;
    const older: Row[] = [];
    for (const [start, data] of chunks) {
      for (const r of this.decode(seriesId, start, data)) if (r[0] >= from && r[0] < to) older.push(r);
    }
    return mergeRuns(older, head);
  }

  /**
   * The chunks of one series overlapping [from, to), in time order, without their data: what
   * a reader that caches per-chunk results checks them against (`fingerprint` changes
   * whenever compaction or retention rewrites the chunk).
   */
  chunksIn(seriesId: number, from: number, to: number): ChunkMeta[] {
    return (this.stmts.chunkMetaIn.all(seriesId, to, from) as [number, number, number, number, string][]).map(([start, firstTs, lastTs, count, fingerprint]) => ({
      start,
      firstTs,
      lastTs,
      count,
      fingerprint,
    }));
  }

  /** [ts, value] of one series' head rows in [from, to), in time order. */
  headRange(seriesId: number, from: number, to: number): Row[] {
    return this.stmts.headIn.all(seriesId, from, to) as Row[];
  }

  /** Writes `rows` (time-ordered, any windows) as chunks, merging with what is stored there. */
  private writeWindows(seriesId: number, rows: Row[], replace: boolean): number {
    let written = 0;
    for (let i = 0; i < rows.length; ) {
      const start = Math.floor((rows[i] as Row)[0] / this.spanS) * this.spanS;
      let j = i;
      while (j < rows.length && (rows[j] as Row)[0] < start + this.spanS) j++;
      let window = rows.slice(i, j);
      const existing = this.stmts.chunkAt.get(seriesId, start) as Uint8Array | undefined;
      if (existing && !replace) window = mergeRuns(this.decode(seriesId, start, existing), window);
      const values = Float64Array.from(window, (r) => r[1]);
      const data = encodeChunk(
        window.map((r) => r[0]),
        values,
      );
      if (existing) this.copyIntoReferrers(seriesId, start, existing);
      this.stmts.upsertChunk.run(seriesId, start, (window[0] as Row)[0], (window[window.length - 1] as Row)[0], window.length, this.deduplicated(seriesId, start, data));
      written++;
      i = j;
    }
    return written;
  }

  /**
   * Writes one series' settled points (time-ordered, unique) straight into chunks, inside the
   * caller's transaction: what a backfill page older than the head does instead of inserting
   * rows only to move them later. Precedence: stored chunk < head rows in the range < `rows`;
   * those head rows move into the chunk too, so a stale row can never shadow the new value.
   */
  writeSettled(seriesId: number, rows: Row[]): void {
    if (rows.length === 0) return;
    const lo = (rows[0] as Row)[0];
    const hi = (rows[rows.length - 1] as Row)[0] + 1;
    const head = this.stmts.headIn.all(seriesId, lo, hi) as Row[];
    if (head.length > 0) {
      rows = mergeRuns(head, rows);
      this.stmts.deleteHeadIn.run(seriesId, lo, hi);
    }
    this.writeWindows(seriesId, rows, false);
  }

  /**
   * Moves every series' rows older than `cutoff` (rounded down to a step of COMPACT_STEP_S)
   * into chunks. One transaction per series; idempotent.
   */
  compactBefore(cutoff: number): CompactionResult {
    const limit = Math.floor(cutoff / COMPACT_STEP_S) * COMPACT_STEP_S;
    const result: CompactionResult = { series: 0, points: 0, chunks: 0 };
    for (const id of this.stmts.seriesIds.all() as number[]) {
      if (!this.stmts.settledHead.get(id, limit)) continue;
      this.db.transaction(() => {
        const rows = this.stmts.headBefore.all(id, limit) as Row[];
        result.chunks += this.writeWindows(id, rows, false);
        this.stmts.deleteHeadBefore.run(id, limit);
        result.points += rows.length;
        result.series++;
      })();
    }
    return result;
  }

  /**
   * Replaces one series' data before `cutoff` (chunks and head) with `rows`, in one
   * transaction: what retention's downsampling writes. A chunk straddling the cutoff keeps
   * its points at or after it.
   */
  replaceBefore(seriesId: number, cutoff: number, rows: Row[]): void {
    this.db.transaction(() => {
      const straddling = Math.floor(cutoff / this.spanS) * this.spanS;
      const kept = this.readChunk(seriesId, straddling).filter((r) => r[0] >= cutoff);
      // The siblings' references to the chunks about to go become copies first.
      for (const sibling of this.siblings(seriesId)) {
        for (const [start, data] of this.stmts.chunksBefore.all(sibling, straddling + this.spanS) as [number, Uint8Array][]) {
          if (this.referenceIn(sibling, start, data) !== seriesId) continue;
          const target = this.stmts.chunkAt.get(seriesId, start) as Uint8Array | undefined;
          if (target) this.stmts.setChunkData.run(target, sibling, start);
        }
      }
      this.stmts.deleteChunksBefore.run(seriesId, straddling + this.spanS);
      this.stmts.deleteHeadBefore.run(seriesId, cutoff);
      this.writeWindows(seriesId, rows.concat(kept), true);
    })();
  }

  /** One chunk's samples (a reference resolved); [] when there is none; a damaged chunk throws CacheCorruptError. */
  readChunk(seriesId: number, start: number): Row[] {
    const data = this.stmts.chunkAt.get(seriesId, start) as Uint8Array | undefined;
    return data ? this.decode(seriesId, start, data) : [];
  }
}

const stores = new WeakMap<Db, ChunkStore>();

/** The chunk store of a connection (statements prepared once per connection). */
export function chunksOf(db: Db): ChunkStore {
  let s = stores.get(db);
  if (!s) {
    s = new ChunkStore(db);
    stores.set(db, s);
  }
  return s;
}

/** The cutoff for writing straight into chunks when rows younger than `headS` stay rows. */
export function settledBefore(nowSec: number, headS: number = HEAD_S): number {
  return Math.floor((nowSec - headS) / COMPACT_STEP_S) * COMPACT_STEP_S;
}

/** Writes settled points per series into chunks; within a series the last of equal timestamps wins, as upserts do. */
export function writeSettled(db: Db, bySeries: Map<number, Row[]>): void {
  const store = chunksOf(db);
  for (const [seriesId, rows] of bySeries) {
    // Stable sort, then keep the last of each timestamp.
    rows.sort((a, b) => a[0] - b[0]);
    const unique: Row[] = [];
    for (const r of rows) {
      const last = unique[unique.length - 1];
      if (last !== undefined && last[0] === r[0]) unique[unique.length - 1] = r;
      else unique.push(r);
    }
    store.writeSettled(seriesId, unique);
  }
}

/** Sum of each series' values per slot of `step` s from `from`, for [from, to): [seriesId, slot, sum]. */
export function sumsBySlot(db: Db, seriesIds: readonly number[], from: number, step: number, to: number): [number, number, number][] {
  const store = chunksOf(db);
  const out: [number, number, number][] = [];
  for (const id of seriesIds) {
    let slot = -1;
    let sum = 0;
    for (const [ts, value] of store.readRange(id, from, to)) {
      const s = Math.floor((ts - from) / step);
      if (s !== slot) {
        if (slot >= 0) out.push([id, slot, sum]);
        slot = s;
        sum = 0;
      }
      sum += value;
    }
    if (slot >= 0) out.push([id, slot, sum]);
  }
  return out;
}

/** Sum or mean of all the series' values per bucket of `bucketSec` (bucket = ts rounded down). */
export function aggregateByBucket(db: Db, fn: 'sum' | 'avg', seriesIds: readonly number[], from: number, to: number, bucketSec: number): Map<number, number> {
  const store = chunksOf(db);
  const sums = new Map<number, number>();
  const counts = new Map<number, number>();
  for (const id of seriesIds) {
    for (const [ts, value] of store.readRange(id, from, to)) {
      const b = Math.floor(ts / bucketSec) * bucketSec;
      sums.set(b, (sums.get(b) ?? 0) + value);
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
  }
  if (fn === 'avg') for (const [b, s] of sums) sums.set(b, s / (counts.get(b) as number));
  return sums;
}

/** Datapoints stored in chunks (the head's rows are counted separately). */
export function chunkedPointCount(db: Db, source?: string): number {
  return (
    source === undefined
      ? db.prepare('SELECT coalesce(sum(count), 0) FROM chunks').pluck().get()
      : db.prepare('SELECT coalesce(sum(count), 0) FROM chunks WHERE series_id IN (SELECT id FROM series WHERE source = ?)').pluck().get(source)
  ) as number;
}
