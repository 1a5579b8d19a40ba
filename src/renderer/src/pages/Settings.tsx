// Settings → Sources: state, last sync, data age, errors, demo outage switch, Sync now.
import { useApi, useApiMutation } from '../api';
import { formatCount, formatDuration, formatTime } from '../format';
import { usePrefs } from '../prefs';
import { useNow } from '../useNow';

export function SettingsPage() {
  const { timeMode } = usePrefs();
  const now = useNow(5_000);
  const sources = useApi('sources', {});
  const outage = useApiMutation('setDemoOutage');
  const syncNow = useApiMutation('syncNow');
  return (
    <section className="page">
      <h1>Settings</h1>
      <h2>Sources</h2>
      {sources.data?.map((s) => (
        <div className="card source-card" key={s.id} data-testid="source-card">
          <table className="grid kv">
            <tbody>
              <tr><th>Source</th><td>{s.label} <span className="muted">({s.kind})</span></td></tr>
              <tr><th>State</th><td className={s.state === 'online' ? 'ok' : s.state === 'degraded' ? 'warn' : 'bad'}>{s.state}</td></tr>
              <tr><th>Last successful sync</th><td>{s.lastSuccessAt ? `${formatTime(s.lastSuccessAt, timeMode, true)} (${formatDuration(now - s.lastSuccessAt)} ago)` : 'never'}</td></tr>
              <tr><th>Data as of</th><td>{s.dataAsOf ? `${formatTime(s.dataAsOf, timeMode)} (${formatDuration(now - s.dataAsOf)} old)` : 'no data cached'}</td></tr>
              <tr><th>Last error</th><td>{s.lastError ?? 'none'}</td></tr>
              <tr><th>History backfill</th><td>{s.backfill.complete ? 'complete' : `${s.backfill.seriesDone} of ${s.backfill.seriesTotal} series`} · {formatCount(s.backfill.pointsStored)} datapoints stored this session</td></tr>
            </tbody>
          </table>
          <div className="actions">
            <button onClick={() => syncNow.mutate({})} disabled={syncNow.isPending}>Sync now</button>
            {s.kind === 'demo' && (
              <label className="switch">
                <input
                  type="checkbox"
                  checked={s.demoOutage}
                  onChange={(e) => outage.mutate({ on: e.target.checked })}
                  data-testid="demo-outage-toggle"
                />
                Demo outage: make the simulated AWS refuse connections
              </label>
            )}
          </div>
        </div>
      ))}
      <h2>Display</h2>
      <p className="muted">Theme and time zone: the buttons at the bottom of the sidebar, or <kbd>Shift+L</kbd> and <kbd>t</kbd>.</p>
    </section>
  );
}
