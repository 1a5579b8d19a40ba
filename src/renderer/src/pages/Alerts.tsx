import { Placeholder } from '../components/Placeholder';

export function AlertsPage() {
  return (
    <Placeholder
      title="Alerts"
      holds={[
        'The alert queue: CloudWatch alarms and SLO burn alerts, grouped, with severity P1–P4 and response timers',
        'Keyboard triage: acknowledge, snooze, silence, assign, open runbook — stored locally, working offline',
        'Maintenance windows (monthly Sunday 02:00–04:00 America/New_York) and an alert-fatigue report',
      ]}
    />
  );
}
