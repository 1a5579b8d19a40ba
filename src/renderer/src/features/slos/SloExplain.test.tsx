// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SloExplainStep } from '@shared/contract/slos';
import { SloExplain } from './SloExplain';

afterEach(cleanup);

const AS_OF = Date.UTC(2026, 9, 26, 17, 38);
const DAY_MS = 86_400_000;

// Steps as the main side sends them for a 99.99 % SLO mid-incident: raw figures, typed.
const steps: SloExplainStep[] = [
  { label: 'Evaluated as of', formula: 'end of the newest cached datapoint', substituted: ['newest datapoint ', { kind: 'time', ms: AS_OF - 60_000 }, ' + 1 min'], result: [{ kind: 'time', ms: AS_OF }] },
  { label: 'Events', formula: 'bad = total − good', substituted: [{ kind: 'count', value: 18_320_005 }, ' − ', { kind: 'count', value: 18_314_738 }], result: [{ kind: 'count', value: 5267 }, ' bad of ', { kind: 'count', value: 18_320_005 }] },
  { label: 'Attainment', formula: 'good ÷ total × 100', substituted: 'x', result: [{ kind: 'attainment', value: 99.971249874, targetPct: 99.99 }] },
  { label: 'Error budget', formula: '(1 − target) × window', substituted: ['(1 − ', { kind: 'number', value: 0.9999, significant: 8 }, ') × ', { kind: 'span', ms: 30 * DAY_MS }], result: [{ kind: 'budget', minutes: 4.32, scaleMinutes: 4.32 }] },
  { label: 'Budget remaining', formula: 'budget − consumed', substituted: [{ kind: 'budget', minutes: 432, scaleMinutes: 432 }, ' − ', { kind: 'budget', minutes: 118.2, scaleMinutes: 432 }], result: [{ kind: 'budget', minutes: -53.17, scaleMinutes: 4.32 }, ' (', { kind: 'budgetPct', value: -1230.787 }, ' of budget)'] },
  { label: 'Burn rate over 1h', formula: 'burn = (bad ÷ events) ÷ (1 − target)', substituted: ['(', { kind: 'count', value: 35 }, ' ÷ ', { kind: 'count', value: 59_822 }, ') ÷ ', { kind: 'number', value: 0.0001, significant: 8 }, ' = ', { kind: 'number', value: 0.000585076 }, ' ÷ ', { kind: 'number', value: 0.0001, significant: 8 }], result: [{ kind: 'burn', value: 5.850758 }] },
  { label: 'fast burn (page)', formula: 'burn(1h) ≥ T and burn(5m) ≥ T', substituted: ['T = ', { kind: 'pct', value: 2 }, ' × ', { kind: 'span', ms: 30 * DAY_MS }, ' ÷ ', { kind: 'span', ms: 3_600_000 }], result: ['not firing: burn(1h) ', { kind: 'burn', value: 14.39996, threshold: 14.4 }, ' < ', { kind: 'burn', value: 14.4 }] },
];

function cells(label: string): { substituted: string; result: string } {
  const row = screen.getAllByTestId('explain-step').find((r) => r.dataset.label === label)!;
  return { substituted: within(row).getByTestId('explain-substituted').textContent ?? '', result: within(row).getByTestId('explain-result').textContent ?? '' };
}

describe('the explain panel writes every figure by the formatting rules', () => {
  it('timestamps carry the zone, never a raw ISO string', () => {
    render(<SloExplain steps={steps} timeMode="utc" />);
    expect(cells('Evaluated as of')).toEqual({ substituted: 'newest datapoint 2026-10-26 17:37:00 UTC + 1 min', result: '2026-10-26 17:38:00 UTC' });
    expect(screen.getByTestId('slo-explain').textContent).not.toMatch(/\dT\d|Z\b/);
  });

  it('counts with one thousands separator; the attainment to the precision a 99.99 % target needs', () => {
    render(<SloExplain steps={steps} timeMode="utc" />);
    expect(cells('Events')).toEqual({ substituted: '18,320,005 − 18,314,738', result: '5,267 bad of 18,320,005' });
    expect(cells('Attainment').result).toBe('99.9712 %');
  });

  it('budgets in one unit per cell, chosen by the budget; overspent with a real minus; the window as a span', () => {
    render(<SloExplain steps={steps} timeMode="utc" />);
    expect(cells('Error budget')).toEqual({ substituted: '(1 − 0.9999) × 30 d', result: '4.32 min' });
    expect(cells('Budget remaining')).toEqual({ substituted: '7.2 h − 1.97 h', result: '−53.17 min (−1230.8 % of budget)' });
  });

  it('burn rates to 3 significant figures, more only where they would read as the threshold', () => {
    render(<SloExplain steps={steps} timeMode="utc" />);
    expect(cells('Burn rate over 1h')).toEqual({ substituted: '(35 ÷ 59,822) ÷ 0.0001 = 0.000585 ÷ 0.0001', result: '5.85×' });
    expect(cells('fast burn (page)')).toEqual({ substituted: 'T = 2 % × 30 d ÷ 1 h', result: 'not firing: burn(1h) 14.39996× < 14.4×' });
  });
});
