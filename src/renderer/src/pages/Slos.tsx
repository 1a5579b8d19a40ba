import { Placeholder } from '../components/Placeholder';

export function SlosPage() {
  return (
    <Placeholder
      title="SLOs"
      holds={[
        'Every SLO from the seeds — availability, performance and error-rate — grouped by service, sortable',
        'Error budget bars, burn rates over 5 m / 30 m / 1 h / 6 h / 1 d / 3 d and multiwindow burn alerts',
        'Per-SLO detail: budget burn-down, SLI against target, breached periods, and an explain panel with every formula',
      ]}
    />
  );
}
