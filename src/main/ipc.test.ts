import { describe, expect, it } from 'vitest';
import { IPC_INVOKE } from '../shared/ipc';
import { registerIpc, type IpcMainLike } from './ipc';

function fakeIpc() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  return { ipc, invoke: (frameUrl: string | undefined, ...args: unknown[]) => handlers.get(IPC_INVOKE)!({ senderFrame: frameUrl ? { url: frameUrl } : null }, ...args) };
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
