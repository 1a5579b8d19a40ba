import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CACHE_MIGRATIONS, openCache } from './cache';
import { migrate } from './db';
import { openJournal } from './journal';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'opsdeck-store-'));

describe('cache.db', () => {
  it('stores pages idempotently: re-writing a page leaves no duplicates and keeps watermarks monotonic', () => {
    const { cache } = openCache(tmp());
    const ids = cache.ensureSeries('demo', [{ key: 'a', namespace: 'N', metric: 'M', dimensions: [], stat: 'Sum', unit: null }]);
    const id = ids.get('a') as number;
    const page = [0, 60, 120].map((ts) => ({ seriesId: id, ts, value: ts / 60 }));
    cache.writePage(page, [{ seriesId: id, oldest: 0, newest: 180 }]);
    cache.writePage(page, [{ seriesId: id, oldest: 60, newest: 120 }]);
    expect(cache.points(id, 0, 1_000)).toEqual([
      { ts: 0, value: 0 },
      { ts: 60, value: 1 },
      { ts: 120, value: 2 },
    ]);
    expect(cache.watermark(id)).toEqual({ oldest: 0, newest: 180 });
    expect(cache.newestPointTs('demo')).toBe(120);
    expect(cache.sumsByBucket([id], 0, 1_000, 120)).toEqual(new Map([[0, 1], [120, 2]]));
  });

  it('counts per source are recorded with their time and read back cheaply', () => {
    const { cache } = openCache(tmp());
    expect(cache.countsBySource()).toEqual([]);
    const ids = cache.ensureSeries('demo', [
      { key: 'a', namespace: 'N', metric: 'M', dimensions: [], stat: 'Sum', unit: null },
      { key: 'b', namespace: 'N', metric: 'M', dimensions: [], stat: 'Maximum', unit: null },
    ]);
    cache.ensureSeries('prod:us-east-1', [{ key: 'a', namespace: 'N', metric: 'M', dimensions: [], stat: 'Sum', unit: null }]);
    cache.writePage([0, 60, 120].map((ts) => ({ seriesId: ids.get('a')!, ts, value: 1 })).concat([{ seriesId: ids.get('b')!, ts: 0, value: 2 }]), []);
    cache.recountSource('demo', 1_000);
    expect(cache.countsBySource()).toEqual([{ sourceId: 'demo', series: 2, points: 4, countedAt: 1_000 }]);
  });

  it('a corrupt cache.db is moved aside and rebuilt, and journal.db is not touched', () => {
    const dir = tmp();
    const journal = openJournal(dir);
    journal.addNote({ createdAt: 1, author: 'ana', subject: 'incident-1', body: 'rolled back payment-service' });
    journal.close();
    writeFileSync(join(dir, 'cache.db'), 'this is not a database, it is a sandwich'.repeat(200));

    const { cache, notice } = openCache(dir, () => Date.UTC(2026, 10, 23, 12));
    expect(notice).toMatch(/could not be read/);
    expect(notice).toMatch(/cache\.db\.unreadable-2026-11-23T12-00-00-000Z/);
    expect(notice).toMatch(/journal is untouched/);
    expect(cache.stats().series).toBe(0);
    expect(readdirSync(dir)).toContain('cache.db.unreadable-2026-11-23T12-00-00-000Z');
    cache.close();

    const reopened = openJournal(dir);
    expect(reopened.notes('incident-1').map((n) => n.body)).toEqual(['rolled back payment-service']);
  });

  it('a cache written by a newer Opsdeck is quarantined rather than misread', () => {
    const dir = tmp();
    openCache(dir).cache.close();
    const raw = new Database(join(dir, 'cache.db'));
    raw.prepare("INSERT INTO _migrations VALUES (99, 'future', 'x', 0)").run();
    raw.close();
    const { notice } = openCache(dir);
    expect(notice).toMatch(/schema version 99 is newer/);
  });
});

describe('cache.db migrations', () => {
  it('a cache from the first released schema (v1) upgrades in place, keeping its data', () => {
    const dir = tmp();
    const v1 = new Database(join(dir, 'cache.db'));
    migrate(v1, CACHE_MIGRATIONS.filter((m) => m.version === 1), 'cache.db');
    v1.prepare("INSERT INTO series (source, key, namespace, metric, dimensions, stat) VALUES ('demo', 'k', 'N', 'M', '[]', 'Sum')").run();
    v1.prepare('INSERT INTO points VALUES (1, 60, 7)').run();
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    v1.close();

    const { cache, notice } = openCache(dir);
    expect(notice).toBeNull();
    expect(cache.db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS[CACHE_MIGRATIONS.length - 1]?.version);
    expect(cache.points(1, 0, 100)).toEqual([{ ts: 60, value: 7 }]);
    cache.setSeriesError(1, 'rejected');
    expect(cache.seriesErrors('demo')).toEqual([{ key: 'k', error: 'rejected' }]);
  });

  it('an edited migration is caught rather than silently forking the schema', () => {
    const dir = tmp();
    openCache(dir).cache.close();
    const db = new Database(join(dir, 'cache.db'));
    const edited = CACHE_MIGRATIONS.map((m) => (m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => migrate(db, edited, 'cache.db')).toThrow(/migration 1 .* was changed after it was applied/);
  });
});

describe('journal.db', () => {
  it('a journal written by a newer Opsdeck is refused untouched, naming the file (not salvaged: it is not damaged)', () => {
    const dir = tmp();
    openJournal(dir).close();
    const raw = new Database(join(dir, 'journal.db'));
    raw.prepare("INSERT INTO _migrations VALUES (99, 'future', 'x', 0)").run();
    raw.close();
    expect(() => openJournal(dir)).toThrow(/journal\.db could not be opened .*newer than this Opsdeck.* left it untouched/);
    expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toEqual([]);
  });
});
