// The Backups page's own keys, shown in the `?` help under "Backups page": Esc/Backspace back
// from one resource to the list, as from an SLO, an alert or an incident.
import { defineScope } from '@renderer/lib/shortcuts';

export const BACKUP_DETAIL_SHORTCUTS = defineScope({
  id: 'backup-detail',
  heading: 'Backups page',
  table: {
    back: { keys: ['Escape', 'Backspace'], description: 'Back from a resource to the backups' },
  },
});

export const BACKUP_SCOPES = [BACKUP_DETAIL_SHORTCUTS] as const;
