import { safeHttpUrl } from '@shared/lib/safeUrl';

/** Opens an http(s) runbook in the OS browser (Electron routes window.open there); anything else is refused. */
export function openRunbook(url: string | null): string | null {
  const safe = url ? safeHttpUrl(url) : null;
  if (!safe) return url ? `Not opened: ${url} is not an http(s) link.` : 'This alert has no runbook link.';
  window.open(safe, '_blank', 'noopener');
  return null;
}
