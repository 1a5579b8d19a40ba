// One resource: its controls with evidence, RPO now and RTO evidence, the achievability verdict,
// recovery points with their delete dates, and its backup, copy and restore jobs.
import { useApi } from '@renderer/data/api';
import { formatDuration, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { CONTROL_LABELS, STATUS_CLASS, STATUS_TEXT, formatMinutes } from './labels';
import { BACKUP_DETAIL_SHORTCUTS } from './shortcuts';

const BACK_KEYS: ShortcutHandlers<typeof BACKUP_DETAIL_SHORTCUTS.table> = {
  back: () => {
    window.location.hash = '#/backups';
  },
};

export function ResourceDetail({ arn }: { arn: string }) {
  const { timeMode } = usePrefs();
  const q = useApi('backupResource', { arn });
  useShortcuts(BACKUP_DETAIL_SHORTCUTS, BACK_KEYS);
  const back = (
    <a href="#/backups" className="small">
      ← All backups
    </a>
  );
  if (q.isPending) return <section className="page">{back}<p className="muted">Reading the local cache…</p></section>;
  if (q.isError && !q.data)
    return (
      <section className="page">
        {back}
        <p className="error" role="alert">
          {q.error.message}
        </p>
      </section>
    );
  const { resource: r, points, jobs, events } = q.data;
  const a = r.achievability;
  const restores = jobs.filter((j) => j.kind === 'restore');
  return (
    <section className="page bk-page" data-testid="bk-detail">
      {back}
      <header className="page-head">
        <h1>{r.name}</h1>
        <span className="muted">
          {r.type} · <code className="bk-arn">{r.arn}</code>
        </span>
      </header>
      <p className="small muted">
        {r.plans.length ? `Backup plans: ${r.plans.join(', ')}` : 'In no backup plan'} · policy {r.policy.frequency}, {r.policy.retentionDays} d, RPO {formatMinutes(r.policy.rpoMinutes)}, RTO {formatMinutes(r.policy.rtoMinutes)}
        {r.policy.overrides.length > 0 && ` (${r.policy.overrides.join(', ')})`}
      </p>
      <div className="bk-policy-verdict">
        <div className="card">
          <div className="card-label">If we restore now, what do we lose?</div>
          <div className={`card-value ${r.rpo.met === false ? 'bad' : r.rpo.met ? 'ok' : 'muted'}`}>
            {formatMinutes(r.rpo.nowMinutes)} <span className="unit">RPO now · target {formatMinutes(r.rpo.targetMinutes)}</span>
          </div>
          <div className="card-foot">
            {r.rpo.newestRestorableAt !== null ? `newest restorable point ${formatTime(r.rpo.newestRestorableAt, timeMode)} (${r.rpo.basis})` : 'nothing restorable is known'}
          </div>
          <p className="small">
            <span className={`status ${a.rpo.achievable === false ? 'bad' : a.rpo.achievable ? 'ok' : 'muted'}`}>{a.rpo.achievable === false ? 'NOT ACHIEVABLE' : a.rpo.achievable ? 'ACHIEVABLE' : 'UNKNOWN'}</span> {a.rpo.explanation}
          </p>
        </div>
        <div className="card">
          <div className="card-label">How long does it take?</div>
          <div className={`card-value ${a.rto.achievable === false ? 'bad' : a.rto.achievable ? 'ok' : 'muted'}`}>
            {formatMinutes(r.rto.p50Minutes)} <span className="unit">restore P50 · P95 {formatMinutes(r.rto.p95Minutes)} · last {formatMinutes(r.rto.lastMinutes)} · target {formatMinutes(r.rto.targetMinutes)}</span>
          </div>
          <div className="card-foot">
            {r.rto.restores} restore{r.rto.restores === 1 ? '' : 's'} ·{' '}
            {r.rto.lastTestAt !== null ? `last restore test ${r.rto.daysSinceLastTest} d ago (${formatTime(r.rto.lastTestAt, timeMode)})` : 'never restore-tested'}
          </div>
          <p className="small">
            <span className={`status ${a.rto.achievable === false ? 'bad' : a.rto.achievable ? 'ok' : 'muted'}`}>{a.rto.achievable === false ? 'NOT ACHIEVABLE' : a.rto.achievable ? 'ACHIEVABLE' : 'UNKNOWN'}</span> {a.rto.explanation}
          </p>
        </div>
      </div>
      {a.alternatives.length > 0 && (
        <>
          <h2>What would approach the targets</h2>
          <ul className="bk-alternatives">
            {a.alternatives.map((x) => (
              <li key={x.name}>
                <span className={`status ${x.present ? 'ok' : 'muted'}`}>{x.present ? 'IN PLACE' : 'NOT IN PLACE'}</span> <strong>{x.name}</strong> — {x.approaches}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Controls</h2>
      <table className="grid bk-controls">
        <tbody>
          {r.controls.map((c) => (
            <tr key={c.control}>
              <th title={CONTROL_LABELS[c.control]?.long}>
                <code>{c.control}</code>
              </th>
              <td>
                <span className={`status ${STATUS_CLASS[c.status]}`}>{STATUS_TEXT[c.status]}</span>
              </td>
              <td className="bk-wrap">
                {c.evidence}
                {c.since !== null && <span className="muted small"> · since {formatTime(c.since, timeMode)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Restores</h2>
      {restores.length === 0 ? (
        <p className="muted">Never restored.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Started</th>
              <th>Why</th>
              <th className="num">Took</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {restores.map((j) => (
              <tr key={j.id}>
                <td>{formatTime(j.createdAt, timeMode)}</td>
                <td>{j.restoreTest ? 'restore test' : (j.message ?? 'restore')}</td>
                <td className={`num ${j.minutes !== null && j.minutes > r.rto.targetMinutes ? 'bad' : ''}`}>{formatMinutes(j.minutes)}</td>
                <td>{j.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Recovery points ({points.length})</h2>
      {points.length === 0 ? (
        <p className="muted">No AWS Backup recovery points.</p>
      ) : (
        <table className="grid" data-testid="bk-points">
          <thead>
            <tr>
              <th>Created</th>
              <th>Deleted at</th>
              <th>Status</th>
              <th>Encrypted</th>
              <th>Vault</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.arn} title={p.arn}>
                <td>{p.createdAt === null ? <span className="warn">no creation date</span> : formatTime(p.createdAt, timeMode)}</td>
                <td className={p.deleteAt !== null && p.deleteAt < q.data.generatedAt ? 'bad' : ''}>
                  {p.deleteAt === null ? 'never' : `${formatTime(p.deleteAt, timeMode)}${p.deleteAt < q.data.generatedAt ? ` — ${formatDuration(q.data.generatedAt - p.deleteAt)} overdue` : ''}`}
                </td>
                <td className={p.status === 'COMPLETED' ? '' : 'warn'}>{p.status}</td>
                <td className={p.encrypted === false ? 'bad' : ''}>{p.encrypted === null ? '—' : p.encrypted ? 'yes' : 'NO'}</td>
                <td>
                  {p.vault} {p.vaultLocked ? <span className="muted small">(locked)</span> : <span className="warn small">(not locked)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Job history ({jobs.length})</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>Created</th>
            <th>Kind</th>
            <th>State</th>
            <th className="num">Took</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {jobs.slice(0, 120).map((j) => (
            <tr key={`${j.kind}/${j.id}`}>
              <td>{formatTime(j.createdAt, timeMode)}</td>
              <td>{j.kind}</td>
              <td className={j.state === 'COMPLETED' ? '' : j.state === 'RUNNING' || j.state === 'CREATED' ? 'muted' : 'bad'}>{j.state}</td>
              <td className="num">{formatMinutes(j.minutes)}</td>
              <td className="bk-wrap small">{j.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.length > 0 && (
        <>
          <h2>RDS backup and restore events · 14 days</h2>
          <ul className="plain-list small">
            {events.slice(0, 40).map((e) => (
              <li key={`${e.at}/${e.sourceId}/${e.message}`}>
                {formatTime(e.at, timeMode)} · {e.sourceId}: {e.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
