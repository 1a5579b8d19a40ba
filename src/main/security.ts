// Checks the Electron shell and serve mode apply; plain functions so they are tested without Electron.
import { isAbsolute, join, normalize, relative } from 'node:path';
import { safeHttpUrl } from '@shared/lib/safeUrl';

/** The desktop renderer is served from this privileged custom scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'opsdeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

function parse(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * IPC is answered only for our own renderer: exactly app://opsdeck (a custom scheme's URL
 * has no `origin` in WHATWG terms, so scheme and host are compared), or the dev server's origin.
 * Any file: URL — another local page — is refused.
 */
export function isAllowedSender(frameUrl: string | undefined, devServerUrl: string | undefined): boolean {
  const url = parse(frameUrl);
  if (!url) return false;
  if (devServerUrl) {
    const dev = parse(devServerUrl);
    return dev !== null && url.origin === dev.origin;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.port === '';
}

/** Navigation inside the window stays on our own origin (a reload, a hash change); anything else is blocked. */
export function isOwnPage(url: string, devServerUrl: string | undefined): boolean {
  return isAllowedSender(url, devServerUrl);
}

/** Only web links leave for the OS browser; file:, javascript:, custom schemes never do. */
export function isSafeExternalUrl(raw: string): boolean {
  return safeHttpUrl(raw) !== null;
}

/**
 * The file an app://opsdeck/<path> request reads, inside `root` (the built renderer), or
 * null for another host, a path escaping the root, or a malformed escape. Client-side
 * routes (no file extension) get the app shell.
 */
export function appRequestFile(requestUrl: string, root: string): string | null {
  const url = parse(requestUrl);
  if (!url || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path === '/' || path === '' || !/\.[a-z0-9]+$/i.test(path)) path = '/index.html';
  const file = normalize(join(root, path));
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return file;
}
