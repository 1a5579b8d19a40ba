// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '@renderer/data/transport';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { JournalTransfer } from './JournalTransfer';

afterEach(cleanup);

function pick(name: string, content: string): void {
  // jsdom's File has no text(); a browser's does.
  const file = Object.assign(new File([content], name, { type: 'application/json' }), { text: async () => content });
  fireEvent.change(screen.getByTestId('journal-import'), { target: { files: [file] } });
}

describe('journal import', () => {
  it('reports what was added and what was already here', async () => {
    const transport = fakeTransport(async (method) => (method === 'importJournal' ? { added: { notes: 2, acks: 1 }, alreadyPresent: { notes: 5 } } : []));
    renderWithApp(<JournalTransfer />, { transport });
    pick('handover.json', '{"format":"opsdeck-journal"}');
    expect((await screen.findByText(/Imported/)).textContent).toBe('Imported handover.json: 3 new entries added, 5 already here.');
    expect(transport.calls[0]).toEqual({ method: 'importJournal', input: { fileName: 'handover.json', content: '{"format":"opsdeck-journal"}' } });
  });

  it('a refused file says nothing was imported, and why', async () => {
    const transport = fakeTransport(async () => Promise.reject(new ApiCallError('bad.json: not an Opsdeck journal export', 'BAD_INPUT')));
    renderWithApp(<JournalTransfer />, { transport });
    pick('bad.json', 'hello');
    const message = await screen.findByText(/Nothing imported/);
    expect(message.textContent).toBe('Nothing imported — bad.json: not an Opsdeck journal export');
    expect(message.className).toBe('error');
  });
});
