// Checks the Electron shell applies; plain functions so they are tested without Electron.
import { safeHttpUrl } from '@shared/lib/safeUrl';

/** IPC is answered only for our own renderer: the packaged file, or the dev server's origin. */
export function isAllowedSender(frameUrl: string | undefined, devServerUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return url.protocol === 'file:';
}

/** Only web links leave for the OS browser; file:, javascript:, custom schemes never do. */
export function isSafeExternalUrl(raw: string): boolean {
  return safeHttpUrl(raw) !== null;
}
