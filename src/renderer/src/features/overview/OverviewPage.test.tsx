// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AvailabilitySlo, Overview } from '@shared/contract/core';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { MINUTE_MS } from '@renderer/lib/time';
import { OverviewPage } from './OverviewPage';

afterEach(cleanup);

const NOW = Date.now();

function slo(id: string, targetPct: number, availabilityPct: number, budgetRemainingPct: number, budgetRemainingMinutes: number, budgetTotalMinutes: number, coverage = 1): AvailabilitySlo {
  return {
    id,
    name: id,
    targetPct,
    windowDays: 30,
    availabilityPct,
    totalEvents: 18_298_405,
    badEvents: 961,
    budgetTotalMinutes,
    budgetRemainingMinutes,
    budgetRemainingPct,
    status: 'OK',
    daily: [],
    windowStart: NOW - 30 * 24 * 60 * MINUTE_MS,
    windowEnd: NOW,
    dataAsOf: NOW - MINUTE_MS,
    coverage,
  };
}

const OVERVIEW: Overview = {
  generatedAt: NOW,
  kpis: [{ id: 'orders', label: 'Orders', unit: 'orders/min', value: 204.4, weekOverWeekPct: -0.64, asOf: NOW, hourly: [] }],
  slos: [slo('Payment Service', 99.99, 99.994734, 47.512, 2.0524, 4.32), slo('Customer Service', 99.9, 99.985123, 85.1, 36.71, 43.2)],
  alarms: { inAlarm: 2, total: 14, asOf: NOW, names: ['payment-degraded', 'payment-latency-p95-critical'] },
};

const CALM_QUEUE = { generatedAt: NOW, me: 'dana', groupBy: [], groups: [], counts: {}, alarmsAsOf: NOW, resolvedKeptMs: 12 * 60 * MINUTE_MS, notices: [] };
const CALM_SLOS = { generatedAt: NOW, evaluatedAt: NOW, slos: [], config: { dir: null, files: [], errors: [], notes: [] } };

describe('Overview', () => {
  it('shows each SLO with the precision its target needs, and its budget to one decimal', async () => {
    renderWithApp(<OverviewPage />, { transport: fakeTransport(async (m) => (m === 'overview' ? OVERVIEW : m === 'alertQueue' ? CALM_QUEUE : m === 'slos' ? CALM_SLOS : [])) });
    const rows = await screen.findAllByTestId('slo-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('availability').textContent).toBe('99.9947 %');
    expect(within(rows[0]!).getByTestId('budget-left').textContent).toBe('47.5 % · 2.05 min of 4.32 min');
    expect(within(rows[1]!).getByTestId('availability').textContent).toBe('99.985 %');
    expect(screen.getByTestId('alarm-count').textContent).toContain('2 of 14 alarms');
    expect(screen.getByTestId('kpi').textContent).toContain('−0.6 % vs last week');
    // Fresh data: no STALE warning.
    expect(screen.getByTestId('overview-asof').textContent).not.toContain('STALE');
    expect((await screen.findByTestId('now')).getAttribute('data-state')).toBe('clear');
  });

  it('while history loads, the budget says it is partial instead of a confident figure; no-data status reads as on the SLO pages', async () => {
    const loading: Overview = {
      ...OVERVIEW,
      slos: [slo('Order Service', 99.9, 99.2, 62.9, 27.17, 43.2, 0.2289), { ...slo('Search Service', 99.9, 0, 0, 0, 43.2, 0), availabilityPct: null, budgetRemainingPct: null, budgetRemainingMinutes: null, status: 'INSUFFICIENT_DATA' }],
    };
    renderWithApp(<OverviewPage />, { transport: fakeTransport(async (m) => (m === 'overview' ? loading : m === 'alertQueue' ? CALM_QUEUE : m === 'slos' ? CALM_SLOS : [])) });
    const rows = await screen.findAllByTestId('slo-row');
    expect(within(rows[0]!).getByTestId('budget-left').textContent).toBe('partial — 22 % of the window loaded');
    expect(rows[0]!.textContent).not.toContain('62.9');
    expect(within(rows[1]!).getByTestId('budget-left').textContent).toBe('—');
    expect(rows[1]!.textContent).toContain('NO DATA');
    expect(rows[1]!.textContent).not.toContain('INSUFFICIENT');
  });

  it('says it is reading, then why it failed, when the main side refuses', async () => {
    renderWithApp(<OverviewPage />, { transport: fakeTransport(async () => Promise.reject(new Error('cache.db is locked'))) });
    expect(screen.getByText('Reading the local cache…')).toBeTruthy();
    expect((await screen.findByText(/Could not read the overview/)).textContent).toBe('Could not read the overview: cache.db is locked');
    expect(screen.getByRole('heading', { name: 'Overview' })).toBeTruthy();
  });
});
