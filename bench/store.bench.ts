// Storage benchmarks (issue 15): bytes per datapoint of cache.db after a 30-day backfill of the
// demo estate — the row table alone (baseline) against Gorilla chunks, in the same run — and
// the alternatives measured on the very same data: chunk spans (2 h to 48 h), WITHOUT ROWID,
// page sizes, zlib/brotli on top of Gorilla per chunk, and a plain SQLite layout of raw
// float64 BLOBs per window (what a "different SQLite layout" buys without compression); with
// what each costs the readers (decode rate, a 1-hour range read of every series).
// store.bytes_per_point: the large estate over 30 days (one series in LARGE_SAMPLE), through the
// store's own write path, with a breakdown by kind of series and Gorilla-only chunks as baseline.
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, it } from 'vitest';
import { startSimulator } from '../src/sim/server';
import { openCache } from '../src/main/store/cache';
import { CHUNK_SPAN_S, ChunkStore, HEAD_S, chunksOf, settledBefore } from '../src/main/store/chunks';
import { createCloudWatchClient } from '../src/main/sources/aws/cloudwatch';
import { SyncEngine } from '../src/main/sync/engine';
import { CHUNK_DECIMAL, CHUNK_REF, chunkMode, decodeChunk, encodeChunk, encodeXorChunk } from '../src/main/domain/tsdb/gorilla';
import { resolutionSegments } from '../src/main/domain/cloudwatch/planner';
import type { PointRow } from '../src/main/store/cache';
import { seriesFor } from '../src/main/sync/collect';
import { RETENTION_MARGIN_MS } from '../src/main/sync/engine';
import { DEMO_SEED } from '../src/main/sources/demo';
import { computeValue, listMetrics, parseStat, resolveMetric } from '../src/sim/platform/model';
import { loadavg } from 'node:os';
import { recordFigure } from './results';

const DAY = 86_400_000;
/** store.bytes_per_point measures one metric in this many of the large estate (all of them: ~130 M points, an hour here). */
const LARGE_SAMPLE = Number(process.env.STORE_LARGE_SAMPLE ?? 10);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'opsdeck-bench-store-'));

function fileBytes(file: string): number {
  return statSync(file).size;
}

/** VACUUM (at `pageSize`) and close a copy, then its size: what the file costs at rest. */
function packedSize(file: string, pageSize = 4096): number {
  const db = new Database(file);
  // page_size only changes on VACUUM outside WAL mode.
  db.pragma('journal_mode = DELETE');
  db.pragma(`page_size = ${pageSize}`);
  db.exec('VACUUM');
  db.close();
  return fileBytes(file);
}

type Codec = 'none' | 'deflate' | 'brotli';
const compress = (codec: Codec, data: Buffer): Buffer =>
  codec === 'deflate' ? deflateRawSync(data, { level: 9 }) : codec === 'brotli' ? brotliCompressSync(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length } }) : data;
const decompress = (codec: Codec, data: Buffer): Uint8Array => (codec === 'deflate' ? inflateRawSync(data) : codec === 'brotli' ? brotliDecompressSync(data) : data);

describe('store benchmarks', () => {
  it('store.bytes_per_point: 30-day backfill of the demo estate, rows vs chunks', async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const sim = await startSimulator({ seed: 3, now: () => now });
    const dir = tmp();
    const { cache } = openCache(dir);
    const engine = new SyncEngine({
      sourceId: 'demo',
      client: createCloudWatchClient({ region: 'us-east-1', endpoint: sim.endpoint, staticCredentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
      cache,
      now: () => now,
      presentMs: 30 * DAY,
    });
    await engine.runOnce();
    await sim.close();
    const { points, series } = cache.stats();
    cache.close();
    const rowsFile = join(dir, 'cache.db');
    const rowBytes = packedSize(rowsFile);

    const cutoff = Math.floor(now / 1000) - HEAD_S;
    // Compaction is the slow step: once per (span, table layout); page sizes and codecs work on copies.
    const compacted = new Map<string, { file: string; ms: number; chunks: number }>();
    const compactedCopy = (span: number, withoutRowid: boolean): { file: string; ms: number; chunks: number } => {
      const key = `${span}-${withoutRowid}`;
      const hit = compacted.get(key);
      if (hit) return hit;
      const file = join(tmp(), `compacted-${key}.db`);
      copyFileSync(rowsFile, file);
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      if (withoutRowid) {
        db.exec(`DROP TABLE chunks; CREATE TABLE chunks (series_id INTEGER NOT NULL, start INTEGER NOT NULL, first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL,
          count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (series_id, start)) WITHOUT ROWID`);
      }
      const t0 = performance.now();
      const r = new ChunkStore(db, span).compactBefore(cutoff);
      const ms = performance.now() - t0;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const out = { file, ms, chunks: r.chunks };
      compacted.set(key, out);
      return out;
    };
    interface Variant {
      bytes: number;
      ms: number;
      chunks: number;
      /** Decoded points per second over every chunk, decompression included. */
      decodeRate: number;
      /** One 1-hour range (a day before now, in chunks) of every series, decoded and merged (ms). */
      hourReadMs: number;
    }
    const variant = (span: number, o: { withoutRowid?: boolean; pageSize?: number; codec?: Codec } = {}): Variant => {
      const codec = o.codec ?? 'none';
      const base = compactedCopy(span, o.withoutRowid ?? false);
      const file = join(tmp(), 'variant.db');
      copyFileSync(base.file, file);
      const db = new Database(file);
      if (codec !== 'none') {
        // What a store compressing each chunk on write would hold: every blob, compressed.
        const update = db.prepare('UPDATE chunks SET data = ? WHERE series_id = ? AND start = ?');
        const all = db.prepare('SELECT series_id, start, data FROM chunks').raw(true).all() as [number, number, Buffer][];
        db.transaction(() => {
          for (const [id, start, data] of all) update.run(compress(codec, data), id, start);
        })();
      }
      const blobs = db.prepare('SELECT data FROM chunks').pluck().all() as Buffer[];
      let t0 = performance.now();
      let decoded = 0;
      for (const b of blobs) {
        const chunk = decompress(codec, b);
        // References are a lookup, not a decode.
        if (chunkMode(chunk) !== CHUNK_REF) decoded += decodeChunk(chunk).values.length;
      }
      const decodeRate = decoded / ((performance.now() - t0) / 1000);
      let hourReadMs = Number.NaN;
      if (codec === 'none') {
        const reader = new ChunkStore(db, span);
        const ids = db.prepare('SELECT id FROM series').pluck().all() as number[];
        const from = cutoff - 86_400;
        t0 = performance.now();
        for (const id of ids) reader.readRange(id, from, from + 3600);
        hourReadMs = performance.now() - t0;
      }
      db.close();
      const bytes = packedSize(file, o.pageSize ?? 4096);
      rmSync(file);
      return { bytes, ms: base.ms, chunks: base.chunks, decodeRate, hourReadMs };
    };
    const spans = [2 * 3600, 6 * 3600, 12 * 3600, 24 * 3600, 48 * 3600];
    const bySpan = new Map(spans.map((s) => [s, variant(s)]));
    const chosen = bySpan.get(CHUNK_SPAN_S) ?? variant(CHUNK_SPAN_S);
    const withoutRowid = [2 * 3600, 12 * 3600].map((s) => ({ span: s, ...variant(s, { withoutRowid: true }) }));
    const pages = [8192, 16384, 65536].map((p) => ({ page: p, ...variant(CHUNK_SPAN_S, { pageSize: p }) }));
    const codecs = ([12 * 3600, 48 * 3600] as const).flatMap((span) => (['deflate', 'brotli'] as const).map((codec) => ({ span, codec, ...variant(span, { codec }) })));

    // Alternative: the same windows as raw little-endian float64 + int32 timestamps in a BLOB.
    const rawFile = join(tmp(), 'raw.db');
    copyFileSync(rowsFile, rawFile);
    {
      const db = new Database(rawFile);
      db.exec('CREATE TABLE raw_chunks (series_id INTEGER, start INTEGER, data BLOB, PRIMARY KEY (series_id, start)) WITHOUT ROWID');
      const ins = db.prepare('INSERT INTO raw_chunks VALUES (?, ?, ?)');
      const ids = db.prepare('SELECT id FROM series').pluck().all() as number[];
      const rowsOf = db.prepare('SELECT ts, value FROM points WHERE series_id = ? AND ts < ? ORDER BY ts').raw(true);
      db.transaction(() => {
        for (const id of ids) {
          const rows = rowsOf.all(id, cutoff) as [number, number][];
          for (let i = 0; i < rows.length; ) {
            const start = Math.floor(rows[i]![0] / CHUNK_SPAN_S) * CHUNK_SPAN_S;
            let j = i;
            while (j < rows.length && rows[j]![0] < start + CHUNK_SPAN_S) j++;
            const buf = Buffer.alloc((j - i) * 12);
            for (let k = i; k < j; k++) {
              buf.writeInt32LE(rows[k]![0], (k - i) * 12);
              buf.writeDoubleLE(rows[k]![1], (k - i) * 12 + 4);
            }
            ins.run(id, start, buf);
            i = j;
          }
        }
        db.prepare('DELETE FROM points WHERE ts < ?').run(cutoff);
      })();
      db.close();
    }
    const rawBytes = packedSize(rawFile);

    // Decode speed, for the readers (SLO evaluation decodes in its worker).
    const sample = new Database(rowsFile, { readonly: true });
    const someSeries = sample.prepare('SELECT id FROM series ORDER BY id LIMIT 20').pluck().all() as number[];
    const encoded = someSeries.map((id) => {
      const rows = sample.prepare('SELECT ts, value FROM points WHERE series_id = ? ORDER BY ts').raw(true).all(id) as [number, number][];
      return encodeChunk(
        rows.map((r) => r[0]),
        Float64Array.from(rows, (r) => r[1]),
      );
    });
    sample.close();
    const decodedPoints = encoded.reduce((n, c) => n + decodeChunk(c).values.length, 0);
    const t0 = performance.now();
    for (let round = 0; round < 5; round++) for (const c of encoded) decodeChunk(c);
    const decodeRate = (5 * decodedPoints) / ((performance.now() - t0) / 1000);
    const gorillaPayload = encoded.reduce((n, c) => n + c.length, 0) / decodedPoints;

    const per = (b: number): number => Number((b / points).toFixed(2));
    const mps = (v: Variant): string => `${(v.decodeRate / 1e6).toFixed(1)} M pts/s`;
    const spanText =
      spans.map((s) => `${s / 3600} h windows ${per(bySpan.get(s)!.bytes)} B/pt (${bySpan.get(s)!.chunks} chunks, compaction ${(bySpan.get(s)!.ms / 1000).toFixed(1)} s, a 1-hour read of every series ${bySpan.get(s)!.hourReadMs.toFixed(0)} ms)`).join('; ') +
      `; the same in a WITHOUT ROWID table (blobs over ~1 KB spill to overflow pages): ${withoutRowid.map((v) => `${v.span / 3600} h ${per(v.bytes)} B/pt`).join(', ')}` +
      `; ${CHUNK_SPAN_S / 3600} h chunks at other page sizes: ${pages.map((v) => `${v.page / 1024} KB ${per(v.bytes)} B/pt`).join(', ')}` +
      `; zlib on top of Gorilla per chunk (decode rate with decompression; Gorilla alone ${mps(chosen)}): ${codecs.map((v) => `${v.span / 3600} h ${v.codec} ${per(v.bytes)} B/pt, ${mps(v)}`).join('; ')}`;
    recordFigure('store.bytes_per_point_demo', {
      value: per(chosen.bytes),
      unit: 'bytes/point',
      baseline: per(rowBytes),
      ratio: Number((chosen.bytes / rowBytes).toFixed(3)),
      note:
        `cache.db after a 30-day backfill of the demo estate (${series} series, ${points} datapoints), compaction of everything older than ${HEAD_S / 3600} h into ${CHUNK_SPAN_S / 3600} h chunks (per chunk the shorter of Chimp XOR and scaled decimals, or a reference to a byte-identical sibling statistic's chunk; rowid table, 4 KB pages), VACUUM: ${chosen.bytes} bytes; ` +
        `baseline the row table alone in the same run, VACUUMed: ${rowBytes} bytes (${per(rowBytes)} B/pt). Alternatives on the same data: ${spanText}; ` +
        `raw float64+int32 BLOBs per ${CHUNK_SPAN_S / 3600} h window (a SQLite layout without compression) ${per(rawBytes)} B/pt. ` +
        `Chunk payload alone ${gorillaPayload.toFixed(2)} B/pt (the first 20 series, each whole in one chunk, no references); decoding ${(decodeRate / 1e6).toFixed(1)} M points/s; target ≤ 4`,
    });
  }, 3_000_000);
  it('store.bytes_per_point: 30 days of the large estate (one series in LARGE_SAMPLE), by kind of series', () => {
    const nowMs = Math.floor(Date.now() / 60_000) * 60_000;
    const nowSec = nowMs / 1000;
    const dir = tmp();
    const { cache } = openCache(dir);
    // One metric in LARGE_SAMPLE of the large estate, in catalogue order (every kind of resource
    // and metric is in), with the series the sync plans for it (default statistics by name).
    const metrics = listMetrics('large');
    const defs = seriesFor(metrics.filter((_, i) => i % LARGE_SAMPLE === 0).map((m) => ({ namespace: m.namespace, metric: m.metricName, dimensions: m.dimensions ?? [] })));
    const ids = cache.ensureSeries('demo', defs);
    // What GetMetricData would answer for 30 days: the values the simulator serves (the same
    // function its CloudWatch endpoint calls), at the periods retention serves (60 s for 15
    // days, then 300 s), written in pages through CacheStore.writePage as the engine does.
    const segments = resolutionSegments(nowMs - 30 * DAY, nowMs, nowMs, RETENTION_MARGIN_MS);
    const chunkBefore = settledBefore(nowSec);
    let page: PointRow[] = [];
    let covered: { seriesId: number; oldest: number; newest: number }[] = [];
    const t0 = performance.now();
    const flush = (): void => {
      cache.writePage(page, covered, chunkBefore);
      page = [];
      covered = [];
    };
    for (const d of defs) {
      const handle = resolveMetric({ namespace: d.namespace, metricName: d.metric, dimensions: d.dimensions }, 'large');
      const stat = parseStat(d.stat);
      if (!handle || !stat) throw new Error(`${d.key}: not in the large estate`);
      const seriesId = ids.get(d.key)!;
      for (const seg of segments) {
        for (let t = seg.startTime / 1000; t < seg.endTime / 1000; t += seg.period) {
          const value = computeValue(DEMO_SEED, handle, stat, seg.period, t);
          if (value !== null) page.push({ seriesId, ts: t, value });
        }
      }
      covered.push({ seriesId, oldest: nowSec - 30 * 86_400, newest: nowSec });
      if (page.length >= 100_800) flush();
    }
    flush();
    chunksOf(cache.db).compactBefore(nowSec - HEAD_S);
    const writeSeconds = (performance.now() - t0) / 1000;
    cache.compact(nowMs);
    const { points } = cache.stats();
    const pointBytes = (db: Database.Database): number =>
      db.prepare(`SELECT sum(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name WHERE m.tbl_name IN ('points', 'chunks', 'series')`).pluck().get() as number;
    const chunkedBytes = pointBytes(cache.db);

    // By kind: the statistic says counter (Sum), latency (percentiles) or gauge (Average, Maximum).
    const kindOf = (stat: string): string => (stat === 'Sum' ? 'counters (Sum)' : stat.startsWith('p') ? 'latency percentiles' : 'gauges (Average/Maximum)');
    const byKind = new Map<string, { points: number; bytes: number; gorilla: number; decimal: number; refs: number; chunks: number }>();
    const rows = cache.db.prepare('SELECT s.stat, c.series_id, c.start, c.data FROM chunks c JOIN series s ON s.id = c.series_id').raw(true).all() as [string, number, number, Buffer][];
    const gorillaOf = new Map<string, Uint8Array>();
    const store = chunksOf(cache.db);
    for (const [stat, id, start, data] of rows) {
      const k = byKind.get(kindOf(stat)) ?? { points: 0, bytes: 0, gorilla: 0, decimal: 0, refs: 0, chunks: 0 };
      // References resolved: the baseline is every chunk holding its samples, in Gorilla XOR.
      const decoded = store.readChunk(id, start);
      const gorilla = encodeXorChunk(
        decoded.map((r) => r[0]),
        decoded.map((r) => r[1]),
      );
      gorillaOf.set(`${id}:${start}`, gorilla);
      k.points += decoded.length;
      k.bytes += data.length;
      k.gorilla += gorilla.length;
      k.chunks++;
      if (chunkMode(data) === CHUNK_DECIMAL) k.decimal++;
      if (chunkMode(data) === CHUNK_REF) k.refs++;
      byKind.set(kindOf(stat), k);
    }
    const chunkedPoints = [...byKind.values()].reduce((n, k) => n + k.points, 0);
    const refBytes = [...byKind.values()].reduce((n, k) => n + k.refs, 0) * 17;
    cache.close();

    // Baseline 1, the same file with every chunk in Gorilla XOR (the codec before modes 2 and 3).
    const gorillaFile = join(tmp(), 'gorilla.db');
    copyFileSync(join(dir, 'cache.db'), gorillaFile);
    let gorillaBytes: number;
    {
      const db = new Database(gorillaFile);
      const update = db.prepare('UPDATE chunks SET data = ? WHERE series_id = ? AND start = ?');
      db.transaction(() => {
        for (const [key, data] of gorillaOf) {
          const [id, start] = key.split(':').map(Number);
          update.run(data, id, start);
        }
      })();
      db.exec('VACUUM');
      gorillaBytes = pointBytes(db);
      db.close();
    }
    // Baseline 2, the same points in the plain row table (WITHOUT ROWID), VACUUMed.
    const rowsFile = join(tmp(), 'rows.db');
    let rowBytes: number;
    {
      const src = new Database(join(dir, 'cache.db'), { readonly: true });
      const reader = new ChunkStore(src);
      const bare = new Database(rowsFile);
      bare.exec('CREATE TABLE points (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID');
      const insert = bare.prepare('INSERT INTO points VALUES (?, ?, ?)');
      bare.transaction(() => {
        for (const id of ids.values()) for (const [ts, value] of reader.readRange(id, 0, nowSec + 60)) insert.run(id, ts, value);
      })();
      src.close();
      bare.exec('VACUUM');
      rowBytes = fileBytes(rowsFile);
      bare.close();
    }
    const per = (b: number, n = points): number => Number((b / n).toFixed(2));
    const kinds = [...byKind]
      .sort((a, b) => b[1].points - a[1].points)
      .map(([name, k]) => `${name}: ${Math.round((100 * k.points) / chunkedPoints)} % of points, ${per(k.bytes, k.points)} B/pt (Gorilla ${per(k.gorilla, k.points)}), of ${k.chunks} chunks ${k.decimal} decimal and ${k.refs} references`)
      .join('; ');
    recordFigure('store.bytes_per_point', {
      value: per(chunkedBytes),
      unit: 'bytes/point',
      baseline: per(gorillaBytes),
      ratio: Number((chunkedBytes / gorillaBytes).toFixed(3)),
      note:
        `large estate, 30 days: one metric in ${LARGE_SAMPLE} of its ${metrics.length} in catalogue order (every kind of resource and metric), their ${defs.length} series (default statistics), ${points} datapoints — 15 days at 60 s then 15 at 300 s, as the sync plans them — ` +
        `the values the simulator's CloudWatch serves (computeValue, seed ${DEMO_SEED}), written in 100,800-point pages through CacheStore.writePage (older than the ${HEAD_S / 3600} h head straight into 12 h chunks), the end-of-pass compaction, VACUUM (${writeSeconds.toFixed(0)} s, load average ${loadavg()[0]!.toFixed(1)}). ` +
        `Measured: the datapoint tables (series, rows, chunks; SQLite dbstat), ${chunkedBytes} bytes. Baseline: the same file with every chunk re-encoded in Gorilla XOR alone and no references (the codec before decimal, Chimp and reference chunks), VACUUMed, same run: ${gorillaBytes} bytes; ` +
        `the same points in the plain WITHOUT ROWID row table: ${per(rowBytes)} B/pt. Chunk payload by kind of series (${Math.round((100 * chunkedPoints) / points)} % of points in chunks; the rest, the head, is rows): ${kinds}. ` +
        `(Lambda Throttles, SQS ApproximateAgeOfOldestMessage, RDS FreeStorageSpace and DynamoDB consumed capacity units are whole numbers, as CloudWatch publishes them, since the simulator fix of this change: as full-precision floats they cost ~7 B/pt each.) ` +
        `References (a chunk byte-identical to its sibling statistic's — Average = Maximum of a gauge published once a minute, at 60 s — stored as 17 bytes pointing at it): ${refBytes} bytes of the chunks. target ≤ 4`,
    });
  }, 3_000_000);
});
