// Incidents, open first, then by start (newest first). Keyboard: j/k, Enter, n, x.
import { useMemo, useRef, useState } from 'react';
import { useApi, useApiMutation } from '@renderer/data/api';
import { formatAge, formatDuration, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useNow } from '@renderer/lib/clock';
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { incidentHash, PHASE_CLASS } from './shared';
import { INCIDENT_LIST_SHORTCUTS } from './shortcuts';

export function IncidentListPage() {
  const { data, error, isLoading } = useApi('incidents', {});
  const { timeMode } = usePrefs();
  const now = useNow(10_000);
  const [index, setIndex] = useState(0);
  const rows = useMemo(() => data?.incidents ?? [], [data]);
  const importer = useApiMutation('importIncidentBundle');
  const [message, setMessage] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const upload = async (file: File): Promise<void> => {
    try {
      const r = await importer.mutateAsync({ fileName: file.name, content: await file.text() });
      const added = Object.values(r.added).reduce((a, b) => a + b, 0);
      const present = Object.values(r.alreadyPresent).reduce((a, b) => a + b, 0);
      setMessage(`Imported ${file.name}: ${added} new rows, ${present} already here.`);
    } catch (err) {
      setMessage(`Nothing imported — ${(err as Error).message}`);
    }
  };

  const keys = useMemo<ShortcutHandlers<typeof INCIDENT_LIST_SHORTCUTS.table>>(
    () => ({
      next: () => setIndex((i) => Math.min(rows.length - 1, i + 1)),
      previous: () => setIndex((i) => Math.max(0, i - 1)),
      open: () => {
        if (!rows[index]) return false;
        window.location.hash = incidentHash(rows[index].id);
      },
      declare: () => {
        window.location.hash = '#/incidents/declare';
      },
      kpis: () => {
        window.location.hash = '#/incidents/kpis';
      },
    }),
    [rows, index],
  );
  useShortcuts(INCIDENT_LIST_SHORTCUTS, keys);

  return (
    <div className="page" data-testid="incidents-page">
      <div className="page-head">
        <h1>Incidents</h1>
        <span className="muted small">detect → triage → investigate → mitigate → recover → review</span>
      </div>
      <div className="inc-toolbar">
        <button onClick={() => (window.location.hash = '#/incidents/declare')} data-testid="declare-incident">
          Declare an incident <kbd>n</kbd>
        </button>
        <a href="#/incidents/kpis" className="file-button link-button">
          KPIs (MTTD, MTTA, MTTR, MTBF) <kbd>x</kbd>
        </a>
        <label className="file-button" tabIndex={0} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && picker.current?.click()}>
          Import incident bundle…
          <input ref={picker} type="file" accept="application/json,.json" data-testid="bundle-import" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
        </label>
        <span className="muted small">From the alert queue: select an alert and press <kbd>i</kbd>.</span>
      </div>
      {message && <p className={/Nothing imported/.test(message) ? 'error' : 'muted'} role="status">{message}</p>}
      {error && <p className="error">{error.message}</p>}
      {isLoading && <p className="muted">Loading…</p>}
      {data && rows.length === 0 && <p className="muted">No incident yet. Everything you write here stays in the local journal, offline too.</p>}
      {rows.length > 0 && (
        <table className="grid inc-list" role="grid" aria-label="Incidents" data-testid="incident-list">
          <thead>
            <tr>
              <th>Sev</th>
              <th>Incident</th>
              <th>State</th>
              <th>Started</th>
              <th>Duration</th>
              <th>Commander</th>
              <th>Last update</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.id} aria-selected={i === index} data-testid="incident-row" data-id={r.id} onClick={() => setIndex(i)} onDoubleClick={() => (window.location.hash = incidentHash(r.id))}>
                <td>
                  <span className={`status ${r.severity === 'P1' || r.severity === 'P2' ? 'bad' : 'warn'}`}>{r.severity}</span>
                </td>
                <td className="inc-title">
                  <a href={incidentHash(r.id)}>{r.title}</a>
                  <div className="muted small">{r.services.join(', ')}</div>
                </td>
                <td>
                  <span className={`status ${PHASE_CLASS[r.phase] ?? 'muted'}`}>{r.phaseLabel}</span>
                </td>
                <td>{formatTime(r.startedAt, timeMode)}</td>
                <td>{formatDuration((r.resolvedAt ?? now) - r.startedAt)}{r.open ? ' and counting' : ''}</td>
                <td>{r.roles.commander ?? <span className="muted">unassigned</span>}</td>
                <td>
                  {r.lastUpdateAt === null ? <span className="muted">none</span> : formatAge(now - r.lastUpdateAt, 'ago')}
                  {r.reminderDue && <span className="tag tag-warn"> update due</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
