import { describe, expect, it } from 'vitest';
import { ExpressionError, type SeriesContext, checkExpression, evaluateAt, parseExpression, periodOfNode } from './expression';

/** A fake request: m1 = 4 + t/60, m2 = 8, m3 missing at t = 120, e1 = m1 + m2 (an expression query). */
function context(): SeriesContext {
  const metrics: Record<string, { period: number; at: (t: number) => number | null }> = {
    m1: { period: 60, at: (t) => 4 + t / 60 },
    m2: { period: 60, at: () => 8 },
    m3: { period: 300, at: (t) => (t === 120 ? null : 2) },
    zero: { period: 60, at: () => 0 },
  };
  const ctx: SeriesContext = {
    kindOf: (id) => (id in metrics ? 'metric' : id === 'e1' ? 'expression' : null),
    valueAt: (id, t) => (id === 'e1' ? evaluateAt(parseExpression('m1 + m2'), t, ctx) : (metrics[id]?.at(t) ?? null)),
    periodOf: (id) => metrics[id]?.period ?? 60,
    metricIds: (filter) => Object.keys(metrics).filter((id) => id !== 'zero' && (filter === undefined || id.includes(filter))),
  };
  return ctx;
}

function evalText(text: string, t: number): number | null {
  const ctx = context();
  const node = parseExpression(text);
  checkExpression(node, ctx);
  return evaluateAt(node, t, ctx);
}

function rejects(text: string, pattern: RegExp): void {
  expect(() => {
    const ctx = context();
    checkExpression(parseExpression(text), ctx);
  }).toThrow(pattern);
}

describe('metric math', () => {
  it('computes the ratio forms used by SLO dashboards', () => {
    // At t = 0: m1 = 4, m2 = 8.
    expect(evalText('100*(m1/m2)', 0)).toBe(50);
    expect(evalText('m1/m2', 0)).toBe(0.5);
    expect(evalText('1-m1/m2', 0)).toBe(0.5);
    expect(evalText('100 * (1 - m1 / m2)', 0)).toBe(50);
    expect(evalText('(m1 + m2) * 2 - m2 / 4', 0)).toBe(22);
    expect(evalText('-m1 + 10', 0)).toBe(6);
    expect(evalText('m1 ^ 2', 60)).toBe(25);
    expect(evalText('m2 ^ 2 ^ -1', 0)).toBeCloseTo(Math.sqrt(8), 12); // right-associative: 8 ^ (2 ^ -1)
  });

  it('evaluates point by point', () => {
    expect(evalText('m1 * 10', 0)).toBe(40);
    expect(evalText('m1 * 10', 120)).toBe(60);
    expect(evalText('e1 / 2', 60)).toBe(6.5); // expression ids chain: (5 + 8) / 2
  });

  it('supports array aggregates, METRICS(), ABS, FILL, PERIOD, DIFF and RATE', () => {
    expect(evalText('SUM([m1, m2])', 0)).toBe(12);
    expect(evalText('AVG([m1, m2])', 0)).toBe(6);
    expect(evalText('MAX([m1, m2, m3])', 0)).toBe(8);
    expect(evalText('MIN([m1, m2, m3])', 0)).toBe(2);
    expect(evalText('SUM(METRICS())', 0)).toBe(14); // m1 + m2 + m3
    expect(evalText('SUM(METRICS("m1"))', 0)).toBe(4);
    expect(evalText('SUM([m1, m3])', 120)).toBe(6); // m3 missing there: skipped
    expect(evalText('ABS(m2 - m1 * 3)', 0)).toBe(4);
    expect(evalText('FILL(m3, 0)', 120)).toBe(0);
    expect(evalText('FILL(m3, 0)', 60)).toBe(2);
    expect(evalText('PERIOD(m3)', 0)).toBe(300);
    expect(evalText('DIFF(m1)', 600)).toBe(1); // 14 - 13
    expect(evalText('RATE(m1)', 600)).toBeCloseTo(1 / 60, 12);
  });

  it('drops datapoints where a series is missing or the result is not finite', () => {
    expect(evalText('m3 * 2', 120)).toBeNull();
    expect(evalText('m1 / zero', 0)).toBeNull();
    expect(evalText('m1 / (m2 - 8)', 0)).toBeNull();
  });

  it('explains what it cannot do', () => {
    rejects('m1 / nope', /Unrecognized identifier 'nope'/);
    rejects('SUM(m1)', /SUM of a single time series returns a scalar/);
    rejects('ANOMALY_DETECTION_BAND(m1, 2)', /Unsupported function ANOMALY_DETECTION_BAND/);
    rejects('1 + 2', /must reference at least one time series/);
    rejects('[m1, m2] * 2', /returns several time series/);
    rejects('METRICS()', /returns several time series/);
    rejects('FILL(m1, LINEAR)', /Unrecognized identifier 'LINEAR'|FILL\(series, number\)/);
    rejects('ABS(m1, m2)', /ABS takes 1 argument, got 2/);
    rejects('"text" + m1', /only allowed as the argument of METRICS/);
    expect(() => parseExpression('')).toThrow(ExpressionError);
    expect(() => parseExpression('m1 +')).toThrow(/Unexpected end of expression/);
    expect(() => parseExpression('(m1 + m2')).toThrow(/Expected '\)'/);
    expect(() => parseExpression('m1 m2')).toThrow(/Unexpected 'm2'/);
    expect(() => parseExpression('m1 % m2')).toThrow(/Unexpected character '%'/);
  });

  it('takes its period from the first series it reads', () => {
    const ctx = context();
    expect(periodOfNode(parseExpression('2 * m3 + m1'), ctx)).toBe(300);
    expect(periodOfNode(parseExpression('SUM(METRICS())'), ctx)).toBe(60);
    expect(periodOfNode(parseExpression('42'), ctx)).toBeNull();
  });
});
