// @vitest-environment jsdom
// The dashboard chart's own drawing (its path arithmetic: components/common/plot.test.ts): a gap
// in the cache breaks the line (never bridged), the target is a line at its value, ticks are
// labelled, and hovering names every series' value.
import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricChart as Chart } from '@shared/contract/metrics';
import { MetricChart } from './MetricChart';

afterEach(cleanup);

const FROM = Date.parse('2026-10-26T12:00:00Z');
const TO = FROM + 4 * 3_600_000;
const H = 3_600_000;

describe('MetricChart', () => {
  const chart: Chart = {
    id: 'pod-cpu',
    title: 'Pod CPU',
    unit: 'percent',
    unitLabel: '%',
    target: { value: 70, direction: 'below', label: 'CPU < 70 %' },
    description: '',
    series: [
      { id: 'a', label: 'payment-service', points: [[FROM, 40], [FROM + H, null], [FROM + 2 * H, 60]], bucketCount: 2, dataAsOf: FROM + 2 * H },
      { id: 'b', label: 'order-service', points: [[FROM, 20], [FROM + 2 * H, 30]], bucketCount: 2, dataAsOf: FROM + 2 * H },
    ],
    missing: [],
    dataAsOf: FROM + 2 * H,
  };

  it('draws one path per series, the gap as a second move, the target line and the value ticks', () => {
    const { container } = render(<MetricChart chart={chart} from={FROM} to={TO} annotations={[]} timeMode="utc" onZoom={() => undefined} colourOf={() => 0} />);
    const paths = [...container.querySelectorAll('path.metric-line')];
    expect(paths).toHaveLength(2);
    expect(paths[0]!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    expect(paths[1]!.getAttribute('d')!.match(/M/g)).toHaveLength(1);
    // Domain 0–80 (the target and the data fit): the target line sits at 70.
    const target = container.querySelector('line.metric-target-line')!;
    expect(Number(target.getAttribute('y1'))).toBeCloseTo(((80 - 70) / 80) * 100, 5);
    expect([...container.querySelectorAll('.metric-yticks span')].map((s) => s.textContent)).toEqual(['0', '20', '40', '60', '80']);
    expect([...container.querySelectorAll('.metric-xticks span')].map((s) => s.textContent)).toContain('13:00');
  });

  it('hovering shows the time and each series’ nearest value', () => {
    const { container } = render(<MetricChart chart={chart} from={FROM} to={TO} annotations={[]} timeMode="utc" onZoom={() => undefined} colourOf={() => 0} />);
    const plot = container.querySelector('.metric-plot') as HTMLElement;
    // jsdom lays nothing out: a zero-width box puts the pointer at the range start.
    fireEvent.mouseMove(plot, { clientX: 0 });
    const tip = container.querySelector('.plot-tooltip')!;
    expect(tip.textContent).toContain('2026-10-26 12:00');
    expect(tip.textContent).toContain('payment-service 40.0 %');
    expect(tip.textContent).toContain('order-service 20.0 %');
    fireEvent.mouseLeave(plot);
    expect(container.querySelector('.plot-tooltip')).toBeNull();
  });

  it('a latency chart reaching 1,000 ms: axis, legend and tooltip all in seconds, ticks sharing one precision', () => {
    const latency: Chart = {
      ...chart,
      id: 'p99',
      title: 'p99 latency',
      unit: 'ms',
      unitLabel: 'ms',
      target: null,
      series: [{ id: 'a', label: 'payment-service', points: [[FROM, 420], [FROM + 2 * H, 1840]], bucketCount: 2, dataAsOf: FROM + 2 * H }],
    };
    const { container } = render(<MetricChart chart={latency} from={FROM} to={TO} annotations={[]} timeMode="utc" onZoom={() => undefined} colourOf={() => 0} />);
    expect([...container.querySelectorAll('.metric-yticks span')].map((s) => s.textContent)).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0']);
    expect(container.querySelector('.metric-axes')!.textContent).toMatch(/^s · time \(UTC\)$/);
    expect(container.querySelector('.metric-legend')!.textContent).toContain('payment-service 1.84 s');
    fireEvent.mouseMove(container.querySelector('.metric-plot') as HTMLElement, { clientX: 0 });
    expect(container.querySelector('.plot-tooltip')!.textContent).toContain('payment-service 420 ms');
  });

  it('a count axis below 10,000 separates its thousands as the legend does', () => {
    const orders: Chart = {
      ...chart,
      id: 'req',
      title: 'Requests',
      unit: 'per_second',
      unitLabel: 'req/s',
      target: null,
      series: [{ id: 'a', label: 'api', points: [[FROM, 2190], [FROM + 2 * H, 7600]], bucketCount: 2, dataAsOf: FROM + 2 * H }],
    };
    const { container } = render(<MetricChart chart={orders} from={FROM} to={TO} annotations={[]} timeMode="utc" onZoom={() => undefined} colourOf={() => 0} />);
    expect([...container.querySelectorAll('.metric-yticks span')].map((s) => s.textContent)).toEqual(['0', '2,000', '4,000', '6,000', '8,000']);
    expect(container.querySelector('.metric-legend')!.textContent).toContain('api 7,600 req/s');
  });
});
