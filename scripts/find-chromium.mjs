// The e2e suite's browser: the system Chromium (Debian's `chromium`), else Playwright's own.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function findChromium() {
  if (process.env.CHROMIUM && existsSync(process.env.CHROMIUM)) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const path = execSync(`command -v ${name}`, { shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  try {
    const { chromium } = createRequire(import.meta.url)('playwright');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright has no browser of its own here
  }
  return null;
}
