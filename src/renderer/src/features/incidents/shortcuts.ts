// The Incidents pages' own keys, shown in the `?` help under "Incidents page" — the same
// tables the handlers are bound to (lib/shortcuts), so the help cannot drift from the keys.
import { defineScope } from '@renderer/lib/shortcuts';

const HEADING = 'Incidents page';

/** The incidents list. */
export const INCIDENT_LIST_SHORTCUTS = defineScope({
  id: 'incident-list',
  heading: HEADING,
  table: {
    next: { keys: ['j', 'ArrowDown'], description: 'Next incident' },
    previous: { keys: ['k', 'ArrowUp'], description: 'Previous incident' },
    open: { keys: ['Enter'], description: 'Open the incident' },
    declare: { keys: ['n'], description: 'Declare an incident by hand (i on an alert declares from it)' },
    kpis: { keys: ['x'], description: 'KPIs: MTTD, MTTA, MTTR, MTBF against the seeds’ targets' },
  },
});

/** One incident. */
export const INCIDENT_DETAIL_SHORTCUTS = defineScope({
  id: 'incident-detail',
  heading: HEADING,
  table: {
    back: { keys: ['Escape', 'Backspace'], description: 'Back to the incidents' },
    note: { keys: ['n'], description: 'Write a note' },
    status: { keys: ['u'], description: 'Write a status update' },
    review: { keys: ['e'], description: 'Export the post-incident review (Markdown)' },
  },
});

/** The incident's timeline. */
export const INCIDENT_TIMELINE_SHORTCUTS = defineScope({
  id: 'incident-timeline',
  heading: HEADING,
  table: {
    next: { keys: ['j'], description: 'Next timeline entry' },
    previous: { keys: ['k'], description: 'Previous timeline entry' },
    zoomIn: { keys: ['+', '='], description: 'Zoom the timeline in (down to 1 minute)' },
    zoomOut: { keys: ['-', '_'], description: 'Zoom the timeline out (up to 30 days)' },
    earlier: { keys: ['['], description: 'Move the timeline window earlier' },
    later: { keys: [']'], description: 'Move the timeline window later' },
    reset: { keys: ['0'], description: 'Back to the incident’s window' },
    pin: { keys: ['p'], description: 'Pin / unpin the selected entry' },
    hide: { keys: ['h'], description: 'Hide / show the selected entry' },
    annotate: { keys: ['a'], description: 'Annotate the selected entry' },
  },
});

export const INCIDENT_SCOPES = [INCIDENT_LIST_SHORTCUTS, INCIDENT_DETAIL_SHORTCUTS, INCIDENT_TIMELINE_SHORTCUTS] as const;
