// @vitest-environment jsdom
// The Metrics page over a fake transport: it asks for the address's range, says which metric
// a chart looked for when the account lacks it, marks old data with its age, and `]` steps.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricChart, MetricsDashboard } from '@shared/contract/metrics';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { MetricsPage } from './MetricsPage';

const NOW = Date.now();
const H = 3_600_000;

function chart(over: Partial<MetricChart>): MetricChart {
  return { id: 'x', title: 'X', unit: 'percent', unitLabel: '%', target: null, description: '', series: [], missing: [], dataAsOf: null, ...over };
}

function dashboard(input: { family: MetricsDashboard['family']; from?: number; to?: number }, dataAsOf: number): MetricsDashboard {
  const to = input.to ?? NOW;
  const from = input.from ?? to - 24 * H;
  return {
    family: input.family,
    from,
    to,
    resolutionSec: 60,
    charts: [
      chart({
        id: 'node-cpu',
        title: 'Node CPU',
        target: { value: 70, direction: 'below', label: 'CPU < 70 %' },
        series: [{ id: 'a', label: 'cluster mean', points: [[from, 40], [to - H, 55]], bucketCount: 2, dataAsOf }],
        dataAsOf,
      }),
      chart({
        id: 'pod-cpu',
        title: 'Pod CPU, per service',
        missing: [{ label: 'Pod CPU', wanted: 'ContainerInsights pod_cpu_utilization {ClusterName=*, Namespace=*, Service=*} Average', hint: 'Nothing from ContainerInsights is in the cache.' }],
      }),
    ],
    annotations: [{ at: to - 2 * H, kind: 'alarm', label: 'ALARM payment-5xx', detail: 'payment 5xx above 1 %', tone: 'bad' }],
    annotationsOmitted: 0,
    dataAsOf,
    generatedAt: NOW,
  };
}

function setup(hash: string, dataAsOf = NOW - 60_000) {
  window.location.hash = hash;
  const transport = fakeTransport(async (method, input) => {
    if (method === 'metricsDashboard') return dashboard(input as { family: MetricsDashboard['family'] }, dataAsOf);
    if (method === 'sources') return [];
    throw new Error(`unexpected ${method}`);
  });
  return renderWithApp(<MetricsPage />, { transport });
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('MetricsPage', () => {
  it('asks for the address’s family and preset and draws its charts, with the missing metric named', async () => {
    const { transport } = setup('#/metrics/infrastructure?range=7d');
    await screen.findByText('Node CPU');
    expect(transport.calls.find((c) => c.method === 'metricsDashboard')?.input).toMatchObject({ family: 'infrastructure', preset: '7d' });
    expect(screen.getByText('target CPU < 70 %')).toBeTruthy();
    const missing = screen.getByTestId('metric-missing');
    expect(missing.textContent).toContain('looked for ContainerInsights pod_cpu_utilization {ClusterName=*, Namespace=*, Service=*} Average');
    expect(missing.textContent).toContain('Nothing from ContainerInsights is in the cache.');
    expect(screen.getByText('last 7 d')).toBeTruthy();
    expect(screen.getByTestId('metrics-events').textContent).toContain('ALARM payment-5xx');
    expect(screen.queryByTestId('slo-stale')).toBeNull();
  });

  it('marks old data with its age', async () => {
    setup('#/metrics/business?range=1h', NOW - 3 * H);
    const tag = await screen.findByTestId('slo-stale');
    expect(tag.textContent).toMatch(/3 h 00 min old$/);
  });

  it('] steps a custom range forward by its length, [ back; the address holds the range', async () => {
    const from = Date.parse('2026-10-26T12:00:00Z');
    const { transport } = setup(`#/metrics/application?from=2026-10-26T12:00:00Z&to=2026-10-26T13:00:00Z`);
    await screen.findByText('Node CPU');
    expect(transport.calls.find((c) => c.method === 'metricsDashboard')?.input).toMatchObject({ family: 'application', from, to: from + H });
    act(() => {
      fireEvent.keyDown(window, { key: ']' });
    });
    await waitFor(() => expect(window.location.hash).toBe('#/metrics/application?from=2026-10-26T13:00:00Z&to=2026-10-26T14:00:00Z'));
    act(() => {
      fireEvent.keyDown(window, { key: '[' });
      fireEvent.keyDown(window, { key: '[' });
    });
    await waitFor(() => expect(window.location.hash).toBe('#/metrics/application?from=2026-10-26T11:00:00Z&to=2026-10-26T12:00:00Z'));
    await waitFor(() => expect(transport.calls.some((c) => c.method === 'metricsDashboard' && (c.input as { from?: number }).from === from - H)).toBe(true));
  });

  it('a custom range is typed in the chosen zone; a bad time names its field', async () => {
    setup('#/metrics/business?range=6h');
    await screen.findByText('Node CPU');
    fireEvent.click(screen.getByRole('button', { name: 'custom' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    fireEvent.change(from, { target: { value: 'yesterday' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert').textContent).toContain('from: "yesterday" is not a time');
    fireEvent.change(from, { target: { value: '2026-10-26 16:00' } });
    fireEvent.change(to, { target: { value: '2026-10-26 16:02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert').textContent).toContain('to: the range must be at least 5 minutes long');
    fireEvent.change(to, { target: { value: '2026-10-26 18:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(window.location.hash).toBe('#/metrics/business?from=2026-10-26T16:00:00Z&to=2026-10-26T18:30:00Z'));
  });
});
