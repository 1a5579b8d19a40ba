// An SLO's burn alert as a badge: "PAGE since 11-23 14:05 UTC".
import type { SloSummary } from '@shared/contract/slos';
import { formatMonthDayTime, type TimeMode } from '@renderer/lib/format';

export function alertText(a: SloSummary['alert'], timeMode: TimeMode): string {
  if (a.state === 'none') return '';
  const since = sinceText(a, timeMode);
  return since ? `${a.state.toUpperCase()} ${since}` : a.state.toUpperCase();
}

function sinceText(a: SloSummary['alert'], timeMode: TimeMode): string {
  return a.since === null ? '' : `since ${a.sinceIsLowerBound ? 'before ' : ''}${formatMonthDayTime(a.since, timeMode)}`;
}

/**
 * The badge, inline ("PAGE since 11-23 14:05 UTC"), or `stacked` for a narrow column: the
 * chip, and under it "since …" on one line of its own — never broken mid-phrase inside the chip.
 */
export function AlertBadge({ alert, timeMode, stacked = false }: { alert: SloSummary['alert']; timeMode: TimeMode; stacked?: boolean }) {
  if (alert.state === 'none') return null;
  if (stacked) {
    const since = sinceText(alert, timeMode);
    return (
      <span className="slo-alert-stack" data-testid="slo-alert" aria-label={alertText(alert, timeMode)} title={`${alert.rule}: ${alert.reason}`}>
        <span className={`slo-alert slo-alert-${alert.state}`}>{alert.state.toUpperCase()}</span>
        {since && <span className="slo-alert-since small">{since}</span>}
      </span>
    );
  }
  return (
    <span className={`slo-alert slo-alert-${alert.state}`} title={`${alert.rule}: ${alert.reason}`} data-testid="slo-alert">
      {alertText(alert, timeMode)}
    </span>
  );
}
