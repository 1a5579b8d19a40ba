// The narrow bridge: invoke(method, input) and subscribe(listener). The Electron event
// object never reaches the page; channels are fixed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_INVOKE, IPC_PUSH, type OpsdeckBridge } from '@shared/ipc';

interface CallResult {
  ok: boolean;
  data?: unknown;
  error?: { code: string; message: string };
}

const bridge: OpsdeckBridge = {
  async invoke(method, input) {
    const r = (await ipcRenderer.invoke(IPC_INVOKE, method, input)) as CallResult;
    if (!r.ok) throw new Error(r.error?.message ?? 'call failed');
    return r.data as never;
  },
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(IPC_PUSH, handler);
    return () => {
      ipcRenderer.removeListener(IPC_PUSH, handler);
    };
  },
};

contextBridge.exposeInMainWorld('opsdeck', bridge);
