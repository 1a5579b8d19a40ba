// The review's Impact: per affected SLO, the error budget the incident spent during its impact
// window (started → resolved), as minutes and as a share of the SLO window's budget, and when
// the window's budget reached 50 % and 100 %. The formula is always shown (a printed review
// has no toggles); the numbers plugged in sit behind an explain toggle on screen.
import { useState } from 'react';
import type { IncidentImpact } from '@shared/contract/incidents';
import { Loader } from '@renderer/components/common/Loader';
import { useApi } from '@renderer/data/api';
import { formatDecimal, formatDuration, formatMonthDayTime, formatPct, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';

/** Budget minutes in the unit the SLO page uses: "48.0 min", "2.45 min", "3.6 h". */
function budgetText(min: number): string {
  if (min >= 120) return `${formatDecimal(min / 60, 1)} h`;
  return `${formatDecimal(min, min >= 10 ? 1 : 2)} min`;
}

export function IncidentImpactView({ id }: { id: string }) {
  const q = useApi('incidentImpact', { id });
  return (
    <section className="inc-impact" data-testid="incident-impact" aria-labelledby="inc-impact-h">
      <h2 id="inc-impact-h">Impact: error budget spent</h2>
      <Loader query={q} failed="Could not compute the error budget spent">
        {(im) => <ImpactTable im={im} />}
      </Loader>
    </section>
  );
}

function ImpactTable({ im }: { im: IncidentImpact }) {
  const { timeMode } = usePrefs();
  const [explain, setExplain] = useState(false);
  return (
    <>
      <p className="small muted">
        During the incident, {formatTime(im.from, timeMode)} → {formatTime(im.to, timeMode)} ({formatDuration(im.to - im.from)}){im.open ? ', still open: to the newest cached data' : ''}.
      </p>
      {im.slos.length > 0 && (
        <table className="grid inc-impact-table">
          <thead>
            <tr>
              <th>SLO</th>
              <th className="num">Failed / total</th>
              <th className="num">Budget spent</th>
              <th className="num">Share of the window’s budget</th>
              <th>Window’s budget at 50 % / 100 %</th>
            </tr>
          </thead>
          <tbody>
            {im.slos.map((s) => {
              const at = (share: number): string => {
                const c = s.crossings.find((x) => x.share === share);
                return c ? formatMonthDayTime(c.at, timeMode) : '—';
              };
              return (
                <tr key={s.sloId} data-testid="impact-row" data-slo={s.sloId}>
                  <td>
                    {s.name} <span className="muted small">{formatPct(s.targetPct)} · {s.windowLabel}</span>
                  </td>
                  <td className="num">{s.total > 0 ? `${s.bad.toLocaleString('en-US')} / ${s.total.toLocaleString('en-US')}` : '—'}</td>
                  <td className="num">{s.spentMinutes === null ? '—' : budgetText(s.spentMinutes)}</td>
                  <td className="num" data-testid="impact-share">
                    {s.spentPct === null ? <span className="muted">{s.reason ?? 'unknown'}</span> : `${formatDecimal(s.spentPct, 1)} % of ${budgetText(s.budgetMinutes)}`}
                  </td>
                  <td>{at(0.5)} / {at(1)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {im.note && <p className="small muted" data-testid="impact-note">{im.note}</p>}
      {im.slos.length > 0 && (
        <div className="inc-explain small">
          <div data-testid="impact-formula">{im.formula}</div>
          <button type="button" className="small inc-no-print" aria-expanded={explain} onClick={() => setExplain((v) => !v)}>
            {explain ? 'Hide the numbers' : 'Explain: the numbers plugged in'}
          </button>
          <ul className={`plain-list${explain ? '' : ' inc-print-only'}`} data-testid="impact-worked">
            {im.slos.filter((s) => s.reason === null).map((s) => (
              <li key={s.sloId}>
                {s.name}: {s.worked}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
