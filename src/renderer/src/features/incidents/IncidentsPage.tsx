// The Incidents page: the list (#/incidents), one incident (#/incidents/<id>), the KPIs
// (#/incidents/kpis), declaring one (#/incidents/declare, or …/declare/<alert group key>).
import { useEffect, useState } from 'react';
import { DeclareIncident } from './DeclareIncident';
import { IncidentDetailPage } from './IncidentDetail';
import { IncidentKpiPage } from './IncidentKpis';
import { IncidentListPage } from './IncidentList';
import './incidents.css';

type View = { kind: 'list' } | { kind: 'kpis' } | { kind: 'declare'; alertKey: string | null } | { kind: 'detail'; id: string };

function viewOf(hash: string): View {
  const parts = hash.replace(/^#\/?incidents\/?/, '').split('/');
  const decode = (s: string | undefined): string | null => {
    try {
      return s ? decodeURIComponent(s) : null;
    } catch {
      return null;
    }
  };
  if (!parts[0]) return { kind: 'list' };
  if (parts[0] === 'kpis') return { kind: 'kpis' };
  if (parts[0] === 'declare') return { kind: 'declare', alertKey: decode(parts.slice(1).join('/')) };
  const id = decode(parts[0]);
  return id ? { kind: 'detail', id } : { kind: 'list' };
}

export function IncidentsPage() {
  const [view, setView] = useState<View>(() => viewOf(window.location.hash));
  useEffect(() => {
    const onHash = (): void => setView(viewOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.querySelector('.content')?.scrollTo({ top: 0 });
  }, [view.kind]);
  switch (view.kind) {
    case 'list':
      return <IncidentListPage />;
    case 'kpis':
      return <IncidentKpiPage />;
    case 'declare':
      return <DeclareIncident alertKey={view.alertKey} />;
    case 'detail':
      return <IncidentDetailPage key={view.id} id={view.id} />;
  }
}
