// The SLO list: every SLO grouped by service, worst first by default, sortable by any column.
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { SLO_LIST_SHORTCUTS } from './shortcuts';
import { useMemo, useState } from 'react';
import type { SloList, SloSummary } from '@shared/contract/slos';
import { BudgetBar } from '@renderer/components/common/BudgetBar';
import { Loader, pageFrame } from '@renderer/components/common/Loader';
import { STATUS_RANK, StatusPill } from '@renderer/components/common/SloStatus';
import { ALERT_RANK } from '@renderer/lib/urgency';
import { useApi, usePrefetcher, usePrefetchInTurn } from '@renderer/data/api';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatBudgetLeft, formatBurnRate, formatDuration, formatPct, formatPctForTarget, formatTime, isPartialWindow, NO_DATA } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { DAY_MS, STALE_AFTER_MS, isStale, SECOND_MS } from '@renderer/lib/time';
import { AlertBadge } from './AlertBadge';
import { StaleTag } from '@renderer/components/common/StaleTag';
import { budgetText, burnClass } from './budget';
import { sloHash } from './routes';
import { SloSparkline } from './SloSparkline';

type SortKey = 'status' | 'name' | 'attainment' | 'budget' | 'burn' | 'exhaustion';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'status', label: 'Status (worst first)' },
  { key: 'budget', label: 'Budget left' },
  { key: 'burn', label: 'Burn rate (1 h)' },
  { key: 'exhaustion', label: 'Time to budget exhaustion' },
  { key: 'attainment', label: 'Attainment' },
  { key: 'name', label: 'Name' },
];

const BURN_KEYS = ['5m', '30m', '1h', '6h', '1d', '3d'];
/** Dropped on narrow screens: the paging windows (1 h, 6 h) and 30 m stay. */
const LOW_BURN_KEYS = new Set(['5m', '1d', '3d']);

/** A burn column's head: its window, and the unit its figures are in (multiples of the budget-neutral rate). */
function BurnHead({ window }: { window: string }) {
  return (
    <>
      {window}
      <span className="th-unit">burn ×</span>
    </>
  );
}

function burn1h(s: SloSummary): number {
  return s.burnRates.find((b) => b.key === '1h')?.burnRate ?? -1;
}

/** Ascending means "needs attention first". */
function compare(key: SortKey, a: SloSummary, b: SloSummary): number {
  const by = (x: number, y: number): number => x - y;
  switch (key) {
    case 'status':
      // Paging now before long-breached (lib/urgency), then the least budget left.
      return ALERT_RANK[a.alert.state] - ALERT_RANK[b.alert.state] || by(STATUS_RANK[a.status], STATUS_RANK[b.status]) || by(a.budget.remainingPct ?? Infinity, b.budget.remainingPct ?? Infinity) || a.name.localeCompare(b.name);
    case 'name':
      return a.name.localeCompare(b.name);
    case 'attainment':
      return by((a.attainmentPct ?? Infinity) - a.targetPct, (b.attainmentPct ?? Infinity) - b.targetPct);
    case 'budget':
      return by(a.budget.remainingPct ?? Infinity, b.budget.remainingPct ?? Infinity);
    case 'burn':
      return by(-burn1h(a), -burn1h(b));
    case 'exhaustion':
      return by(a.timeToExhaustionMs ?? Infinity, b.timeToExhaustionMs ?? Infinity);
  }
}

function windowShort(s: SloSummary): string {
  if (s.window.kind === 'rolling') return s.window.label.replace(/^rolling /, '').replace(/ \(UTC\)$/, '');
  return s.window.label.replace(/^calendar /, '').replace(/,.*\(/, ' (');
}

function ConfigPanel({ config }: { config: SloList['config'] }) {
  const errors = config.errors;
  return (
    <>
      {errors.length > 0 && (
        <div className="slo-config-errors" role="alert" data-testid="slo-config-errors">
          <strong>
            {errors.length} problem{errors.length === 1 ? '' : 's'} in the SLO files — the affected SLOs were skipped, every other SLO is evaluated:
          </strong>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                <code>
                  {e.file}:{e.line}:{e.column}
                </code>{' '}
                {e.field && <code className="slo-field">{e.field}</code>} {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <details className="slo-config">
        <summary>
          SLO definitions: {config.dir === null ? 'built-in defaults from the seeds' : <code>{config.dir}</code>}
          {config.dir !== null && !config.dirExists && ' (does not exist yet — defaults only)'}
          {config.files.length > 0 && ` · ${config.files.length} file${config.files.length === 1 ? '' : 's'}`}
          {config.notes.length > 0 && ` · ${config.notes.length} note${config.notes.length === 1 ? '' : 's'}`}
        </summary>
        <p className="muted small">
          Add or change SLOs with YAML files (Opsdeck format or OpenSLO v1) in {config.dir === null ? 'the SLO directory' : <code>{config.dir}</code>}. An entry with a built-in SLO’s id replaces it;
          <code> enabled: false</code> switches one off. Each SLO’s page shows its definition as YAML to start from.
        </p>
        {config.files.length > 0 && (
          <ul className="plain-list small">
            {config.files.map((f) => (
              <li key={f.file}>
                <code>{f.file}</code> — {f.format}
                {f.sloIds.length > 0 ? `: ${f.sloIds.join(', ')}` : ''}
              </li>
            ))}
          </ul>
        )}
        {config.notes.length > 0 && (
          <ul className="plain-list small muted">
            {config.notes.map((n, i) => (
              <li key={i}>
                <code>
                  {n.file}:{n.line}:{n.column}
                </code>{' '}
                {n.message}
              </li>
            ))}
          </ul>
        )}
      </details>
    </>
  );
}

function SortHeader({ k, sort, setSort, children, className }: { k: SortKey; sort: SortKey; setSort: (k: SortKey) => void; children: React.ReactNode; className?: string }) {
  return (
    <th className={className} aria-sort={sort === k ? 'ascending' : 'none'}>
      <button className={`slo-sort${sort === k ? ' active' : ''}`} onClick={() => setSort(k)} title="Sort (most in need of attention first)">
        {children}
        {sort === k ? ' ▾' : ''}
      </button>
    </th>
  );
}

/** How many details (from the top of the list) are fetched ahead, one at a time, while the list is open. */
const PREFETCHED_DETAILS = 6;

export function SloListPage() {
  const list = useApi('slos', {});
  return (
    <Loader query={list} failed="Could not evaluate the SLOs" frame={pageFrame('SLOs')}>
      {(data) => <SloListView data={data} />}
    </Loader>
  );
}

export function SloListView({ data }: { data: SloList }) {
  const { timeMode } = usePrefs();
  const now = useNow(10 * SECOND_MS);
  const [sort, setSort] = useState<SortKey>('status');
  const [cursorId, setCursorId] = useState<string | null>(null);

  const groups = useMemo(() => {
    const byService = new Map<string, SloSummary[]>();
    for (const s of data.slos) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
    const sorted = [...byService.entries()].map(([service, slos]) => ({ service, slos: [...slos].sort((a, b) => compare(sort, a, b)) }));
    return sorted.sort((a, b) => compare(sort, a.slos[0] as SloSummary, b.slos[0] as SloSummary) || a.service.localeCompare(b.service));
  }, [data.slos, sort]);
  const order = useMemo(() => groups.flatMap((g) => g.slos.map((s) => s.id)), [groups]);
  const cursor = cursorId !== null && order.includes(cursorId) ? cursorId : null;
  const listKeys = useMemo<ShortcutHandlers<typeof SLO_LIST_SHORTCUTS.table>>(() => {
    const move = (step: number) => (): void => {
      const at = cursor === null ? (step > 0 ? -1 : order.length) : order.indexOf(cursor);
      const next = order[Math.max(0, Math.min(order.length - 1, at + step))];
      if (next === undefined) return;
      setCursorId(next);
      document.querySelector(`[data-slo="${CSS.escape(next)}"]`)?.scrollIntoView({ block: 'nearest' });
    };
    return {
      next: move(1),
      previous: move(-1),
      open: () => {
        if (cursor !== null) window.location.hash = sloHash(cursor);
      },
    };
  }, [order, cursor]);
  useShortcuts(SLO_LIST_SHORTCUTS, listKeys);
  // The details an on-call engineer opens next: the top of the list (worst first), then on hover.
  usePrefetchInTurn('sloDetail', useMemo(() => order.slice(0, PREFETCHED_DETAILS).map((id) => ({ id })), [order]));
  const counts = { BREACHED: 0, WARNING: 0, INSUFFICIENT_DATA: 0, OK: 0 };
  let pages = 0;
  let tickets = 0;
  for (const s of data.slos) {
    counts[s.status]++;
    if (s.alert.state === 'page') pages++;
    if (s.alert.state === 'ticket') tickets++;
  }
  const stale = isStale(data.evaluatedAt, now);
  return (
    <section className="page slo-page">
      <header className="page-head">
        <h1>SLOs</h1>
        <span className={stale ? 'tag tag-warn' : 'muted'} data-testid="slos-asof">
          {data.evaluatedAt === null
            ? NO_DATA
            : `figures as of ${formatTime(data.evaluatedAt, timeMode)}${stale ? ` — STALE, ${formatAge(now - data.evaluatedAt, 'old')}: budgets may have changed since` : ''}`}
        </span>
        <span className="slo-counts">
          {counts.BREACHED > 0 && <span className="status bad">{counts.BREACHED} breached</span>}
          {counts.WARNING > 0 && <span className="status warn">{counts.WARNING} warning</span>}
          <span className="status ok">{counts.OK} ok</span>
          {counts.INSUFFICIENT_DATA > 0 && <span className="status muted">{counts.INSUFFICIENT_DATA} no data</span>}
          {(pages > 0 || tickets > 0) && (
            <span className="slo-alert slo-alert-page">
              {pages} page · {tickets} ticket
            </span>
          )}
        </span>
        <label className="slo-sort-select">
          Sort{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)} aria-label="Sort SLOs by">
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ConfigPanel config={data.config} />
      <table className="grid slo-list" data-testid="slo-list">
        <thead>
          <tr>
            <SortHeader k="status" sort={sort} setSort={setSort}>
              Status
            </SortHeader>
            <SortHeader k="name" sort={sort} setSort={setSort}>
              SLO
            </SortHeader>
            <th className="num">Target</th>
            <SortHeader k="attainment" sort={sort} setSort={setSort} className="num">
              SLI
            </SortHeader>
            <SortHeader k="budget" sort={sort} setSort={setSort}>
              Error budget left
            </SortHeader>
            {BURN_KEYS.map((k) =>
              k === '1h' ? (
                <SortHeader key={k} k="burn" sort={sort} setSort={setSort} className="num slo-burn-col">
                  <BurnHead window={k} />
                </SortHeader>
              ) : (
                <th key={k} className={`num slo-burn-col${LOW_BURN_KEYS.has(k) ? ' col-low' : ''}`} title={`Burn rate over ${k}`}>
                  <BurnHead window={k} />
                </th>
              ),
            )}
            <th className="col-lower">30 days</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <Group key={g.service} service={g.service} slos={g.slos} now={now} listAsOf={stale ? data.evaluatedAt : null} cursor={cursor} />
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Burn rate = error ratio ÷ (1 − target) over each window: 1× spends the budget exactly over the SLO window. Alerts follow the SRE Workbook: page at 14.4× over 1 h and 5 m, or 6× over 6 h and 30 m; ticket at 1× over 3 d and
        6 h; windows with fewer events than the SLO’s minimum never fire. Everything is computed on this machine from the local cache.
      </p>
    </section>
  );
}

/** `listAsOf`: set when the whole list is stale (the header says so); rows then flag only data older still. */
function Group({ service, slos, now, listAsOf, cursor }: { service: string; slos: SloSummary[]; now: number; listAsOf: number | null; cursor: string | null }) {
  const { timeMode } = usePrefs();
  const prefetch = usePrefetcher();
  const worst = slos.reduce((w, s) => (STATUS_RANK[s.status] < STATUS_RANK[w] ? s.status : w), 'OK' as SloSummary['status']);
  return (
    <>
      <tr className="slo-group" data-testid="slo-group">
        <th colSpan={12}>
          <span className={`slo-group-dot ${worst === 'OK' ? 'ok' : worst === 'INSUFFICIENT_DATA' ? 'muted' : worst === 'WARNING' ? 'warn' : 'bad'}`} aria-hidden />
          {service}
          <span className="muted"> · {slos.length} SLO{slos.length === 1 ? '' : 's'}</span>
        </th>
      </tr>
      {slos.map((s) => {
        const stale = isStale(s.dataAsOf, now);
        return (
          <tr
            key={s.id}
            data-testid="slo-list-row"
            data-slo={s.id}
            aria-selected={s.id === cursor}
            className={[stale ? 'slo-row-stale' : '', s.id === cursor ? 'selected' : ''].join(' ').trim() || undefined}
          >
            <td>
              <StatusPill status={s.status} title={s.reason} />
              {s.alert.state !== 'none' && (
                <div>
                  <AlertBadge alert={s.alert} timeMode={timeMode} stacked />
                </div>
              )}
            </td>
            <td className="slo-name-cell">
              <a href={sloHash(s.id)} className="slo-name" onPointerEnter={() => prefetch('sloDetail', { id: s.id })} onFocus={() => prefetch('sloDetail', { id: s.id })}>
                {s.name}
              </a>
              <div className="muted small slo-sli" title={s.reason}>
                {s.status === 'INSUFFICIENT_DATA' ? s.reason : s.sli}
              </div>
            </td>
            <td className="num">
              {formatPct(s.targetPct)}<div className="muted small">{windowShort(s)}</div>
            </td>
            <td className={`num ${s.attainmentPct !== null && s.attainmentPct < s.targetPct ? 'bad' : ''}`} data-testid="slo-attainment">
              {formatPctForTarget(s.attainmentPct, s.targetPct)}
            </td>
            <td className="slo-budget-td">
              <div className="slo-budget-cell">
                <BudgetBar pct={s.budget.remainingPct} stale={stale} />
                <span className={stale || isPartialWindow(s.coverage) ? 'muted' : ''} data-testid="slo-budget">
                  {formatBudgetLeft(s.budget.remainingPct, s.coverage)}
                </span>
              </div>
              <div className="muted small">
                {budgetText(s)}
                {s.timeToExhaustionMs !== null && s.timeToExhaustionMs < 30 * DAY_MS && (
                  <span className={`slo-exhaust${s.timeToExhaustionMs < DAY_MS ? ' bad' : ''}`} title="At the 1-hour burn rate, if it continues">
                    {' '}
                    · {s.timeToExhaustionMs === 0 ? 'spent' : `empty in ${formatDuration(s.timeToExhaustionMs)}`}
                  </span>
                )}
              </div>
              {(listAsOf === null || (s.dataAsOf !== null && listAsOf - s.dataAsOf > STALE_AFTER_MS)) && <StaleTag dataAsOf={s.dataAsOf} now={now} timeMode={timeMode} />}
            </td>
            {BURN_KEYS.map((k) => {
              const b = s.burnRates.find((x) => x.key === k);
              return (
                <td key={k} className={`num slo-burn-col ${burnClass(b?.burnRate ?? null)}${LOW_BURN_KEYS.has(k) ? ' col-low' : ''}`} title={b?.reason ?? `${b?.bad ?? 0} bad of ${b?.events ?? 0} ${s.unit}`}>
                  {formatBurnRate(b?.burnRate ?? null)}
                </td>
              );
            })}
            <td className="col-lower">{s.daily.length > 0 ? <SloSparkline daily={s.daily} target={s.targetPct} /> : <span className="muted">—</span>}</td>
          </tr>
        );
      })}
    </>
  );
}
