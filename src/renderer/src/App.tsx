// The app shell: navigation, connectivity banner, preferences, keyboard shortcuts.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from './api';
import { AlertNotifier } from './components/AlertNotifier';
import { ConnectivityBanner } from './components/ConnectivityBanner';
import { Placeholder } from './components/Placeholder';
import { ShortcutHelp } from './components/ShortcutHelp';
import { AlertsPage } from './pages/Alerts';
import { BackupsPage } from './features/backups/BackupsPage';
import { OverviewPage } from './pages/Overview';
import { SettingsPage } from './pages/Settings';
import { SlosPage } from './pages/Slos';
import { setClockOffset } from './clock';
import { usePrefs } from './prefs';

interface Route {
  id: string;
  label: string;
  key: string;
  render: () => ReactNode;
}

const ROUTES: Route[] = [
  { id: 'overview', label: 'Overview', key: 'o', render: () => <OverviewPage /> },
  { id: 'slos', label: 'SLOs', key: 's', render: () => <SlosPage /> },
  { id: 'alerts', label: 'Alerts', key: 'a', render: () => <AlertsPage /> },
  { id: 'backups', label: 'Backups', key: 'b', render: () => <BackupsPage /> },
  {
    id: 'capacity',
    label: 'Capacity',
    key: 'c',
    render: () => (
      <Placeholder
        title="Capacity"
        holds={[
          'Forecasts with prediction intervals for CPU, memory, storage, connections and queue depth',
          'Time to the seeds’ scale triggers (CPU > 70 % for 15 min, memory > 80 %, queue depth > 100, p95 > 1 s)',
        ]}
      />
    ),
  },
  {
    id: 'incidents',
    label: 'Incidents',
    key: 'i',
    render: () => (
      <Placeholder
        title="Incidents"
        holds={['Incident timelines: detect → triage → investigate → mitigate → recover → review', 'MTTD, MTTA, MTTR and MTBF against the seeds’ KPIs']}
      />
    ),
  },
  { id: 'settings', label: 'Settings', key: ',', render: () => <SettingsPage /> },
];

function currentRoute(): string {
  // A page may have sub-routes (#/alerts/g/<id>): the first segment picks the page.
  const id = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return ROUTES.some((r) => r.id === id) ? id : 'overview';
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function App() {
  const [route, setRoute] = useState(currentRoute);
  const [help, setHelp] = useState(false);
  const prefs = usePrefs();
  const client = useQueryClient();
  const sources = useApi('sources', {}, { refetchIntervalMs: 10_000 });
  // Follow the demo platform's clock when serve mode runs it shifted (--demo-clock).
  const offset = sources.data?.find((s) => s.kind === 'demo')?.clockOffsetMs ?? 0;
  setClockOffset(offset);
  const pendingG = useRef(false);

  useEffect(() => {
    const onHash = (): void => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const go = (id: string): void => {
      window.location.hash = `#/${id}`;
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'Escape') {
        setHelp(false);
        return;
      }
      if (pendingG.current) {
        pendingG.current = false;
        const r = ROUTES.find((x) => x.key === e.key);
        if (r) go(r.id);
        return;
      }
      if (e.key === 'g') {
        pendingG.current = true;
        setTimeout(() => (pendingG.current = false), 1_500);
        return;
      }
      const digit = Number(e.key);
      if (Number.isInteger(digit) && digit >= 1 && digit <= ROUTES.length) {
        go(ROUTES[digit - 1]?.id ?? 'overview');
        return;
      }
      if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 't') prefs.toggleTimeMode();
      else if (e.key === 'L') prefs.toggleTheme();
      else if (e.key === 'r') void client.invalidateQueries({ queryKey: ['api'] });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [prefs, client]);

  const active = ROUTES.find((r) => r.id === route) ?? ROUTES[0];
  const demo = sources.data?.some((s) => s.kind === 'demo');
  return (
    <div className="shell" data-app-state={sources.data ? 'ready' : 'loading'}>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          Opsdeck{demo && <span className="tag tag-demo" title="All data comes from the embedded simulator">DEMO DATA</span>}
        </div>
        {ROUTES.map((r, i) => (
          <a key={r.id} href={`#/${r.id}`} className={r.id === route ? 'nav-link active' : 'nav-link'} aria-current={r.id === route ? 'page' : undefined}>
            {r.label}
            <kbd className="nav-key">{i + 1}</kbd>
          </a>
        ))}
        <div className="sidebar-foot">
          <button onClick={prefs.toggleTimeMode} title="Toggle UTC / local time (t)">
            Time: {prefs.timeMode === 'utc' ? 'UTC' : 'Local'}
          </button>
          <button onClick={prefs.toggleTheme} title="Toggle theme (Shift+L)">
            Theme: {prefs.theme === 'dark' ? 'Dark' : 'Light'}
          </button>
          <button onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">
            Shortcuts ?
          </button>
        </div>
      </nav>
      <main className="content">
        <ConnectivityBanner sources={sources.data} error={sources.error} />
        {active?.render()}
      </main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {/* New P1/P2 alerts notify from any page, aggregated and suppressed by silences. */}
      <AlertNotifier />
    </div>
  );
}
