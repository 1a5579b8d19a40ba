// @vitest-environment jsdom
// The Impact section as the reviewer reads it: per SLO the budget spent and its share, the
// milestone times, the formula always, the worked numbers behind the explain toggle.
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/react';
import type { IncidentImpact } from '@shared/contract/incidents';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { IncidentImpactView } from './IncidentImpact';

afterEach(cleanup);

const T = Date.UTC(2026, 10, 20, 12, 0);
const MIN = 60_000;
const impact: IncidentImpact = {
  incidentId: 'inc-1',
  from: T,
  to: T + 120 * MIN,
  open: false,
  evaluatedAt: T + 180 * MIN,
  formula: 'Budget spent during the incident = bad ÷ total × time with data, …',
  slos: [
    { sloId: 'order-availability', name: 'Order Service', service: 'Order Service', targetPct: 99.9, windowLabel: 'rolling 30 days (UTC)', budgetMinutes: 43.2, bad: 48_000, total: 120_000, coveredMs: 120 * MIN, spentMinutes: 48, spentPct: 111.111, crossings: [{ share: 0.5, at: T + 54 * MIN, consumedPct: 50 }, { share: 1, at: T + 108 * MIN, consumedPct: 100 }], worked: 'spent = 48,000 ÷ 120,000 × 2 h = 48 min; share = 48 min ÷ (0.001 × 30 days = 43.2 min) = 111.1 %', reason: null },
    { sloId: 'payment-availability', name: 'Payment Service', service: 'Payment Service', targetPct: 99.99, windowLabel: 'rolling 30 days (UTC)', budgetMinutes: 4.32, bad: 0, total: 0, coveredMs: 0, spentMinutes: null, spentPct: null, crossings: [], worked: 'no events cached', reason: 'no events cached between …' },
  ],
  note: null,
};

describe('IncidentImpactView', () => {
  it('shows the budget spent per SLO with its share, the 50 %/100 % times, the formula, and the numbers on explain', async () => {
    const transport = fakeTransport(async (method) => (method === 'incidentImpact' ? impact : new Promise(() => {})));
    renderWithApp(<IncidentImpactView id="inc-1" />, { transport });
    const rows = await screen.findAllByTestId('impact-row');
    expect(rows).toHaveLength(2);
    const order = within(rows[0]!);
    expect(order.getByTestId('impact-share').textContent).toBe('111.1 % of 43.2 min');
    expect(rows[0]!.textContent).toContain('48,000 / 120,000');
    expect(rows[0]!.textContent).toContain('48.0 min');
    expect(rows[0]!.textContent).toContain('11-20 12:54 UTC / 11-20 13:48 UTC');
    expect(within(rows[1]!).getByTestId('impact-share').textContent).toBe('no events cached between …');
    expect(screen.getByTestId('impact-formula').textContent).toMatch(/^Budget spent during the incident = bad ÷ total × time with data/);
    expect(transport.calls.find((c) => c.method === 'incidentImpact')?.input).toEqual({ id: 'inc-1' });
    // The worked numbers: print-only until asked for on screen.
    expect(screen.getByTestId('impact-worked').className).toContain('inc-print-only');
    fireEvent.click(screen.getByRole('button', { name: 'Explain: the numbers plugged in' }));
    expect(screen.getByTestId('impact-worked').className).not.toContain('inc-print-only');
    expect(screen.getByTestId('impact-worked').textContent).toBe('Order Service: spent = 48,000 ÷ 120,000 × 2 h = 48 min; share = 48 min ÷ (0.001 × 30 days = 43.2 min) = 111.1 %');
  });

  it('says why when no SLO applies', async () => {
    const transport = fakeTransport(async (method) => (method === 'incidentImpact' ? { ...impact, slos: [], note: 'No SLO is defined for search-service and none is linked.' } : new Promise(() => {})));
    renderWithApp(<IncidentImpactView id="inc-1" />, { transport });
    expect((await screen.findByTestId('impact-note')).textContent).toBe('No SLO is defined for search-service and none is linked.');
    expect(screen.queryByTestId('impact-row')).toBeNull();
  });
});
