// The app over a damaged cache.db: found at start-up (quick_check) or hit at run time, the
// cache is quarantined (kept), rebuilt by the sync, the user told — and every screen's call
// keeps answering instead of 500 "malformed" forever.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createApp, type App } from '../app';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'opsdeck-app-damage-'));

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Overwrites the middle third of the file, page-aligned: the header (page 1) stays intact. */
function damageMiddle(file: string): void {
  const buf = readFileSync(file);
  const pages = Math.floor(buf.length / 4096);
  const from = Math.floor(pages / 3) * 4096;
  const to = Math.floor((2 * pages) / 3) * 4096;
  for (let i = from; i < to; i++) buf[i] = (i * 7919) & 0xff;
  writeFileSync(file, buf);
}

async function withData(dir: string): Promise<App> {
  const app = await createApp({ dataDir: dir, workers: 'inline', liveIntervalMs: 500 });
  await until('some history in the cache', () => statSync(join(dir, 'cache.db')).size + (existsSync(join(dir, 'cache.db-wal')) ? statSync(join(dir, 'cache.db-wal')).size : 0) > 3_000_000);
  return app;
}

async function everyScreenAnswers(app: App): Promise<void> {
  for (const method of ['health', 'overview', 'slos', 'sources', 'storage', 'alertQueue', 'capacity', 'incidents', 'backups']) {
    const r = await app.call(method, method === 'alertQueue' ? {} : {});
    expect({ method, ok: r.ok, error: r.ok ? null : r.error }).toEqual({ method, ok: true, error: null });
  }
}

describe('a cache.db damaged in the middle (header intact)', () => {
  it('found at start-up: quarantined, rebuilt, every screen answers, the user told', async () => {
    const dir = tmp();
    const first = await withData(dir);
    await first.close();
    damageMiddle(join(dir, 'cache.db'));

    const app = await createApp({ dataDir: dir, workers: 'inline', liveIntervalMs: 500 });
    try {
      const notices = await app.call('notices', {});
      expect(notices.ok).toBe(true);
      const list = notices.ok ? (notices.data as { area: string; title: string; keptAs: string[] }[]) : [];
      expect(list.map((n) => n.area)).toEqual(['cache']);
      expect(list[0]?.keptAs[0]).toMatch(/cache\.db\.unreadable-/);
      expect(existsSync(list[0]?.keptAs[0] ?? '')).toBe(true);
      await everyScreenAnswers(app);
      await until('the sync to refill the fresh cache', async () => {
        const r = await app.call('sources', {});
        return r.ok && (r.data as { dataAsOf: number | null }[])[0]?.dataAsOf !== null;
      });
    } finally {
      await app.close();
    }
  }, 120_000);

  it('hit at run time: the call that hit it answers after the rebuild, the sync resumes, the user told', async () => {
    const dir = tmp();
    const app = await withData(dir);
    try {
      const file = join(dir, 'cache.db');
      // Checkpoint so the history lives in cache.db itself, then damage it under the running app.
      const other = new Database(file);
      other.pragma('wal_checkpoint(TRUNCATE)');
      other.close();
      damageMiddle(file);
      await until('a run-time cache notice', async () => {
        const r = await app.call('slos', {});
        if (!r.ok) console.log(r.error);
        return app.notices().some((n) => n.area === 'cache');
      });
      expect(readdirSync(dir).some((f) => /^cache\.db\.unreadable-/.test(f))).toBe(true);
      expect(app.notices().find((n) => n.area === 'cache')?.title).toMatch(/run time/);
      await everyScreenAnswers(app);
      await until('the sync to refill the fresh cache', async () => {
        const r = await app.call('sources', {});
        return r.ok && (r.data as { dataAsOf: number | null }[])[0]?.dataAsOf !== null;
      });
    } finally {
      await app.close();
    }
  }, 120_000);
});
