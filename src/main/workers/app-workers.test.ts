// The app's real worker threads and the demo platform's process (built), killed from the test:
// every screen's call answers within 5 s — from the restarted worker, or with a clear error — and nothing hangs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app';

const ROOT = join(__dirname, '..', '..', '..');
const OUT = join(ROOT, 'out', 'main');

let app: App;
let dataDir: string;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-needed.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  dataDir = mkdtempSync(join(tmpdir(), 'opsdeck-workers-'));
  app = await createApp({
    dataDir,
    workers: { sync: join(OUT, 'sync-worker.js'), demo: join(OUT, 'demo-platform.js'), slo: join(OUT, 'slo-worker.js') },
  });
}, 240_000);

afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Time a call; it must settle (either way) — the point is that it never hangs. */
async function timed(method: string): Promise<{ ms: number; result: Awaited<ReturnType<App['call']>> }> {
  const t0 = Date.now();
  const result = await app.call(method, {});
  return { ms: Date.now() - t0, result };
}

function thread(name: string) {
  const w = app.workers.get(name);
  if (!w) throw new Error(`no worker named ${name} (have ${[...app.workers.keys()].join(', ')})`);
  return w;
}

describe('supervised app workers', () => {
  it('runs the four workers and reports them in health', async () => {
    // The sync worker starts once the SLO worker has evaluated once (app.ts, STAGGER_MAX_MS).
    await expect.poll(() => [...app.workers.keys()].sort(), { timeout: 10_000 }).toEqual(['SLO evaluation', 'capacity forecasts', 'demo platform', 'metric reads', 'sync']);
    await expect.poll(async () => ((await app.call('health', {})) as { data: { workers: { state: string }[] } }).data.workers.map((w) => w.state), { timeout: 20_000 }).toEqual(['running', 'running', 'running', 'running']);
  });

  it("each worker runs inside its heap caps: V8's limit is its old generation plus a capped young one (memory.main_rss_mb)", async () => {
    // A busy worker answers the memory method late: asked until it does.
    const limit = async (name: string): Promise<number> => {
      for (;;) {
        const m = await thread(name).memory(5_000);
        if (m) return m.heapLimitMb;
      }
    };
    // Old generation + young, which V8 counts as 1.5 × maxYoungGenerationSizeMb (its default, 32 MB → 48 MB, would fail each of these).
    expect(await limit('sync')).toBeLessThanOrEqual(192 + 24 + 1);
    expect(await limit('demo platform')).toBeLessThanOrEqual(64 + 24 + 1);
    expect(await limit('SLO evaluation')).toBeLessThanOrEqual(128 + 12 + 1);
  });

  it('SLO worker killed: the SLO list answers within 5 s from the restarted worker', async () => {
    expect((await app.call('slos', {})).ok).toBe(true);
    await thread('SLO evaluation').thread?.terminate();
    const { ms, result } = await timed('slos');
    expect(ms).toBeLessThan(5_000);
    expect(result.ok).toBe(true);
    expect(thread('SLO evaluation').status()).toMatchObject({ state: 'running', restarts: 1 });
  });

  it('SLO worker killed mid-call: the pending call answers with a clear error at once, the next one works', async () => {
    const pending = app.call('overview', {});
    await thread('SLO evaluation').thread?.terminate();
    const first = await pending;
    if (!first.ok) expect(first.error.message).toMatch(/SLO evaluation worker stopped .* being restarted — try again/);
    const { ms, result } = await timed('overview');
    expect(ms).toBeLessThan(5_000);
    expect(result.ok).toBe(true);
  });

  it('sync worker killed: health and sources keep answering, the worker comes back, Sync now works', async () => {
    await thread('sync').thread?.terminate();
    const { ms, result } = await timed('sources');
    expect(ms).toBeLessThan(5_000);
    expect(result.ok).toBe(true);
    await expect.poll(() => thread('sync').status().state, { timeout: 5_000 }).toBe('running');
    expect((await app.call('syncNow', {})).ok).toBe(true);
  });

  it('demo platform killed: it restarts on the same port and the sync reaches it again', async () => {
    const before = (await app.call('sources', {})) as { ok: true; data: { id: string }[] };
    expect(before.ok).toBe(true);
    // Its own process: killed as a crash kills it.
    const pid = thread('demo platform').pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await expect.poll(() => thread('demo platform').status().restarts, { timeout: 5_000 }).toBe(1);
    await expect.poll(() => thread('demo platform').status().state, { timeout: 5_000 }).toBe('running');
    expect(thread('demo platform').pid).not.toBe(pid);
    const t0 = Date.now();
    app.call('syncNow', {}).catch(() => undefined);
    // Polled with the failing parts, so a miss names which part is still failing and why.
    const source = async () => {
      const s = ((await app.call('sources', {})) as { ok: true; data: { state: string; parts: { id: string; state: string; lastError: string | null; runningSince: number | null }[] }[] }).data[0]!;
      return { state: s.state, failing: s.parts.filter((p) => p.state === 'failing' || p.state === 'denied').map((p) => `${p.id} ${p.state}: ${p.lastError}${p.runningSince ? ` (running ${Date.now() - p.runningSince} ms)` : ''}`) };
    };
    // Online at the restarted platform's first answers (each part's first call), not when the
    // history run under way ends (~15 s of calls; it used to hold the source "degraded" that long).
    await expect.poll(source, { timeout: 10_000 }).toEqual({ state: 'online', failing: [] });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
