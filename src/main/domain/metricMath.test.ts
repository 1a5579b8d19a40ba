import { describe, expect, it } from 'vitest';
import { MetricMathError, evaluateExpression, parseExpression, renameIds } from './metricMath';

describe('metric math', () => {
  it('follows arithmetic precedence and parentheses', () => {
    expect(evaluateExpression('m1 + m2 * 2', { m1: 1, m2: 3 })).toBe(7);
    expect(evaluateExpression('(m1 + m2) * 2', { m1: 1, m2: 3 })).toBe(8);
    expect(evaluateExpression('m1 - m2 - m3', { m1: 10, m2: 3, m3: 2 })).toBe(5);
    expect(evaluateExpression('-m1 / 4', { m1: 2 })).toBe(-0.5);
    expect(evaluateExpression('1 - bad / total', { bad: 25, total: 1000 })).toBe(0.975);
  });

  it('SUM/MAX/MIN/AVG take lists or arguments and skip missing values', () => {
    expect(evaluateExpression('SUM([m1, m2, m3])', { m1: 1, m2: 2, m3: 4 })).toBe(7);
    expect(evaluateExpression('MAX([m1, m2])', { m1: 480, m2: 620 })).toBe(620);
    expect(evaluateExpression('MAX(m1, m2)', { m1: 480, m2: null })).toBe(480);
    expect(evaluateExpression('MIN([m1, m2])', { m1: 3, m2: 9 })).toBe(3);
    expect(evaluateExpression('AVG([m1, m2, m3])', { m1: 3, m2: null, m3: 9 })).toBe(6);
    expect(evaluateExpression('SUM([m1, m2])', { m1: null, m2: null })).toBeNull();
  });

  it('arithmetic with a missing value, or ÷ 0, is missing; FILL supplies a constant', () => {
    expect(evaluateExpression('m1 + m2', { m1: 5, m2: null })).toBeNull();
    expect(evaluateExpression('m1 / m2', { m1: 5, m2: 0 })).toBeNull();
    expect(evaluateExpression('FILL(m2, 0) + m1', { m1: 5, m2: null })).toBe(5);
    expect(evaluateExpression('FILL(m2, -1)', { m2: null })).toBe(-1);
  });

  it('lists the ids it reads and renders a canonical form', () => {
    const p = parseExpression('SUM([e4_1, e5_1]) / total');
    expect(p.ids).toEqual(['e4_1', 'e5_1', 'total']);
    expect(p.canonical).toBe('(SUM([e4_1, e5_1]) / total)');
  });

  it('reports syntax errors with the position', () => {
    expect(() => parseExpression('m1 +')).toThrow(/ends too early/);
    expect(() => parseExpression('m1 $ m2')).toThrow(/unexpected character '\$' \(at character 4/);
    expect(() => parseExpression('MEDIAN(m1)')).toThrow(/unknown function MEDIAN/);
    expect(() => parseExpression('M1 + m2')).toThrow(/'M1' is not a query id/);
    expect(() => parseExpression('(m1 + m2')).toThrow(MetricMathError);
    expect(() => parseExpression('')).toThrow(/empty/);
    expect(() => evaluateExpression('m1 + m3', { m1: 1 })).toThrow(/no query with id 'm3'/);
  });

  it('renames query ids but not functions', () => {
    expect(renameIds('SUM([m1, m2]) / total', (id) => `a_${id}`)).toBe('SUM([a_m1, a_m2]) / a_total');
  });
});
