// The narrow bridge: invoke(method, input) and subscribe(listener). The Electron event
// object never reaches the page; channels are fixed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_INVOKE, IPC_PUSH, IPC_SAVE_PDF, type OpsdeckBridge, type SavePdfResult } from '@shared/ipc';

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
  async savePdf(suggestedName) {
    const r = (await ipcRenderer.invoke(IPC_SAVE_PDF, String(suggestedName))) as { ok: boolean; data?: SavePdfResult; error?: { message: string } };
    if (!r.ok) throw new Error(r.error?.message ?? 'saving the PDF failed');
    return r.data as SavePdfResult;
  },
};

contextBridge.exposeInMainWorld('opsdeck', bridge);
