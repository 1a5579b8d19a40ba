import { describe, expect, it } from 'vitest';
import { IPC_INVOKE, IPC_SAVE_PDF } from '../shared/ipc';
import { pdfFileName, registerIpc, registerSavePdf, type IpcMainLike } from './ipc';

function fakeIpc() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const on = (channel: string) => (frameUrl: string | undefined, ...args: unknown[]) => handlers.get(channel)!({ senderFrame: frameUrl ? { url: frameUrl } : null }, ...args);
  return { ipc, invoke: on(IPC_INVOKE), savePdf: on(IPC_SAVE_PDF) };
}

describe('IPC registration', () => {
  it('passes calls from our renderer to the app, with the method and input', async () => {
    const calls: unknown[] = [];
    const { ipc, invoke } = fakeIpc();
    registerIpc(ipc, { call: async (method, input) => (calls.push([method, input]), { ok: true, data: 'answer' }) }, undefined);
    await expect(invoke('app://opsdeck/index.html', 'slos', {})).resolves.toEqual({ ok: true, data: 'answer' });
    expect(calls).toEqual([['slos', {}]]);
  });

  it('refuses a frame that is not ours with 403, and never calls the app', async () => {
    const { ipc, invoke } = fakeIpc();
    let called = false;
    registerIpc(ipc, { call: async () => ((called = true), { ok: true, data: null }) }, undefined);
    await expect(invoke('file:///tmp/evil.html', 'exportJournal', {})).resolves.toMatchObject({ ok: false, status: 403 });
    await expect(invoke(undefined, 'health', {})).resolves.toMatchObject({ ok: false, status: 403 });
    expect(called).toBe(false);
  });

  it('a non-string method becomes an unknown method (the dispatcher answers 404)', async () => {
    const { ipc, invoke } = fakeIpc();
    const seen: unknown[] = [];
    registerIpc(ipc, { call: async (m) => (seen.push(m), { ok: false, status: 404, error: { code: 'NOT_FOUND', message: 'x' } }) }, undefined);
    await invoke('app://opsdeck/', { evil: true }, {});
    expect(seen).toEqual(['']);
  });
});

describe('saving a review as PDF (desktop)', () => {
  it('asks the save step with a safe file name and answers where it was saved', async () => {
    const { ipc, savePdf } = fakeIpc();
    const asked: string[] = [];
    registerSavePdf(ipc, async (name) => (asked.push(name), { saved: true, path: `/home/me/Documents/${name}` }), undefined);
    await expect(savePdf('app://opsdeck/index.html', 'incident-7f3a-review')).resolves.toEqual({ ok: true, data: { saved: true, path: '/home/me/Documents/incident-7f3a-review.pdf' } });
    // A name from the page can never steer the path: separators and dots are flattened.
    await savePdf('app://opsdeck/index.html', '../../.ssh/authorized_keys');
    expect(asked[1]).toBe('ssh-authorized_keys.pdf');
  });

  it('refuses a frame that is not ours, and turns a failure into its message', async () => {
    const { ipc, savePdf } = fakeIpc();
    let called = false;
    registerSavePdf(ipc, async () => ((called = true), { saved: false }), undefined);
    await expect(savePdf('file:///tmp/evil.html', 'x')).resolves.toMatchObject({ ok: false, status: 403 });
    expect(called).toBe(false);
    const failing = fakeIpc();
    registerSavePdf(failing.ipc, async () => Promise.reject(new Error('EACCES: permission denied, open /root/x.pdf')), undefined);
    await expect(failing.savePdf('app://opsdeck/', 'x')).resolves.toMatchObject({ ok: false, error: { message: 'Saving the PDF failed: EACCES: permission denied, open /root/x.pdf' } });
  });

  it('file names: at most 100 characters, never empty, one .pdf', () => {
    expect(pdfFileName('capacity review.PDF')).toBe('capacity-review.pdf');
    expect(pdfFileName('')).toBe('opsdeck.pdf');
    expect(pdfFileName(42)).toBe('opsdeck.pdf');
    expect(pdfFileName('a'.repeat(500))).toHaveLength(104);
  });
});
