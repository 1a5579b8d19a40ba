// The "as of" tag every page puts on figures computed from cached data that is not current.
import { formatAge, formatTime, type TimeMode } from '@renderer/lib/format';
import { isStale } from '@renderer/lib/time';

/** "as of 2026-11-23 14:05 UTC · 3 h 10 min old", for figures that are not current. */
export function StaleTag({ dataAsOf, now, timeMode }: { dataAsOf: number | null; now: number; timeMode: TimeMode }) {
  if (dataAsOf === null || !isStale(dataAsOf, now)) return null;
  return (
    <span className="tag tag-warn slo-stale" data-testid="slo-stale" title="Computed from cached data: the budget may have changed since">
      as of {formatTime(dataAsOf, timeMode)} · {formatAge(now - dataAsOf, 'old')}
    </span>
  );
}
