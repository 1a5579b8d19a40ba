// Settings → Sources: state, last sync, data age, errors in plain words, rows and bytes
// stored, backfill progress, Sync now, and the demo outage switch.
import { useState } from 'react';
import type { SourceStatus, Storage, WorkerStatus } from '@shared/contract/core';
import { useApi, useApiMutation } from '@renderer/data/api';
import { LoadError } from '@renderer/components/common/Loader';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatBytes, formatCount, formatDuration, formatTime, NO_DATA } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { JournalTransfer } from './JournalTransfer';
import { lastSuccessText } from './syncText';
import { SECOND_MS } from '@renderer/lib/time';
import { NoticeList } from '@renderer/components/common/Notices';
import { SyncPartsTable } from '@renderer/components/common/SyncParts';

function BackfillProgress({ b }: { b: SourceStatus['backfill'] }) {
  if (b.seriesTotal === 0) return <span className="muted">waiting for the metric catalogue</span>;
  const pct = Math.round((b.seriesDone / b.seriesTotal) * 100);
  return (
    <div className="progress-line" data-testid="backfill-progress">
      <div className="progress" role="progressbar" aria-label="History loaded" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span>
        {b.complete ? '30 days complete' : `${formatCount(b.seriesDone)} of ${formatCount(b.seriesTotal)} series (${pct} %)`} · {formatCount(b.pointsStored)} datapoints this session
        {!b.complete && b.etaMs !== null && ` · about ${formatDuration(b.etaMs)} left`}
      </span>
    </div>
  );
}

/** A source's share of cache.db, by its share of the datapoints (they are nearly all of the file). */
function sourceBytes(storage: Storage, points: number): number {
  const total = storage.perSource.reduce((sum, p) => sum + p.points, 0);
  return total > 0 ? Math.round((storage.cacheBytes * points) / total) : 0;
}

function SourceCard({ s, storage }: { s: SourceStatus; storage: Storage | undefined }) {
  const { timeMode } = usePrefs();
  const now = useNow(5 * SECOND_MS);
  const outage = useApiMutation('setDemoOutage');
  // Where the user put the switch, until the source's status says the same (the call answers
  // before the status is re-read: without this the switch flicks back for a moment).
  const [wanted, setWanted] = useState<boolean | null>(null);
  // Adjusted while rendering (React's pattern for state derived from props): once the status agrees, or the call failed, the status shows.
  if (wanted !== null && (s.demoOutage === wanted || outage.isError)) setWanted(null);
  const syncNow = useApiMutation('syncNow');
  const counts = storage?.perSource.find((p) => p.sourceId === s.id);
  const errors = storage?.seriesErrors.filter((e) => e.sourceId === s.id) ?? [];
  return (
    <div className="card source-card" data-testid="source-card">
      <table className="grid kv">
        <tbody>
          <tr><th>Source</th><td>{s.label} <span className="muted">({s.id})</span></td></tr>
          <tr>
            <th>State</th>
            <td className={s.state === 'online' ? 'ok' : s.state === 'degraded' ? 'warn' : 'bad'} data-testid="source-state">
              {s.state}
              {s.offlineSince !== null && ` since ${formatTime(s.offlineSince, timeMode)} (${formatAge(now - s.offlineSince, 'ago')})`}
            </td>
          </tr>
          <tr><th>Last successful sync</th><td data-testid="last-successful-sync">{lastSuccessText(s, now, timeMode)}</td></tr>
          <tr><th>Last attempt</th><td>{s.lastAttemptAt ? formatTime(s.lastAttemptAt, timeMode, true) : 'none yet'}</td></tr>
          <tr><th>Data as of</th><td>{s.dataAsOf ? `${formatTime(s.dataAsOf, timeMode)} (${formatAge(now - s.dataAsOf, 'old')})` : NO_DATA}</td></tr>
          <tr><th>Problem</th><td className={s.lastError ? 'warn' : 'muted'}>{s.lastError ?? 'none'}</td></tr>
          <tr><th>Parts of the sync</th><td><SyncPartsTable parts={s.parts} timeMode={timeMode} now={now} /></td></tr>
          <tr><th>History (30 days)</th><td><BackfillProgress b={s.backfill} /></td></tr>
          <tr>
            <th>Stored</th>
            <td>
              {counts && storage
                ? `${formatCount(counts.series)} series · ${formatCount(counts.points)} datapoints · ≈ ${formatBytes(sourceBytes(storage, counts.points))} of cache.db (counted ${formatTime(counts.countedAt, timeMode)})`
                : 'not counted yet (after the first sync pass)'}
            </td>
          </tr>
          {errors.length > 0 && (
            <tr>
              <th>Series the source rejected</th>
              <td>
                <ul className="plain-list">
                  {errors.map((e) => (
                    <li key={e.series}><code>{e.series}</code> — {e.error}</li>
                  ))}
                </ul>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="actions">
        <button onClick={() => syncNow.mutate({ sourceId: s.id })} disabled={syncNow.isPending}>Sync now</button>
        {syncNow.data?.started === false && <span className="warn" role="status">{syncNow.data.reason}</span>}
        {s.kind === 'demo' && (
          <label className="switch">
            <input
              type="checkbox"
              checked={wanted ?? s.demoOutage}
              onChange={(e) => {
                setWanted(e.target.checked);
                outage.mutate({ on: e.target.checked });
              }}
              data-testid="demo-outage-toggle"
            />
            Demo outage: make the simulated AWS refuse connections
          </label>
        )}
      </div>
    </div>
  );
}

const WORKER_ROLE: Record<string, string> = {
  sync: 'fetches from the sources and writes cache.db',
  'SLO evaluation': 'computes SLOs, burn rates and the Overview',
  'demo platform': 'the simulated AWS the demo syncs from',
};

/** The supervised worker threads: restarted when they die; one that keeps dying is named here. */
function WorkerTable({ workers }: { workers: WorkerStatus[] }) {
  const { timeMode } = usePrefs();
  const now = useNow();
  if (workers.length === 0) return <p className="muted small">Everything runs in this process (tests).</p>;
  return (
    <table className="grid kv" aria-label="Background workers">
      <tbody>
        {workers.map((w) => (
          <tr key={w.name}>
            <th>{w.name}</th>
            <td>
              <span className={w.state === 'running' ? 'ok' : w.state === 'failed' ? 'bad' : 'warn'}>{w.state}</span>
              {w.restarts > 0 && ` — restarted ${formatCount(w.restarts)}×`}
              {w.lastError && w.lastExitAt !== null && ` (last stop ${formatTime(w.lastExitAt, timeMode, true)}, ${formatAge(now - w.lastExitAt, 'ago')}: ${w.lastError})`}
              {w.state === 'failed' && ' — not restarted any more; restart Opsdeck'}
              <span className="muted"> — {WORKER_ROLE[w.name] ?? ''}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SettingsPage() {
  const health = useApi('health', {});
  const sources = useApi('sources', {});
  const storage = useApi('storage', {}, { refetchIntervalMs: 15 * SECOND_MS });
  const st = storage.data;
  return (
    <section className="page">
      <h1>Settings</h1>
      <h2>Notices</h2>
      <NoticeList />
      <h2>Sources</h2>
      {sources.error && !sources.data && <LoadError>{`Could not read the sources: ${sources.error.message}`}</LoadError>}
      {sources.data?.map((s) => <SourceCard key={s.id} s={s} storage={st} />)}
      <h2>Background workers</h2>
      {health.data && <WorkerTable workers={health.data.workers} />}
      <h2>Files</h2>
      <table className="grid kv">
        <tbody>
          <tr><th>Data folder</th><td><code>{st?.dataDir ?? '…'}</code></td></tr>
          <tr><th>Configuration</th><td><code>{st?.configFile ?? '…'}</code> <span className="muted">— sources (AWS accounts, regions, profiles); without it Opsdeck runs on the demo platform</span></td></tr>
          <tr><th>SLO definitions</th><td><code>{st?.sloDir ?? 'built-in defaults only'}</code> <span className="muted">— YAML or OpenSLO files here add to or replace the seeds' SLOs</span></td></tr>
          <tr><th>cache.db</th><td>{st ? `${formatBytes(st.cacheBytes)} of a ${formatBytes(st.cacheBudgetBytes)} budget — disposable; old data is downsampled to stay within it` : '…'}</td></tr>
          <tr><th>journal.db</th><td>{st ? `${formatBytes(st.journalBytes)} — what people wrote; never deleted (export/import below, or npm run cli -- journal export|import <file>)` : '…'}</td></tr>
        </tbody>
      </table>
      <h2>Journal</h2>
      <p className="muted small">Notes, acknowledgements and silences written on this laptop. Export to hand over after an incident; import merges by entry, never duplicating.</p>
      <JournalTransfer />
      <h2>Display</h2>
      <p className="muted">Theme and time zone: the buttons at the bottom of the sidebar, or <kbd>Shift+L</kbd> and <kbd>t</kbd>.</p>
    </section>
  );
}

