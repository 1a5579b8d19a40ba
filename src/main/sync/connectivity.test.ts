import { describe, expect, it } from 'vitest';
import { ConnectivityTracker, OFFLINE_AFTER } from './connectivity';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
const fresh = () => new ConnectivityTracker({ state: 'online', offlineSince: null, lastSuccess: 0, lastAttempt: 0, lastError: null });

describe('connectivity: online → degraded → offline', () => {
  it('one unreachable pass is degraded; the second is offline, since the first', () => {
    const t = fresh();
    t.failed(1_000, refused);
    expect(t.snapshot).toMatchObject({ state: 'degraded', offlineSince: null, lastError: expect.stringMatching(/unreachable .* retrying$/) });
    t.failed(5_000, refused);
    expect(OFFLINE_AFTER).toBe(2);
    expect(t.snapshot).toMatchObject({ state: 'offline', offlineSince: 1_000, lastSuccess: 0, lastAttempt: 5_000 });
    t.succeeded(9_000);
    expect(t.snapshot).toEqual({ state: 'online', offlineSince: null, lastSuccess: 9_000, lastAttempt: 9_000, lastError: null });
  });

  it('throttling degrades but never counts as offline', () => {
    const t = fresh();
    for (let i = 0; i < 5; i++) t.failed(i, throttled);
    expect(t.snapshot).toMatchObject({ state: 'degraded', lastError: 'throttled by the source (Throttling)' });
  });

  it('a source offline at shutdown stays offline, with its original time, after a restart', () => {
    const t = new ConnectivityTracker({ state: 'offline', offlineSince: 42, lastSuccess: 10, lastAttempt: 50, lastError: 'x' });
    t.failed(100, refused);
    expect(t.snapshot).toMatchObject({ state: 'offline', offlineSince: 42 });
  });
});
