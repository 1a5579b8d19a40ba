// The SLOs page: the list (#/slos) or one SLO (#/slos/<id>).
import { useEffect, useState } from 'react';
import { SloDetailPage } from './SloDetail';
import { SloListPage } from './SloList';
import { sloIdOf } from './routes';

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
