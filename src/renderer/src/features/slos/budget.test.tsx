// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SloSummary } from '@shared/contract/slos';
import { HOUR_MS, MINUTE_MS } from '@renderer/lib/time';
import { AlertBadge } from './AlertBadge';
import { StaleTag } from '@renderer/components/common/StaleTag';
import { budgetText, burnClass } from './budget';

afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 23, 17, 15);

describe('SLO budget pieces', () => {
  it('the stale tag shows only for data older than five minutes, with when and how old', () => {
    const { rerender } = render(<StaleTag dataAsOf={NOW - 4 * MINUTE_MS} now={NOW} timeMode="utc" />);
    expect(screen.queryByTestId('slo-stale')).toBeNull();
    rerender(<StaleTag dataAsOf={NOW - 3 * HOUR_MS - 10 * MINUTE_MS} now={NOW} timeMode="utc" />);
    expect(screen.getByTestId('slo-stale').textContent).toBe('as of 2026-11-23 14:05 UTC · 3 h 10 min old');
  });

  it('the burn alert badge says since when, with the zone', () => {
    const alert = { state: 'page', since: Date.UTC(2026, 10, 23, 16, 2), sinceIsLowerBound: true, rule: 'fast burn', reason: 'burn(1h) 20× ≥ 14.4×' } as SloSummary['alert'];
    render(<AlertBadge alert={alert} timeMode="utc" />);
    const badge = screen.getByTestId('slo-alert');
    expect(badge.textContent).toBe('PAGE since before 11-23 16:02 UTC');
    expect(badge.getAttribute('title')).toBe('fast burn: burn(1h) 20× ≥ 14.4×');
  });

  it('stacked (the SLO list): the chip says PAGE alone and "since …" is one unbreakable line under it', () => {
    const alert = { state: 'page', since: Date.UTC(2026, 9, 26, 17, 37), sinceIsLowerBound: false, rule: 'fast burn', reason: 'burn(1h) 20× ≥ 14.4×' } as SloSummary['alert'];
    render(<AlertBadge alert={alert} timeMode="utc" stacked />);
    const badge = screen.getByTestId('slo-alert');
    expect(badge.querySelector('.slo-alert')!.textContent).toBe('PAGE');
    expect(badge.querySelector('.slo-alert-since')!.textContent).toBe('since 10-26 17:37 UTC');
    expect(badge.getAttribute('aria-label')).toBe('PAGE since 10-26 17:37 UTC');
  });

  it('budget in minutes, overspent included; burn colours at the Workbook thresholds', () => {
    const s = (remainingMinutes: number | null) => ({ budget: { remainingMinutes, totalMinutes: 4.32 } }) as SloSummary;
    expect(budgetText(s(2.0524))).toBe('2.05 min of 4.32 min left');
    expect(budgetText(s(-3.1))).toBe('overspent by 3.1 min of 4.32 min');
    expect(budgetText(s(null))).toBe('no data cached yet');
    // One unit for the pair, chosen by the whole.
    expect(budgetText({ budget: { remainingMinutes: 118, totalMinutes: 432 } } as SloSummary)).toBe('1.97 h of 7.2 h left');
    // While history loads the figure says it is partial.
    // While history loads the headline is "partial — 22 % of the window loaded" (formatBudgetLeft); this line says it is the loaded part's.
    expect(budgetText({ coverage: 0.2289, budget: { remainingMinutes: 27.17, totalMinutes: 43.2 } } as SloSummary)).toBe('in the loaded part so far: 27.2 min of 43.2 min left');
    expect(budgetText({ coverage: 0.999, budget: { remainingMinutes: 27.17, totalMinutes: 43.2 } } as SloSummary)).toBe('27.2 min of 43.2 min left');
    expect([null, 0.5, 1.5, 6, 14.4].map(burnClass)).toEqual(['muted', 'slo-burn-under', 'slo-burn-over', 'warn', 'bad']);
  });
});
