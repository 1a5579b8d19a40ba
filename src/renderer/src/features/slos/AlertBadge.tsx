// An SLO's burn alert as a badge: "PAGE since 11-23 14:05 UTC".
import type { SloSummary } from '@shared/contract/slos';
import { formatMonthDayTime, type TimeMode } from '@renderer/lib/format';

export function alertText(a: SloSummary['alert'], timeMode: TimeMode): string {
  if (a.state === 'none') return '';
  const since = a.since === null ? '' : ` since ${a.sinceIsLowerBound ? 'before ' : ''}${formatMonthDayTime(a.since, timeMode)}`;
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
