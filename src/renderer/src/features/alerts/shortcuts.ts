// The Alerts page's own keys, shown in the `?` help under "Alerts page". They act only while
// the queue or one alert is on screen and no field or dialog has focus, so they never clash
// with the global keys (1–8, g + letter, t, Shift+L, r, ?, Esc).
import { defineScope } from '@renderer/lib/shortcuts';

const HEADING = 'Alerts page';

/** Moving through the queue. */
export const QUEUE_SHORTCUTS = defineScope({
  id: 'alert-queue',
  heading: HEADING,
  table: {
    next: { keys: ['j', 'ArrowDown'], description: 'Next alert' },
    previous: { keys: ['k', 'ArrowUp'], description: 'Previous alert' },
    first: { keys: ['Home'], description: 'First alert' },
    last: { keys: ['End'], description: 'Last alert' },
    open: { keys: ['Enter'], description: 'Open the alert' },
    search: { keys: ['/'], description: 'Filter the queue (Esc leaves the filter)' },
  },
});

/** Acting on the selected alert (queue) or the open one (detail). */
export const ACTION_SHORTCUTS = defineScope({
  id: 'alert-actions',
  heading: HEADING,
  table: {
    ack: { keys: ['a'], description: 'Acknowledge (with an optional note) — local to this laptop' },
    unack: { keys: ['u'], description: 'Un-acknowledge / end the snooze' },
    snooze: { keys: ['s'], description: 'Snooze for a while' },
    silence: { keys: ['m'], description: 'Silence with matchers' },
    assign: { keys: ['w'], description: 'Assign an owner' },
    note: { keys: ['n'], description: 'Add a note' },
    runbook: { keys: ['o'], description: 'Open the runbook in the browser' },
    declare: { keys: ['i'], description: 'Declare an incident from the alert' },
  },
});

/** On one alert. */
export const DETAIL_SHORTCUTS = defineScope({
  id: 'alert-detail',
  heading: HEADING,
  table: {
    back: { keys: ['Escape', 'Backspace'], description: 'Back from an alert to the queue' },
  },
});

export const ALERT_SCOPES = [QUEUE_SHORTCUTS, ACTION_SHORTCUTS, DETAIL_SHORTCUTS] as const;
