// Electron bootstrap only: window, security, IPC wiring. All logic lives in app.ts.
import { app as electronApp, BrowserWindow, dialog, ipcMain, net, protocol, shell, session, utilityProcess, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_PUSH } from '@shared/ipc';
import { createApp, type App } from './app';
import { CSP } from './csp';
import { registerIpc, registerSavePdf } from './ipc';
import { parseDemoScale, type DemoScale } from './sources/demo';
import { rendererDir, workerFiles } from './paths';
import { APP_ORIGIN, APP_SCHEME, appRequestFile, isOwnPage, isSafeExternalUrl } from './security';
import type { ForkProcess } from './workers/child';

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
// better-sqlite3 built for Electron's ABI; worker threads inherit the variable.
const electronSqlite = join(__dirname, '../../native/electron/better_sqlite3.node');
if (!process.env.OPSDECK_SQLITE_NATIVE && existsSync(electronSqlite)) process.env.OPSDECK_SQLITE_NATIVE = electronSqlite;
const dataDir = process.env.OPSDECK_DATA_DIR ?? electronApp.getPath('userData');

let core: App | null = null;
const rendererRoot = rendererDir(__dirname);
const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2' };

// The renderer comes from app://opsdeck (a standard, secure scheme), so the IPC sender check
// compares one exact origin — no other local file can pass it — and the CSP is a real header.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function serveRendererProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appRequestFile(request.url, rendererRoot);
    if (!file) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    return new Response(res.body, {
      status: res.status,
      headers: { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
    });
  });
}

/** Every webContents (windows, and anything a page might create): no webviews, no navigation away, no new windows. */
function guardWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
electronApp.on('web-contents-created', (_event, contents) => guardWebContents(contents));

/** `--config <file>` from the command line, if given. */
function configArg(): string | undefined {
  const i = process.argv.indexOf('--config');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `--demo-scale small|large`; an unknown value is refused before the window opens. */
function demoScaleArg(): DemoScale | undefined {
  const i = process.argv.indexOf('--demo-scale');
  if (i < 0) return undefined;
  const scale = parseDemoScale(process.argv[i + 1] ?? '');
  if (!scale) {
    dialog.showErrorBox('Opsdeck', `--demo-scale must be small or large; got "${process.argv[i + 1] ?? ''}"`);
    electronApp.exit(2);
    return undefined;
  }
  return scale;
}

/** The demo platform's process in the desktop app: an Electron utility process (Node in a Chromium child process, which ends with the app). */
const forkUtility: ForkProcess = (file, o) => {
  const child = utilityProcess.fork(file, o.args, { execArgv: o.execArgv, serviceName: `Opsdeck ${o.name}`, stdio: 'inherit' });
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (m) => child.postMessage(m),
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.once('exit', (code) => l(code, null)),
    onError: (l) => void child.on('error', (type, location) => l(new Error(`${type} at ${location}`))),
    kill: () => void child.kill(),
  };
};

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
  // Navigation and window-opening guards come from 'web-contents-created' (guardWebContents).
  void win.loadURL(rendererUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}

async function main(): Promise<void> {
  await electronApp.whenReady();
  // Only notifications (alert pushes), asked for or checked; everything else is refused.
  session.defaultSession.setPermissionRequestHandler((_wc, permission, grant) => grant(permission === 'notifications'));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'notifications');
  serveRendererProtocol();
  const demoScale = demoScaleArg();
  core = await createApp({
    dataDir,
    demoOutage: process.argv.includes('--demo-outage'),
    ...(demoScale ? { demoScale } : {}),
    ...(configArg() ? { configFile: configArg() as string } : {}),
    workers: workerFiles(__dirname),
    forkDemo: forkUtility,
    version: electronApp.getVersion(),
  });
  // The demo platform starts behind the first screen; failing to start, it still ends the app.
  core.started.catch(couldNotStart);
  const running = core;
  registerIpc(ipcMain, running, rendererUrl);
  const win = createWindow();
  // Reviews (incident, capacity) save as PDF through the page's print stylesheet.
  registerSavePdf(
    ipcMain,
    async (fileName) => {
      const choice = await dialog.showSaveDialog(win, { defaultPath: join(electronApp.getPath('documents'), fileName), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      if (choice.canceled || !choice.filePath) return { saved: false };
      const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: false });
      await writeFile(choice.filePath, pdf);
      return { saved: true, path: choice.filePath };
    },
    rendererUrl,
  );
  running.subscribe((e) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_PUSH, e);
  });
  electronApp.on('window-all-closed', () => {
    void running.close().finally(() => electronApp.quit());
  });
}

function couldNotStart(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`Opsdeck could not start: ${message}`);
  // Without a window the console is invisible to a desktop user: say it in a native dialog.
  dialog.showErrorBox('Opsdeck could not start', `${message}\n\nData folder: ${dataDir}`);
  electronApp.exit(1);
}

void main().catch(couldNotStart);
