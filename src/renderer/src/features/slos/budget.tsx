// How an SLO's budget and burn read: the budget in minutes, the burn-rate colour, and the
// "as of" tag for figures that are not current.
import type { SloSummary } from '@shared/contract/slos';
import { formatAge, formatBudgetMinutesOf, formatPartial, formatTime, type TimeMode } from '@renderer/lib/format';
import { isStale } from '@renderer/lib/time';

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

/** "as of 2026-11-23 14:05 UTC · 3 h 10 min old", for figures that are not current. */
export function StaleTag({ dataAsOf, now, timeMode }: { dataAsOf: number | null; now: number; timeMode: TimeMode }) {
  if (dataAsOf === null || !isStale(dataAsOf, now)) return null;
  return (
    <span className="tag tag-warn slo-stale" data-testid="slo-stale" title="Computed from cached data: the budget may have changed since">
      as of {formatTime(dataAsOf, timeMode)} · {formatAge(now - dataAsOf, 'old')}
    </span>
  );
}
