// How an SLO's budget and burn read: the budget in minutes, the burn-rate colour, and the
// "as of" tag (components/common/StaleTag) for figures that are not current.
import type { SloSummary } from '@shared/contract/slos';
import { formatBudgetMinutesOf, isPartialWindow, NO_DATA } from '@renderer/lib/format';

/**
 * "21.6 min of 43.2 min left" / "overspent by 3.1 min of 4.32 min", one unit for both. While
 * history is loading the headline says "partial — N % of the window loaded" (formatBudgetLeft)
 * and this line says what the loaded part alone has spent, so neither reads as the window's.
 */
export function budgetText(s: Pick<SloSummary, 'budget'> & Partial<Pick<SloSummary, 'coverage'>>): string {
  const b = s.budget;
  if (b.remainingMinutes === null) return NO_DATA;
  const soFar = isPartialWindow(s.coverage) ? 'in the loaded part so far: ' : '';
  if (b.remainingMinutes < 0) return `${soFar}overspent by ${formatBudgetMinutesOf(-b.remainingMinutes, b.totalMinutes)}`;
  return `${soFar}${formatBudgetMinutesOf(b.remainingMinutes, b.totalMinutes)} left`;
}

/** Burn-rate colour: ≥ 14.4× page-fast, ≥ 6× page-sustained, > 1× spending faster than the window allows. */
export function burnClass(burn: number | null): string {
  if (burn === null) return 'muted';
  if (burn >= 14.4) return 'bad';
  if (burn >= 6) return 'warn';
  if (burn > 1) return 'slo-burn-over';
  return 'slo-burn-under';
}
