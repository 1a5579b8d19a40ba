// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueueGroup } from '@shared/contract/alerts';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { ActionDialog } from './ActionDialog';

afterEach(cleanup);

// Only the fields the dialog reads.
const GROUP = { key: 'g1', name: 'payment-degraded', occurrenceKeys: ['o1', 'o2'], state: 'firing', count: 2, firingCount: 2, assignee: null } as unknown as QueueGroup;

function setup(result: unknown) {
  const transport = fakeTransport(async (method) => (method === 'alertAction' ? result : []));
  const onDone = vi.fn();
  const onAuthor = vi.fn();
  renderWithApp(<ActionDialog kind="note" group={GROUP} author="dana" onAuthor={onAuthor} onClose={() => {}} onDone={onDone} />, { transport });
  return { transport, onDone, onAuthor };
}

describe('the note dialog', () => {
  it('an empty note is refused at its field and nothing is sent', async () => {
    const { transport, onDone } = setup({ recorded: 1, skipped: [] });
    fireEvent.submit(screen.getByTestId('dialog-note'));
    expect((await screen.findByText('note: write something')).getAttribute('role')).toBe('alert');
    expect(transport.calls.filter((c) => c.method === 'alertAction')).toHaveLength(0);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('Enter in the note sends it for every alert in the group, as the author', async () => {
    const { transport, onDone, onAuthor } = setup({ recorded: 2, skipped: [] });
    const note = screen.getByRole('textbox', { name: 'Note' });
    fireEvent.change(note, { target: { value: 'rolled back 4.2.1' } });
    fireEvent.keyDown(note, { key: 'Enter' });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Note added to payment-degraded'));
    expect(transport.calls.find((c) => c.method === 'alertAction')?.input).toEqual({ kind: 'note', occurrenceKeys: ['o1', 'o2'], author: 'dana', note: 'rolled back 4.2.1' });
    expect(onAuthor).toHaveBeenCalledWith('dana');
  });

  it('when the main side records nothing, the dialog says why and stays open', async () => {
    const { onDone } = setup({ recorded: 0, skipped: [{ occurrenceKey: 'o1', reason: 'already resolved' }] });
    fireEvent.change(screen.getByRole('textbox', { name: 'Note' }), { target: { value: 'x' } });
    fireEvent.submit(screen.getByTestId('dialog-note'));
    expect((await screen.findByTestId('dialog-error')).textContent).toBe('Nothing recorded: already resolved');
    expect(onDone).not.toHaveBeenCalled();
  });
});
