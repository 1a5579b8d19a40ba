// The Alerts page's addresses: the queue (#/alerts), one alert (#/alerts/g/<key>) and the tabs.
export type AlertView = { kind: 'queue' } | { kind: 'detail'; key: string } | { kind: 'silences' } | { kind: 'maintenance' } | { kind: 'report' } | { kind: 'rules' };

export const TABS = [
  { kind: 'queue', label: 'Queue', hash: '#/alerts' },
  { kind: 'silences', label: 'Silences', hash: '#/alerts/silences' },
  { kind: 'maintenance', label: 'Maintenance', hash: '#/alerts/maintenance' },
  { kind: 'report', label: 'Fatigue report', hash: '#/alerts/report' },
  { kind: 'rules', label: 'Rules', hash: '#/alerts/rules' },
] as const;

export const QUEUE_HASH = '#/alerts';

export { alertHash as detailHash } from '@renderer/lib/links';

export function viewOf(hash: string): AlertView {
  const rest = hash.replace(/^#\/?alerts\/?/, '');
  if (rest.startsWith('g/')) {
    try {
      return { kind: 'detail', key: decodeURIComponent(rest.slice(2)) };
    } catch {
      return { kind: 'queue' };
    }
  }
  const tab = TABS.find((t) => t.kind === rest);
  return tab ? ({ kind: tab.kind } as AlertView) : { kind: 'queue' };
}

/**
 * A backup resource on the Backups page (that feature's address, #/backups/r/<arn>; features do
 * not import each other, so the format is repeated here and checked against it in labels.test.ts).
 */
export function backupResourceHash(arn: string): string {
  return `#/backups/r/${encodeURIComponent(arn)}`;
}
