// All SQL of the capacity feature: hourly / 5-minute means of a cached series, the latest
// forecast per target (what the API reads), and the archive of forecasts that are scored
// against what happened once their horizon has passed. Cache migrations 200–209.
import { chunksOf } from './chunks';
import type { Db, Migration } from './db';

export const CAPACITY_MIGRATIONS: readonly Migration[] = [
  {
    version: 200,
    name: 'capacity forecasts: latest per target, archive with live scores',
    sql: `
      -- What the Capacity page reads: one row per (source, target), replaced by each pass.
      CREATE TABLE capacity_latest (
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        made_at INTEGER NOT NULL,
        summary TEXT NOT NULL,
        chart TEXT NOT NULL,
        PRIMARY KEY (source, target)
      ) WITHOUT ROWID;
      -- One stored forecast per target and day, kept to be scored once its horizon has passed.
      -- start/step in epoch ms; body holds the point forecast and the 80/95 % bands.
      CREATE TABLE capacity_forecasts (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        made_at INTEGER NOT NULL,
        start INTEGER NOT NULL,
        step INTEGER NOT NULL,
        horizon_end INTEGER NOT NULL,
        model TEXT NOT NULL,
        mase_scale REAL NOT NULL,
        naive_mae REAL,
        body TEXT NOT NULL,
        scored_at INTEGER,
        mase REAL,
        naive_mase REAL,
        coverage80 REAL,
        coverage95 REAL,
        points INTEGER
      );
      CREATE INDEX capacity_forecasts_by_target ON capacity_forecasts (source, target, made_at);
      CREATE INDEX capacity_forecasts_open ON capacity_forecasts (scored_at, horizon_end);
    `,
  },
];

export interface ArchivedForecast {
  id: number;
  target: string;
  madeAt: number;
  start: number;
  step: number;
  horizonEnd: number;
  model: string;
  maseScale: number;
  body: { point: number[]; lower80: number[]; upper80: number[]; lower95: number[]; upper95: number[]; naive: number[] };
}

export interface LiveScore {
  target: string;
  madeAt: number;
  mase: number | null;
  naiveMase: number | null;
  coverage80: number | null;
  coverage95: number | null;
  points: number;
  horizonMs: number;
}

export class CapacityStore {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      seriesId: db.prepare('SELECT id FROM series WHERE source = ? AND key = ?').pluck(),
      // Old data is in compressed chunks, recent in rows (store/chunks.ts): the newest of both.
      newest: db.prepare(
        'SELECT max(coalesce((SELECT max(ts) FROM points WHERE series_id = ?), 0), coalesce((SELECT max(last_ts) FROM chunks WHERE series_id = ?), 0))',
      ).pluck(),
      putLatest: db.prepare(
        `INSERT INTO capacity_latest (source, target, made_at, summary, chart) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (source, target) DO UPDATE SET made_at = excluded.made_at, summary = excluded.summary, chart = excluded.chart`,
      ),
      dropLatestExcept: db.prepare(`DELETE FROM capacity_latest WHERE source = ? AND made_at < ?`),
      summaries: db.prepare('SELECT summary FROM capacity_latest WHERE source = ? ORDER BY target').pluck(),
      chart: db.prepare('SELECT chart FROM capacity_latest WHERE source = ? AND target = ?').pluck(),
      latestMadeAt: db.prepare('SELECT max(made_at) FROM capacity_latest WHERE source = ?').pluck(),
      lastArchivedStart: db.prepare('SELECT max(start) FROM capacity_forecasts WHERE source = ? AND target = ?').pluck(),
      archivedCount: db.prepare('SELECT count(*) FROM capacity_forecasts WHERE source = ?').pluck(),
      archive: db.prepare(
        `INSERT INTO capacity_forecasts (source, target, made_at, start, step, horizon_end, model, mase_scale, body)
         VALUES (@source, @target, @madeAt, @start, @step, @horizonEnd, @model, @maseScale, @body)`,
      ),
      due: db.prepare(
        `SELECT id, target, made_at AS madeAt, start, step, horizon_end AS horizonEnd, model, mase_scale AS maseScale, body
         FROM capacity_forecasts WHERE source = ? AND scored_at IS NULL AND horizon_end <= ? ORDER BY made_at LIMIT 500`,
      ),
      score: db.prepare(
        // Once scored, only the scores are read again: the points go (every forecast is stored, so they add up).
        `UPDATE capacity_forecasts SET scored_at = @scoredAt, mase = @mase, naive_mase = @naiveMase, coverage80 = @coverage80,
         coverage95 = @coverage95, points = @points, body = '{}' WHERE id = @id`,
      ),
      // Live accuracy per target: pooled over the scored forecasts of the last 30 days.
      scores: db.prepare(
        `SELECT target, max(made_at) AS madeAt, avg(mase) AS mase, avg(naive_mase) AS naiveMase,
                sum(coverage80 * points) / sum(points) AS coverage80, sum(coverage95 * points) / sum(points) AS coverage95,
                sum(points) AS points, max(horizon_end - start) AS horizonMs
         FROM capacity_forecasts WHERE source = ? AND scored_at IS NOT NULL AND points > 0 AND made_at >= ? GROUP BY target`,
      ),
      prune: db.prepare('DELETE FROM capacity_forecasts WHERE made_at < ?'),
    };
  }

  seriesId(source: string, key: string): number | null {
    return (this.s.seriesId.get(source, key) as number | undefined) ?? null;
  }

  /** Newest point's timestamp (epoch seconds) of a series, or null. */
  newestTs(seriesId: number): number | null {
    const ts = this.s.newest.get(seriesId, seriesId) as number | null | undefined;
    return ts ? ts : null;
  }

  /**
   * Mean per bucket of `stepSec` over [fromSec, toSec), as a dense array (NaN where the cache
   * has nothing), bucket i starting at fromSec + i·stepSec. fromSec must be bucket-aligned.
   */
  means(seriesId: number, fromSec: number, toSec: number, stepSec: number): Float64Array {
    const n = Math.max(0, Math.floor((toSec - fromSec) / stepSec));
    const out = new Float64Array(n).fill(Number.NaN);
    // Chunks and head merged in time order (store/chunks.ts), averaged per bucket here.
    const sums = new Float64Array(n);
    const counts = new Uint32Array(n);
    for (const [ts, value] of chunksOf(this.db).readRange(seriesId, fromSec, toSec)) {
      const i = Math.floor((ts - fromSec) / stepSec);
      if (i < 0 || i >= n) continue;
      sums[i] = (sums[i] ?? 0) + value;
      counts[i] = (counts[i] ?? 0) + 1;
    }
    for (let i = 0; i < n; i++) if ((counts[i] ?? 0) > 0) out[i] = (sums[i] ?? 0) / (counts[i] ?? 1);
    return out;
  }

  /** Replaces the latest forecasts of a source in one transaction; targets not written are dropped. */
  putLatest(source: string, madeAt: number, rows: readonly { target: string; summary: unknown; chart: unknown }[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.s.putLatest.run(source, r.target, madeAt, JSON.stringify(r.summary), JSON.stringify(r.chart));
      this.s.dropLatestExcept.run(source, madeAt);
    })();
  }

  summaries(source: string): string[] {
    return this.s.summaries.all(source) as string[];
  }

  chart(source: string, target: string): string | null {
    return (this.s.chart.get(source, target) as string | undefined) ?? null;
  }

  latestMadeAt(source: string): number | null {
    return (this.s.latestMadeAt.get(source) as number | null | undefined) ?? null;
  }

  /** The first forecast hour of the newest stored forecast of a target: a forecast starting later is a new one. */
  lastArchivedStart(source: string, target: string): number | null {
    return (this.s.lastArchivedStart.get(source, target) as number | null | undefined) ?? null;
  }

  /** How many forecasts of a source are stored (scored or not). */
  archivedCount(source: string): number {
    return this.s.archivedCount.get(source) as number;
  }

  archive(source: string, f: Omit<ArchivedForecast, 'id'>): void {
    this.s.archive.run({ source, target: f.target, madeAt: f.madeAt, start: f.start, step: f.step, horizonEnd: f.horizonEnd, model: f.model, maseScale: f.maseScale, body: JSON.stringify(f.body) });
  }

  /** Stored forecasts whose horizon ended by `dataAsOf` and that are not scored yet. */
  due(source: string, dataAsOf: number): ArchivedForecast[] {
    return (this.s.due.all(source, dataAsOf) as (Omit<ArchivedForecast, 'body'> & { body: string })[]).map((r) => ({ ...r, body: JSON.parse(r.body) as ArchivedForecast['body'] }));
  }

  score(id: number, at: number, s: { mase: number | null; naiveMase: number | null; coverage80: number | null; coverage95: number | null; points: number }): void {
    this.s.score.run({ id, scoredAt: at, ...s });
  }

  liveScores(source: string, since: number): LiveScore[] {
    return this.s.scores.all(source, since) as LiveScore[];
  }

  prune(before: number): void {
    this.s.prune.run(before);
  }
}
