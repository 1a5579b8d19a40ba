import { describe, expect, it } from 'vitest';
import { linePath, nearestIndex, nearestWithValue, niceTicks, spreadLabels, valueAxis } from './plot';

const FROM = Date.parse('2026-10-26T12:00:00Z');
const TO = FROM + 4 * 3_600_000;
const H = 3_600_000;

describe('linePath', () => {
  it('maps time across 0–1000 and the value range top-down over 0–100, moving the pen after a gap', () => {
    const d = linePath(
      [
        [FROM, 0],
        [FROM + H, 50],
        [FROM + 2 * H, null],
        [FROM + 3 * H, 100],
        [TO, 25],
      ],
      FROM,
      TO,
      0,
      100,
    );
    expect(d).toBe('M0.0 100.00L250.0 50.00M750.0 0.00L1000.0 75.00');
  });

  it('an all-gap series draws nothing', () => {
    expect(linePath([[FROM, null]], FROM, TO, 0, 1)).toBe('');
  });

  it('a value above the range goes above the top (the plot clips it), never squashed onto it', () => {
    expect(linePath([[FROM, 233]], FROM, TO, 0, 72)).toBe(`M0.0 ${((72 - 233) / 72 * 100).toFixed(2)}`);
  });
});

describe('nearest points', () => {
  const pts = [
    [0, 1],
    [10, null],
    [20, 3],
  ] as const;
  it('the nearest index, ties to the earlier point', () => {
    expect(nearestIndex(pts, -5)).toBe(0);
    expect(nearestIndex(pts, 5)).toBe(0);
    expect(nearestIndex(pts, 6)).toBe(1);
    expect(nearestIndex(pts, 99)).toBe(2);
    expect(nearestIndex([], 1)).toBe(-1);
  });
  it('the nearest point with a value skips a gap', () => {
    expect(nearestWithValue(pts, 11)).toEqual([20, 3]);
    expect(nearestWithValue(pts, 9)).toEqual([0, 1]);
    expect(nearestWithValue([[0, null]], 0)).toBeNull();
  });
});

describe('niceTicks', () => {
  it('evenly spaced round values inside the range', () => {
    expect(niceTicks(0, 100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(-75, 100)).toEqual([-50, 0, 50, 100]);
    expect(niceTicks(0, 72)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(0, 16)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});

describe('spreadLabels', () => {
  it('labels of close lines are pushed apart, far ones stay where they are', () => {
    // 1× and 3× on a 0–72× axis 160 px high: 2.2 px and 6.7 px above the bottom.
    expect(spreadLabels([160 - 2.2, 160 - 6.7, 40], 12, 160)).toEqual([160, 148, 40]);
    expect(spreadLabels([10, 80], 12, 160)).toEqual([10, 80]);
  });
  it('a label beyond an edge is kept inside', () => {
    expect(spreadLabels([-20, 170], 12, 160)).toEqual([0, 160]);
  });
});

describe('valueAxis: one unit and one precision per axis', () => {
  const labels = (a: ReturnType<typeof valueAxis>): string[] => a.ticks.map(a.format);

  it('milliseconds reaching 1,000 ms are written in seconds, every tick with the same decimals', () => {
    const a = valueAxis([320, 1840], 'ms');
    expect(a.domain).toEqual([0, 2000]);
    expect(labels(a)).toEqual(['0.0 s', '0.5 s', '1.0 s', '1.5 s', '2.0 s']);
    expect(labels(valueAxis([120, 480], 'ms'))).toEqual(['100 ms', '200 ms', '300 ms', '400 ms', '500 ms']);
  });

  it('counts below 10,000 carry the thousands separator', () => {
    expect(labels(valueAxis([0, 7600], ''))).toEqual(['0', '2,000', '4,000', '6,000', '8,000']);
  });

  it('bytes in the binary unit of the largest value, round in that unit', () => {
    expect(labels(valueAxis([0, 1.8 * 2 ** 30], 'bytes'))).toEqual(['0.0 GiB', '0.5 GiB', '1.0 GiB', '1.5 GiB', '2.0 GiB']);
  });

  it('a flat series and no data still give an axis', () => {
    expect(valueAxis([5, 5], '%').ticks.length).toBeGreaterThan(1);
    expect(valueAxis([], '').domain).toEqual([0, 1]);
  });
});
