// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyPage } from './lazyPage';

afterEach(cleanup);

function Rows() {
  return <p>rows painted</p>;
}

class Boundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: Error) {
    return { error: e.message };
  }
  override render() {
    return this.state.error ? <p>failed: {this.state.error}</p> : this.props.children;
  }
}

describe('lazyPage', () => {
  it('renders at once, with no loading line, when its chunk has already loaded', async () => {
    const page = lazyPage(() => Promise.resolve({ default: Rows }));
    await page.load();
    render(<page.Component loading={<p>Loading this page…</p>} />);
    // Synchronously: React.lazy would show its fallback here.
    expect(screen.getByText('rows painted')).toBeTruthy();
    expect(screen.queryByText('Loading this page…')).toBeNull();
  });

  it('shows the loading line while the chunk loads, and the page as soon as it lands; loads the chunk once', async () => {
    let calls = 0;
    let resolve: (m: { default: typeof Rows }) => void = () => undefined;
    const page = lazyPage(() => {
      calls++;
      return new Promise((r) => (resolve = r));
    });
    void page.load();
    render(<page.Component loading={<p>Loading this page…</p>} />);
    expect(screen.getByText('Loading this page…')).toBeTruthy();
    await act(async () => resolve({ default: Rows }));
    // No polling: a Suspense boundary would hold the page back for up to 300 ms here.
    expect(screen.getByText('rows painted')).toBeTruthy();
    expect(calls).toBe(1);
  });

  it('a chunk that fails reaches the error boundary, and is tried again on the next load', async () => {
    let calls = 0;
    const page = lazyPage(() => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve({ default: Rows })));
    render(
      <Boundary>
        <page.Component loading={<p>Loading this page…</p>} />
      </Boundary>,
    );
    expect(await screen.findByText('failed: offline')).toBeTruthy();
    await page.load();
    expect(calls).toBe(2);
  });
});
