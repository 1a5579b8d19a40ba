// The bridge, tested without Electron (Headlamp's pattern): fixed channels, the event
// object never reaches the page, failures become errors, subscribe returns an unsubscribe.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE, IPC_PUSH, IPC_SAVE_PDF, type OpsdeckBridge } from '@shared/ipc';

const exposed: Record<string, unknown> = {};
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
const invoke = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  },
}));

beforeEach(async () => {
  vi.resetModules();
  invoke.mockReset();
  listeners.clear();
  await import('./index');
});

const bridge = (): OpsdeckBridge => exposed.opsdeck as OpsdeckBridge;

describe('preload bridge', () => {
  it('invokes only the fixed channel and unwraps the answer', async () => {
    invoke.mockResolvedValue({ ok: true, data: { started: true } });
    await expect(bridge().invoke('syncNow', {})).resolves.toEqual({ started: true });
    expect(invoke).toHaveBeenCalledWith(IPC_INVOKE, 'syncNow', {});
  });

  it('turns an error answer into a rejected promise with the message', async () => {
    invoke.mockResolvedValue({ ok: false, error: { code: 'BAD_INPUT', message: 'setDemoOutage: on: expected boolean' } });
    await expect(bridge().invoke('setDemoOutage', { on: true })).rejects.toThrow('setDemoOutage: on: expected boolean');
  });

  it('passes push payloads without the Electron event, and unsubscribes', () => {
    const seen: unknown[] = [];
    const unsubscribe = bridge().subscribe((e) => seen.push(e));
    listeners.get(IPC_PUSH)?.({ sender: 'secret' }, { type: 'changed', topics: ['metrics'] });
    expect(seen).toEqual([{ type: 'changed', topics: ['metrics'] }]);
    unsubscribe();
    expect(listeners.has(IPC_PUSH)).toBe(false);
  });

  it('saves as PDF through its own fixed channel, and a failure becomes an error', async () => {
    invoke.mockResolvedValue({ ok: true, data: { saved: true, path: '/tmp/r.pdf' } });
    await expect(bridge().savePdf('review')).resolves.toEqual({ saved: true, path: '/tmp/r.pdf' });
    expect(invoke).toHaveBeenCalledWith(IPC_SAVE_PDF, 'review');
    invoke.mockResolvedValue({ ok: false, error: { message: 'Saving the PDF failed: disk full' } });
    await expect(bridge().savePdf('review')).rejects.toThrow('disk full');
  });
});
