// The alert queue: one row per alert group, worst first, virtualised so 10,000 rows scroll
// smoothly; filters and free-text search; keyboard triage (j/k, Enter, a, u, s, m, w, n, o, /).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { AlertSource, LOCAL_STATES, SEVERITIES, type AlertQueue, type LocalState, type QueueGroup, type Severity } from '@shared/contract/alerts';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatClock, formatDuration, formatSpan, formatTime, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { ActionDialog } from './ActionDialog';
import { SeverityBadge, StateBadge } from './badges';
import type { DialogKind } from './dialogFields';
import { SOURCE_LABEL, SOURCE_TAG, STATE_LABEL } from './labels';
import { QUEUE_SHORTCUTS } from './shortcuts';
import { useAlertActionKeys } from './actionKeys';
import { SilenceDialog } from './SilenceDialog';
import { timerText } from './timer';
import { SECOND_MS } from '@renderer/lib/time';

export interface QueueFilters {
  search: string;
  severities: Severity[];
  states: LocalState[];
  service: string;
  /** '' = every source. */
  source: AlertSource | '';
}

export const DEFAULT_FILTERS: QueueFilters = { search: '', severities: [...SEVERITIES], states: [...LOCAL_STATES], service: '', source: '' };

const ROW_HEIGHT = 46;

function matchesSearch(g: QueueGroup, words: string[]): boolean {
  if (words.length === 0) return true;
  const hay = `${g.title} ${g.name} ${g.service ?? ''} ${g.assignee ?? ''} ${g.acknowledgement?.by ?? ''} ${g.severity} ${STATE_LABEL[g.state]} ${Object.values(g.labels).join(' ')} ${g.lastNote?.body ?? ''}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function filterGroups(groups: readonly QueueGroup[], f: QueueFilters): QueueGroup[] {
  const words = f.search.toLowerCase().split(/\s+/).filter(Boolean);
  const sev = new Set(f.severities);
  const states = new Set(f.states);
  return groups.filter((g) => sev.has(g.severity) && states.has(g.state) && (!f.service || g.service === f.service) && (!f.source || g.source === f.source) && matchesSearch(g, words));
}

function stateDetail(g: QueueGroup, timeMode: TimeMode, now: number): string {
  if (g.state === 'snoozed' && g.snoozedUntil) return `until ${formatClock(g.snoozedUntil, timeMode)}`;
  if (g.state === 'silenced' && g.silence) return `until ${formatClock(g.silence.endsAt, timeMode)}`;
  if (g.state === 'in-maintenance' && g.maintenance) return g.maintenance.title;
  if (g.state === 'acknowledged' && g.acknowledgement) return `by ${g.acknowledgement.by}`;
  if (g.state === 'resolved' && g.resolvedAt) return formatAge(now - g.resolvedAt, 'ago');
  return '';
}

/** Who has the alert: its assignee, else whoever acknowledged it; '' when nobody. */
function ownerOf(group: QueueGroup): string {
  return group.assignee ?? (group.acknowledgement ? group.acknowledgement.by : '');
}

const QueueRow = memo(function QueueRow({
  group,
  rowIndex,
  selected,
  now,
  timeMode,
  top,
  onSelect,
  onOpen,
}: {
  group: QueueGroup;
  rowIndex: number;
  selected: boolean;
  now: number;
  timeMode: TimeMode;
  top: number;
  onSelect: (key: string) => void;
  onOpen: (key: string) => void;
}) {
  const timer = timerText(group, now);
  const owner = ownerOf(group);
  return (
    <div
      role="row"
      id={`aq-row-${rowIndex}`}
      aria-rowindex={rowIndex + 1}
      aria-selected={selected}
      className={`aq-row${selected ? ' selected' : ''} aq-${group.state}`}
      style={{ transform: `translateY(${top}px)` }}
      data-testid="alert-row"
      data-key={group.key}
      data-name={group.name}
      data-state={group.state}
      onClick={() => onSelect(group.key)}
      onDoubleClick={() => onOpen(group.key)}
    >
      <div role="gridcell" className="aq-sev">
        <SeverityBadge severity={group.severity} />
      </div>
      <div role="gridcell" className="aq-title">
        <div className="aq-title-main" title={group.title}>
          {group.title}
        </div>
        <div className="aq-title-sub muted">
          {group.name}
          {group.count > 1 && <span className="aq-count" title={`${group.count} alerts folded into this row`}>×{group.count}</span>}
          {SOURCE_TAG[group.source] && <span className="aq-count">{SOURCE_TAG[group.source]}</span>}
          {group.lastNote && (
            <span className="aq-note" title={`${group.lastNote.author}: ${group.lastNote.body}`} data-testid="row-note">
              ✎ {group.lastNote.body}
            </span>
          )}
        </div>
      </div>
      <div role="gridcell" className="aq-service">{group.service ?? '—'}</div>
      <div role="gridcell" className="aq-state">
        <StateBadge state={group.state} />
        <div className="muted small aq-state-detail">{stateDetail(group, timeMode, now)}</div>
      </div>
      <div role="gridcell" className="aq-age num" title={`Fired ${formatTime(group.firedAt, timeMode, true)}`}>
        {formatDuration(Math.max(0, now - group.firedAt))}
      </div>
      <div role="gridcell" className={`aq-timer ${timer.tone}`} title={timer.title} data-testid="row-timer">
        {timer.text}
      </div>
      <div role="gridcell" className="aq-owner" title={owner}>
        {owner || <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="aq-last muted" title={formatTime(group.lastChangeAt, timeMode, true)}>
        {formatAge(now - group.lastChangeAt, 'ago')}
      </div>
    </div>
  );
});

function Toggle<T extends string>({ value, on, count, onChange, label }: { value: T; on: boolean; count?: number; onChange: (v: T) => void; label?: string }) {
  return (
    <button type="button" className={on ? 'chip on' : 'chip'} aria-pressed={on} onClick={() => onChange(value)}>
      {label ?? value}
      {count !== undefined && <span className="chip-count">{count}</span>}
    </button>
  );
}

function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
}

export function AlertQueueView({
  queue,
  dataUpdatedAt,
  filters,
  setFilters,
  selectedKey,
  setSelectedKey,
  author,
  setAuthor,
  onOpen,
  onMessage,
}: {
  queue: AlertQueue;
  dataUpdatedAt: number;
  filters: QueueFilters;
  setFilters: (f: QueueFilters) => void;
  selectedKey: string | null;
  setSelectedKey: (key: string | null) => void;
  author: string;
  setAuthor: (a: string) => void;
  onOpen: (key: string) => void;
  onMessage: (m: string) => void;
}) {
  const { timeMode } = usePrefs();
  const now = useNow(5 * SECOND_MS);
  // The dialog keeps the group it was opened for: a refresh while it is open must not send a
  // note to whichever row has moved under the cursor. `version` is the data it was opened on.
  const [dialog, setDialogState] = useState<{ kind: DialogKind; group: QueueGroup | null; version: number } | null>(null);
  // After an action the cursor stays on the same row position (the next alert moves up into
  // it) once the queue has been re-read; `rememberedIndex` keeps the position when the
  // selected row leaves the list for any other reason.
  const [pin, setPin] = useState<{ index: number; version: number } | null>(null);
  const [rememberedIndex, setRememberedIndex] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => filterGroups(queue.groups, filters), [queue.groups, filters]);
  const services = useMemo(() => [...new Set(queue.groups.flatMap((g) => (g.service ? [g.service] : [])))].sort(), [queue.groups]);
  const sourceCounts = useMemo(() => {
    const c: Partial<Record<AlertSource, number>> = {};
    for (const g of queue.groups) c[g.source] = (c[g.source] ?? 0) + 1;
    return c;
  }, [queue.groups]);
  const severityCounts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const g of queue.groups) c[g.severity] = (c[g.severity] ?? 0) + 1;
    return c;
  }, [queue.groups]);
  const keyIndex = selectedKey === null ? 0 : rows.findIndex((g) => g.key === selectedKey);
  const clampIndex = (i: number): number => Math.max(0, Math.min(rows.length - 1, i));
  const pinApplies = pin !== null && dataUpdatedAt > pin.version;
  const index = pinApplies ? clampIndex(pin.index) : keyIndex >= 0 ? keyIndex : clampIndex(rememberedIndex);
  if (index !== rememberedIndex) setRememberedIndex(index);
  const selected = rows[index] ?? null;
  const setDialog = useCallback((kind: DialogKind | null) => setDialogState(kind === null ? null : { kind, group: selected, version: dataUpdatedAt }), [selected, dataUpdatedAt]);
  useEffect(() => {
    if (pinApplies) setPin(null);
    const key = rows[index]?.key;
    if (key !== undefined && key !== selectedKey) setSelectedKey(key);
  }, [pinApplies, rows, index, selectedKey, setSelectedKey]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-measures on every render by design; nothing here is compiler-memoized
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  // How long the rows took to reach the screen after the data arrived (read by the benchmark).
  useLayoutEffect(() => {
    const el = rootRef.current;
    if (!el || !dataUpdatedAt) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        el.dataset.renderMs = String(Date.now() - dataUpdatedAt);
        el.dataset.renderedRows = String(rows.length);
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [dataUpdatedAt, rows.length]);

  const select = useCallback(
    (i: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (!target) return;
      setSelectedKey(target.key);
      virtualizer.scrollToIndex(rows.indexOf(target), { align: 'auto' });
    },
    [rows, setSelectedKey, virtualizer],
  );

  const act = useCallback(
    (kind: DialogKind): void => {
      if (!selected) return;
      if (kind !== 'silence' && kind !== 'note' && selected.state === 'resolved') {
        onMessage(`${selected.name} has resolved: nothing to ${kind === 'ack' ? 'acknowledge' : kind}. Notes still work (n).`);
        return;
      }
      setDialog(kind);
    },
    [selected, onMessage, setDialog],
  );
  const queueKeys = useMemo<ShortcutHandlers<typeof QUEUE_SHORTCUTS.table>>(
    () => ({
      next: () => select(index + 1),
      previous: () => select(index - 1),
      first: () => select(0),
      last: () => select(rows.length - 1),
      open: () => {
        if (selected) onOpen(selected.key);
      },
      search: () => {
        searchRef.current?.focus();
        searchRef.current?.select();
      },
    }),
    [select, index, rows.length, selected, onOpen],
  );
  // An open dialog owns the keyboard.
  useShortcuts(QUEUE_SHORTCUTS, queueKeys, !dialog);
  const silence = useCallback(() => setDialog('silence'), [setDialog]);
  useAlertActionKeys(selected, act, silence, onMessage, !dialog);

  const done = (message: string): void => {
    if (dialog) setPin({ index, version: dialog.version });
    setDialog(null);
    onMessage(message);
  };

  const filtered = rows.length !== queue.groups.length;
  return (
    <div className="aq" ref={rootRef} data-testid="alert-queue" data-rows={rows.length}>
      <div className="aq-filters">
        <input
          ref={searchRef}
          className="aq-search"
          type="search"
          placeholder="Filter: title, name, service, owner, note…  ( / )"
          value={filters.search}
          onChange={(e) => setFilters({ ...filters, search: e.target.value })}
          onKeyDown={(e) => {
            // Esc leaves the filter, Enter goes to the first match: the queue's keys work again.
            if (e.key === 'Escape' || e.key === 'Enter') {
              e.preventDefault();
              e.currentTarget.blur();
              if (e.key === 'Enter') select(0);
            }
          }}
          aria-label="Filter the alert queue"
          data-testid="alert-search"
        />
        <div className="chips" role="group" aria-label="Severity">
          {SEVERITIES.map((s) => (
            <Toggle key={s} value={s} on={filters.severities.includes(s)} count={severityCounts[s] ?? 0} onChange={(v) => setFilters({ ...filters, severities: toggled(filters.severities, v) })} />
          ))}
        </div>
        <div className="chips" role="group" aria-label="State">
          {LOCAL_STATES.map((s) => (
            <Toggle key={s} value={s} label={STATE_LABEL[s]} on={filters.states.includes(s)} count={queue.counts[s] ?? 0} onChange={(v) => setFilters({ ...filters, states: toggled(filters.states, v) })} />
          ))}
        </div>
        <select value={filters.service} onChange={(e) => setFilters({ ...filters, service: e.target.value })} aria-label="Service">
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select value={filters.source} onChange={(e) => setFilters({ ...filters, source: e.target.value as QueueFilters['source'] })} aria-label="Source" data-testid="alert-source-filter">
          <option value="">All sources</option>
          {AlertSource.options.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABEL[s]} ({sourceCounts[s] ?? 0})
            </option>
          ))}
        </select>
        {filtered && (
          <button type="button" onClick={() => setFilters(DEFAULT_FILTERS)}>
            Clear filters ({rows.length} of {queue.groups.length})
          </button>
        )}
      </div>

      {/* In the tab order, so Tab reaches the queue; j/k move the cursor, announced as the active row. */}
      <div
        className={`aq-grid${rows.some(ownerOf) ? '' : ' aq-no-owner'}`}
        role="grid"
        aria-label="Alert queue"
        aria-rowcount={rows.length}
        tabIndex={0}
        aria-activedescendant={selected ? `aq-row-${index}` : undefined}
        data-testid="alert-grid"
      >
        <div role="row" className="aq-row aq-head">
          <div role="columnheader">Sev</div>
          <div role="columnheader">Alert</div>
          <div role="columnheader">Service</div>
          <div role="columnheader">State</div>
          <div role="columnheader" className="num">Age</div>
          <div role="columnheader">Response target</div>
          <div role="columnheader">Owner</div>
          <div role="columnheader">Last change</div>
        </div>
        <div className="aq-scroll" ref={scrollRef}>
          {rows.length === 0 ? (
            <div className="aq-empty muted" data-testid="alert-queue-empty">
              {queue.groups.length === 0
                ? `Nothing firing, and nothing resolved in the last ${formatSpan(queue.resolvedKeptMs)}.`
                : 'No alert matches these filters.'}
            </div>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const g = rows[item.index]!;
                return <QueueRow key={g.key} group={g} rowIndex={item.index} selected={item.index === index} now={now} timeMode={timeMode} top={item.start} onSelect={setSelectedKey} onOpen={onOpen} />;
              })}
            </div>
          )}
        </div>
      </div>

      {dialog && dialog.group && dialog.kind !== 'silence' && (
        <ActionDialog kind={dialog.kind} group={dialog.group} author={author} onAuthor={setAuthor} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'silence' && <SilenceDialog group={dialog.group} groups={queue.groups} author={author} onAuthor={setAuthor} onClose={() => setDialog(null)} onDone={done} />}
    </div>
  );
}
