// @vitest-environment jsdom
// The Overview's metric families over a fake transport: one row per family, each tile a link to
// its Metrics page family with the range, figures against target or last week, old data marked,
// a missing metric named instead of a zero, the trend labelled and never a tab stop.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricTile, MetricsSummary } from '@shared/contract/metrics';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { FamilyTiles } from './FamilyTiles';

afterEach(cleanup);

const NOW = Date.now();
const MIN = 60_000;

function tile(over: Partial<MetricTile> & Pick<MetricTile, 'id' | 'family'>): MetricTile {
  return {
    chartId: over.id,
    title: over.id,
    unit: 'percent',
    unitLabel: '%',
    qualifier: 'platform',
    value: 1,
    worst: null,
    target: null,
    breached: false,
    weekAgo: null,
    spark: [
      [NOW - 10 * MIN, 1],
      [NOW - 5 * MIN, null],
      [NOW, 1],
    ],
    dataAsOf: NOW - MIN,
    missing: null,
    ...over,
  };
}

const SUMMARY: MetricsSummary = {
  preset: '6h',
  from: NOW - 6 * 60 * MIN,
  to: NOW,
  resolutionSec: 300,
  generatedAt: NOW,
  dataAsOf: NOW - MIN,
  tiles: [
    tile({ id: 'orders', family: 'business', title: 'Orders', unit: 'per_minute', unitLabel: 'orders/min', value: 150, weekAgo: 200 }),
    tile({ id: 'conversion', family: 'business', title: 'Conversion', value: 1.5, weekAgo: 3.2 }),
    tile({ id: 'cart-abandonment', family: 'business', title: 'Cart abandonment', value: 70, weekAgo: 68 }),
    tile({
      id: 'errors',
      family: 'application',
      title: 'Errors (4xx + 5xx)',
      qualifier: 'all services',
      value: 2.5,
      target: { value: 1, direction: 'below', label: 'API errors < 1 %' },
      breached: true,
      worst: { label: 'payment-service', value: 14.2 },
    }),
    tile({ id: 'cpu', family: 'infrastructure', title: 'CPU', qualifier: 'cluster mean', value: 41.25, target: { value: 70, direction: 'below', label: 'CPU < 70 %' }, dataAsOf: NOW - 40 * MIN }),
    tile({ id: 'memory', family: 'infrastructure', title: 'Memory', value: null, spark: [], dataAsOf: null }),
    tile({ id: 'disk', family: 'infrastructure', title: 'Disk', value: null, spark: [], dataAsOf: null, missing: 'ContainerInsights node_filesystem_utilization {ClusterName=*, NodeName=*} Average' }),
  ],
};

function render(summary: MetricsSummary | Promise<never>) {
  return renderWithApp(<FamilyTiles />, { transport: fakeTransport(async (m) => (m === 'metricsSummary' ? summary : [])) });
}

const tileEl = (id: string): HTMLElement => screen.getAllByTestId('family-tile').find((t) => t.getAttribute('data-tile') === id)!;

describe('FamilyTiles', () => {
  it('one row per family, each tile a link to its family on the Metrics page over the same range', async () => {
    render(SUMMARY);
    await screen.findAllByTestId('family-tile');
    expect(screen.getByTestId('families').getAttribute('data-state')).toBe('ready');
    expect(screen.getByRole('region', { name: 'Business metrics' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Application metrics' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Infrastructure metrics' })).toBeTruthy();
    expect(tileEl('orders').getAttribute('href')).toBe('#/metrics/business?range=6h');
    expect(tileEl('errors').getAttribute('href')).toBe('#/metrics/application?range=6h');
    expect(tileEl('cpu').getAttribute('href')).toBe('#/metrics/infrastructure?range=6h');
    expect(screen.getByRole('link', { name: 'Infrastructure' }).getAttribute('href')).toBe('#/metrics/infrastructure?range=6h');
  });

  it('a breached target is said in words and marked; the worst service is named', async () => {
    render(SUMMARY);
    await screen.findAllByTestId('family-tile');
    const errors = tileEl('errors');
    expect(errors.getAttribute('data-state')).toBe('breached');
    expect(within(errors).getByTestId('tile-value').textContent).toBe('2.50 %');
    expect(within(errors).getByTestId('tile-target').textContent).toBe('over API errors < 1 %');
    expect(within(errors).getByTestId('tile-worst').textContent).toBe('worst payment-service 14.2 %');
    expect(within(tileEl('cpu')).getByTestId('tile-target').textContent).toBe('CPU < 70 %');
  });

  it('against last week: a fall in orders or conversion is marked, a small rise in abandonment is not', async () => {
    render(SUMMARY);
    await screen.findAllByTestId('family-tile');
    const orders = within(tileEl('orders')).getByTestId('tile-weekago');
    expect(orders.textContent).toBe('−25.0 % vs week ago');
    expect(orders.className).toBe('bad');
    expect(within(tileEl('conversion')).getByTestId('tile-weekago').className).toBe('bad');
    const abandon = within(tileEl('cart-abandonment')).getByTestId('tile-weekago');
    expect(abandon.textContent).toBe('+2.9 % vs week ago');
    expect(abandon.className).toBe('muted');
    expect(within(tileEl('cpu')).queryByTestId('tile-weekago')).toBeNull();
  });

  it('old data says how old; a metric the account lacks is named instead of shown as a figure', async () => {
    render(SUMMARY);
    await screen.findAllByTestId('family-tile');
    expect(within(tileEl('cpu')).getByTestId('tile-stale').textContent).toBe('STALE · 40 min old');
    expect(within(tileEl('orders')).queryByTestId('tile-stale')).toBeNull();
    const disk = tileEl('disk');
    expect(disk.getAttribute('data-state')).toBe('missing');
    expect(disk.textContent).toContain('not in this account');
    expect(disk.textContent).toContain('looked for ContainerInsights node_filesystem_utilization {ClusterName=*, NodeName=*} Average');
    expect(disk.textContent).not.toMatch(/\d+(\.\d+)? %/);
    // Nothing read yet (the first sync): no figure, and no claim that the account lacks it.
    const memory = tileEl('memory');
    expect(memory.getAttribute('data-state')).toBe('no-data');
    expect(memory.textContent).toContain('—');
    expect(memory.textContent).toContain('no data cached yet');
    expect(memory.textContent).not.toContain('not in this account');
  });

  it('the trends are labelled pictures, never tab stops of their own', async () => {
    render(SUMMARY);
    await screen.findAllByTestId('family-tile');
    const spark = within(tileEl('orders')).getByRole('img');
    expect(spark.getAttribute('aria-label')).toBe('Orders, last 6 h in 5-minute means');
    expect(spark.getAttribute('tabindex')).toBeNull();
    // Only the tiles and the three family headings are focusable.
    expect(screen.getAllByRole('link')).toHaveLength(SUMMARY.tiles.length + 3);
  });

  it('says it is reading, then why it failed', async () => {
    render(Promise.reject(new Error('cache.db is locked')));
    expect(screen.getByTestId('families').getAttribute('data-state')).toBe('loading');
    expect((await screen.findByText(/Could not read the metric families/)).textContent).toBe('Could not read the metric families: cache.db is locked');
  });
});
