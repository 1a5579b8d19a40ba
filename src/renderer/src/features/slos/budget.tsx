// How an SLO's budget and burn read: the budget in minutes, the burn-rate colour, and the
// "as of" tag (components/common/StaleTag) for figures that are not current.
import type { SloSummary } from '@shared/contract/slos';
import { formatBudgetMinutes } from '@renderer/lib/format';

/** "21.6 min of 43.2 min left" / "overspent by 3.1 min of 4.32 min". */
export function budgetText(s: SloSummary): string {
  const b = s.budget;
  if (b.remainingMinutes === null) return 'unknown';
  const total = formatBudgetMinutes(b.totalMinutes);
  if (b.remainingMinutes < 0) return `overspent by ${formatBudgetMinutes(-b.remainingMinutes)} of ${total}`;
  return `${formatBudgetMinutes(b.remainingMinutes)} of ${total} left`;
}

/** Burn-rate colour: ≥ 14.4× page-fast, ≥ 6× page-sustained, > 1× spending faster than the window allows. */
export function burnClass(burn: number | null): string {
  if (burn === null) return 'muted';
  if (burn >= 14.4) return 'bad';
  if (burn >= 6) return 'warn';
  if (burn > 1) return 'slo-burn-over';
  return 'slo-burn-under';
}
