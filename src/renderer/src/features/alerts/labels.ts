// Words the alert screens use for states and for what acknowledging does (and does not do).
import type { AlertSource, LocalState } from '@shared/contract/alerts';

export const STATE_LABEL: Record<LocalState, string> = {
  firing: 'Firing',
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  silenced: 'Silenced',
  'in-maintenance': 'In maintenance',
  resolved: 'Resolved',
};

export const LOCAL_ONLY_NOTE = 'Acknowledging is local to this laptop: nothing is sent to AWS or to the paging tool.';

/** Where an alert comes from, in the queue's source filter and the detail. */
export const SOURCE_LABEL: Record<AlertSource, string> = {
  cloudwatch: 'CloudWatch alarms',
  'slo-burn': 'SLO burn alerts',
  backup: 'Backups (failures, RPO)',
};

/** The short tag on a queue row (CloudWatch alarms, the common case, carry none). */
export const SOURCE_TAG: Record<AlertSource, string | null> = { cloudwatch: null, 'slo-burn': 'SLO', backup: 'Backup' };

/** What kind of alert a member is, from its type. */
export function memberKind(type: string): string {
  switch (type) {
    case 'CompositeAlarm':
      return 'composite alarm';
    case 'SloBurnAlert':
      return 'SLO burn alert';
    case 'BackupFailure':
      return 'backup failure';
    case 'RpoBreach':
      return 'RPO breach';
    default:
      return 'metric alarm';
  }
}
