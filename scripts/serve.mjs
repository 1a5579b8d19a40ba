// npm run serve -- [--port <n>] [--data-dir <dir>] [--demo-outage]
// Builds if needed, then runs the main side in plain Node and serves the renderer over HTTP.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';

const root = new URL('..', import.meta.url).pathname;

export function runServe(args) {
  buildIfNeeded();
  const child = spawn(process.execPath, [join(root, 'out/main/serve.js'), ...args], { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === `file://${process.argv[1]}`) runServe(process.argv.slice(2));
