// The capacity worker as the app runs it (the built entry, supervised): a thread killed in the
// middle of a forecasting pass fails that pass with a clear error, and the next pass works.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from '../../sim/platform/model';
import { SEED_RESOURCES, seriesKeyOf } from '../domain/capacity/catalogue';
import { openCache } from '../store/cache';
import { CapacityStore } from '../store/capacity';
import { workerCapacityRunner } from './runner';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'out', 'main', 'capacity-worker.js');
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const resources = SEED_RESOURCES.filter((r) => ['eks-nodes', 'pods-recommendation-service', 'msk'].includes(r.id));
let dir: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-capacity-worker-'));
  const { cache } = openCache(dir);
  const refs = resources.flatMap((r) => [...r.metrics.map((m) => m.series), ...(r.whatIf?.replicas ? [r.whatIf.replicas] : [])]);
  const ids = cache.ensureSeries('demo', refs.map((r) => ({ key: seriesKeyOf(r), namespace: r.namespace, metric: r.metric, dimensions: r.dimensions, stat: r.stat, unit: null })));
  const end = NOW / 1000;
  for (const r of refs) {
    const id = ids.get(seriesKeyOf(r))!;
    const points = [];
    for (let t = end - 30 * 86_400; t < end; t += 300) {
      const v = metricValue(11, { namespace: r.namespace, metricName: r.metric, dimensions: r.dimensions }, r.stat, 300, t);
      if (v !== null) points.push({ seriesId: id, ts: t, value: v });
    }
    cache.writePage(points, [{ seriesId: id, oldest: end - 30 * 86_400, newest: end }]);
  }
  cache.close();
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('capacity passes in the supervised worker', () => {
  it('a worker killed mid-pass fails that pass clearly; the restarted worker runs the next one', async () => {
    // The default capacity.yaml is absent: the seeds' defaults, of which this cache holds three resources.
    const runner = workerCapacityRunner(WORKER, { dataDir: dir, configFile: join(dir, 'capacity.yaml'), sources: ['demo'] });
    try {
      await runner.worker.whenReady();
      // Listened to before the kill: the pass rejects on the exit event, possibly before terminate() resolves.
      const passFails = expect(runner.run(NOW)).rejects.toThrow(/the capacity forecasts worker stopped \(exited with code 1\) while answering; it is being restarted — try again/);
      await new Promise((r) => setTimeout(r, 300));
      await runner.worker.thread?.terminate();
      await passFails;

      const [result] = await runner.run(NOW);
      expect(runner.worker.status()).toMatchObject({ state: 'running', restarts: 1 });
      expect(result!.forecasts).toBeGreaterThanOrEqual(5);
      // The pass wrote what the API reads, through the worker's own connection.
      const { cache } = openCache(dir);
      expect(new CapacityStore(cache.db).chart('demo', 'eks-nodes/cpu')).not.toBeNull();
      cache.close();
    } finally {
      await runner.close();
    }
  }, 120_000);
});
