// The serve-mode command line: --demo-scale is checked before anything starts.
import { describe, expect, it } from 'vitest';
import { parseServeArgs, UsageError } from './serve';

describe('parseServeArgs --demo-scale', () => {
  it('takes small or large, and nothing by default', () => {
    expect(parseServeArgs(['--demo-scale', 'large']).demoScale).toBe('large');
    expect(parseServeArgs(['--demo-scale', 'small']).demoScale).toBe('small');
    expect(parseServeArgs([]).demoScale).toBeUndefined();
  });

  it('refuses any other scale, naming the flag and the value', () => {
    expect(() => parseServeArgs(['--demo-scale', 'huge'])).toThrow(UsageError);
    expect(() => parseServeArgs(['--demo-scale', 'huge'])).toThrow(/--demo-scale must be small or large; got "huge"/);
    expect(() => parseServeArgs(['--demo-scale'])).toThrow(/--demo-scale/);
  });
});
