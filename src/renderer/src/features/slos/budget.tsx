// How an SLO's budget and burn read: the budget in minutes, the burn-rate colour, and the
// "as of" tag (components/common/StaleTag) for figures that are not current.
import type { SloSummary } from '@shared/contract/slos';
import { formatBudgetMinutesOf, formatPartial } from '@renderer/lib/format';

/** Below this share of the window with data, budget figures say they are partial. */
const FULL_COVERAGE = 0.995;

/**
 * "21.6 min of 43.2 min left" / "overspent by 3.1 min of 4.32 min", one unit for both; while
 * history is loading it says "partial — N % of the window loaded" first, so a confident
 * "62.9 % left" never contradicts the attainment.
 */
export function budgetText(s: Pick<SloSummary, 'budget'> & Partial<Pick<SloSummary, 'coverage'>>): string {
  const b = s.budget;
  if (b.remainingMinutes === null) return 'unknown';
  const partial = s.coverage !== undefined && s.coverage < FULL_COVERAGE ? `${formatPartial(s.coverage)} · ` : '';
  if (b.remainingMinutes < 0) return `${partial}overspent by ${formatBudgetMinutesOf(-b.remainingMinutes, b.totalMinutes)}`;
  return `${partial}${formatBudgetMinutesOf(b.remainingMinutes, b.totalMinutes)} left`;
}

/** Burn-rate colour: ≥ 14.4× page-fast, ≥ 6× page-sustained, > 1× spending faster than the window allows. */
export function burnClass(burn: number | null): string {
  if (burn === null) return 'muted';
  if (burn >= 14.4) return 'bad';
  if (burn >= 6) return 'warn';
  if (burn > 1) return 'slo-burn-over';
  return 'slo-burn-under';
}
