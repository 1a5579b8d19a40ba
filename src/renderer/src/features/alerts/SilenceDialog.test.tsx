// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueGroup } from '@shared/contract/alerts';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { SilenceDialog } from './SilenceDialog';

afterEach(cleanup);

// 60 characters, no "!": on a backtracking engine `(.+)+!` tries every split of it.
const LONG = `payment-gateway-${'x'.repeat(44)}`;
const GROUPS = [{ key: 'g1', name: LONG, labels: { name: LONG, service: 'payment-service', source: 'cloudwatch', severity: 'P2' }, state: 'firing', tags: {} }] as unknown as QueueGroup[];

function setup() {
  const transport = fakeTransport(async () => []);
  renderWithApp(<SilenceDialog group={null} groups={GROUPS} author="dana" onAuthor={() => {}} onClose={() => {}} onDone={() => {}} />, { transport });
  return transport;
}

describe('regexes typed in the silence dialog', () => {
  it('a catastrophic-backtracking pattern is accepted and previewed at once', () => {
    setup();
    const started = performance.now();
    fireEvent.change(screen.getByRole('textbox', { name: /Matchers/ }), { target: { value: 'name=~"(.+)+!"' } });
    expect(screen.getByTestId('silence-preview').textContent).toBe('Covers 0 alert groups in the queue now');
    expect(performance.now() - started).toBeLessThan(1000);
    fireEvent.change(screen.getByRole('textbox', { name: /Matchers/ }), { target: { value: 'name=~"(.+)+x"' } });
    expect(screen.getByTestId('silence-preview').textContent).toBe(`Covers 1 alert group in the queue now: ${LONG}`);
  });

  it('backreferences and lookahead are refused at the matchers field, and nothing is sent', async () => {
    const transport = setup();
    fireEvent.change(screen.getByRole('textbox', { name: /Reason/ }), { target: { value: 'test' } });
    for (const [pattern, what] of [['(a)\\1', /backreferences \(\\1, \\2, …\) are not supported/], ['(?=x)', /lookahead and lookbehind/]] as const) {
      fireEvent.change(screen.getByRole('textbox', { name: /Matchers/ }), { target: { value: `name=~"${pattern}"` } });
      fireEvent.submit(screen.getByTestId('dialog-silence'));
      const error = await screen.findByText(/invalid regular expression/);
      // Shown under the field that holds it.
      expect(error.closest('label')?.querySelector('span')?.textContent).toBe('Matchers');
      expect(error.textContent).toMatch(what);
    }
    expect(transport.calls.filter((c) => c.method === 'createSilence')).toHaveLength(0);
  });
});
