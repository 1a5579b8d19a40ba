// Crash safety on both store layouts — rows only, and with compaction on (--head-hours 6:
// after each pass rows older than 6 h move into chunks): a syncing process SIGKILLed at
// random moments, several times, then left to finish. Afterwards, read through the chunk
// store (chunks + head): every series complete, no gaps, no duplicates, values equal to the
// simulator's; SQLite's integrity check passes; the layout is the one asked for.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../../sim/platform/model';
import { startSimulator, type Simulator } from '../../sim/server';
import { ChunkStore } from '../store/chunks';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');
const SEED = 20251023;

let sim: Simulator;
beforeAll(async () => {
  // The child runs the built CLI: build it if the sources are newer.
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  sim = await startSimulator({ seed: SEED });
}, 180_000);
afterAll(async () => {
  await sim?.close();
});

interface Layout {
  name: string;
  args: string[];
  /** `checked`: how many series the test reads back. */
  checkLayout(db: Database.Database, checked: number): void;
}

const LAYOUTS: Layout[] = [
  { name: 'rows only', args: [], checkLayout: (db) => expect(db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBe(0) },
  {
    name: 'with compaction on',
    args: ['--head-hours', '6'],
    checkLayout: (db, checked) => {
      // Everything older than the head's last whole window is in chunks, nothing of it in rows.
      expect(db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBeGreaterThan(checked * 6);
      expect(db.prepare('SELECT count(*) FROM points WHERE ts < ?').pluck().get(Math.floor(Date.now() / 1000) - 2 * 86_400 + 6 * 3600)).toBe(0);
    },
  },
];

describe.each(LAYOUTS)('crash safety, $name', (layout) => {
  const runChild = (dataDir: string, once: boolean): ReturnType<typeof spawn> =>
    spawn(process.execPath, [CLI, 'sync', '--demo-endpoint', sim.endpoint, '--data-dir', dataDir, '--backfill-days', '2', ...layout.args, ...(once ? ['--once'] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('SIGKILL at random points, five times, loses nothing and duplicates nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsdeck-crash-'));
    let random = 12345;
    const next = (): number => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random / 2 ** 31;
    };
    let killedMidWrite = 0;
    for (let i = 0; i < 5; i++) {
      const child = runChild(dataDir, false);
      let progressLines = 0;
      let underWay: () => void = () => undefined;
      const started = new Promise<void>((r) => (underWay = r));
      child.stdout?.on('data', (d: Buffer) => {
        progressLines += d.toString().split('\n').filter((l) => l.startsWith('progress')).length;
        if (progressLines > 0) underWay();
      });
      // The first kill lands anywhere from 0.7 s after the start (on a quiet machine often in
      // the catalogue, before any write); the others once a page is stored, however loaded
      // the machine is, at a random moment among page writes, chunk merges and compaction.
      if (i === 0) await new Promise((r) => setTimeout(r, 700 + next() * 2_000));
      else {
        await Promise.race([started, new Promise((r) => setTimeout(r, 60_000))]);
        await new Promise((r) => setTimeout(r, next() * 2_500));
      }
      if (progressLines > 0) killedMidWrite++;
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    expect(killedMidWrite).toBeGreaterThan(0);

    const finisher = runChild(dataDir, true);
    let err = '';
    finisher.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => finisher.once('exit', r));
    expect(code, err).toBe(0);

    const db = new Database(join(dataDir, 'cache.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const series = db.prepare("SELECT id, namespace, metric, dimensions, stat FROM series WHERE metric IN ('RequestCount', 'Http5xxCount', 'CPUUtilization') AND stat IN ('Sum', 'Average')").all() as {
      id: number;
      namespace: string;
      metric: string;
      dimensions: string;
      stat: string;
    }[];
    expect(series.length).toBeGreaterThanOrEqual(11);
    layout.checkLayout(db, series.length);
    const chunks = new ChunkStore(db);
    for (const s of series) {
      const w = db.prepare('SELECT oldest, newest FROM watermarks WHERE series_id = ?').get(s.id) as { oldest: number; newest: number };
      const rows = chunks.readRange(s.id, 0, 2 ** 40).map(([ts, value]) => ({ ts, value }));
      // Complete: one point per minute from the backfill horizon to the last pass, no gap.
      expect(w.newest - w.oldest).toBeGreaterThanOrEqual(2 * 86_400 - 3_600);
      const inRange = rows.filter((r) => r.ts >= w.oldest && r.ts < w.newest);
      const missing: number[] = [];
      for (let t = w.oldest, i = 0; t < w.newest; t += 60) {
        if (inRange[i]?.ts === t) i++;
        else missing.push(t);
      }
      expect(missing.map((t) => new Date(t * 1000).toISOString()), `${s.metric} ${s.dimensions} oldest ${w.oldest} newest ${w.newest} now ${Date.now()}`).toEqual([]);
      expect(inRange.length).toBe((w.newest - w.oldest) / 60);
      const metric = { namespace: s.namespace, metricName: s.metric, dimensions: JSON.parse(s.dimensions) as { name: string; value: string }[] };
      for (const r of [inRange[0]!, inRange[Math.floor(inRange.length / 2)]!, inRange[inRange.length - 1]!]) {
        expect(r.value).toBeCloseTo(metricValue(SEED, metric, s.stat, 60, r.ts) ?? NaN, 6);
      }
    }
    db.close();
  }, 240_000);
});
