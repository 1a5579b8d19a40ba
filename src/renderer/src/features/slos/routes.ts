// The SLO feature's addresses: #/slos (the list) and #/slos/<id> (one SLO).
export function sloHash(id: string): string {
  return `#/slos/${encodeURIComponent(id)}`;
}

export function sloIdOf(hash: string): string | null {
  const rest = hash.replace(/^#\/?slos\/?/, '');
  if (rest === '') return null;
  try {
    return decodeURIComponent(rest.split('/')[0] ?? '') || null;
  } catch {
    return null;
  }
}
