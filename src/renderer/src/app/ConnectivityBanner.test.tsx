// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '@shared/contract/core';
import { renderWithApp } from '@renderer/test/render';
import { ConnectivityBanner } from './ConnectivityBanner';

afterEach(cleanup);

const DEMO_CLOCK_OFFSET = -36 * 86_400_000; // --demo-clock a month and more behind the laptop

function source(dataAsOfFromClock: number): SourceStatus {
  const clock = Date.now() + DEMO_CLOCK_OFFSET;
  return {
    id: 'demo', kind: 'demo', label: 'Demo platform (simulated)', state: 'online', offlineSince: null, lastSuccessAt: clock, lastAttemptAt: clock,
    dataAsOf: clock + dataAsOfFromClock, lastError: null, nextAttemptAt: null, demoOutage: false, parts: [], clockOffsetMs: DEMO_CLOCK_OFFSET,
    backfill: { seriesDone: 1, seriesTotal: 1, pointsStored: 1, complete: true, etaMs: 0 },
  };
}

describe('the connectivity banner says how old the data is, against the app’s clock', () => {
  it('a cache newer than the clock (a later run’s data under --demo-clock) is said as such, not "just now"', () => {
    renderWithApp(<ConnectivityBanner sources={[source(5 * 86_400_000 + 3_600_000)]} error={null} />, { clockOffsetMs: DEMO_CLOCK_OFFSET });
    const age = screen.getByTestId('connectivity-age');
    expect(age.textContent).toMatch(/\(5 d 1 h newer than the clock: the cache holds a later run’s data, nothing to fetch until the clock passes it\)$/);
    expect(age.className).toContain('tag-warn');
  });

  it('ordinary clock skew (data a few seconds "ahead") still reads "just now"; old data reads its age', () => {
    const { unmount } = renderWithApp(<ConnectivityBanner sources={[source(30_000)]} error={null} />, { clockOffsetMs: DEMO_CLOCK_OFFSET });
    expect(screen.getByTestId('connectivity-age').textContent).toMatch(/\(just now\)$/);
    unmount();
    renderWithApp(<ConnectivityBanner sources={[source(-10 * 60_000)]} error={null} />, { clockOffsetMs: DEMO_CLOCK_OFFSET });
    expect(screen.getByTestId('connectivity-age').textContent).toMatch(/\(10 min old\)$/);
  });
});
