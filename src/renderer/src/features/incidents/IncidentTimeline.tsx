// The merged timeline: an axis strip (ticks per entry, bars for gaps and spans) over a list,
// with zoom from 30 days to 1 minute. Keyboard: j/k select, +/− zoom, [ ] pan, 0 reset,
// p pin, h hide/unhide, a annotate.
import { useMemo, useState } from 'react';
import type { TimelineEntryOut } from '@shared/contract/incidents';
import { useApi, useApiMutation } from '@renderer/data/api';
import { formatDuration, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { IncidentCharts } from './IncidentCharts';
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { ZOOM_LABEL, ZOOM_LEVELS_MS } from './shared';
import { INCIDENT_TIMELINE_SHORTCUTS } from './shortcuts';

type Win = { from: number; to: number } | null;

export function IncidentTimelineView({ id, me }: { id: string; me: string }) {
  const { timeMode } = usePrefs();
  const [win, setWin] = useState<Win>(null);
  const [selected, setSelected] = useState(0);
  const [showHidden, setShowHidden] = useState(false);
  const [kinds, setKinds] = useState<'all' | 'related'>('all');
  const q = useApi('incidentTimeline', win ? { id, from: win.from, to: win.to } : { id });
  const mark = useApiMutation('markTimelineEntry');
  const t = q.data;
  const entries = useMemo(
    () => (t?.entries ?? []).filter((e) => (showHidden || !e.hidden) && (kinds === 'all' || e.kind !== 'alarm' || e.severity !== 'info')),
    [t, showHidden, kinds],
  );
  const current = entries[Math.min(selected, entries.length - 1)];

  const span = t ? t.to - t.from : 0;
  const zoom = (dir: 1 | -1): void => {
    if (!t) return;
    const center = current ? current.at : (t.from + t.to) / 2;
    // The next level in that direction from the current span.
    const levels = [...ZOOM_LEVELS_MS];
    const next = dir > 0 ? levels.find((l) => l < span - 1) : [...levels].reverse().find((l) => l > span + 1);
    if (!next) return;
    setWin({ from: Math.max(0, Math.round(center - next / 2)), to: Math.round(center + next / 2) });
  };
  const pan = (dir: 1 | -1): void => {
    if (!t) return;
    const step = Math.round(span / 2) * dir;
    setWin({ from: Math.max(0, t.from + step), to: t.to + step });
  };
  const act = async (kind: 'pin' | 'unpin' | 'hide' | 'unhide' | 'annotate', e: TimelineEntryOut | undefined): Promise<void> => {
    if (!e) return;
    let body: string | null = null;
    if (kind === 'annotate') {
      body = window.prompt(`Annotation for “${e.title}”`) ?? null;
      if (!body) return;
    }
    try {
      await mark.mutateAsync({ id, entryKey: e.key, kind, body, author: me });
    } catch (err) {
      window.alert((err as Error).message);
    }
  };

  const keys: ShortcutHandlers<typeof INCIDENT_TIMELINE_SHORTCUTS.table> = {
    next: () => setSelected((i) => Math.min(entries.length - 1, i + 1)),
    previous: () => setSelected((i) => Math.max(0, i - 1)),
    zoomIn: () => zoom(1),
    zoomOut: () => zoom(-1),
    earlier: () => pan(-1),
    later: () => pan(1),
    reset: () => setWin(null),
    pin: () => void act(current?.pinned ? 'unpin' : 'pin', current),
    hide: () => void act(current?.hidden ? 'unhide' : 'hide', current),
    annotate: () => void act('annotate', current),
  };
  useShortcuts(INCIDENT_TIMELINE_SHORTCUTS, keys);

  if (q.error) return <p className="error">{q.error.message}</p>;
  if (!t) return <p className="muted">Rebuilding the timeline from the cache…</p>;
  const x = (ms: number): string => `${Math.max(0, Math.min(100, ((ms - t.from) / span) * 100))}%`;
  const level = ZOOM_LEVELS_MS.findIndex((l) => Math.abs(l - span) < 1_000);
  return (
    <div data-testid="incident-timeline" data-entries={entries.length}>
      <div className="inc-toolbar small">
        <span>
          {formatTime(t.from, timeMode)} → {formatTime(t.to, timeMode)} ({formatDuration(span)})
        </span>
        <button onClick={() => zoom(-1)} aria-label="Zoom out">−</button>
        <span className="muted">{level >= 0 ? ZOOM_LABEL[level] : 'incident window'}</span>
        <button onClick={() => zoom(1)} aria-label="Zoom in">+</button>
        <button onClick={() => pan(-1)} aria-label="Earlier">[</button>
        <button onClick={() => pan(1)} aria-label="Later">]</button>
        <button onClick={() => setWin(null)}>Incident window (0)</button>
        <label>
          <input type="checkbox" style={{ width: 'auto' }} checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} /> show hidden
        </label>
        <label>
          <input type="checkbox" style={{ width: 'auto' }} checked={kinds === 'related'} onChange={(e) => setKinds(e.target.checked ? 'related' : 'all')} /> related alarms only
        </label>
      </div>
      {t.notices.map((n) => (
        <p key={n} className="warn small">{n}</p>
      ))}
      <div className="muted small">
        Built from the local cache in {t.buildMs.toFixed(0)} ms{t.dataAsOf !== null ? ` · data as of ${formatTime(t.dataAsOf, timeMode)}` : ' · no cached data'}
        {t.truncated > 0 ? ` · ${t.truncated} more entries: zoom in` : ''}
      </div>
      <div className="inc-axis" aria-hidden="true">
        {entries.map((e) =>
          e.endAt !== null ? (
            <div key={`s-${e.key}`} className="inc-span" style={{ left: x(e.at), width: `calc(${x(e.endAt)} - ${x(e.at)})` }} title={e.title} />
          ) : null,
        )}
        {entries.map((e) => (
          <div key={e.key} className={`inc-tick ${e.kind} ${e.severity}`} style={{ left: x(e.at) }} title={`${formatTime(e.at, timeMode)} ${e.title}`} />
        ))}
      </div>
      <IncidentCharts
        id={id}
        window={{ from: t.from, to: t.to }}
        marks={entries.filter((e) => e.kind === 'milestone' || e.kind === 'slo-budget' || (e.kind === 'change' && e.severity !== 'info')).map((e) => ({ at: e.at, label: e.title }))}
      />
      <ol className="inc-tl" aria-label="Timeline entries">
        {entries.map((e, i) => (
          <li
            key={e.key}
            aria-current={current?.key === e.key ? 'true' : undefined}
            className={`${e.kind}${e.hidden ? ' hidden-entry' : ''}`}
            data-testid="timeline-entry"
            data-kind={e.kind}
            data-key={e.key}
            onClick={() => setSelected(i)}
          >
            <span className="small">
              {formatTime(e.at, timeMode, true)}
              {e.zone !== 'UTC' && <div className="muted">written in {e.zone}</div>}
            </span>
            <span className={`inc-kind ${e.severity}`}>{e.kind}</span>
            <span className="what">
              {e.pinned && <span title="pinned">📌 </span>}
              {e.title}
              {e.endAt !== null && <span className="muted"> · {formatDuration(e.endAt - e.at)}</span>}
              {e.detail && <div className="muted small">{e.detail}</div>}
              {e.original && (
                <div className="muted small">
                  corrected by {e.correctedBy}; was “{e.original.title}” at {formatTime(e.original.at, timeMode, true)}
                </div>
              )}
              {e.annotations.map((a) => (
                <div key={a.id} className="small">💬 {a.author}: {a.body}</div>
              ))}
              <div className="muted small">{e.sources.join(' + ')}{e.actor ? ` · ${e.actor}` : ''}{e.hidden ? ' · hidden (h to show again)' : ''}</div>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
