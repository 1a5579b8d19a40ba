// The pages, in sidebar order. A page's number (1–8) and its `g` letter come from here, and
// so do the shortcut help's navigation lines (app/shortcuts.ts).
//
// Only the Overview (the first screen) is in the main bundle; every other page is its own chunk,
// fetched when opened (and preloaded once the first screen is up: see `preloadPages`), so the
// first paint does not wait for the charting library and seven pages it does not show.
import { lazy, Suspense, type ReactNode } from 'react';
import type { Input, Method } from '@shared/api';
import { BackupsTile } from '@renderer/features/backups/BackupsTile';
import { Loading } from '@renderer/components/common/Loader';
import { CapacityTile } from '@renderer/features/capacity/CapacityTile';
import { OverviewPage } from '@renderer/features/overview/OverviewPage';
import { lazyPage } from './lazyPage';

const pages = {
  alerts: lazyPage(() => import('@renderer/features/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage }))),
  backups: lazyPage(() => import('@renderer/features/backups/BackupsPage').then((m) => ({ default: m.BackupsPage }))),
  capacity: lazyPage(() => import('@renderer/features/capacity/CapacityPage').then((m) => ({ default: m.CapacityPage }))),
  incidents: lazyPage(() => import('@renderer/features/incidents/IncidentsPage').then((m) => ({ default: m.IncidentsPage }))),
  metrics: lazyPage(() => import('@renderer/features/metrics/MetricsPage').then((m) => ({ default: m.MetricsPage }))),
  settings: lazyPage(() => import('@renderer/features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage }))),
  slos: lazyPage(() => import('@renderer/features/slos/SlosPage').then((m) => ({ default: m.SlosPage }))),
};
const AlertsPage = pages.alerts.Component;
const BackupsPage = pages.backups.Component;
const CapacityPage = pages.capacity.Component;
const IncidentsPage = pages.incidents.Component;
const MetricsPage = pages.metrics.Component;
const SettingsPage = pages.settings.Component;
const SlosPage = pages.slos.Component;
// The Overview's metric families: their own chunk, so the "now" panel never waits for them.
const FamilyTiles = lazy(() => import('@renderer/features/metrics/FamilyTiles').then((m) => ({ default: m.FamilyTiles })));

/** A page's place while its chunk loads: its heading, and a calm line. */
function PageLoading({ label }: { label: string }) {
  return (
    <section className="page" data-testid="page-loading">
      <h1>{label}</h1>
      <Loading>Loading this page…</Loading>
    </section>
  );
}

/** Fetches every page's chunk (after the first paint), so opening one later never waits on the network. */
export function preloadPages(): void {
  for (const page of Object.values(pages)) void page.load().catch(() => undefined);
}

/** Starts loading one page's chunk now (the page the app opens on), alongside the shell's first call. */
export function preloadPage(id: string): void {
  const page = (pages as Record<string, { load: () => Promise<void> } | undefined>)[id];
  void page?.load().catch(() => undefined);
}

/** An API call a page's first screen makes. */
export interface FirstCall<M extends Method = Method> {
  method: M;
  input: Input<M>;
}

export interface Route {
  id: string;
  label: string;
  /** The letter after `g`. */
  key: string;
  render: () => ReactNode;
  /**
   * The calls its first screen makes, started together with the shell's own first call
   * instead of after it (the shell renders pages only once it knows the app's clock).
   */
  firstCalls?: readonly FirstCall[];
}

export const ROUTES: readonly Route[] = [
  {
    id: 'overview',
    label: 'Overview',
    key: 'o',
    render: () => (
      <OverviewPage
        cards={<BackupsTile />}
        tiles={<CapacityTile />}
        families={
          <Suspense fallback={<p className="muted" data-testid="families" data-state="loading">Reading the metric families…</p>}>
            <FamilyTiles />
          </Suspense>
        }
      />
    ),
    firstCalls: [
      { method: 'overview', input: {} },
      { method: 'alertQueue', input: {} },
      { method: 'slos', input: {} },
    ],
  },
  { id: 'metrics', label: 'Metrics', key: 'm', render: () => <MetricsPage loading={<PageLoading label="Metrics" />} /> },
  { id: 'slos', label: 'SLOs', key: 's', render: () => <SlosPage loading={<PageLoading label="SLOs" />} /> },
  { id: 'alerts', label: 'Alerts', key: 'a', render: () => <AlertsPage loading={<PageLoading label="Alerts" />} /> },
  { id: 'backups', label: 'Backups', key: 'b', render: () => <BackupsPage loading={<PageLoading label="Backups" />} /> },
  { id: 'capacity', label: 'Capacity', key: 'c', render: () => <CapacityPage loading={<PageLoading label="Capacity" />} /> },
  { id: 'incidents', label: 'Incidents', key: 'i', render: () => <IncidentsPage loading={<PageLoading label="Incidents" />} /> },
  { id: 'settings', label: 'Settings', key: ',', render: () => <SettingsPage loading={<PageLoading label="Settings" />} /> },
];

/** The page the hash names; a page may have sub-routes (#/alerts/g/<id>): the first segment picks it. */
export function routeOf(hash: string): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return ROUTES.some((r) => r.id === id) ? id : 'overview';
}

export function go(id: string): void {
  window.location.hash = `#/${id}`;
}
