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
    const transport = fakeTransport(async (method) =>
      method === 'importJournal' ? { added: { notes: 2, acks: 1 }, alreadyPresent: { notes: 5 }, conflicts: [], conflictCount: 0, unknownColumns: [] } : [],
    );
    renderWithApp(<JournalTransfer />, { transport });
    pick('handover.json', '{"format":"opsdeck-journal"}');
    expect((await screen.findByText(/Imported/)).textContent).toBe('Imported handover.json: 3 new entries added, 5 already here.');
    expect(transport.calls[0]).toEqual({ method: 'importJournal', input: { fileName: 'handover.json', content: '{"format":"opsdeck-journal"}' } });
  });

  it('names a conflicting entry (ours kept) and columns this journal does not know', async () => {
    const transport = fakeTransport(async () => ({
      added: {},
      alreadyPresent: { notes: 1 },
      conflicts: [{ table: 'silences', id: 's-1', fields: ['reason'], theirs: { reason: 'other' } }],
      conflictCount: 1,
      unknownColumns: [{ table: 'notes', columns: ['mood'] }],
    }));
    renderWithApp(<JournalTransfer />, { transport });
    pick('theirs.json', '{}');
    expect((await screen.findByText(/Imported/)).textContent).toBe(
      'Imported theirs.json: 0 new entries added, 1 already here. 1 entry has an id we hold with different content — ours kept: silences s-1 (reason). Columns not known here, not imported: notes: mood.',
    );
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
