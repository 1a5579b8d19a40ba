// What the app has to tell the user about itself (journal salvaged, cache rebuilt, config
// documents ignored): one line each in the banner on every screen, the whole story on Settings.
import type { Notice } from '@shared/contract/notices';
import { useApi } from '@renderer/data/api';
import { formatCount, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';

const bannerClass = (n: Notice): string => (n.severity === 'error' ? 'banner-offline' : n.severity === 'warning' ? 'banner-degraded' : '');

/** One line per notice, for the banner; links to Settings for the details. */
export function NoticeBanner() {
  const { data } = useApi('notices', {});
  const { timeMode } = usePrefs();
  if (!data || data.length === 0) return null;
  return (
    <>
      {data.map((n) => (
        <div key={n.id} className={`banner ${bannerClass(n)}`} role="alert" data-testid="notice-banner" data-area={n.area}>
          <span className="banner-dot" aria-hidden />
          <span style={{ overflowWrap: 'anywhere' }}>{n.title}</span>
          <span className="banner-age">{formatTime(n.at, timeMode)}</span>
          <a href="#/settings">details in Settings</a>
        </div>
      ))}
    </>
  );
}

/** Every notice in full, with rows salvaged per table and where the originals are kept. */
export function NoticeList() {
  const { data } = useApi('notices', {});
  const { timeMode } = usePrefs();
  if (!data) return <p className="muted">…</p>;
  if (data.length === 0) return <p className="muted" data-testid="notices-none">Nothing to report: journal and cache opened healthy.</p>;
  return (
    <>
      {data.map((n) => (
        <div key={n.id} className="card" data-testid="notice" data-area={n.area} style={{ overflowWrap: 'anywhere' }}>
          <p>
            <strong className={n.severity === 'error' ? 'bad' : n.severity === 'warning' ? 'warn' : undefined}>{n.title}</strong>{' '}
            <span className="muted">({formatTime(n.at, timeMode, true)})</span>
          </p>
          <p className="small">{n.detail}</p>
          {n.rows.length > 0 && (
            <table className="grid" data-testid="notice-rows">
              <thead>
                <tr><th>Table</th><th>Rows salvaged</th><th>Unreadable ranges</th></tr>
              </thead>
              <tbody>
                {n.rows.map((r) => (
                  <tr key={r.table}><td><code>{r.table}</code></td><td>{formatCount(r.rows)}</td><td>{formatCount(r.unreadableRanges)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {n.keptAs.length > 0 && (
            <p className="small">
              Kept as:{' '}
              {n.keptAs.map((f) => (
                <code key={f} className="path">{f} </code>
              ))}
            </p>
          )}
        </div>
      ))}
    </>
  );
}
