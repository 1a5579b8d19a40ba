// "Worst first", one definition for every page: what is paging now comes before what has been
// breached for a long time, P1 before P2, overdue before still in time, older before newer.
import type { QueueGroup } from '@shared/contract/alerts';
import type { SloSummary } from '@shared/contract/slos';

const SEVERITY_RANK = { P1: 0, P2: 1, P3: 2, P4: 3 } as const;
export const ALERT_RANK = { page: 0, ticket: 1, none: 2 } as const;
const STATUS_RANK = { BREACHED: 0, WARNING: 1, INSUFFICIENT_DATA: 2, OK: 3 } as const;

type AlertLike = Pick<QueueGroup, 'severity' | 'firedAt' | 'timer'>;

/** Overdue (response target passed, not acknowledged) at `now`. */
export function isOverdue(a: Pick<QueueGroup, 'timer'>, now: number): boolean {
  // 'overdue' as the main side last computed it, or 'running' and past due on this clock since.
  return a.timer !== null && (a.timer.status === 'overdue' || (a.timer.status === 'running' && a.timer.dueAt < now));
}

/** Alerts that need a human: overdue first, then by severity, then the oldest. */
export function compareAlertUrgency(now: number): (a: AlertLike, b: AlertLike) => number {
  return (a, b) =>
    Number(isOverdue(b, now)) - Number(isOverdue(a, now)) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.firedAt - b.firedAt;
}

type SloLike = Pick<SloSummary, 'alert' | 'status' | 'timeToExhaustionMs' | 'name'>;

/** SLOs: paging now, then ticketing, then breached/warning; sooner exhaustion first; then by name. */
export function compareSloUrgency(a: SloLike, b: SloLike): number {
  const tte = (s: SloLike): number => s.timeToExhaustionMs ?? Number.POSITIVE_INFINITY;
  return (
    ALERT_RANK[a.alert.state] - ALERT_RANK[b.alert.state] ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    tte(a) - tte(b) ||
    a.name.localeCompare(b.name)
  );
}
