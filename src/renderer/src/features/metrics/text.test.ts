import { describe, expect, it } from 'vitest';
import { formatMetric } from './text';

describe('formatMetric', () => {
  it('writes a latency in the unit its magnitude needs', () => {
    expect(formatMetric(3200, 'ms', 'ms')).toBe('3.2 s');
    expect(formatMetric(1050, 'ms', 'ms')).toBe('1.05 s');
    expect(formatMetric(999, 'ms', 'ms')).toBe('999 ms');
    expect(formatMetric(54.12, 'ms', 'ms')).toBe('54.1 ms');
  });

  it('uses the one thousands separator style for every unit', () => {
    expect(formatMetric(2190, 'per_second', 'req/s')).toBe('2,190 req/s');
    expect(formatMetric(236, 'per_second', 'req/s')).toBe('236 req/s');
    expect(formatMetric(12_345, 'per_minute', 'orders/min')).toBe('12.3 k orders/min');
  });
});
