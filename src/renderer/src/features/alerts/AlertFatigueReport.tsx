// Alert-fatigue report for the seeds' "regular alert review and tuning": the noisiest alarms,
// time spent firing, and time to acknowledge per severity against the seeds' targets.
import { useState } from 'react';
import { useApi } from '@renderer/data/api';
import { EmptyState } from '@renderer/components/common/EmptyState';
import { LoadError } from '@renderer/components/common/Loader';
import { formatDecimal, formatDuration, formatShare, formatSpan, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { DAY_MS } from '@renderer/lib/time';
import { SeverityBadge } from './badges';

function DailyBars({ daily, days }: { daily: { date: string; changes: number }[]; days: number }) {
  const max = Math.max(1, ...daily.map((d) => d.changes));
  return (
    <span className="daily-bars" title={daily.map((d) => `${d.date}: ${d.changes}`).join('\n')}>
      {daily.slice(-days).map((d) => (
        <span key={d.date} style={{ height: `${Math.max(8, (d.changes / max) * 100)}%` }} />
      ))}
    </span>
  );
}

export function AlertFatigueReport() {
  const { timeMode } = usePrefs();
  const [days, setDays] = useState(7);
  const report = useApi('alertFatigue', { days });
  const data = report.data;
  return (
    <div data-testid="alert-report">
      <div className="actions">
        <span>Over the last</span>
        {[1, 7, 30].map((d) => (
          <button key={d} type="button" className={d === days ? 'chip on' : 'chip'} aria-pressed={d === days} onClick={() => setDays(d)}>
            {d === 1 ? formatSpan(DAY_MS) : `${d} days`}
          </button>
        ))}
        {data && (
          <span className="muted small">
            {formatTime(data.from, timeMode)} – {formatTime(data.to, timeMode)}
            {data.historyFrom !== null && data.historyFrom > data.from && ` · alarm history cached from ${formatTime(data.historyFrom, timeMode)} only`}
          </span>
        )}
      </div>
      {report.error && <LoadError>{report.error.message}</LoadError>}
      {data && (
        <>
          <h2>Response to alerts, per severity</h2>
          {data.acknowledgementsSince === null ? (
            <p className="notice" data-testid="no-acks">
              No acknowledgement has been recorded on this laptop, so time to acknowledge and the share within target cannot be measured here. Acknowledgements are kept in this
              laptop’s journal; import a colleague’s journal (Settings) to include theirs.
            </p>
          ) : (
            data.acknowledgementsSince > data.from && (
              <p className="muted small">Acknowledgements recorded on this laptop since {formatTime(data.acknowledgementsSince, timeMode)} only; alerts before that count as not acknowledged.</p>
            )
          )}
          <table className="grid">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Target</th>
                <th className="num">Fired</th>
                <th className="num">Acknowledged</th>
                <th className="num">Median to ack</th>
                <th className="num col-low">p90 to ack</th>
                <th className="num">Within target</th>
                <th className="num">Late / never</th>
                <th className="num col-low">Cleared unacked</th>
                <th className="num">Still open</th>
                <th className="num">Share within target</th>
              </tr>
            </thead>
            <tbody>
              {data.responses.map((r) => (
                <tr key={r.severity}>
                  <td>
                    <SeverityBadge severity={r.severity} />
                  </td>
                  <td>{r.targetLabel}</td>
                  <td className="num">{r.occurrences}</td>
                  <td className="num">{r.acknowledged}</td>
                  <td className="num">{r.medianTtaMs === null ? '—' : formatDuration(r.medianTtaMs)}</td>
                  <td className="num col-low">{r.p90TtaMs === null ? '—' : formatDuration(r.p90TtaMs)}</td>
                  <td className="num ok">{r.met}</td>
                  <td className={`num ${r.missed > 0 ? 'bad' : ''}`}>{r.missed}</td>
                  <td className="num muted col-low">{r.selfResolved}</td>
                  <td className="num">{r.pending}</td>
                  {data.acknowledgementsSince === null ? (
                    <td className="num muted">not measured</td>
                  ) : (
                    <td className={`num ${r.shareWithinTarget !== null && r.shareWithinTarget < 0.9 ? 'warn' : ''}`}>{formatShare(r.shareWithinTarget)}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            Time to acknowledge counts local acknowledgements on this laptop. “Cleared unacked”: resolved before its target with nobody acknowledging — a candidate for tuning.
          </p>

          <h2>Noisiest alerts</h2>
          {data.alarms.length === 0 ? (
            <EmptyState>No alarm or SLO burn changed state in this period.</EmptyState>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th>Alarm or SLO burn</th>
                  <th className="num">State changes</th>
                  <th className="num">Per day</th>
                  <th className="num">Times fired</th>
                  <th className="num">Time firing</th>
                  <th className="num">Share of period</th>
                  <th>Changes per day</th>
                </tr>
              </thead>
              <tbody>
                {data.alarms.map((a) => (
                  <tr key={a.alertId} data-testid="fatigue-row">
                    <td>{a.name}</td>
                    <td className="num">{a.stateChanges}</td>
                    <td className="num">{formatDecimal(a.changesPerDay, 1)}</td>
                    <td className="num">{a.alarmEntries}</td>
                    <td className="num">{formatDuration(a.timeInAlarmMs)}</td>
                    <td className="num">{formatShare(a.shareInAlarm)}</td>
                    <td>
                      <DailyBars daily={a.daily} days={data.days} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
