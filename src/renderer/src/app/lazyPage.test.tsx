// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyPage } from './lazyPage';

afterEach(cleanup);

function Rows() {
  return <p>rows painted</p>;
}

describe('lazyPage', () => {
  it('renders at once, with no fallback, when its chunk has already loaded', async () => {
    const page = lazyPage(() => Promise.resolve({ default: Rows }));
    await page.load();
    render(
      <Suspense fallback={<p>Loading this page…</p>}>
        <page.Component />
      </Suspense>,
    );
    // Synchronously: React.lazy would show the fallback here, then hold the page back for up to 300 ms.
    expect(screen.getByText('rows painted')).toBeTruthy();
    expect(screen.queryByText('Loading this page…')).toBeNull();
  });

  it('shows the fallback while the chunk loads, then the page; loads the chunk once', async () => {
    let calls = 0;
    let resolve: (m: { default: typeof Rows }) => void = () => undefined;
    const page = lazyPage(() => {
      calls++;
      return new Promise((r) => (resolve = r));
    });
    void page.load();
    // Rendered inside an awaited act: React retries a component suspended on `use` only there.
    await act(async () => {
      render(
        <Suspense fallback={<p>Loading this page…</p>}>
          <page.Component />
        </Suspense>,
      );
    });
    expect(screen.getByText('Loading this page…')).toBeTruthy();
    await act(async () => resolve({ default: Rows }));
    expect(await screen.findByText('rows painted')).toBeTruthy();
    expect(calls).toBe(1);
  });

  it('tries a failed chunk again on the next load', async () => {
    let calls = 0;
    const page = lazyPage(() => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve({ default: Rows })));
    await expect(page.load()).rejects.toThrow('offline');
    await page.load();
    expect(calls).toBe(2);
  });
});
