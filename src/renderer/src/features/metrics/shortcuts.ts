// The Metrics page's keys, shown in the `?` help under "Metrics page".
import { defineScope } from '@renderer/lib/shortcuts';

export const METRICS_SHORTCUTS = defineScope({
  id: 'metrics',
  heading: 'Metrics page',
  table: {
    back: { keys: ['['], description: 'Step the time range back by its length' },
    forward: { keys: [']'], description: 'Step the time range forward (up to now)' },
    family: { keys: ['f'], description: 'Next family (business, application, infrastructure, all)' },
    reset: { keys: ['0'], description: 'Back to the last 24 hours' },
  },
});
