import { describe, expect, it } from 'vitest';
import { parseCapacity } from './WhatIfPanel';

describe('what-if fields (node/pod count, pod CPU and memory requests)', () => {
  it('refuse 0, negative and non-numbers with the contract’s message, before any request', () => {
    expect(parseCapacity('0')).toEqual({ error: 'must be greater than 0' });
    expect(parseCapacity('-250')).toEqual({ error: 'must be greater than 0' });
    expect(parseCapacity('abc')).toEqual({ error: 'must be a number' });
    expect(parseCapacity('  ')).toEqual({ error: 'enter a value' });
    expect(parseCapacity('2000000')).toEqual({ error: 'must be at most 1,000,000' });
    expect(parseCapacity(' 750 ')).toEqual({ value: 750 });
  });
});
