// The first screen kept between runs: a restart over the same data answers the Overview, the
// SLO list and the burn alerts at once, with exactly the figures the worker then computes;
// any change to the data or the SLO files waits for the worker instead.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheStore } from '../store/cache';
import { scratch, serviceCountKey } from './fixtures/platform';
import { inlineSloEvaluator, type SloEvaluator } from './evaluator';
import { dataFingerprint, FIRST_SCREEN_FILE, readSnapshot, withFirstScreen } from './firstScreen';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 20, 15, 0);
const S = (ms: number): number => Math.floor(ms / 1000);

const scratchDirs = scratch('opsdeck-first-screen-');
afterEach(() => scratchDirs.cleanUp());
const tmp = scratchDirs.tmp;
const platform = (): CacheStore => scratchDirs.platform(NOW, 2);

/** The inline evaluator behind a gate: a worker that has not started yet, and a count of evaluations. */
function coldWorker(cache: CacheStore) {
  const inline = inlineSloEvaluator(cache);
  let open: () => void = () => undefined;
  const gate = new Promise<void>((r) => (open = r));
  const calls: string[] = [];
  const gated = <K extends 'overview' | 'slos' | 'burnAlerts'>(m: K) =>
    ((...args: Parameters<SloEvaluator[K]>) => {
      calls.push(m);
      return gate.then(() => (inline[m] as (...a: unknown[]) => unknown)(...args));
    }) as SloEvaluator[K];
  const evaluator: SloEvaluator = { ...inline, overview: gated('overview'), slos: gated('slos'), burnAlerts: gated('burnAlerts') };
  return { evaluator, open: () => open(), calls };
}

const within = <T,>(p: Promise<T>, ms: number): Promise<T | 'still waiting'> => Promise.race([p, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), ms))]);

function firstScreen(cache: CacheStore, dataDir: string, inner: SloEvaluator, sloDir: string | null = null, liveDelayMs = 0, freshenAfterMs?: number) {
  const lives: number[] = [];
  const fs = withFirstScreen(inner, {
    file: join(dataDir, FIRST_SCREEN_FILE),
    fingerprint: (source, dir, at) => dataFingerprint(cache, source, [dir], at),
    now: () => NOW,
    onLive: () => lives.push(1),
    liveDelayMs,
    ...(freshenAfterMs !== undefined ? { freshenAfterMs } : {}),
  });
  // Before the folders go: a write still pending would land in a removed one.
  scratchDirs.defer(() => void fs.close(), true);
  return { fs, lives, sloDir };
}

/** One run that evaluates the three first-screen answers live and quits (writing the file). */
async function previousRun(cache: CacheStore, dataDir: string, sloDir: string | null = null) {
  const { fs } = firstScreen(cache, dataDir, inlineSloEvaluator(cache));
  const answers = { overview: await fs.overview('demo', sloDir, NOW), slos: await fs.slos('demo', sloDir, NOW), burnAlerts: await fs.burnAlerts('demo', sloDir, NOW) };
  await fs.keepForNextStart();
  await fs.close();
  return answers;
}

/**
 * Three days back, before the two days the platform holds, inside the 30-day window: an hour
 * of payment requests, half of them errors, written as the sync's backfill writes settled data
 * (straight into chunks). The newest datapoint and the sync state do not move.
 */
function backfillAnHourOfErrors(cache: CacheStore): void {
  const def = (metric: string) => ({ key: serviceCountKey(metric, 'payment-service'), namespace: 'ECommerce/Services', metric, dimensions: [{ name: 'Service', value: 'payment-service' }], stat: 'Sum', unit: null });
  const ids = cache.ensureSeries('demo', [def('RequestCount'), def('Http5xxCount')]);
  const from = NOW - 3 * 24 * 60 * MIN;
  const points = Array.from({ length: 60 }, (_, i) => [
    { seriesId: ids.get(serviceCountKey('RequestCount', 'payment-service'))!, ts: S(from + i * MIN), value: 600 },
    { seriesId: ids.get(serviceCountKey('Http5xxCount', 'payment-service'))!, ts: S(from + i * MIN), value: 300 },
  ]).flat();
  // The watermarks reach back to the filled hour, as the backfill's do; their newest end stays.
  cache.writePage(points, [...ids.values()].map((seriesId) => ({ seriesId, oldest: S(from), newest: S(NOW) })), S(NOW - 6 * 60 * MIN));
}

describe('the first screen kept between runs', () => {
  it('a restart over the same data answers at once with the figures the worker then computes, and says when the live ones are in', async () => {
    const cache = platform();
    const dataDir = tmp();
    const before = await previousRun(cache, dataDir);
    expect(before.burnAlerts.map((b) => b.sloId)).toContain('payment-availability');
    expect(existsSync(join(dataDir, FIRST_SCREEN_FILE))).toBe(true);

    const worker = coldWorker(cache);
    const { fs, lives } = firstScreen(cache, dataDir, worker.evaluator);
    // The worker has not answered (its gate is shut), yet all three come back.
    expect(await within(fs.overview('demo', null, NOW), 200)).toEqual(before.overview);
    expect(await within(fs.slos('demo', null, NOW), 200)).toEqual(before.slos);
    expect(await within(fs.burnAlerts('demo', null, NOW), 200)).toEqual(before.burnAlerts);
    expect(lives).toEqual([]);

    worker.open();
    await fs.warm();
    await new Promise((r) => setTimeout(r, 0));
    expect(lives).toEqual([1]);
    // Warm: answers come from the worker now, equal to what the file said.
    const callsBefore = worker.calls.length;
    expect(await fs.slos('demo', null, NOW)).toEqual(before.slos);
    expect(worker.calls.length).toBe(callsBefore + 1);
  });

  it("an answer from the file puts the worker's own evaluation off (it would take a core from the first screen); one the file cannot give starts it at once", async () => {
    const cache = platform();
    const dataDir = tmp();
    const before = await previousRun(cache, dataDir);
    const worker = coldWorker(cache);
    worker.open();
    const { fs, lives } = firstScreen(cache, dataDir, worker.evaluator, null, 300);
    expect(await fs.slos('demo', null, NOW)).toEqual(before.slos);
    await new Promise((r) => setTimeout(r, 100));
    expect(worker.calls, 'no evaluation while the first screen loads').toEqual([]);
    await new Promise((r) => setTimeout(r, 350));
    // The page asks for the other two next: all three are evaluated once the page has its first answer.
    expect([...worker.calls].sort()).toEqual(['burnAlerts', 'overview', 'slos']);
    expect(lives).toEqual([1]);
    // Another SLO folder: not in the file, so evaluated now, not 300 ms from now.
    const other = join(dataDir, 'other-slos');
    mkdirSync(other);
    const t0 = Date.now();
    await fs.slos('demo', other, NOW);
    expect(Date.now() - t0).toBeLessThan(300);
    expect(worker.calls.filter((c) => c === 'slos')).toHaveLength(2);
  });

  it("the worker's own evaluation of answers served from the file also waits for the page's other calls (the alert queue's build) to be answered", async () => {
    const cache = platform();
    const dataDir = tmp();
    const before = await previousRun(cache, dataDir);
    const worker = coldWorker(cache);
    worker.open();
    const waiting: (() => void)[] = [];
    const fs = withFirstScreen(worker.evaluator, {
      file: join(dataDir, FIRST_SCREEN_FILE),
      fingerprint: (source, dir, at) => dataFingerprint(cache, source, [dir], at),
      now: () => NOW,
      onLive: () => undefined,
      liveDelayMs: 10,
      firstScreenServed: () => new Promise<void>((r) => waiting.push(r)),
    });
    scratchDirs.defer(() => void fs.close(), true);
    expect(await fs.slos('demo', null, NOW)).toEqual(before.slos);
    await new Promise((r) => setTimeout(r, 200));
    expect(worker.calls, 'past the live delay, the page still being answered').toEqual([]);
    for (const r of waiting) r();
    await fs.warm();
    expect([...worker.calls].sort()).toEqual(['burnAlerts', 'overview', 'slos']);
  });

  it('the start-up warm-up evaluates only what the file cannot answer; the rest waits for the page', async () => {
    const cache = platform();
    const dataDir = tmp();
    await previousRun(cache, dataDir);
    const worker = coldWorker(cache);
    worker.open();
    const { fs } = firstScreen(cache, dataDir, worker.evaluator, null, 300);
    fs.warmUp('demo', null, NOW);
    await new Promise((r) => setTimeout(r, 400));
    expect(worker.calls, 'the file answers all three: nothing evaluated before the page asks').toEqual([]);
    // Another SLO folder than the file's: all three evaluated at once.
    const other = join(dataDir, 'other-slos');
    mkdirSync(other);
    fs.warmUp('demo', other, NOW);
    await new Promise((r) => setTimeout(r, 50));
    expect([...worker.calls].sort()).toEqual(['burnAlerts', 'overview', 'slos']);
  });

  it('a newer datapoint since the last run waits for the worker instead of showing the old figures', async () => {
    const cache = platform();
    const dataDir = tmp();
    await previousRun(cache, dataDir);
    const id = cache.ensureSeries('demo', [{ key: serviceCountKey('RequestCount', 'order-service'), namespace: 'ECommerce/Services', metric: 'RequestCount', dimensions: [{ name: 'Service', value: 'order-service' }], stat: 'Sum', unit: null }]).get(serviceCountKey('RequestCount', 'order-service'))!;
    cache.writePage([{ seriesId: id, ts: S(NOW), value: 600 }], [{ seriesId: id, oldest: S(NOW), newest: S(NOW + MIN) }]);

    const worker = coldWorker(cache);
    const { fs } = firstScreen(cache, dataDir, worker.evaluator);
    const answer = fs.overview('demo', null, NOW + 2 * MIN);
    expect(await within(answer, 150)).toBe('still waiting');
    worker.open();
    expect((await answer).slos.length).toBeGreaterThan(0);
  });

  it("older days filled in since the last run (a backfill: the newest datapoint and the last sync unchanged) wait for the worker instead of showing figures that leave them out", async () => {
    const cache = platform();
    const dataDir = tmp();
    const before = await previousRun(cache, dataDir);
    backfillAnHourOfErrors(cache);
    expect(cache.newestPointTs('demo')).toBe(S(NOW - MIN));

    const worker = coldWorker(cache);
    const { fs } = firstScreen(cache, dataDir, worker.evaluator);
    const answer = fs.slos('demo', null, NOW);
    expect(await within(answer, 150)).toBe('still waiting');
    worker.open();
    const paymentBad = (l: typeof before.slos): number | undefined => l.slos.find((x) => x.id === 'payment-availability')?.bad;
    // The live figures count the filled-in errors: the file's would have left them out.
    expect(paymentBad((await answer) as typeof before.slos)).toBeGreaterThan(paymentBad(before.slos)! + 1_000);
  });

  it('while the app runs, data changing rewrites the file from the worker without a page asking, so the next start is answered from it', async () => {
    const cache = platform();
    const dataDir = tmp();
    await previousRun(cache, dataDir);
    const { fs } = firstScreen(cache, dataDir, inlineSloEvaluator(cache), null, 0, 20);
    // This run's page asked once (the worker is warm), then sync stored a newer minute.
    await Promise.all([fs.overview('demo', null, NOW), fs.slos('demo', null, NOW), fs.burnAlerts('demo', null, NOW)]);
    backfillAnHourOfErrors(cache);
    const stale = readSnapshot(join(dataDir, FIRST_SCREEN_FILE)).slos?.fingerprint;
    fs.dataChanged();
    const current = dataFingerprint(cache, 'demo', [null], NOW);
    expect(stale).not.toBe(current);
    await expect.poll(() => readSnapshot(join(dataDir, FIRST_SCREEN_FILE)).slos?.fingerprint, { timeout: 3_000 }).toBe(current);

    // The next start, the data unchanged since: answered from the file at once, with the worker's figures.
    const worker = coldWorker(cache);
    const next = firstScreen(cache, dataDir, worker.evaluator).fs;
    const fromFile = await within(next.slos('demo', null, NOW), 150);
    expect(fromFile).not.toBe('still waiting');
    worker.open();
    expect(fromFile).toEqual(await inlineSloEvaluator(cache).slos('demo', null, NOW));
  });

  it('an SLO file written since the last run waits for the worker', async () => {
    const cache = platform();
    const dataDir = tmp();
    const sloDir = join(dataDir, 'slos');
    mkdirSync(sloDir);
    await previousRun(cache, dataDir, sloDir);
    writeFileSync(join(sloDir, 'extra.yaml'), 'slos: []\n');
    const worker = coldWorker(cache);
    const { fs } = firstScreen(cache, dataDir, worker.evaluator);
    expect(await within(fs.slos('demo', sloDir, NOW), 150)).toBe('still waiting');
    worker.open();
  });

  it('the start-up warm-up and the page asking at once cost one evaluation, not two', async () => {
    const cache = platform();
    const worker = coldWorker(cache);
    const { fs } = firstScreen(cache, tmp(), worker.evaluator);
    const both = Promise.all([fs.overview('demo', null, NOW), fs.overview('demo', null, NOW)]);
    worker.open();
    const [a, b] = await both;
    expect(a).toEqual(b);
    expect(worker.calls.filter((c) => c === 'overview')).toHaveLength(1);
  });

  it('a damaged file, an answer that breaks its contract or a NaN figure is no snapshot', async () => {
    const cache = platform();
    const dataDir = tmp();
    const file = join(dataDir, FIRST_SCREEN_FILE);
    writeFileSync(file, '{"format":1,"entries":{"overview":');
    expect(readSnapshot(file)).toEqual({});

    await previousRun(cache, dataDir);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { entries: { overview: { value: { generatedAt: unknown } } } };
    kept.entries.overview.value.generatedAt = 'yesterday';
    writeFileSync(file, JSON.stringify(kept));
    expect(Object.keys(readSnapshot(file)).sort()).toEqual(['burnAlerts', 'slos']);
    const worker = coldWorker(cache);
    const restarted = firstScreen(cache, dataDir, worker.evaluator).fs;
    expect(await within(restarted.overview('demo', null, NOW), 150)).toBe('still waiting');
    expect(await within(restarted.slos('demo', null, NOW), 150)).not.toBe('still waiting');
    worker.open();

    // JSON would store NaN as null — a wrong figure after the restart; nothing is written instead.
    rmSync(file);
    const inline = inlineSloEvaluator(cache);
    const withNaN: SloEvaluator = { ...inline, overview: async (...args) => ({ ...(await inline.overview(...args)), kpis: [{ id: 'k', label: 'k', unit: '', value: Number.NaN, weekOverWeekPct: null, asOf: null, hourly: [] }] }) };
    const { fs } = firstScreen(cache, dataDir, withNaN);
    await fs.overview('demo', null, NOW);
    await fs.keepForNextStart();
    expect(readSnapshot(file).overview).toBeUndefined();
  });
});
