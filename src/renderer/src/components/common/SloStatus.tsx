// An SLO's status as colour and pill (SLO pages and Overview), and its "worst first" order.
import type { SloSummary } from '@shared/contract/slos';

export type SloStatus = SloSummary['status'];

export const STATUS_RANK: Record<SloStatus, number> = { BREACHED: 0, WARNING: 1, INSUFFICIENT_DATA: 2, OK: 3 };

export function statusClass(s: SloStatus): string {
  return { OK: 'ok', WARNING: 'warn', BREACHED: 'bad', INSUFFICIENT_DATA: 'muted' }[s];
}

/** The status as every page writes it: "OK", "WARNING", "BREACHED", "NO DATA". */
export function statusLabel(s: SloStatus): string {
  return s === 'INSUFFICIENT_DATA' ? 'NO DATA' : s;
}

export function StatusPill({ status, title }: { status: SloStatus; title?: string }) {
  return (
    <span className={`status ${statusClass(status)}`} title={title} data-testid="slo-status">
      {statusLabel(status)}
    </span>
  );
}
