// Resources × controls, colour and text in every cell, sortable by any column, and a grid
// you move through with the arrow keys: the focused cell's evidence shows below the table,
// Enter opens the resource.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { BackupsView, ResourceEvaluation } from '@shared/contract/backups';
import { formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { CONTROL_LABELS, STATUS_CLASS, STATUS_RANK, STATUS_TEXT, resourceHash } from './labels';

type SortKey = 'risk' | 'name' | string;

export function ComplianceMatrix({ view }: { view: BackupsView }) {
  const { timeMode } = usePrefs();
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'risk', asc: true });
  const [focus, setFocus] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const table = useRef<HTMLTableElement>(null);
  const controls = view.controls.map((c) => c.id);

  const rows = useMemo(() => {
    const statusOf = (r: ResourceEvaluation, id: string): number => {
      const c = r.controls.find((x) => x.control === id);
      return c ? STATUS_RANK[c.status] : 3;
    };
    const cmp = (a: ResourceEvaluation, b: ResourceEvaluation): number => {
      if (sort.key === 'risk') return b.risk.score - a.risk.score || a.name.localeCompare(b.name);
      if (sort.key === 'name') return a.name.localeCompare(b.name);
      return statusOf(a, sort.key) - statusOf(b, sort.key) || b.risk.score - a.risk.score;
    };
    const sorted = [...view.resources].sort(cmp);
    return sort.asc ? sorted : sorted.reverse();
  }, [view.resources, sort]);

  const sortBy = (key: SortKey): void => setSort((s) => (s.key === key ? { key, asc: !s.asc } : { key, asc: true }));
  const ariaSort = (key: SortKey): 'ascending' | 'descending' | 'none' => (sort.key === key ? (sort.asc ? 'ascending' : 'descending') : 'none');

  const moveTo = (row: number, col: number): void => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    const c = Math.max(0, Math.min(controls.length, col));
    setFocus({ row: r, col: c });
    table.current?.querySelector<HTMLElement>(`[data-cell="${r}:${c}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLTableElement>): void => {
    const { row, col } = focus;
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(row + 1, col),
      ArrowUp: () => moveTo(row - 1, col),
      ArrowRight: () => moveTo(row, col + 1),
      ArrowLeft: () => moveTo(row, col - 1),
      Home: () => moveTo(row, 0),
      End: () => moveTo(row, controls.length),
      PageDown: () => moveTo(rows.length - 1, col),
      PageUp: () => moveTo(0, col),
      Enter: () => {
        const r = rows[row];
        if (r) window.location.hash = resourceHash(r.arn);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      e.stopPropagation();
      action();
    }
  };

  const focused = rows[focus.row];
  const focusedControl = focus.col > 0 ? focused?.controls.find((c) => c.control === controls[focus.col - 1]) : undefined;

  return (
    <div className="bk-matrix-wrap">
      <table className="grid bk-matrix" role="grid" aria-label="Compliance matrix: resources by AWS Backup Audit Manager controls" ref={table} onKeyDown={onKey} data-testid="bk-matrix">
        <thead>
          <tr>
            <th aria-sort={ariaSort('name')}>
              <button className="bk-sort" onClick={() => sortBy('name')}>
                Resource {sort.key === 'name' ? (sort.asc ? '▲' : '▼') : ''}
              </button>
              <button className="bk-sort bk-sort-risk" onClick={() => sortBy('risk')} title="Sort by risk">
                risk {sort.key === 'risk' ? (sort.asc ? '▼' : '▲') : ''}
              </button>
            </th>
            {view.controls.map((c) => (
              <th key={c.id} aria-sort={ariaSort(c.id)} className="bk-col">
                <button className="bk-sort" onClick={() => sortBy(c.id)} title={`${c.id}\n${CONTROL_LABELS[c.id]?.long ?? ''}\nParameters: ${c.parameters}\nClick to sort (worst first)`}>
                  {CONTROL_LABELS[c.id]?.short ?? c.id} {sort.key === c.id ? (sort.asc ? '▲' : '▼') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.arn} data-testid="bk-row" data-arn={r.arn} aria-selected={focus.row === i}>
              <th scope="row" className="bk-res">
                <a href={resourceHash(r.arn)} tabIndex={focus.row === i && focus.col === 0 ? 0 : -1} data-cell={`${i}:0`} onFocus={() => setFocus({ row: i, col: 0 })}>
                  {r.name}
                </a>
                <span className="muted small"> {r.type}</span>
              </th>
              {controls.map((id, j) => {
                const c = r.controls.find((x) => x.control === id);
                const col = j + 1;
                return (
                  <td
                    key={id}
                    className={`bk-cell ${c ? STATUS_CLASS[c.status] : 'muted'}`}
                    role="gridcell"
                    tabIndex={focus.row === i && focus.col === col ? 0 : -1}
                    data-cell={`${i}:${col}`}
                    data-status={c?.status ?? 'OFF'}
                    onFocus={() => setFocus({ row: i, col })}
                    onClick={() => setFocus({ row: i, col })}
                    title={c ? `${id}: ${c.status}\n${c.evidence}` : `${id}: switched off by the policy`}
                  >
                    {c ? STATUS_TEXT[c.status] : 'off'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="bk-evidence" aria-live="polite" data-testid="bk-evidence">
        {focused && focusedControl ? (
          <>
            <strong>{focused.name}</strong> · <code>{focusedControl.control}</code> ·{' '}
            <span className={`status ${STATUS_CLASS[focusedControl.status]}`}>{focusedControl.status.replace('_', ' ')}</span>
            {focusedControl.since !== null && <span className="muted"> since {formatTime(focusedControl.since, timeMode)}</span>}
            <div>{focusedControl.evidence}</div>
          </>
        ) : (
          <span className="muted">Arrow keys move through the matrix; the focused cell's evidence shows here; Enter opens the resource.</span>
        )}
      </div>
    </div>
  );
}
