// Words the alert screens use for states and for what acknowledging does (and does not do).
import type { LocalState } from '@shared/contract/alerts';

export const STATE_LABEL: Record<LocalState, string> = {
  firing: 'Firing',
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  silenced: 'Silenced',
  'in-maintenance': 'In maintenance',
  resolved: 'Resolved',
};

export const LOCAL_ONLY_NOTE = 'Acknowledging is local to this laptop: nothing is sent to AWS or to the paging tool.';
