// The Alerts page's own keys, shown in the `?` help. They act only while the Alerts page is
// on screen and no field has focus, so they never clash with the global keys
// (1–7, g + letter, t, Shift+L, r, ?, Esc).
export const ALERT_SHORTCUTS: [string, string][] = [
  ['j / ↓', 'Next alert'],
  ['k / ↑', 'Previous alert'],
  ['Enter', 'Open the alert'],
  ['a', 'Acknowledge (with an optional note) — local to this laptop'],
  ['u', 'Un-acknowledge / end the snooze'],
  ['s', 'Snooze for a while'],
  ['m', 'Silence with matchers'],
  ['w', 'Assign an owner'],
  ['n', 'Add a note'],
  ['o', 'Open the runbook in the browser'],
  ['i', 'Declare an incident from the alert'],
  ['/', 'Filter the queue (Esc leaves the filter)'],
  ['Esc / Backspace', 'Back from an alert to the queue'],
];
