// npm start: the desktop app when the Electron runtime is installed; otherwise serve mode,
// saying so in one sentence, so `npm install && npm start` always gets you Opsdeck.
import { spawn } from 'node:child_process';
import { buildElectronSqlite } from './build-electron-sqlite.mjs';
import { buildIfNeeded } from './build-if-needed.mjs';
import { electronBinary } from './electron-binary.mjs';
import { runServe } from './serve.mjs';

const args = process.argv.slice(2);

const electron = electronBinary();
if (!electron) {
  console.error(
    'Opsdeck: the Electron runtime is not installed on this machine (its download failed or was skipped), so Opsdeck is starting in serve mode — open the URL below in a browser.',
  );
  runServe(args);
} else if (!buildElectronSqlite()) {
  console.error('Opsdeck: starting in serve mode instead — open the URL below in a browser.');
  runServe(args);
} else {
  buildIfNeeded();
  const child = spawn(electron, ['.', ...args], { stdio: 'inherit', cwd: new URL('..', import.meta.url).pathname });
  child.on('exit', (code) => process.exit(code ?? 0));
}
