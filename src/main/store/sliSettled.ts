// Settled SLI buckets kept in cache.db, so the first SLO evaluation after a start reads
// them instead of re-aggregating 30 days of datapoints (slo/sliData.ts decides what is settled).
//
// Two parts:
// - `sli_settled`: per (plan, step, block of 360 buckets) the buckets computed from the
//   store for the part [lo, hi) of the block that was settled, with a checksum over them. A row whose checksum does not match is deleted and
//   recomputed, never used. `plan` is the SLI plan's data key (series ids and the canonical
//   maths, not the catalogue version), so an edited definition never finds old rows.
// - `sli_data_changes`: a log, filled by triggers, of every change to datapoints the SLO
//   engine may already have settled: any chunk written or deleted (late points merged in,
//   retention downsampling, compaction — which changes nothing but is cheap to recompute),
//   and any row upserted into the head inside a series' fetched range older than its
//   watermark minus the settle margin (a late point). The live pass, which re-reads only its
//   last 10 minutes, and the backfill, which writes older than the watermark, never log.
//   Readers apply the log (delete the overlapping blocks) before they trust a block.
import { crc32 } from 'node:zlib';
import { isBusy, type Db, type Migration } from './db';

/** Buckets in one kept block: 6 h of minutes, 30 h of 5 minutes, 15 days of hours. */
export const BLOCK_BUCKETS = 360;
/** Width (s) of a kept block of buckets of `step` s (blocks start at multiples of it). */
export function blockSpan(step: number): number {
  return step * BLOCK_BUCKETS;
}
/** The settle margin (s) the late-point trigger uses; equals slo/sliData.ts SETTLE_MARGIN_SEC. */
export const LATE_MARGIN_S = 20 * 60;
/** A time slice's width depends on the next datapoint up to an hour later: a change reaches back this far. */
export const LOOKBACK_S = 3600;
/** How long a write of kept blocks waits for another connection's write lock (see unlessBusy). */
export const SHORT_BUSY_WAIT_MS = 50;
/** Log entries kept after everyone applied them, so a slower reader still sees what changed. */
const LOG_KEEP = 200_000;

export const SLI_SETTLED_MIGRATIONS: readonly Migration[] = [
  {
    version: 500,
    name: 'settled SLI buckets kept across restarts, and the log of datapoint changes that invalidates them',
    sql: `
      CREATE TABLE sli_settled (
        plan TEXT NOT NULL,
        step INTEGER NOT NULL,
        block INTEGER NOT NULL,
        lo INTEGER NOT NULL,
        hi INTEGER NOT NULL,
        built_at INTEGER NOT NULL,
        used_at INTEGER NOT NULL,
        checksum TEXT NOT NULL,
        buckets BLOB NOT NULL,
        PRIMARY KEY (plan, step, block)
      );
      -- Which plans read which series: a change to a series finds its blocks by index.
      CREATE TABLE sli_plan_series (
        series_id INTEGER NOT NULL,
        plan TEXT NOT NULL,
        PRIMARY KEY (series_id, plan)
      ) WITHOUT ROWID;
      CREATE TABLE sli_data_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        series_id INTEGER NOT NULL,
        lo INTEGER NOT NULL,
        hi INTEGER NOT NULL
      );
      -- applied: the log has been applied to sli_settled up to here; pruned: entries up to here are gone.
      CREATE TABLE sli_settled_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        applied INTEGER NOT NULL,
        pruned INTEGER NOT NULL
      );
      INSERT INTO sli_settled_state (id, applied, pruned) VALUES (1, 0, 0);
      CREATE TRIGGER sli_chunk_inserted AFTER INSERT ON chunks BEGIN
        INSERT INTO sli_data_changes (series_id, lo, hi) VALUES (NEW.series_id, NEW.first_ts, NEW.last_ts + 1);
      END;
      CREATE TRIGGER sli_chunk_updated AFTER UPDATE ON chunks BEGIN
        INSERT INTO sli_data_changes (series_id, lo, hi) VALUES (NEW.series_id, min(OLD.first_ts, NEW.first_ts), max(OLD.last_ts, NEW.last_ts) + 1);
      END;
      CREATE TRIGGER sli_chunk_deleted AFTER DELETE ON chunks BEGIN
        INSERT INTO sli_data_changes (series_id, lo, hi) VALUES (OLD.series_id, OLD.first_ts, OLD.last_ts + 1);
      END;
      CREATE TRIGGER sli_late_point_inserted AFTER INSERT ON points
        WHEN EXISTS (SELECT 1 FROM watermarks w WHERE w.series_id = NEW.series_id AND NEW.ts >= w.oldest AND NEW.ts < w.newest - ${LATE_MARGIN_S})
      BEGIN
        INSERT INTO sli_data_changes (series_id, lo, hi) VALUES (NEW.series_id, NEW.ts, NEW.ts + 1);
      END;
      CREATE TRIGGER sli_late_point_updated AFTER UPDATE ON points
        WHEN NEW.value IS NOT OLD.value
          AND EXISTS (SELECT 1 FROM watermarks w WHERE w.series_id = NEW.series_id AND NEW.ts >= w.oldest AND NEW.ts < w.newest - ${LATE_MARGIN_S})
      BEGIN
        INSERT INTO sli_data_changes (series_id, lo, hi) VALUES (NEW.series_id, NEW.ts, NEW.ts + 1);
      END;
    `,
  },
];

/** Every statement of this module, for the prepare-everything test. */
export const SLI_SETTLED_SQL = {
  maxSeq: 'SELECT coalesce(max(seq), 0) FROM sli_data_changes',
  // Filtered in SQL: during a backfill the log is ~200,000 rows a minute and 99 % of them are
  // series no SLO reads; reading them all back as objects was seconds of the SLO worker (and
  // ~100 MB of its heap) at every evaluation.
  changesOf: 'SELECT seq, series_id, lo, hi FROM sli_data_changes WHERE seq > ? AND series_id IN (SELECT value FROM json_each(?)) ORDER BY seq',
  changesOfPlanned: 'SELECT seq, series_id, lo, hi FROM sli_data_changes WHERE seq > ? AND series_id IN (SELECT series_id FROM sli_plan_series) ORDER BY seq',
  anyChangeOf: 'SELECT 1 FROM sli_data_changes WHERE seq > ? AND series_id IN (SELECT value FROM json_each(?)) LIMIT 1',
  state: 'SELECT applied, pruned FROM sli_settled_state WHERE id = 1',
  resetState: 'INSERT OR REPLACE INTO sli_settled_state (id, applied, pruned) VALUES (1, ?, ?)',
  dropAllBlocks: 'DELETE FROM sli_settled',
  setApplied: 'UPDATE sli_settled_state SET applied = max(applied, ?) WHERE id = 1',
  prune: 'DELETE FROM sli_data_changes WHERE seq <= ?',
  setPruned: 'UPDATE sli_settled_state SET pruned = max(pruned, ?) WHERE id = 1',
  plansOf: 'SELECT plan FROM sli_plan_series WHERE series_id = ?',
  deleteBlocks: `DELETE FROM sli_settled WHERE plan = ? AND block < ? AND block + step * ${BLOCK_BUCKETS} > ?`,
  blocks: 'SELECT block, lo, hi, built_at, used_at, checksum, buckets FROM sli_settled WHERE plan = ? AND step = ? AND block >= ? AND block < ? ORDER BY block',
  touch: 'UPDATE sli_settled SET used_at = ? WHERE plan = ? AND step = ? AND block >= ? AND block < ?',
  deleteBlock: 'DELETE FROM sli_settled WHERE plan = ? AND step = ? AND block = ?',
  putBlock: `INSERT INTO sli_settled (plan, step, block, lo, hi, built_at, used_at, checksum, buckets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (plan, step, block) DO UPDATE SET lo = excluded.lo, hi = excluded.hi, built_at = excluded.built_at, used_at = excluded.used_at,
      checksum = excluded.checksum, buckets = excluded.buckets`,
  putPlanSeries: 'INSERT OR IGNORE INTO sli_plan_series (series_id, plan) VALUES (?, ?)',
  dropUnused: 'DELETE FROM sli_settled WHERE used_at < ?',
  dropOrphanPlans: 'DELETE FROM sli_plan_series WHERE plan NOT IN (SELECT plan FROM sli_settled)',
} as const;

/** A bucket as the SLO engine keeps it: start (ms), good and total events, width (ms). */
export interface StoredBucket {
  t: number;
  good: number;
  total: number;
  widthMs: number;
}

export interface DataChange {
  seq: number;
  seriesId: number;
  /** [lo, hi) epoch seconds. */
  lo: number;
  hi: number;
}

/** A block as read back: the buckets of its part [lo, hi) (s), or why it cannot be used. */
export type LoadedBlock = { block: number; lo: number; hi: number; builtAt: number; buckets: StoredBucket[] } | { block: number; damaged: string };

/** A part [lo, hi) (s) of a block to keep, with its buckets. */
export interface BlockPart {
  block: number;
  lo: number;
  hi: number;
  buckets: readonly StoredBucket[];
}

function checksumOf(plan: string, step: number, block: number, lo: number, hi: number, blob: Uint8Array): string {
  const head = crc32(`${plan}|${step}|${block}|${lo}|${hi}|`);
  return `${head.toString(16)}:${crc32(blob, head).toString(16)}:${blob.byteLength}`;
}

// Layout: [flags u8][count u32 LE] then, unless GRID, count × (start s, width s) as i32 offsets
// from the block, then count × good and count × total as f32 (FLOAT32: every value is exact
// in f32, as event counts and minutes are) or f64. GRID: every bucket is one step wide, one per
// step from `lo` (the event-ratio grid), so starts and widths are implied.
const GRID = 1;
const FLOAT32 = 2;
const HEADER = 5;

/** Encodes buckets of the part [lo, hi) of `block`, all of `step` s; exact (no value is rounded). */
export function encodeBuckets(buckets: readonly StoredBucket[], block: number, lo: number, step: number): Buffer {
  const n = buckets.length;
  let grid = true;
  let f32 = true;
  for (let i = 0; i < n; i++) {
    const b = buckets[i] as StoredBucket;
    if (b.t !== (lo + i * step) * 1000 || b.widthMs !== step * 1000) grid = false;
    if (Math.fround(b.good) !== b.good || Math.fround(b.total) !== b.total) f32 = false;
  }
  // Offsets and widths are whole seconds here; anything else is not a bucket the engine makes.
  for (const b of buckets) if (!grid && (b.t % 1000 !== 0 || b.widthMs % 1000 !== 0)) throw new Error('SLI bucket not on whole seconds');
  const width = f32 ? 4 : 8;
  const buf = Buffer.alloc(HEADER + (grid ? 0 : 8 * n) + 2 * width * n);
  buf.writeUInt8((grid ? GRID : 0) | (f32 ? FLOAT32 : 0), 0);
  buf.writeUInt32LE(n, 1);
  let o = HEADER;
  if (!grid) {
    for (const b of buckets) {
      buf.writeInt32LE(b.t / 1000 - block, o);
      buf.writeInt32LE(b.widthMs / 1000, o + 4);
      o += 8;
    }
  }
  for (const key of ['good', 'total'] as const) {
    for (const b of buckets) {
      if (f32) buf.writeFloatLE(b[key], o);
      else buf.writeDoubleLE(b[key], o);
      o += width;
    }
  }
  return buf;
}

/** Decodes a blob written by encodeBuckets for [lo, hi) of `block`; null when it cannot be one. */
export function decodeBuckets(blob: Uint8Array, block: number, lo: number, hi: number, step: number): StoredBucket[] | null {
  if (blob.byteLength < HEADER) return null;
  const flags = blob[0] as number;
  const n = ((blob[1] as number) | ((blob[2] as number) << 8) | ((blob[3] as number) << 16)) + (blob[4] as number) * 0x1000000;
  const grid = (flags & GRID) !== 0;
  const width = (flags & FLOAT32) !== 0 ? 4 : 8;
  if ((flags & ~(GRID | FLOAT32)) !== 0 || blob.byteLength !== HEADER + (grid ? 0 : 8 * n) + 2 * width * n) return null;
  // Typed views need aligned memory: one copy past the header.
  const body = new Uint8Array(blob.byteLength - HEADER);
  body.set(blob.subarray(HEADER));
  const offsets = grid ? null : new Int32Array(body.buffer, 0, 2 * n);
  const valuesAt = grid ? 0 : 8 * n;
  const values = width === 4 ? new Float32Array(body.buffer, valuesAt, 2 * n) : new Float64Array(body.buffer, valuesAt, 2 * n);
  const out: StoredBucket[] = new Array<StoredBucket>(n);
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = offsets === null ? (lo + i * step) * 1000 : (block + (offsets[2 * i] as number)) * 1000;
    const widthMs = offsets === null ? step * 1000 : (offsets[2 * i + 1] as number) * 1000;
    const good = values[i] as number;
    const total = values[n + i] as number;
    // Shapes the engine never writes: outside the part, out of order, negative or non-finite counts.
    if (!(t >= lo * 1000 && t < hi * 1000 && t > last) || !(good >= 0 && total >= good && Number.isFinite(total)) || !(widthMs > 0)) return null;
    last = t;
    out[i] = { t, good, total, widthMs };
  }
  return out;
}

const toChanges = (rows: unknown[]): DataChange[] => (rows as [number, number, number, number][]).map(([seq, seriesId, lo, hi]) => ({ seq, seriesId, lo, hi }));

export class SliSettledStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      maxSeq: p(SLI_SETTLED_SQL.maxSeq).pluck(),
      changesOf: p(SLI_SETTLED_SQL.changesOf).raw(true),
      changesOfPlanned: p(SLI_SETTLED_SQL.changesOfPlanned).raw(true),
      anyChangeOf: p(SLI_SETTLED_SQL.anyChangeOf).pluck(),
      state: p(SLI_SETTLED_SQL.state),
      resetState: p(SLI_SETTLED_SQL.resetState),
      dropAllBlocks: p(SLI_SETTLED_SQL.dropAllBlocks),
      setApplied: p(SLI_SETTLED_SQL.setApplied),
      prune: p(SLI_SETTLED_SQL.prune),
      setPruned: p(SLI_SETTLED_SQL.setPruned),
      plansOf: p(SLI_SETTLED_SQL.plansOf).pluck(),
      deleteBlocks: p(SLI_SETTLED_SQL.deleteBlocks),
      blocks: p(SLI_SETTLED_SQL.blocks).raw(true),
      touch: p(SLI_SETTLED_SQL.touch),
      deleteBlock: p(SLI_SETTLED_SQL.deleteBlock),
      putBlock: p(SLI_SETTLED_SQL.putBlock),
      putPlanSeries: p(SLI_SETTLED_SQL.putPlanSeries),
      dropUnused: p(SLI_SETTLED_SQL.dropUnused),
      dropOrphanPlans: p(SLI_SETTLED_SQL.dropOrphanPlans),
    };
  }

  /** The store of a connection (statements prepared once per connection). */
  static of(db: Db): SliSettledStore {
    let s = instances.get(db);
    if (!s) {
      s = new SliSettledStore(db);
      instances.set(db, s);
    }
    return s;
  }

  get writable(): boolean {
    return !this.db.readonly;
  }

  /**
   * Runs `write` waiting at most `waitMs` for another connection's write lock (not the
   * connection's busy_timeout); `busy` if it was held that long. The kept blocks are a
   * shortcut: the SLO worker's evaluation should not stand 5 s behind the sync's backfill
   * transactions for one, and a skipped write is tried again at the next evaluation.
   */
  unlessBusy<T, B>(write: () => T, busy: B, waitMs = SHORT_BUSY_WAIT_MS): T | B {
    if (!this.writable) return busy;
    const before = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    try {
      return write();
    } catch (err) {
      if (isBusy(err)) return busy;
      throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${before}`);
    }
  }

  /** The newest change logged (0: none yet). */
  maxSeq(): number {
    return this.s.maxSeq.get() as number;
  }

  /** Changes to `seriesIds` logged after `seq`, oldest first. */
  changesSince(seq: number, seriesIds: Iterable<number>): DataChange[] {
    return toChanges(this.s.changesOf.all(seq, JSON.stringify([...seriesIds])));
  }

  state(): { applied: number; pruned: number } {
    const row = this.s.state.get() as { applied: number; pruned: number } | undefined;
    if (row) return row;
    // The row is gone (a damaged or hand-edited file): nobody can say which kept blocks predate
    // which change, so none is trusted — every block is dropped and the log counts as applied
    // and pruned up to now (a reader behind it starts over from the datapoints).
    const now = this.maxSeq();
    if (this.writable) {
      try {
        this.db.transaction(() => {
          this.s.dropAllBlocks.run();
          this.s.resetState.run(now, now);
        })();
      } catch (err) {
        if (!isBusy(err)) throw err;
      }
    }
    return { applied: now, pruned: now };
  }

  /**
   * Applies logged changes to the kept blocks: every block of a plan reading the series that
   * overlaps a change (reaching LOOKBACK_S before it) is deleted. Returns the changes applied.
   */
  applyLog(): DataChange[] {
    if (!this.writable) return [];
    // IMMEDIATE: the write lock first (unlessBusy's short wait), then the reads — not the log read
    // and then a busy error at the first delete, read again at every try while the sync writes.
    return this.db.transaction(() => {
      const { applied } = this.state();
      const last = this.maxSeq();
      if (last <= applied) return [];
      // Only changes to series a kept block reads can delete one.
      const changes = toChanges(this.s.changesOfPlanned.all(applied));
      const plansBySeries = new Map<number, string[]>();
      for (const c of changes) {
        let plans = plansBySeries.get(c.seriesId);
        if (!plans) plansBySeries.set(c.seriesId, (plans = this.s.plansOf.all(c.seriesId) as string[]));
        for (const plan of plans) this.s.deleteBlocks.run(plan, c.hi, c.lo - LOOKBACK_S);
      }
      this.s.setApplied.run(last);
      if (last > LOG_KEEP) {
        this.s.prune.run(last - LOG_KEEP);
        this.s.setPruned.run(last - LOG_KEEP);
      }
      return changes;
    }).immediate();
  }

  /** Blocks of (plan, step) starting in [fromSec, toSec), by start; damaged ones are deleted and reported as such. */
  load(plan: string, step: number, fromSec: number, toSec: number, now: number): LoadedBlock[] {
    const rows = this.s.blocks.all(plan, step, fromSec, toSec) as [number, number, number, number, number, string, Uint8Array][];
    const out: LoadedBlock[] = [];
    let stale = false;
    for (const [block, lo, hi, builtAt, usedAt, checksum, blob] of rows) {
      const intact = checksumOf(plan, step, block, lo, hi, blob) === checksum;
      const buckets = intact && lo >= block && hi <= block + blockSpan(step) && lo < hi ? decodeBuckets(blob, block, lo, hi, step) : null;
      if (buckets === null) {
        out.push({ block, damaged: intact ? 'buckets out of shape' : 'checksum mismatch' });
        if (this.writable) this.s.deleteBlock.run(plan, step, block);
        continue;
      }
      if (now - usedAt > 3_600_000) stale = true;
      out.push({ block, lo, hi, builtAt, buckets });
    }
    if (stale && this.writable) this.s.touch.run(now, plan, step, fromSec, toSec);
    return out;
  }

  /**
   * Keeps parts of blocks computed from data read when the log stood at `readSeq`; skipped
   * when a change to one of the plan's series was logged since (the data read may predate it).
   */
  put(plan: string, seriesIds: readonly number[], step: number, readSeq: number, parts: readonly BlockPart[], now: number): boolean {
    if (!this.writable || parts.length === 0) return false;
    return this.db.transaction(() => {
      if (this.s.anyChangeOf.get(readSeq, JSON.stringify(seriesIds)) !== undefined) return false;
      for (const id of seriesIds) this.s.putPlanSeries.run(id, plan);
      for (const p of parts) {
        const blob = encodeBuckets(p.buckets, p.block, p.lo, step);
        this.s.putBlock.run(plan, step, p.block, p.lo, p.hi, now, now, checksumOf(plan, step, p.block, p.lo, p.hi, blob), blob);
      }
      return true;
    }).immediate();
  }

  /** Marks the blocks of (plan, step) in [fromSec, toSec) as in use. */
  touch(plan: string, step: number, fromSec: number, toSec: number, now: number): void {
    if (this.writable) this.s.touch.run(now, plan, step, fromSec, toSec);
  }

  /** Drops blocks nobody read since `before` (an SLO removed or edited, fine buckets aged out). */
  dropUnused(before: number): void {
    if (!this.writable) return;
    this.db.transaction(() => {
      this.s.dropUnused.run(before);
      this.s.dropOrphanPlans.run();
    })();
  }
}

const instances = new WeakMap<Db, SliSettledStore>();
