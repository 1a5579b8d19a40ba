// The error-budget bar (SLO list, SLO detail, Overview): green, amber under 25 %, red when spent.
import { formatBudgetPct } from '@renderer/lib/format';

export function BudgetBar({ pct, stale }: { pct: number | null; stale?: boolean }) {
  if (pct === null) return <span className="muted">—</span>;
  const width = Math.max(0, Math.min(100, pct));
  const cls = pct <= 0 ? 'bad' : pct < 25 ? 'warn' : 'ok';
  return (
    <div className={`budget-bar${stale ? ' slo-stale-bar' : ''}`} title={`${formatBudgetPct(pct)} of the error budget left`}>
      <div className={`budget-fill ${cls}`} style={{ width: `${width}%` }} />
    </div>
  );
}
