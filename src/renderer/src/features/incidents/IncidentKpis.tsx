// KPIs over a chosen period against the seeds' targets, with the formula behind an explain
// toggle and a small monthly trend.
import { useState } from 'react';
import type { IncidentKpis } from '@shared/contract/incidents';
import { useApi } from '@renderer/data/api';
import { useClock } from '@renderer/lib/clock';
import { formatDuration, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';

const PERIODS = [
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

function valueText(v: IncidentKpis['values'][number]): string {
  if (v.value === null) return '—';
  if (v.unit === 'count') return `${v.value.toFixed(2)} a month`;
  return v.value >= 48 * 3_600_000 ? `${(v.value / 3_600_000).toFixed(0)} h` : formatDuration(v.value);
}

export function IncidentKpiPage() {
  const clockNow = useClock();
  const { timeMode } = usePrefs();
  const [days, setDays] = useState(30);
  const [explain, setExplain] = useState(false);
  const [to] = useState(() => Math.ceil(clockNow() / 60_000) * 60_000);
  const zone = timeMode === 'utc' ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const { data, error } = useApi('incidentKpis', { from: to - days * 86_400_000, to, zone });
  const maxMonth = Math.max(5, ...(data?.months.map((m) => m.incidents) ?? [0]));
  return (
    <div className="page" data-testid="incident-kpis">
      <div className="page-head">
        <h1>Incident KPIs</h1>
        <a href="#/incidents" className="small">← incidents (Esc)</a>
      </div>
      <div className="inc-toolbar">
        {PERIODS.map((p) => (
          <button key={p.days} aria-pressed={p.days === days} onClick={() => setDays(p.days)}>
            {p.label}
          </button>
        ))}
        <button aria-pressed={explain} onClick={() => setExplain((e) => !e)} data-testid="kpi-explain-toggle">
          {explain ? 'Hide formulas' : 'Explain (formulas)'}
        </button>
        {data && <span className="muted small">{formatTime(data.from, timeMode)} → {formatTime(data.to, timeMode)} · {data.incidents} incidents</span>}
      </div>
      {error && <p className="error">{error.message}</p>}
      {data && (
        <>
          <div className="inc-kpis">
            {data.values.map((v) => (
              <div key={v.key} className="card kpi-card" data-testid="kpi" data-key={v.key}>
                <div className="card-label">{v.label}</div>
                <div className={`card-value ${v.met === null ? '' : v.met ? 'ok' : 'bad'}`}>{valueText(v)}</div>
                <div className="card-foot muted">
                  {v.target ? `target ${v.target}` : 'no target in the seeds'} · n = {v.n}
                  {v.met !== null && <b className={v.met ? 'ok' : 'bad'}> {v.met ? 'met' : 'missed'}</b>}
                </div>
                {explain && (
                  <div className="inc-explain" data-testid="kpi-formula">
                    <div>{v.formula}</div>
                    <div className="muted">{v.worked}</div>
                  </div>
                )}
              </div>
            ))}
          </div>
          <h2>MTBF per service</h2>
          <table className="grid">
            <thead>
              <tr><th>Service</th><th>Failures</th><th>Downtime</th><th>MTBF</th><th>Target &gt; 720 h</th></tr>
            </thead>
            <tbody>
              {[...data.mtbf.perService, data.mtbf.overall].map((m) => (
                <tr key={m.scope}>
                  <td>{m.scope}</td>
                  <td>{m.failures}</td>
                  <td>{formatDuration(m.downtimeMs)}</td>
                  <td>{m.mtbfMs === null ? '—' : `${(m.mtbfMs / 3_600_000).toFixed(1)} h`}</td>
                  <td className={m.met === null ? 'muted' : m.met ? 'ok' : 'bad'}>{m.met === null ? 'no failure' : m.met ? 'met' : 'missed'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Incidents per month ({data.zone})</h2>
          <div className="inc-bars" aria-label="Incidents per calendar month">
            {data.months.map((m) => (
              <div key={m.month} className={`inc-bar${m.incidents >= 5 ? ' over' : ''}`} style={{ height: `${(m.incidents / maxMonth) * 100}%` }} title={`${m.month}: ${m.incidents} incidents${m.mttrMs !== null ? `, MTTR ${formatDuration(m.mttrMs)}` : ''}`} />
            ))}
          </div>
          <div style={{ display: 'flex', gap: 6 }}>
            {data.months.map((m) => (
              <div key={m.month} className="inc-bar-label muted">{m.month}: {m.incidents}</div>
            ))}
          </div>
          {explain && <p className="small muted">{data.definitions}</p>}
        </>
      )}
    </div>
  );
}
