// Builds a second copy of better-sqlite3 against Electron's ABI into native/electron/, so
// the desktop app and the Node-side tests never fight over one binary (DESIGN.md).
// Needs python3, make, a C++ compiler and internet access to Electron's headers.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const ELECTRON_SQLITE = join(root, 'native', 'electron', 'better_sqlite3.node');

export function buildElectronSqlite() {
  if (existsSync(ELECTRON_SQLITE)) return true;
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const work = join(mkdtempSync(join(tmpdir(), 'opsdeck-sqlite-')), 'better-sqlite3');
  cpSync(join(root, 'node_modules/better-sqlite3'), work, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
  const gyp = join(dirname(createRequire(import.meta.url).resolve('npm/package.json', { paths: [join(process.execPath, '../../lib/node_modules')] })), 'node_modules/node-gyp/bin/node-gyp.js');
  process.stderr.write(`Opsdeck: building better-sqlite3 for Electron ${electronVersion} (one time)…\n`);
  const r = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('Opsdeck: could not build better-sqlite3 for Electron (needs python3, make, a C++ compiler and access to electronjs.org/headers).\n');
    return false;
  }
  mkdirSync(dirname(ELECTRON_SQLITE), { recursive: true });
  cpSync(join(work, 'build/Release/better_sqlite3.node'), ELECTRON_SQLITE);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(buildElectronSqlite() ? 0 : 1);
