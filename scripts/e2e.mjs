// Runs the Playwright e2e suite: serve mode in Chromium, and the Electron spec (which skips
// itself with a reason when the Electron runtime is absent).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded } from './build-if-needed.mjs';
import { electronBinary } from './electron-binary.mjs';
import { findChromium } from './find-chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const chromium = findChromium();
if (!chromium) {
  console.error('e2e: no Chromium found — install one with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROMIUM=/path/to/chrome.');
  process.exit(1);
}
buildIfNeeded();
if (!electronBinary()) {
  console.log('e2e: the Electron spec is skipped — the Electron runtime binary is not installed here (its download is blocked); the serve-mode specs cover the same screens.');
}
const r = spawnSync(process.execPath, [join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM: chromium },
});
process.exit(r.status ?? 1);
