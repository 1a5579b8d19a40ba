// Builds the app with electron-vite when out/ is missing or older than any source file.
// Build chatter goes to stderr, so stdout stays the one "serving on" line tools wait for.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

export function buildIfNeeded() {
  const marker = join(root, 'out/main/serve.js');
  const inputs = Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'electron.vite.config.ts')).mtimeMs, statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(marker) && statSync(marker).mtimeMs >= inputs && existsSync(join(root, 'out/renderer/index.html'))) return;
  process.stderr.write('Opsdeck: building the app (electron-vite build)…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.stderr.write('Opsdeck: the build failed (output above).\n');
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
