// Links that may leave the app for the OS browser: http(s) only, never file:, javascript:
// or a custom scheme. Used for runbook links (both sides) and the Electron shell.

/** The href of an http(s) URL, or null. */
export function safeHttpUrl(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
