// Always visible: is the source reachable, since when not, and how old is what you see.
import type { SourceStatus } from '@shared/contract/core';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatDuration, formatTime, NO_DATA } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { MINUTE_MS, STALE_AFTER_MS, SECOND_MS } from '@renderer/lib/time';

/** Beyond ordinary clock skew: the cached data is from after the clock. */
const CACHE_AHEAD_MS = 2 * MINUTE_MS;
import { NoticeBanner } from '@renderer/components/common/Notices';
import { partsSentence } from '@renderer/components/common/SyncParts';

export function ConnectivityBanner({ sources, error }: { sources: SourceStatus[] | undefined; error: Error | null }) {
  const { timeMode } = usePrefs();
  const now = useNow(5 * SECOND_MS);
  if (error && !sources) {
    return (
      <div className="banner banner-offline" role="status" data-testid="connectivity">
        Opsdeck's own back end is not answering ({error.message}). Showing what this window last loaded.
      </div>
    );
  }
  if (!sources) return <div className="banner" role="status" data-testid="connectivity">Connecting…</div>;
  return (
    <>
      <NoticeBanner />
      {sources.map((s) => {
        const age = s.dataAsOf === null ? null : now - s.dataAsOf;
        // A cache newer than the clock (serve --demo-clock on a data dir a later run filled):
        // said as such, not as "just now" — the figures are from after the time shown.
        const ahead = age !== null && age < -CACHE_AHEAD_MS;
        const ageText =
          age === null
            ? NO_DATA
            : `data as of ${formatTime(s.dataAsOf ?? 0, timeMode)} (${ahead ? `${formatDuration(-age)} newer than the clock: the cache holds a later run’s data, nothing to fetch until the clock passes it` : formatAge(age, 'old')})`;
        const stale = age !== null && age > STALE_AFTER_MS;
        const cls = s.state === 'online' ? (stale ? 'banner-degraded' : 'banner-online') : s.state === 'degraded' ? 'banner-degraded' : 'banner-offline';
        return (
          <div key={s.id} className={`banner ${cls}`} role="status" data-testid="connectivity" data-state={s.state}>
            <span className="banner-dot" aria-hidden />
            <strong>{s.label}</strong>
            <span>
              {s.state === 'online' && 'online'}
              {s.state === 'degraded' && `degraded — ${partsSentence(s, timeMode) ?? s.lastError ?? 'retrying'}`}
              {s.state === 'offline' &&
                `OFFLINE since ${s.offlineSince ? formatTime(s.offlineSince, timeMode) : 'start-up'} — showing cached data`}
            </span>
            <span className={ahead ? 'tag tag-warn' : 'banner-age'} data-testid="connectivity-age">
              {ageText}
            </span>
            {s.state !== 'online' && s.lastSuccessAt && <span className="banner-age">last successful sync {formatTime(s.lastSuccessAt, timeMode)}</span>}
            {s.state !== 'online' && s.nextAttemptAt !== null && (
              <span className="banner-age">{s.nextAttemptAt > now ? `next try in ${formatDuration(s.nextAttemptAt - now)}` : 'trying now'}</span>
            )}
            {!s.backfill.complete && s.backfill.seriesTotal > 0 && (
              <span className="banner-age">
                history: {s.backfill.seriesDone}/{s.backfill.seriesTotal} series
              </span>
            )}
            {s.demoOutage && <span className="tag tag-warn">demo outage switch is ON</span>}
            {s.clockOffsetMs !== 0 && (
              <span className="tag tag-warn" title="serve mode was started with --demo-clock: the simulated platform and this app run at that time">
                DEMO CLOCK {formatTime(now, timeMode)}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}
