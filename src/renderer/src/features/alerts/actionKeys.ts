// The alert action keys (ACTION_SHORTCUTS: acknowledge, snooze, silence, assign, note,
// runbook, declare) for one group: the queue's selected row and the detail page's group
// answer them the same way.
import { useMemo } from 'react';
import type { QueueGroup } from '@shared/contract/alerts';
import { declareFromAlertHash } from '@renderer/lib/links';
import { useShortcuts } from '@renderer/lib/shortcuts';
import type { DialogKind } from './dialogFields';
import { openRunbook } from './runbook';
import { ACTION_SHORTCUTS } from './shortcuts';

/**
 * `act` opens the dialog of an action on `group`; `silence` opens the silence form (the queue
 * opens it with no row selected too). `enabled`: no dialog open.
 */
export function useAlertActionKeys(group: QueueGroup | null, act: (kind: DialogKind) => void, silence: () => void, onMessage: (message: string) => void, enabled: boolean): void {
  const keys = useMemo(
    () => ({
      ack: () => act('ack'),
      unack: () => act('unack'),
      snooze: () => act('snooze'),
      assign: () => act('assign'),
      note: () => act('note'),
      silence,
      runbook: () => {
        if (group) onMessage(openRunbook(group.runbookUrl) ?? `Opened the runbook for ${group.name} in the browser.`);
      },
      // Declaring goes to the Incidents page with the form prefilled from this alert.
      declare: () => {
        if (group) window.location.hash = declareFromAlertHash(group.key);
      },
    }),
    [act, silence, group, onMessage],
  );
  useShortcuts(ACTION_SHORTCUTS, keys, enabled);
}
