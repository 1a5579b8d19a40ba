// The Overview's backup tile: compliant resources, the worst RPO now, the last failed job.
import { useApi } from '@renderer/data/api';
import { formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { formatMinutes } from './labels';
import './backups.css';

export function BackupsTile() {
  const { timeMode } = usePrefs();
  const q = useApi('backups', {});
  const s = q.data?.summary;
  return (
    <a className="card bk-tile" href="#/backups" data-testid="backups-tile">
      <div className="card-label">Backups · compliant resources</div>
      <div className={`card-value ${s && s.compliant === s.total ? 'ok' : 'bad'}`}>
        {s ? s.compliant : '—'}
        <span className="unit"> of {s?.total ?? '—'}</span>
      </div>
      <div className="card-foot">
        {s?.worstRpo ? (
          <>
            worst RPO now <strong>{formatMinutes(s.worstRpo.minutes)}</strong> ({s.worstRpo.name})
          </>
        ) : (
          <span className="muted">{q.isPending ? 'reading the cache…' : 'no restorable point known'}</span>
        )}
      </div>
      <div className="card-foot muted">{s?.lastFailed ? `last failed: ${s.lastFailed.resourceName}, ${formatTime(s.lastFailed.at, timeMode)}` : s ? 'no failed job in 30 days' : ''}</div>
    </a>
  );
}
