// Electron bootstrap only: window, security, IPC wiring. All logic lives in app.ts.
import { app as electronApp, BrowserWindow, ipcMain, shell, session, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_INVOKE, IPC_PUSH } from '@shared/ipc';
import { createApp, type App } from './app';
import { rendererDir, workerFiles } from './paths';
import { isAllowedSender, isSafeExternalUrl } from './security';

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
// better-sqlite3 built for Electron's ABI; worker threads inherit the variable.
const electronSqlite = join(__dirname, '../../native/electron/better_sqlite3.node');
if (!process.env.OPSDECK_SQLITE_NATIVE && existsSync(electronSqlite)) process.env.OPSDECK_SQLITE_NATIVE = electronSqlite;
const dataDir = process.env.OPSDECK_DATA_DIR ?? electronApp.getPath('userData');

let core: App | null = null;

/** `--config <file>` from the command line, if given. */
function configArg(): string | undefined {
  const i = process.argv.indexOf('--config');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    backgroundColor: '#0f1318',
    title: 'Opsdeck',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadFile(join(rendererDir(__dirname), 'index.html'));
  return win;
}

async function main(): Promise<void> {
  await electronApp.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, permission, grant) => grant(permission === 'notifications'));
  core = await createApp({
    dataDir,
    demoOutage: process.argv.includes('--demo-outage'),
    ...(configArg() ? { configFile: configArg() as string } : {}),
    workers: workerFiles(__dirname),
    version: electronApp.getVersion(),
  });
  const running = core;
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    if (!isAllowedSender(event.senderFrame?.url, rendererUrl)) {
      return { ok: false, status: 403, error: { code: 'UNAUTHORIZED', message: 'IPC from an unexpected frame' } };
    }
    return running.call(typeof method === 'string' ? method : '', input);
  });
  const win = createWindow();
  running.subscribe((e) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_PUSH, e);
  });
  electronApp.on('window-all-closed', () => {
    void running.close().finally(() => electronApp.quit());
  });
}

void main().catch((err: unknown) => {
  console.error(`Opsdeck could not start: ${err instanceof Error ? err.message : String(err)}`);
  electronApp.exit(1);
});
