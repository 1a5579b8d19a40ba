// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

afterEach(cleanup);

let broken = true;
function Page() {
  if (broken) throw new Error('slo.budget is undefined');
  return <p>page content</p>;
}

function Shell() {
  const [clicks, setClicks] = useState(0);
  return (
    <div>
      <button onClick={() => setClicks((c) => c + 1)}>sidebar {clicks}</button>
      <ErrorBoundary page="SLOs">
        <Page />
      </ErrorBoundary>
    </div>
  );
}

describe('a page that throws', () => {
  it('says so in plain words, the shell keeps working, and Try again redraws the page', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    broken = true;
    render(<Shell />);
    const box = screen.getByTestId('page-error');
    expect(box.textContent).toContain('This page failed to draw: slo.budget is undefined');
    expect(screen.getByRole('heading', { name: 'SLOs' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'sidebar 0' }));
    expect(screen.getByRole('button', { name: 'sidebar 1' })).toBeTruthy();
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('page content')).toBeTruthy();
    expect(screen.queryByTestId('page-error')).toBeNull();
    quiet.mockRestore();
  });
});
