// The SLO API through dispatch (inputs and outputs validated against the contract), the
// burn alerts published to the alert queue, and the Overview on the same numbers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SloDetail, SloList } from '@shared/contract/slos';
import { DEFAULT_AVAILABILITY_SLOS } from '../config/slos';
import { openCache, type CacheStore } from '../store/cache';
import { dispatch, type Handlers } from '../api/dispatch';
import { explainPlain } from '../domain/slo/maths';
import type { ApiContext } from '../api/context';
import { scratch } from './fixtures/platform';
import { inlineSloEvaluator } from './evaluator';
import { overview } from './overview';
import { sloHandlers } from './handlers';
import { sloBurnAlerts } from './service';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 20, 15, 0);

const scratchDirs = scratch('opsdeck-slo-api-');
afterEach(() => scratchDirs.cleanUp());
const tmp = scratchDirs.tmp;
const platform = (): CacheStore => scratchDirs.platform(NOW, 31);

function handlers(cache: CacheStore, sloConfigDir: string | null, now = NOW): Handlers {
  const ctx = { cache, now: () => now, sourceIds: ['demo'], sloConfigDir, slo: inlineSloEvaluator(cache) } as unknown as ApiContext;
  return sloHandlers(ctx) as Handlers;
}

describe('slos API', () => {
  it('lists every SLO with figures the contract accepts; unknown metrics are INSUFFICIENT_DATA with the reason', async () => {
    const cache = platform();
    const r = await dispatch(handlers(cache, null, NOW + 3 * 60 * MIN), 'slos', {});
    expect(r.ok).toBe(true);
    const list = (r as { data: SloList }).data;
    expect(list.generatedAt).toBe(NOW + 3 * 60 * MIN);
    // Evaluated as of the newest datapoint, not the (three hours later) wall clock.
    expect(list.evaluatedAt).toBe(NOW);
    expect(list.slos).toHaveLength(15);
    const payment = list.slos.find((s) => s.id === 'payment-availability')!;
    // 30 × 20 = 600 failures in 600 × 43 200 requests; budget 4.32 min; consumed 600 ÷ 600 = 1 min.
    expect(payment.bad).toBe(600);
    expect(payment.budget.consumedMinutes).toBeCloseTo(1, 9);
    // A page-level burn makes it a WARNING although 77 % of the budget is left.
    expect(payment.status).toBe('WARNING');
    // Fast burn fires once the last hour holds 2 failing minutes (60 ÷ 36 000 = 16.7× ≥ 14.4×).
    expect(payment.alert).toMatchObject({ state: 'page', rule: 'fast burn', since: NOW - 18 * MIN });
    const latency = list.slos.find((s) => s.id === 'api-latency-p95')!;
    expect(latency.status).toBe('INSUFFICIENT_DATA');
    expect(latency.reason).toMatch(/^value: unknown metric: ECommerce\/Services Latency is not in the metric catalogue of 'demo'$/);
    expect(list.config).toEqual({ dir: null, dirExists: false, files: [], errors: [], notes: [] });
  });

  it('detail: 404-like error for an unknown id; full detail otherwise', async () => {
    const cache = platform();
    const h = handlers(cache, null);
    const missing = await dispatch(h, 'sloDetail', { id: 'nope' });
    expect(missing).toMatchObject({ ok: false, status: 500, error: { code: 'INTERNAL' } });
    expect((missing as { error: { message: string } }).error.message).toMatch(/no SLO with id "nope"/);
    const bad = await dispatch(h, 'sloDetail', { id: '' });
    expect(bad).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_INPUT' } });
    const r = await dispatch(h, 'sloDetail', { id: 'overall-availability' });
    expect(r.ok).toBe(true);
    const d = (r as { data: SloDetail }).data;
    expect(d.slo.total).toBe(5 * 600 * 43_200);
    expect(explainPlain(d.explain.find((s) => s.label === 'Attainment')!.substituted)).toBe('129,599,400 ÷ 129,600,000 × 100');
  });

  it('detail: opened again while nothing changed, the worker is not asked again; new data or SLO files are', async () => {
    const cache = platform();
    const inline = inlineSloEvaluator(cache);
    let evaluations = 0;
    const versions = { metrics: 0, slos: 0 };
    const ctx = {
      cache,
      now: () => NOW,
      sourceIds: ['demo'],
      sloConfigDir: null,
      topicVersion: (topics: readonly ('metrics' | 'slos')[]) => topics.reduce((n, t) => n + (versions[t] ?? 0), 0),
      slo: { ...inline, detail: (...args: Parameters<typeof inline.detail>) => ((evaluations += 1), inline.detail(...args)) },
    } as unknown as ApiContext;
    const h = sloHandlers(ctx) as Handlers;
    const [a, b] = await Promise.all([dispatch(h, 'sloDetail', { id: 'payment-availability' }), dispatch(h, 'sloDetail', { id: 'payment-availability' })]);
    const again = await dispatch(h, 'sloDetail', { id: 'payment-availability' });
    expect(a.ok && b.ok && again.ok).toBe(true);
    expect(evaluations).toBe(1);
    versions.metrics += 1;
    await dispatch(h, 'sloDetail', { id: 'payment-availability' });
    expect(evaluations).toBe(2);
    versions.slos += 1;
    await dispatch(h, 'sloDetail', { id: 'payment-availability' });
    expect(evaluations).toBe(3);
    // An unknown id is not kept: asked again, it is evaluated (and fails) again.
    expect((await dispatch(h, 'sloDetail', { id: 'nope' })).ok).toBe(false);
    expect((await dispatch(h, 'sloDetail', { id: 'nope' })).ok).toBe(false);
    expect(evaluations).toBe(5);
  });

  it('a bad SLO file shows up as an error with file:line:column; every other SLO keeps working', async () => {
    const cache = platform();
    const dir = tmp();
    writeFileSync(join(dir, 'bad.yaml'), 'slos:\n  - id: broken\n    target: 100\n    sli: {}\n');
    writeFileSync(join(dir, 'good.yaml'), 'id: payments-loose\ntarget: 99\nservice: Payment Service\nsli:\n  eventRatio:\n    bad: { metric: { namespace: ECommerce/Services, name: Http5xxCount, dimensions: { Service: payment-service }, stat: Sum } }\n    total: { metric: { namespace: ECommerce/Services, name: RequestCount, dimensions: { Service: payment-service }, stat: Sum } }\n');
    const r = await dispatch(handlers(cache, dir), 'slos', {});
    const list = (r as { data: SloList }).data;
    expect(list.config.errors.map((e) => `${e.file.split('/').pop()}:${e.line}:${e.column} ${e.field}`)).toEqual(['bad.yaml:3:13 slos[0].target', 'bad.yaml:4:10 slos[0].sli']);
    expect(list.slos).toHaveLength(16);
    const loose = list.slos.find((s) => s.id === 'payments-loose')!;
    expect(loose.origin).toMatchObject({ kind: 'file', line: 1, column: 1 });
    expect(loose.status).toBe('OK');
  });
});

describe('sloBurnAlerts (the alert queue’s SLO source)', () => {
  it('returns the firing burn alerts with severity, since, burn rate and window', () => {
    const cache = platform();
    const alerts = sloBurnAlerts(cache, 'demo', NOW + 10 * MIN);
    // Payment pages (5 % failing = 500× its 0.01 % budget over 5 m, 166.7× over 1 h); Overall only
    // sees 1 % failing (10× its 0.1 % budget over 5 m, under 14.4×): no alert.
    expect(alerts.map((a) => [a.sloId, a.severity, a.window])).toEqual([['payment-availability', 'page', '1h/5m']]);
    expect(alerts[0]).toMatchObject({ id: 'slo-burn:payment-availability', name: 'Payment Service: error budget burn', rule: 'fast burn', sloSeverity: 'P1', service: 'payment-service', since: NOW - 18 * MIN, evaluatedAt: NOW });
    expect(alerts[0]!.burnRate).toBeCloseTo(600 / 36_000 / 0.0001, 6);
  });

  it('nothing before the first datapoint is cached', () => {
    const { cache } = openCache(tmp());
    scratchDirs.defer(() => cache.close());
    expect(sloBurnAlerts(cache, 'demo', NOW)).toEqual([]);
  });
});

describe('Overview', () => {
  it('shows the same availability figures as the SLO list (one code path)', async () => {
    const cache = platform();
    const o = overview(cache, 'demo', DEFAULT_AVAILABILITY_SLOS, NOW);
    const list = ((await dispatch(handlers(cache, null), 'slos', {})) as { data: SloList }).data;
    for (const a of o.slos) {
      const s = list.slos.find((x) => x.id === a.id)!;
      expect([a.availabilityPct, a.budgetRemainingMinutes, a.budgetRemainingPct, a.status, a.totalEvents, a.badEvents]).toEqual([s.attainmentPct, s.budget.remainingMinutes, s.budget.remainingPct, s.status, s.total, s.bad]);
      expect(a.windowDays).toBe(30);
    }
  });
});
