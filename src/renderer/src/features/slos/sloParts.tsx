// Small pieces the SLO list and detail share: status, budget bar, burn-rate cells, staleness.
import type { SloSummary } from '@shared/contract/slos';
import { formatBudgetMinutes, formatDuration, formatTime, type TimeMode } from '@renderer/lib/format';
import { STALE_AFTER_MS } from '@renderer/app/ConnectivityBanner';

export type SloStatus = SloSummary['status'];

export const STATUS_RANK: Record<SloStatus, number> = { BREACHED: 0, WARNING: 1, INSUFFICIENT_DATA: 2, OK: 3 };

export function statusClass(s: SloStatus): string {
  return { OK: 'ok', WARNING: 'warn', BREACHED: 'bad', INSUFFICIENT_DATA: 'muted' }[s];
}

export function StatusPill({ status, title }: { status: SloStatus; title?: string }) {
  return (
    <span className={`status ${statusClass(status)}`} title={title} data-testid="slo-status">
      {status === 'INSUFFICIENT_DATA' ? 'NO DATA' : status}
    </span>
  );
}

/** Burn-rate colour: ≥ 14.4× page-fast, ≥ 6× page-sustained, > 1× spending faster than the window allows. */
export function burnClass(burn: number | null): string {
  if (burn === null) return 'muted';
  if (burn >= 14.4) return 'bad';
  if (burn >= 6) return 'warn';
  if (burn > 1) return 'slo-burn-over';
  return 'slo-burn-under';
}

export function formatBurn(burn: number | null): string {
  if (burn === null) return '—';
  if (burn === 0) return '0';
  if (burn < 0.01) return '<0.01';
  if (burn < 10) return burn.toFixed(2);
  if (burn < 1000) return burn.toFixed(1);
  return Math.round(burn).toLocaleString('en-US');
}

export function formatSloPct(v: number | null, target?: number): string {
  if (v === null) return '—';
  // Enough digits to tell 99.95 from 99.99: one more than the target shows.
  const digits = target === undefined ? 3 : Math.min(5, Math.max(2, (String(target).split('.')[1]?.length ?? 0) + 2));
  return `${v.toFixed(digits)} %`;
}

export function BudgetBar({ pct, stale }: { pct: number | null; stale?: boolean }) {
  if (pct === null) return <span className="muted">—</span>;
  const width = Math.max(0, Math.min(100, pct));
  const cls = pct <= 0 ? 'bad' : pct < 25 ? 'warn' : 'ok';
  return (
    <div className={`budget-bar${stale ? ' slo-stale-bar' : ''}`} title={`${pct.toFixed(1)} % of the error budget left`}>
      <div className={`budget-fill ${cls}`} style={{ width: `${width}%` }} />
    </div>
  );
}

/** "21.6 min of 43.2 min left" / "overspent by 3.1 min of 4.32 min". */
export function budgetText(s: SloSummary): string {
  const b = s.budget;
  if (b.remainingMinutes === null) return 'unknown';
  const total = formatBudgetMinutes(b.totalMinutes);
  if (b.remainingMinutes < 0) return `overspent by ${formatBudgetMinutes(-b.remainingMinutes)} of ${total}`;
  return `${formatBudgetMinutes(b.remainingMinutes)} of ${total} left`;
}

export function isStale(dataAsOf: number | null, now: number): boolean {
  return dataAsOf !== null && now - dataAsOf > STALE_AFTER_MS;
}

/** "as of 14:05 UTC — 3 h 10 min old", for figures that are not current. */
export function StaleTag({ dataAsOf, now, timeMode }: { dataAsOf: number | null; now: number; timeMode: TimeMode }) {
  if (dataAsOf === null || !isStale(dataAsOf, now)) return null;
  return (
    <span className="tag tag-warn slo-stale" data-testid="slo-stale" title="Computed from cached data: the budget may have changed since">
      as of {formatTime(dataAsOf, timeMode)} · {formatDuration(now - dataAsOf)} old
    </span>
  );
}

export function alertText(a: SloSummary['alert'], timeMode: TimeMode): string {
  if (a.state === 'none') return '';
  const since = a.since === null ? '' : ` since ${a.sinceIsLowerBound ? 'before ' : ''}${formatTime(a.since, timeMode).slice(5)}`;
  return `${a.state.toUpperCase()}${since}`;
}

export function AlertBadge({ alert, timeMode }: { alert: SloSummary['alert']; timeMode: TimeMode }) {
  if (alert.state === 'none') return null;
  return (
    <span className={`slo-alert slo-alert-${alert.state}`} title={`${alert.rule}: ${alert.reason}`} data-testid="slo-alert">
      {alertText(alert, timeMode)}
    </span>
  );
}

export function sloHash(id: string): string {
  return `#/slos/${encodeURIComponent(id)}`;
}
