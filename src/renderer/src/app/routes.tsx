// The pages, in sidebar order. A page's number (1–8) and its `g` letter come from here, and
// so do the shortcut help's navigation lines (app/shortcuts.ts).
import type { ReactNode } from 'react';
import { AlertsPage } from '@renderer/features/alerts/AlertsPage';
import { BackupsPage } from '@renderer/features/backups/BackupsPage';
import { BackupsTile } from '@renderer/features/backups/BackupsTile';
import { CapacityPage } from '@renderer/features/capacity/CapacityPage';
import { CapacityTile } from '@renderer/features/capacity/CapacityTile';
import { IncidentsPage } from '@renderer/features/incidents/IncidentsPage';
import { MetricsPage } from '@renderer/features/metrics/MetricsPage';
import { OverviewPage } from '@renderer/features/overview/OverviewPage';
import { SettingsPage } from '@renderer/features/settings/SettingsPage';
import { SlosPage } from '@renderer/features/slos/SlosPage';

export interface Route {
  id: string;
  label: string;
  /** The letter after `g`. */
  key: string;
  render: () => ReactNode;
}

export const ROUTES: readonly Route[] = [
  { id: 'overview', label: 'Overview', key: 'o', render: () => <OverviewPage cards={<BackupsTile />} tiles={<CapacityTile />} /> },
  { id: 'metrics', label: 'Metrics', key: 'm', render: () => <MetricsPage /> },
  { id: 'slos', label: 'SLOs', key: 's', render: () => <SlosPage /> },
  { id: 'alerts', label: 'Alerts', key: 'a', render: () => <AlertsPage /> },
  { id: 'backups', label: 'Backups', key: 'b', render: () => <BackupsPage /> },
  { id: 'capacity', label: 'Capacity', key: 'c', render: () => <CapacityPage /> },
  { id: 'incidents', label: 'Incidents', key: 'i', render: () => <IncidentsPage /> },
  { id: 'settings', label: 'Settings', key: ',', render: () => <SettingsPage /> },
];

/** The page the hash names; a page may have sub-routes (#/alerts/g/<id>): the first segment picks it. */
export function routeOf(hash: string): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return ROUTES.some((r) => r.id === id) ? id : 'overview';
}

export function go(id: string): void {
  window.location.hash = `#/${id}`;
}
