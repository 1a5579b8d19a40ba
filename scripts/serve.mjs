// npm run serve -- [--port <n>] [--data-dir <dir>] [--demo-outage]
// Builds if needed, then runs the main side in plain Node and serves the renderer over HTTP.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';

const root = new URL('..', import.meta.url).pathname;

/**
 * glibc's malloc keeps up to 8 arenas per core, one per thread that allocated at once: the app's
 * five worker threads and SQLite connections left ~15–30 MB of freed arena memory in its RSS
 * (memory.main_rss_mb, same load: 463 vs 478 MB, 447 vs 469–484 MB; points backfilled in 90 s
 * unchanged). Read at process start only, so it is set here, for serve.js and the demo platform it forks.
 */
export function serveEnv(env = process.env) {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}

export function runServe(args) {
  buildIfNeeded();
  const child = spawn(process.execPath, [join(root, 'out/main/serve.js'), ...args], { stdio: 'inherit', env: serveEnv() });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === `file://${process.argv[1]}`) runServe(process.argv.slice(2));
