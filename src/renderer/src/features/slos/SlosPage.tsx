// The SLOs page: the list (#/slos) or one SLO (#/slos/<id>).
import { useEffect, useState } from 'react';
import { SloDetailPage } from '@renderer/features/slos/SloDetail';
import { SloListPage } from '@renderer/features/slos/SloList';

function sloIdOf(hash: string): string | null {
  const rest = hash.replace(/^#\/?slos\/?/, '');
  if (rest === '') return null;
  try {
    return decodeURIComponent(rest.split('/')[0] ?? '') || null;
  } catch {
    return null;
  }
}

export function SlosPage() {
  const [id, setId] = useState<string | null>(() => sloIdOf(window.location.hash));
  useEffect(() => {
    const onHash = (): void => setId(sloIdOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    // A new page starts at its top (the list is long; the detail's header matters most).
    document.querySelector('.content')?.scrollTo({ top: 0 });
  }, [id]);
  return id === null ? <SloListPage /> : <SloDetailPage key={id} id={id} />;
}
