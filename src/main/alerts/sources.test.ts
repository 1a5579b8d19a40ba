import { describe, expect, it } from 'vitest';
import { burnText } from './sources';

describe('an SLO burn alert’s title', () => {
  it('writes its burn rate as the screen does: 3 significant figures, whole with commas from 1,000', () => {
    expect(burnText(14.4)).toBe('14.4×');
    expect(burnText(0.5851)).toBe('0.585×');
    expect(burnText(233.4)).toBe('233×');
    expect(burnText(1234.5)).toBe('1,235×');
    expect(burnText(48_000)).toBe('48,000×');
  });
});
