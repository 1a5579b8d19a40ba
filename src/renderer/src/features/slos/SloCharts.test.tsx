// @vitest-environment jsdom
// The SLO detail's charts as a user reads them: a clipped burn chart says so with its peak,
// every threshold is a line with its own readable label, the SLI chart's floor is under the
// deepest dip, breached periods are shaded, axes carry unit and zone, and the values are
// reachable by pointer and by keyboard.
import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SloDetail } from '@shared/contract/slos';
import { BurnDownChart, BurnRateChart, SliChart } from './SloCharts';

afterEach(cleanup);

const H = 3_600_000;
const END = Date.parse('2026-10-26T18:00:00Z');
const START = END - 30 * 24 * H;
const steps = Array.from({ length: 31 }, (_, i) => START + i * 24 * H);

function detail(): SloDetail {
  return {
    slo: { window: { start: START, end: END, label: '30 d' } },
    burnDown: steps.map((t, i) => ({ t, remainingPct: i < 30 ? 100 - i * 3 : null, idealPct: 100 - (i / 30) * 100 })),
    sliSeries: { kind: 'attainment', unit: '%', target: 99.9, label: 'good ÷ total', stepMs: 24 * H, points: steps.map((t, i) => ({ t, value: i === 20 ? 95.62 : i === 21 ? null : 99.95 })) },
    burnSeries: {
      stepMs: 24 * H,
      windows: ['1h', '6h', '3d'],
      points: steps.map((t, i) => ({ t, burn: { '1h': i === 20 ? 233 : 0.5, '6h': i === 20 ? 40 : 0.4, '3d': null } })),
      thresholds: [
        { window: '1h', value: 14.4, severity: 'page', rule: 'fast' },
        { window: '6h', value: 6, severity: 'page', rule: 'medium' },
        { window: '3d', value: 1, severity: 'ticket', rule: 'slow' },
      ],
    },
    breaches: [{ start: steps[20]!, end: steps[22]!, ongoing: false, peakBurnRate: 233, bad: 1, total: 2, budgetSpentPct: 10, worstAlert: 'page' }],
  } as unknown as SloDetail;
}

/** The y (0–100 in the viewBox) of every point of a path. */
const ys = (d: string): number[] => [...d.matchAll(/[ML][\d.-]+ ([\d.-]+)/g)].map((m) => Number(m[1]));

describe('the burn-rate chart', () => {
  it('says it is clipped and where the peak is; thresholds are lines with labels', () => {
    const { container, getByTestId } = render(<BurnRateChart detail={detail()} timeMode="utc" />);
    expect(getByTestId('chart-clipped').textContent).toBe('clipped at 72.0× — peak 233×');
    expect(container.querySelectorAll('line.plot-rule')).toHaveLength(3);
    expect([...container.querySelectorAll('.plot-rule-labels span')].map((s) => s.textContent)).toEqual(['14.4× page (1h)', '6× page (6h)', '1× ticket (3d)']);
    // 1× sits 2.2 px above 0× on a 160 px plot of 0–72×: its label is moved, not drawn over 6×'s.
    const tops = [...container.querySelectorAll<HTMLElement>('.plot-rule-labels span')].map((s) => parseFloat(s.style.top));
    expect(Math.abs(tops[1]! - tops[2]!)).toBeGreaterThanOrEqual(12);
    // One line per window; the 3d series has no data and draws nothing, never a line at zero.
    const paths = [...container.querySelectorAll('path.plot-line')].map((p) => p.getAttribute('d') ?? '');
    expect(paths).toHaveLength(3);
    expect(paths[2]).toBe('');
    expect(Math.min(...ys(paths[0]!))).toBeLessThan(0);
    expect([...container.querySelectorAll('.plot-legend li')].map((l) => l.textContent)).toEqual(['burn over 1h', 'burn over 6h', 'burn over 3d']);
    expect(container.querySelector('.plot-axes')!.textContent).toBe('burn rate (×)time (UTC)');
    expect(container.querySelector('[role="img"]')!.getAttribute('aria-label')).toContain('peak 233×, clipped at 72.0×');
    // The clip level is on the axis too.
    expect([...container.querySelectorAll('.plot-yticks span')].map((s) => s.textContent)).toEqual(['0×', '20×', '40×', '60×', '72×']);
  });

  it('not clipped when the peak fits', () => {
    const d = detail();
    d.burnSeries.points = d.burnSeries.points.map((p) => ({ t: p.t, burn: { '1h': 20, '6h': 2, '3d': 1 } }));
    const { queryByTestId, container } = render(<BurnRateChart detail={d} timeMode="utc" />);
    expect(queryByTestId('chart-clipped')).toBeNull();
    // Top = 21× (the peak + 5 %): ticks on round values.
    expect([...container.querySelectorAll('.plot-yticks span')].map((s) => s.textContent)).toEqual(['0×', '5×', '10×', '15×', '20×']);
  });

  it('the arrow keys read each window’s value at a time, "too little traffic" for a gap', () => {
    const { container } = render(<BurnRateChart detail={detail()} timeMode="utc" />);
    const plot = container.querySelector('[role="img"]') as HTMLElement;
    expect(plot.tabIndex).toBe(0);
    fireEvent.keyDown(plot, { key: 'Home' });
    for (let i = 0; i < 20; i++) fireEvent.keyDown(plot, { key: 'ArrowRight' });
    const tip = container.querySelector('.plot-tooltip') as HTMLElement;
    expect(tip.hidden).toBe(false);
    expect(tip.getAttribute('aria-live')).toBe('polite');
    expect(tip.textContent).toContain('2026-10-16 18:00');
    expect(tip.textContent).toContain('burn over 1h: 233×');
    expect(tip.textContent).toContain('burn over 3d: too little traffic');
    // Esc closes the tooltip first; only the next Esc reaches the page (back to the list).
    let reachedPage = 0;
    const onKey = (e: KeyboardEvent): void => void (e.key === 'Escape' && reachedPage++);
    window.addEventListener('keydown', onKey);
    try {
      fireEvent.keyDown(plot, { key: 'Escape' });
      expect(tip.hidden).toBe(true);
      expect(reachedPage).toBe(0);
      fireEvent.keyDown(plot, { key: 'Escape' });
      expect(reachedPage).toBe(1);
    } finally {
      window.removeEventListener('keydown', onKey);
    }
  });
});

describe('the SLI chart', () => {
  it('its floor is under the deepest dip; the target is a labelled line; breached periods shaded', () => {
    const { container } = render(<SliChart detail={detail()} timeMode="utc" />);
    const d = container.querySelector('path.plot-line')!.getAttribute('d')!;
    // Every point inside the plot: the 95.62 % dip is not cut off at the bottom.
    expect(Math.max(...ys(d))).toBeLessThanOrEqual(100);
    expect(Math.min(...ys(d))).toBeGreaterThanOrEqual(0);
    // The gap breaks the line.
    expect(d.match(/M/g)).toHaveLength(2);
    expect(container.querySelector('.plot-rule-labels span')!.textContent).toBe('target 99.9 %');
    expect(container.querySelectorAll('.plot-svg rect')).toHaveLength(1);
    expect([...container.querySelectorAll('.plot-yticks span')].map((s) => s.textContent)).toEqual(['96 %', '98 %', '100 %']);
  });

  it('hovering names the time and the value to the target’s precision', () => {
    const { container } = render(<SliChart detail={detail()} timeMode="utc" />);
    // jsdom lays nothing out: the pointer lands on the window's start.
    fireEvent.mouseMove(container.querySelector('[role="img"]')!, { clientX: 0 });
    const tip = container.querySelector('.plot-tooltip') as HTMLElement;
    expect(tip.textContent).toContain('2026-09-26 18:00');
    expect(tip.textContent).toContain('good ÷ total: 99.950 %');
    expect(tip.getAttribute('aria-live')).toBe('off');
  });
  it('a time-slice latency reaching 1,000 ms: the axis in seconds at one precision, the threshold and tooltip by the same rule', () => {
    const d = detail();
    (d as { sliSeries: unknown }).sliSeries = { kind: 'time_slice', unit: 'ms', target: 500, label: 'p95', stepMs: 24 * H, points: steps.map((t, i) => ({ t, value: i === 20 ? 1840 : 320 })) };
    const { container } = render(<SliChart detail={d} timeMode="utc" />);
    expect([...container.querySelectorAll('.plot-yticks span')].map((s) => s.textContent)).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0']);
    expect(container.querySelector('.plot-axes')!.textContent).toBe('stime (UTC)');
    expect(container.querySelector('.plot-rule-labels span')!.textContent).toBe('threshold 500 ms');
    fireEvent.mouseMove(container.querySelector('[role="img"]')!, { clientX: 0 });
    expect(container.querySelector('.plot-tooltip')!.textContent).toContain('value: 320 ms');
  });
});

describe('the burn-down chart', () => {
  it('budget left and a steady 1× burn, round time ticks and ticks from 0 to 100 %', () => {
    const { container } = render(<BurnDownChart detail={detail()} timeMode="utc" />);
    expect([...container.querySelectorAll('.plot-legend li')].map((l) => l.textContent)).toEqual(['steady 1× burn', 'budget left']);
    expect([...container.querySelectorAll('.plot-yticks span')].map((s) => s.textContent)).toEqual(['0 %', '25 %', '50 %', '75 %', '100 %']);
    const xt = [...container.querySelectorAll('.plot-xticks span')].map((s) => s.textContent);
    expect(xt.length).toBeGreaterThan(2);
    // A 30-day window: ticks on days (MM-DD), never a time of day.
    expect(xt.every((t) => /^\d\d-\d\d$/.test(t ?? ''))).toBe(true);
    expect(container.querySelector('[role="img"]')!.getAttribute('aria-label')).toContain('now 13.00 %');
  });
});
