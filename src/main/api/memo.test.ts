import { describe, expect, it } from 'vitest';
import { memoByVersion } from './memo';

describe('memoByVersion', () => {
  it('recomputes exactly when the version changes', () => {
    let version = 1;
    let computed = 0;
    const get = memoByVersion(() => version, () => ++computed);
    expect([get(), get(), get()]).toEqual([1, 1, 1]);
    version = 2;
    expect([get(), get()]).toEqual([2, 2]);
    expect(computed).toBe(2);
  });
});
