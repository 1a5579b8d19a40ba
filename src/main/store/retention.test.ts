import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache } from './cache';
import { downsampleOlderThan, enforceCacheBudget, liveBytes } from './retention';

const NOW = 1_800_000_000 - (1_800_000_000 % 86_400);
const DAY = 86_400;

function filled() {
  const { cache } = openCache(mkdtempSync(join(tmpdir(), 'opsdeck-ret-')));
  const ids = cache.ensureSeries('demo', [
    { key: 'req', namespace: 'N', metric: 'RequestCount', dimensions: [], stat: 'Sum', unit: null },
    { key: 'cpu', namespace: 'N', metric: 'CPU', dimensions: [], stat: 'Maximum', unit: null },
    { key: 'lat', namespace: 'N', metric: 'Latency', dimensions: [], stat: 'Average', unit: null },
  ]);
  const points = [];
  for (let ts = NOW - 30 * DAY; ts < NOW; ts += 60) {
    const minute = (ts / 60) % 1440;
    points.push({ seriesId: ids.get('req')!, ts, value: 100 + (minute % 7) });
    points.push({ seriesId: ids.get('cpu')!, ts, value: minute === 700 ? 99 : 40 });
    points.push({ seriesId: ids.get('lat')!, ts, value: minute % 2 === 0 ? 100 : 200 });
  }
  cache.writePage(points, []);
  return { cache, ids };
}

describe('cache retention', () => {
  it('downsampling keeps sums, maxima and averages, and every day', () => {
    const { cache, ids } = filled();
    const sumBefore = [...cache.sumsByBucket([ids.get('req')!], 0, NOW, DAY).values()];
    downsampleOlderThan(cache, NOW - 15 * DAY, 300);
    const sumAfter = [...cache.sumsByBucket([ids.get('req')!], 0, NOW, DAY).values()];
    expect(sumAfter).toEqual(sumBefore);
    expect(sumAfter.length).toBe(30);
    const cpuOld = cache.points(ids.get('cpu')!, NOW - 30 * DAY, NOW - 15 * DAY);
    expect(cpuOld.length).toBe(15 * 288);
    expect(cpuOld.filter((p) => p.value === 99).length).toBe(15); // the daily spike survives as a max
    const lat = cache.points(ids.get('lat')!, NOW - 30 * DAY, NOW - 15 * DAY);
    // 5 minutes alternate 100/200 starting on an even or odd minute: averages 140 or 160.
    expect(new Set(lat.map((p) => p.value))).toEqual(new Set([140, 160]));
    expect(cache.points(ids.get('req')!, NOW - 15 * DAY, NOW).length).toBe(15 * 1440);
    // Idempotent: a second run changes nothing.
    expect(downsampleOlderThan(cache, NOW - 15 * DAY, 300)).toBe(0);
  });

  it('enforcing a budget shrinks the live size below it, gentlest step first', () => {
    const { cache, ids } = filled();
    const before = liveBytes(cache);
    const r = enforceCacheBudget(cache, Math.floor(before * 0.7), NOW);
    expect(r.after).toBeLessThanOrEqual(before * 0.7);
    expect(r.steps[0]).toBe('data older than 15 d kept at 5 min resolution');
    expect(cache.sumsByBucket([ids.get('req')!], 0, NOW, DAY).size).toBe(30);
  });

  it('does nothing when under budget', () => {
    const { cache } = filled();
    expect(enforceCacheBudget(cache, 10 * liveBytes(cache), NOW).steps).toEqual([]);
  });
});
