// Short column labels for the ten AWS Backup Audit Manager controls (the full id is in the title).
import type { ControlStatus } from '@shared/contract/backups';

export const CONTROL_LABELS: Record<string, { short: string; long: string }> = {
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: { short: 'In plan', long: 'Protected by a backup plan' },
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { short: 'Freq + ret', long: 'Plan meets minimum frequency and retention' },
  BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { short: 'Point ret', long: 'Recovery points meet minimum retention' },
  BACKUP_RECOVERY_POINT_ENCRYPTED: { short: 'Encrypted', long: 'Recovery points encrypted' },
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: { short: 'No delete', long: 'Manual deletion of recovery points disabled' },
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { short: 'Vault lock', long: 'Protected by AWS Backup Vault Lock' },
  BACKUP_LAST_RECOVERY_POINT_CREATED: { short: 'Last point', long: 'Last recovery point created recently enough' },
  RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { short: 'Restore time', long: 'Restore time meets the target (RTO)' },
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { short: 'X-region', long: 'Copied to another region' },
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: { short: 'X-account', long: 'Copied to another account' },
};

export const STATUS_TEXT: Record<ControlStatus, string> = { COMPLIANT: 'OK', NON_COMPLIANT: 'FAIL', INSUFFICIENT_DATA: 'NO DATA' };
export const STATUS_CLASS: Record<ControlStatus, string> = { COMPLIANT: 'ok', NON_COMPLIANT: 'bad', INSUFFICIENT_DATA: 'muted' };
/** Sort order: worst first. */
export const STATUS_RANK: Record<ControlStatus, number> = { NON_COMPLIANT: 0, INSUFFICIENT_DATA: 1, COMPLIANT: 2 };

/** "4.5 min", "12.6 h", "3.2 d". */
export function formatMinutes(min: number | null): string {
  if (min === null) return '—';
  if (min < 1) return `${(min * 60).toFixed(0)} s`;
  if (min < 120) return `${Number.isInteger(min) || min >= 10 ? Math.round(min) : min.toFixed(1)} min`;
  if (min < 48 * 60) return `${(min / 60).toFixed(1)} h`;
  return `${(min / 1440).toFixed(1)} d`;
}

export function resourceHash(arn: string): string {
  return `#/backups/r/${encodeURIComponent(arn)}`;
}
