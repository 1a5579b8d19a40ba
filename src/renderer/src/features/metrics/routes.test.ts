// The Metrics page's address and range stepping, on hand-computed cases.
import { describe, expect, it } from 'vitest';
import { hashOf, stepRange, viewOf, zoomRange } from './routes';

const NOW = Date.parse('2026-10-26T17:38:00Z');
const H = 3_600_000;

describe('metrics address', () => {
  it('reads family and preset, or a custom range, and writes them back', () => {
    expect(viewOf('#/metrics/application?range=6h')).toEqual({ family: 'application', range: { kind: 'preset', preset: '6h' }, problem: null });
    const custom = viewOf('#/metrics/all?from=2026-10-26T12:00:00Z&to=2026-10-26T13:00:00Z');
    expect(custom).toEqual({ family: 'all', range: { kind: 'custom', from: Date.parse('2026-10-26T12:00:00Z'), to: Date.parse('2026-10-26T13:00:00Z') }, problem: null });
    expect(hashOf('all', custom.range)).toBe('#/metrics/all?from=2026-10-26T12:00:00Z&to=2026-10-26T13:00:00Z');
    expect(viewOf('#/metrics')).toEqual({ family: 'business', range: { kind: 'preset', preset: '24h' }, problem: null });
  });

  it('says what is wrong with a bad range and falls back to 24 h', () => {
    expect(viewOf('#/metrics/business?range=2w').problem).toMatch(/range=2w is not one of 1h, 6h, 24h, 7d, 30d/);
    expect(viewOf('#/metrics/business?from=yesterday&to=2026-10-26T13:00:00Z').problem).toMatch(/both from= and to=/);
    expect(viewOf('#/metrics/business?from=2026-10-26T13:00:00Z&to=2026-10-26T13:01:00Z').problem).toMatch(/between 5 minutes and 455 days/);
    expect(viewOf('#/metrics/business?range=2w').range).toEqual({ kind: 'preset', preset: '24h' });
  });

  it('steps by the range’s length; forward stops at now and becomes the preset again', () => {
    expect(stepRange({ kind: 'preset', preset: '6h' }, -1, NOW)).toEqual({ kind: 'custom', from: NOW - 12 * H, to: NOW - 6 * H });
    expect(stepRange({ kind: 'preset', preset: '6h' }, 1, NOW)).toEqual({ kind: 'preset', preset: '6h' });
    expect(stepRange({ kind: 'custom', from: NOW - 12 * H, to: NOW - 6 * H }, 1, NOW)).toEqual({ kind: 'preset', preset: '6h' });
    // A window of no preset's length stops at now as a custom range.
    expect(stepRange({ kind: 'custom', from: NOW - 5 * H, to: NOW - 3 * H }, 1, NOW)).toEqual({ kind: 'custom', from: NOW - 3 * H, to: NOW - H });
    expect(stepRange({ kind: 'custom', from: NOW - 3 * H, to: NOW - H }, 1, NOW)).toEqual({ kind: 'custom', from: NOW - 2 * H, to: NOW });
  });

  it('a drag shorter than 5 minutes is not a zoom; the ends may come in either order', () => {
    expect(zoomRange(NOW, NOW - 60_000)).toBeNull();
    expect(zoomRange(NOW, NOW - H)).toEqual({ kind: 'custom', from: NOW - H, to: NOW });
  });
});

describe('value axis', () => {
  it('round ticks in the axis scale: bytes in MiB, never 85.8', async () => {
    const { axisScale, niceDomain, axisTickLabels } = await import('./text');
    const max = 93 * 2 ** 20;
    const scale = axisScale('bytes_per_second', max);
    expect(scale).toEqual({ div: 2 ** 20, suffix: 'MiB/s', unit: 'MiB/s' });
    const { range, ticks } = niceDomain(0, max, true, scale.div);
    expect(range).toEqual([0, 100 * 2 ** 20]);
    expect(axisTickLabels(ticks, scale)).toEqual(['0', '25', '50', '75', '100']);
    expect(niceDomain(0, 13.2, true).ticks).toEqual([0, 5, 10, 15]);
    expect(axisScale('count', 15_000, 'orders')).toEqual({ div: 1000, suffix: 'k', unit: 'k orders' });
  });

  it('a latency axis reaching 1,000 ms is in seconds, one precision; below, ms with separators from 1,000', async () => {
    const { axisScale, niceDomain, axisTickLabels } = await import('./text');
    const scale = axisScale('ms', 1800, 'ms');
    expect(scale.unit).toBe('s');
    const { ticks } = niceDomain(0, 1800, true, scale.div);
    expect(axisTickLabels(ticks, scale)).toEqual(['0.0', '0.5', '1.0', '1.5', '2.0']);
    const slow = axisScale('per_second', 8000, 'req/s');
    expect(slow.unit).toBe('req/s');
    expect(axisTickLabels(niceDomain(0, 8000, true).ticks, slow)).toEqual(['0', '2,000', '4,000', '6,000', '8,000']);
  });
});
