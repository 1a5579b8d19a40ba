// IPC registration, through an IpcMainLike parameter (Bruno's habit) so it is tested without Electron.
import { IPC_INVOKE, IPC_SAVE_PDF, type SavePdfResult } from '../shared/ipc';
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

/** A file name for the save dialog: letters, digits, `.`, `-`, `_` only, at most 100 characters, ending in .pdf. */
export function pdfFileName(suggested: unknown): string {
  const base = (typeof suggested === 'string' ? suggested : '').replace(/\.pdf$/i, '').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 100);
  return `${base || 'opsdeck'}.pdf`;
}

/**
 * `savePdf(name)`: the page printed to PDF (its print stylesheet applies) and written where the
 * user picks in the save dialog (`save` does both; Electron's printToPDF + showSaveDialog).
 * Only our renderer's frame may ask; a failure answers with its message, never throws.
 */
export function registerSavePdf(ipcMain: IpcMainLike, save: (fileName: string) => Promise<SavePdfResult>, devServerUrl: string | undefined): void {
  ipcMain.handle(IPC_SAVE_PDF, async (event, suggested) => {
    if (!isAllowedSender(event.senderFrame?.url, devServerUrl)) {
      return { ok: false, status: 403, error: { code: 'UNAUTHORIZED', message: 'IPC from an unexpected frame' } };
    }
    try {
      return { ok: true, data: await save(pdfFileName(suggested)) };
    } catch (err) {
      return { ok: false, status: 500, error: { code: 'INTERNAL', message: `Saving the PDF failed: ${err instanceof Error ? err.message : String(err)}` } };
    }
  });
}
