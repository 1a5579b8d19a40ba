// The Alerts page: the queue (#/alerts), one alert (#/alerts/g/<key>), silences,
// maintenance windows, the fatigue report and the rules. Everything here reads the local
// cache and writes the local journal, so it keeps working with the network gone.
import { useCallback, useEffect, useState } from 'react';
import { Loader } from '@renderer/components/common/Loader';
import { useApi } from '@renderer/data/api';
import { useAuthor } from '@renderer/lib/author';
import { useClock, useNow } from '@renderer/lib/clock';
import { formatAge, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { AlertDetail } from './AlertDetail';
import { AlertFatigueReport } from './AlertFatigueReport';
import { AlertMaintenance } from './AlertMaintenance';
import { useNotificationPermission } from './AlertNotifier';
import { AlertQueueView, DEFAULT_FILTERS, type QueueFilters } from './AlertQueue';
import { AlertRules } from './AlertRules';
import { AlertSilences } from './AlertSilences';
import { LOCAL_ONLY_NOTE } from './labels';
import { QUEUE_HASH, TABS, detailHash, viewOf, type AlertView } from './routes';
import { SECOND_MS } from '@renderer/lib/time';

export function AlertsPage() {
  const { timeMode } = usePrefs();
  const now = useNow(10 * SECOND_MS);
  const [view, setView] = useState<AlertView>(() => viewOf(window.location.hash));
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; at: number } | null>(null);
  const queue = useApi('alertQueue', {}, { refetchIntervalMs: 15 * SECOND_MS });
  const [author, setAuthor] = useAuthor(queue.data?.me);
  const notifications = useNotificationPermission();

  useEffect(() => {
    const onHash = (): void => setView(viewOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!message) return;
    const id = setTimeout(() => setMessage(null), 10 * SECOND_MS);
    return () => clearTimeout(id);
  }, [message]);

  const clock = useClock();
  const onMessage = useCallback((text: string) => setMessage({ text, at: clock() }), [clock]);
  const open = useCallback((key: string) => {
    setSelectedKey(key);
    window.location.hash = detailHash(key);
  }, []);
  const back = useCallback(() => {
    window.location.hash = QUEUE_HASH;
  }, []);

  const data = queue.data;
  const asOfAge = data?.alarmsAsOf ? now - data.alarmsAsOf : null;
  return (
    <section className="page alerts-page">
      <header className="page-head alerts-head">
        <h1>Alerts</h1>
        {data && (
          <span className="muted" data-testid="alerts-asof">
            {data.alarmsAsOf === null ? 'no alarm sync yet' : `alarms as of ${formatTime(data.alarmsAsOf, timeMode)} (${formatAge(asOfAge ?? 0, 'old')})`}
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
            {/* The count is the rows the queue lists (firing, held back and recently resolved), so tab and list agree. */}
            {t.kind === 'queue' && data ? (
              <span className="chip-count" title={`${data.groups.length} rows, ${data.counts.firing} firing`} data-testid="queue-tab-count">
                {data.groups.length}
              </span>
            ) : null}
          </a>
        ))}
      </nav>
      <div className="status-line" role="status" aria-live="polite" data-testid="alerts-status">
        {message?.text ?? ''}
      </div>

      {view.kind === 'queue' && (
        <Loader query={queue} failed="Could not read the alert queue">
          {(data) => (
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
          )}
        </Loader>
      )}
      {view.kind === 'detail' && <AlertDetail groupKey={view.key} author={author} setAuthor={setAuthor} onBack={back} onMessage={onMessage} />}
      {view.kind === 'silences' && <AlertSilences author={author} setAuthor={setAuthor} onMessage={onMessage} />}
      {view.kind === 'maintenance' && <AlertMaintenance author={author} onMessage={onMessage} />}
      {view.kind === 'report' && <AlertFatigueReport />}
      {view.kind === 'rules' && <AlertRules author={author} onMessage={onMessage} />}
    </section>
  );
}
