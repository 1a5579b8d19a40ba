// Settled SLI buckets kept in cache.db (store/sliSettled.ts, slo/sliData.ts): a restart reads
// them instead of the datapoints, and they never change a figure. Every comparison is against
// a fresh evaluation on a read-only connection to the same file, which never uses kept blocks.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SloDef } from '../config/slos';
import { openDatabase } from '../store/db';
import { CACHE_MIGRATIONS, CacheStore, openCache, type PointRow } from '../store/cache';
import { settledBefore } from '../store/chunks';
import { SliStore } from '../store/sli';
import { blockSpan } from '../store/sliSettled';
import { SloService } from './evaluate';

const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 15, 0);
const S = (ms: number): number => Math.floor(ms / 1000);
const DAYS = 5;

const metric = (name: string, stat: string) => ({ namespace: 'Test/Svc', metric: name, dimensions: [{ name: 'Service', value: 'checkout' }], stat });

function def(over: Partial<SloDef> & Pick<SloDef, 'id' | 'sli'>): SloDef {
  return {
    name: over.id,
    service: 'checkout',
    category: 'custom',
    description: '',
    window: { kind: 'rolling', ms: 30 * DAY },
    resolutionSeconds: null,
    targetPct: 99,
    minEvents: 10,
    alertMinEvents: 10,
    origin: { kind: 'default', file: null, line: null, column: null },
    ...over,
  };
}

const availability = def({
  id: 'avail',
  targetPct: 99.5,
  sli: { kind: 'event-ratio', bad: { queries: [{ id: 'm1', metric: metric('Http5xx', 'Sum') }], expression: 'm1' }, total: { queries: [{ id: 'm1', metric: metric('Requests', 'Sum') }], expression: 'm1' }, eventUnit: 'requests' },
});
const latency = (threshold: number): SloDef =>
  def({ id: 'latency', sli: { kind: 'time-slice', value: { queries: [{ id: 'm1', metric: metric('Latency', 'p95') }], expression: 'm1' }, comparator: 'lt', threshold, valueUnit: 'ms' } });

const opened: CacheStore[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
  vi.restoreAllMocks();
});

function open(dir: string): CacheStore {
  const { cache } = openCache(dir);
  opened.push(cache);
  return cache;
}

/** A fresh evaluation: a read-only connection never trusts (or writes) kept blocks. */
function fresh(dir: string): SloService {
  const cache = new CacheStore(openDatabase(join(dir, 'cache.db'), { migrations: CACHE_MIGRATIONS, synchronous: 'NORMAL', readonly: true }));
  opened.push(cache);
  return new SloService(cache, 'test');
}

interface Ids {
  req: number;
  e5: number;
  lat: number;
}

/** DAYS of 1-minute data; older than the head straight into chunks, as the sync writes it. */
function fill(cache: CacheStore, seed = 7): Ids {
  const defs = (['Requests|Sum', 'Http5xx|Sum', 'Latency|p95'] as const).map((k) => {
    const [name, stat] = k.split('|') as [string, string];
    return { key: `Test/Svc|${name}|Service=checkout|${stat}`, ...metric(name, stat), unit: null };
  });
  const map = cache.ensureSeries('test', defs);
  const ids = { req: map.get(defs[0]!.key)!, e5: map.get(defs[1]!.key)!, lat: map.get(defs[2]!.key)! };
  const from = NOW - DAYS * DAY;
  let x = seed;
  const points: PointRow[] = [];
  for (let t = from; t < NOW; t += MIN) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const requests = 500 + (x % 300);
    const incident = ((t - from) / MIN) % 1440 < 30;
    points.push({ seriesId: ids.req, ts: S(t), value: requests });
    points.push({ seriesId: ids.e5, ts: S(t), value: incident ? Math.round(requests * 0.05) : x % 53 === 0 ? 2 : 0 });
    points.push({ seriesId: ids.lat, ts: S(t), value: incident ? 800 : 100 + (x % 250) });
  }
  cache.writePage(points, Object.values(ids).map((seriesId) => ({ seriesId, oldest: S(from), newest: S(NOW) })), settledBefore(S(NOW)));
  return ids;
}

function summaries(service: SloService, defs: readonly SloDef[]) {
  const asOf = service.asOf(NOW) as number;
  return defs.map((d) => service.summary(d, asOf));
}

/** Rows (datapoints, or per-bucket sums) the evaluation read from the store. */
function readRows(): { total: () => number } {
  let read = 0;
  const sums = SliStore.prototype.sumsBySlot;
  const rows = SliStore.prototype.pointRows;
  vi.spyOn(SliStore.prototype, 'sumsBySlot').mockImplementation(function (this: SliStore, ids, lo, hi, step) {
    const out = sums.call(this, ids, lo, hi, step);
    read += out.length;
    return out;
  });
  vi.spyOn(SliStore.prototype, 'pointRows').mockImplementation(function (this: SliStore, id, from, to) {
    const out = rows.call(this, id, from, to);
    read += out.length;
    return out;
  });
  return { total: () => read };
}

function keptBlocks(cache: CacheStore): { plan: string; step: number; block: number; checksum: string }[] {
  return cache.db.prepare('SELECT plan, step, block, checksum FROM sli_settled ORDER BY plan, step, block').all() as { plan: string; step: number; block: number; checksum: string }[];
}

describe('settled SLI buckets kept across restarts', () => {
  it('after a restart the first evaluation reads kept blocks, not the datapoints, and its figures are identical', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-settled-'));
    const defs = [availability, latency(500)];
    const first = open(dir);
    fill(first);
    const before = summaries(new SloService(first, 'test'), defs);
    expect(keptBlocks(first).length).toBeGreaterThan(0);
    first.close();
    opened.splice(opened.indexOf(first), 1);

    const reads = readRows();
    const afterRestart = summaries(new SloService(open(dir), 'test'), defs);
    const coldReads = reads.total();
    expect(afterRestart).toEqual(before);
    expect(afterRestart).toEqual(summaries(fresh(dir), defs));
    // The fresh evaluation above read every day of data; the restarted one only what is not a whole settled block.
    const freshReads = reads.total() - coldReads;
    expect(coldReads).toBeLessThan(freshReads / 4);
    expect(before[0]?.total).toBeGreaterThan(0);
  });

  it('a late point inside a settled block recomputes that block only, in memory and after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-settled-late-'));
    const cache = open(dir);
    const ids = fill(cache);
    const service = new SloService(cache, 'test');
    const [before] = summaries(service, [availability]);
    const availabilityPlans = new Set(keptBlocks(cache).map((k) => k.plan));
    summaries(service, [latency(500)]);
    const kept = keptBlocks(cache);

    // 1 000 extra errors in one minute two days ago, written the way the sync writes old data.
    const lateTs = S(NOW - 2 * DAY) + 37 * 60;
    const value = (id: number): number => cache.points(id, lateTs, lateTs + 60)[0]?.value as number;
    cache.writePage(
      [
        { seriesId: ids.e5, ts: lateTs, value: value(ids.e5) + 1000 },
        { seriesId: ids.req, ts: lateTs, value: value(ids.req) + 1000 },
      ],
      [],
      settledBefore(S(NOW)),
    );

    const [after] = summaries(service, [availability]);
    expect(after?.bad).toBe((before?.bad as number) + 1000);
    expect(after?.total).toBe((before?.total as number) + 1000);
    expect(summaries(service, [availability])).toEqual(summaries(fresh(dir), [availability]));

    // Only blocks of the plans reading that series, overlapping the minute (or the hour before it), were dropped and rewritten.
    const now = keptBlocks(cache);
    const changed = kept.filter((k) => !now.some((n) => n.plan === k.plan && n.step === k.step && n.block === k.block && n.checksum === k.checksum));
    expect(changed.length).toBeGreaterThan(0);
    for (const c of changed) expect(c.block < lateTs + 1 && c.block + blockSpan(c.step) > lateTs - 3600, `block ${c.block} of step ${c.step}`).toBe(true);
    expect(kept.filter((k) => availabilityPlans.has(k.plan)).length).toBeGreaterThan(changed.length);
    // The latency SLO does not read the error series: its blocks are untouched.
    expect(changed.every((c) => availabilityPlans.has(c.plan))).toBe(true);

    cache.close();
    opened.splice(opened.indexOf(cache), 1);
    const restarted = new SloService(open(dir), 'test');
    expect(summaries(restarted, [availability])[0]?.bad).toBe((before?.bad as number) + 1000);
  });

  it("another connection holding the write lock (the sync's backfill) neither holds the evaluation for busy_timeout nor stops blocks being kept once it lets go", () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-settled-busy-'));
    const cache = open(dir);
    fill(cache);
    const sync = open(dir);
    sync.db.exec('BEGIN IMMEDIATE');
    const service = new SloService(cache, 'test');
    const t0 = performance.now();
    const whileLocked = summaries(service, [availability]);
    // busy_timeout is 5 s: a kept-blocks write waiting on it would hold the SLO worker that long.
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(whileLocked).toEqual(summaries(fresh(dir), [availability]));
    expect(keptBlocks(cache)).toEqual([]);

    sync.db.exec('COMMIT');
    // The next evaluation keeps what the locked one could not, with the same figures.
    expect(summaries(service, [availability])).toEqual(whileLocked);
    expect(keptBlocks(cache).length).toBeGreaterThan(0);
  });

  it('a late point in the head (a row, not a chunk) is seen by the next evaluation too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-settled-head-'));
    const cache = open(dir);
    const ids = fill(cache);
    const service = new SloService(cache, 'test');
    const [before] = summaries(service, [availability]);
    // Three hours ago: settled (older than the watermark minus 20 minutes) but still a row.
    const lateTs = S(NOW - 3 * 3600_000);
    const stored = cache.points(ids.e5, lateTs, lateTs + 60)[0]?.value as number;
    cache.writePage([{ seriesId: ids.e5, ts: lateTs, value: stored + 250 }], []);
    const [after] = summaries(service, [availability]);
    expect(after?.bad).toBe((before?.bad as number) + 250);
    expect(summaries(service, [availability])).toEqual(summaries(fresh(dir), [availability]));
  });

  it('an edited SLO definition never reuses the old definition’s buckets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-settled-edit-'));
    const cache = open(dir);
    fill(cache);
    const service = new SloService(cache, 'test');
    const [old] = summaries(service, [latency(500)]);
    const plansBefore = new Set(keptBlocks(cache).map((k) => k.plan));
    cache.close();
    opened.splice(opened.indexOf(cache), 1);

    const restarted = new SloService(open(dir), 'test');
    const [edited] = summaries(restarted, [latency(300)]);
    expect(edited).toEqual(summaries(fresh(dir), [latency(300)])[0]);
    expect(edited?.good).toBeLessThan(old?.good as number);
    const reopened = opened[opened.length - 2] as CacheStore;
    const plansAfter = new Set(keptBlocks(reopened).map((k) => k.plan));
    expect([...plansAfter].filter((p) => !plansBefore.has(p))).toHaveLength(1);
  });

  it('a damaged kept-blocks table is rebuilt, not trusted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-settled-damaged-'));
    const defs = [availability, latency(500)];
    const cache = open(dir);
    fill(cache);
    const before = summaries(new SloService(cache, 'test'), defs);
    const kept = keptBlocks(cache);
    // Garbage in half the blobs, a flipped byte in one, a shortened one, a lying checksum.
    cache.db.exec('UPDATE sli_settled SET buckets = randomblob(length(buckets)) WHERE rowid % 2 = 0');
    cache.db.exec('UPDATE sli_settled SET buckets = substr(buckets, 1, length(buckets) - 8) WHERE rowid = (SELECT min(rowid) FROM sli_settled WHERE rowid % 2 = 1)');
    cache.db.exec(`UPDATE sli_settled SET checksum = 'ffffffffffffffff' WHERE rowid IN (SELECT rowid FROM sli_settled WHERE rowid % 2 = 1 ORDER BY rowid DESC LIMIT 2)`);
    cache.close();
    opened.splice(opened.indexOf(cache), 1);

    const restarted = open(dir);
    expect(summaries(new SloService(restarted, 'test'), defs)).toEqual(before);
    // Every damaged row was recomputed and written again.
    expect(keptBlocks(restarted)).toEqual(kept);
  });

  it('property: kept blocks never change a figure, whatever late points and restarts happen in between', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('late' as const), series: fc.constantFrom('req', 'e5', 'lat'), minutesAgo: fc.integer({ min: 1, max: DAYS * 1440 - 1 }), value: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constant(0)), chunked: fc.boolean() }),
      fc.record({ kind: fc.constant('restart' as const) }),
      fc.record({ kind: fc.constant('evaluate' as const) }),
    );
    const dir0 = mkdtempSync(join(tmpdir(), 'opsdeck-settled-prop-'));
    let run = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => {
        const dir = join(dir0, String(run++));
        const defs = [availability, latency(400)];
        mkdirSync(dir);
        let cache = openCache(dir).cache;
        try {
          const ids = fill(cache, seed);
          let service = new SloService(cache, 'test');
          summaries(service, defs);
          for (const o of [...ops, { kind: 'evaluate' as const }]) {
            if (o.kind === 'late') {
              const ts = S(NOW - o.minutesAgo * MIN);
              cache.writePage([{ seriesId: ids[o.series], ts, value: o.value }], [], o.chunked ? settledBefore(S(NOW)) : undefined);
            } else if (o.kind === 'restart') {
              cache.close();
              cache = openCache(dir).cache;
              service = new SloService(cache, 'test');
            } else {
              const readOnly = fresh(dir);
              expect(summaries(service, defs)).toEqual(summaries(readOnly, defs));
              readOnly.cache.close();
              opened.splice(opened.indexOf(readOnly.cache), 1);
            }
          }
        } finally {
          cache.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
