// The SLO feature's addresses: #/slos (the list) and #/slos/<id> (one SLO).
export { sloHash } from '@renderer/lib/links';

export function sloIdOf(hash: string): string | null {
  const rest = hash.replace(/^#\/?slos\/?/, '');
  if (rest === '') return null;
  try {
    return decodeURIComponent(rest.split('/')[0] ?? '') || null;
  } catch {
    return null;
  }
}
