// The Alerts page: the queue (#/alerts), one alert (#/alerts/g/<key>), silences,
// maintenance windows, the fatigue report and the rules. Everything here reads the local
// cache and writes the local journal, so it keeps working with the network gone.
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@renderer/data/api';
import { LOCAL_ONLY_NOTE, useAuthor } from '@renderer/features/alerts/alertParts';
import { useNotificationPermission } from '@renderer/features/alerts/AlertNotifier';
import { formatDuration, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useNow } from '@renderer/lib/useNow';
import { AlertDetailPage } from '@renderer/features/alerts/AlertDetail';
import { AlertMaintenancePage } from '@renderer/features/alerts/AlertMaintenance';
import { AlertQueueView, DEFAULT_FILTERS, type QueueFilters } from '@renderer/features/alerts/AlertQueue';
import { AlertReportPage } from '@renderer/features/alerts/AlertFatigueReport';
import { AlertRulesPage } from '@renderer/features/alerts/AlertRules';
import { AlertSilencesPage } from '@renderer/features/alerts/AlertSilences';
import { clockNow } from '@renderer/lib/clock';

type View = { kind: 'queue' } | { kind: 'detail'; key: string } | { kind: 'silences' } | { kind: 'maintenance' } | { kind: 'report' } | { kind: 'rules' };

const TABS = [
  { kind: 'queue', label: 'Queue', hash: '#/alerts' },
  { kind: 'silences', label: 'Silences', hash: '#/alerts/silences' },
  { kind: 'maintenance', label: 'Maintenance', hash: '#/alerts/maintenance' },
  { kind: 'report', label: 'Fatigue report', hash: '#/alerts/report' },
  { kind: 'rules', label: 'Rules', hash: '#/alerts/rules' },
] as const;

export function detailHash(key: string): string {
  return `#/alerts/g/${encodeURIComponent(key)}`;
}

function viewOf(hash: string): View {
  const rest = hash.replace(/^#\/?alerts\/?/, '');
  if (rest.startsWith('g/')) {
    try {
      return { kind: 'detail', key: decodeURIComponent(rest.slice(2)) };
    } catch {
      return { kind: 'queue' };
    }
  }
  const tab = TABS.find((t) => t.kind === rest);
  return tab ? ({ kind: tab.kind } as View) : { kind: 'queue' };
}

export function AlertsPage() {
  const { timeMode } = usePrefs();
  const now = useNow(10_000);
  const [view, setView] = useState<View>(() => viewOf(window.location.hash));
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; at: number } | null>(null);
  const queue = useApi('alertQueue', {}, { refetchIntervalMs: 15_000 });
  const [author, setAuthor] = useAuthor(queue.data?.me);
  const notifications = useNotificationPermission();

  useEffect(() => {
    const onHash = (): void => setView(viewOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!message) return;
    const id = setTimeout(() => setMessage(null), 10_000);
    return () => clearTimeout(id);
  }, [message]);

  const onMessage = useCallback((text: string) => setMessage({ text, at: clockNow() }), []);
  const open = useCallback((key: string) => {
    setSelectedKey(key);
    window.location.hash = detailHash(key);
  }, []);
  const back = useCallback(() => {
    window.location.hash = '#/alerts';
  }, []);

  const data = queue.data;
  const asOfAge = data?.alarmsAsOf ? now - data.alarmsAsOf : null;
  return (
    <section className="page alerts-page">
      <header className="page-head alerts-head">
        <h1>Alerts</h1>
        {data && (
          <span className="muted" data-testid="alerts-asof">
            {data.alarmsAsOf === null ? 'no alarm sync yet' : `alarms as of ${formatTime(data.alarmsAsOf, timeMode)} (${formatDuration(asOfAge ?? 0)} old)`}
          </span>
        )}
        <span className="alerts-head-right">
          <label className="field inline">
            <span>Acting as</span>
            <input value={author} onChange={(e) => setAuthor(e.target.value)} className="narrow" aria-label="Your name, recorded with every action" data-testid="alerts-author" />
          </label>
          {notifications.permission === 'default' && (
            <button type="button" onClick={notifications.request} title="New P1/P2 alerts as desktop notifications, a flood as one">
              Enable desktop notifications
            </button>
          )}
          {notifications.permission === 'denied' && <span className="muted small">desktop notifications blocked</span>}
        </span>
      </header>
      <p className="local-note" data-testid="local-note">
        {LOCAL_ONLY_NOTE} Acknowledgements, snoozes, silences and notes are kept in this laptop’s journal and survive restarts and outages.
      </p>
      {data?.notices.map((n) => (
        <p key={n} className="muted small notice">
          {n}
        </p>
      ))}
      <nav className="tabs" aria-label="Alerts">
        {TABS.map((t) => (
          <a key={t.kind} href={t.hash} className={view.kind === t.kind || (t.kind === 'queue' && view.kind === 'detail') ? 'tab active' : 'tab'}>
            {t.label}
            {t.kind === 'queue' && data ? <span className="chip-count">{data.counts.firing}</span> : null}
          </a>
        ))}
      </nav>
      <div className="status-line" role="status" aria-live="polite" data-testid="alerts-status">
        {message?.text ?? ''}
      </div>

      {view.kind === 'queue' &&
        (queue.isPending ? (
          <p className="muted">Reading the local cache…</p>
        ) : !data ? (
          <p className="error">Could not read the alert queue: {queue.error?.message}</p>
        ) : (
          <AlertQueueView
            queue={data}
            dataUpdatedAt={queue.dataUpdatedAt}
            filters={filters}
            setFilters={setFilters}
            selectedKey={selectedKey}
            setSelectedKey={setSelectedKey}
            author={author}
            setAuthor={setAuthor}
            onOpen={open}
            onMessage={onMessage}
          />
        ))}
      {view.kind === 'detail' && <AlertDetailPage groupKey={view.key} author={author} setAuthor={setAuthor} onBack={back} onMessage={onMessage} />}
      {view.kind === 'silences' && <AlertSilencesPage author={author} setAuthor={setAuthor} onMessage={onMessage} />}
      {view.kind === 'maintenance' && <AlertMaintenancePage author={author} onMessage={onMessage} />}
      {view.kind === 'report' && <AlertReportPage />}
      {view.kind === 'rules' && <AlertRulesPage author={author} onMessage={onMessage} />}
    </section>
  );
}
