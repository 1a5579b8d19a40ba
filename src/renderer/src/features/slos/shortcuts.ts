// The SLO pages' own keys, shown in the `?` help under "SLOs page": the same moves as the
// alert queue (j/k, Enter) on the list, and Esc/Backspace back from one SLO.
import { defineScope } from '@renderer/lib/shortcuts';

const HEADING = 'SLOs page';

export const SLO_LIST_SHORTCUTS = defineScope({
  id: 'slo-list',
  heading: HEADING,
  table: {
    next: { keys: ['j', 'ArrowDown'], description: 'Next SLO' },
    previous: { keys: ['k', 'ArrowUp'], description: 'Previous SLO' },
    open: { keys: ['Enter'], description: 'Open the SLO' },
  },
});

export const SLO_DETAIL_SHORTCUTS = defineScope({
  id: 'slo-detail',
  heading: HEADING,
  table: {
    back: { keys: ['Escape', 'Backspace'], description: 'Back from an SLO to the list' },
  },
});

export const SLO_SCOPES = [SLO_LIST_SHORTCUTS, SLO_DETAIL_SHORTCUTS] as const;
