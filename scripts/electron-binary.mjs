// Where the Electron runtime binary is, or null — without `require('electron')`, which
// tries to download a missing binary (impossible on machines without internet).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = new URL('../node_modules/electron/', import.meta.url).pathname;

export function electronBinary() {
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8');
  const full = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(pkg, 'dist', relative);
  return existsSync(full) ? full : null;
}
