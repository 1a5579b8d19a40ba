// Builds the app with electron-vite when out/ is missing or older than any source file.
// Build chatter goes to stderr, so stdout stays the one "serving on" line tools wait for.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate() {
  const marker = join(root, 'out/main/serve.js');
  const inputs = Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'electron.vite.config.ts')).mtimeMs, statSync(join(root, 'package.json')).mtimeMs);
  return existsSync(marker) && statSync(marker).mtimeMs >= inputs && existsSync(join(root, 'out/renderer/index.html'));
}

// Test files run in parallel and several may ask for a build at once: one builds, the
// others wait for it (a directory is created atomically; a stale one, older than 10 min, is taken over).
function withBuildLock(fn) {
  const lock = join(root, '.build-lock');
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* removed meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`${lock} held for 10 minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function buildIfNeeded() {
  if (upToDate()) return;
  withBuildLock(() => {
    if (!upToDate()) build();
  });
}

function build() {
  process.stderr.write('Opsdeck: building the app (electron-vite build)…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error('Opsdeck: the build failed (output above).');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildIfNeeded();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
