// IPC registration, through an IpcMainLike parameter (Bruno's habit) so it is tested without Electron.
import { IPC_INVOKE } from '../shared/ipc';
import type { App } from './app';
import { isAllowedSender } from './security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => unknown): void;
}

/** One channel: `invoke(method, input)`, answered only for our own renderer's frame. */
export function registerIpc(ipcMain: IpcMainLike, app: Pick<App, 'call'>, devServerUrl: string | undefined): void {
  ipcMain.handle(IPC_INVOKE, async (event, method, input) => {
    if (!isAllowedSender(event.senderFrame?.url, devServerUrl)) {
      return { ok: false, status: 403, error: { code: 'UNAUTHORIZED', message: 'IPC from an unexpected frame' } };
    }
    return app.call(typeof method === 'string' ? method : '', input);
  });
}
