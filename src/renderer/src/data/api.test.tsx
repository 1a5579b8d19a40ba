// @vitest-environment jsdom
import { act, cleanup, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { useApi } from './api';
import { loadContractTopics } from './invalidation';

afterEach(cleanup);
// The contract loads on the first push (off the first paint); under vitest its first load is a
// cold transform of every schema, which can outlast waitFor's second on a busy machine.
beforeAll(() => loadContractTopics(), 30_000);

function Screen() {
  useApi('sources', {});
  useApi('alertQueue', {});
  useApi('overview', {});
  return null;
}

describe('a push refetches exactly the queries of the topics it names', () => {
  it('journal → the alert queue only; sources → the sources only', async () => {
    const transport = fakeTransport(async () => ({}));
    renderWithApp(<Screen />, { transport });
    const count = (m: string): number => transport.calls.filter((c) => c.method === m).length;
    await waitFor(() => expect([count('sources'), count('alertQueue'), count('overview')]).toEqual([1, 1, 1]));

    act(() => transport.push({ type: 'changed', topics: ['journal'] }));
    await waitFor(() => expect(count('alertQueue')).toBe(2));
    expect([count('sources'), count('overview')]).toEqual([1, 1]);

    act(() => transport.push({ type: 'changed', topics: ['sources'] }));
    await waitFor(() => expect(count('sources')).toBe(2));
    expect([count('alertQueue'), count('overview')]).toEqual([2, 1]);
  });
});
