// Desktop notifications for new P1/P2 alerts (the Web Notification API: Electron's renderer
// and serve mode's browser alike). Calm under a flood: new alerts are collected for a few
// seconds and announced in ONE notification with a count, at most one every COOLDOWN_MS.
// Silenced, in-maintenance, snoozed and acknowledged alerts never notify (the main side's
// `notify` flag), and what was already firing when the window opened is not announced.
import { useEffect, useMemo, useState } from 'react';
import type { QueueGroup } from '@shared/contract/alerts';
import { useApi } from '@renderer/data/api';
import { SECOND_MS } from '@renderer/lib/time';
import { QUEUE_HASH, detailHash } from './routes';

const GATHER_MS = 3 * SECOND_MS;
const COOLDOWN_MS = 30 * SECOND_MS;
const NOTIFY_SEVERITIES = new Set(['P1', 'P2']);

/** What has been announced (or was already there), shared by every mounted notifier. */
const seen = new Set<string>();
let primed = false;
let pending: QueueGroup[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let lastShownAt = 0;

function identity(g: QueueGroup): string {
  return `${g.key}|${g.occurrenceKeys.join(',')}`;
}

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** Title and body for a batch: one alert by name, several as a count. Exported for tests and the settings hint. */
export function summarise(batch: readonly QueueGroup[]): { title: string; body: string } {
  if (batch.length === 1) {
    const g = batch[0]!;
    return { title: `${g.severity} firing: ${g.title}`, body: [g.service, g.name].filter(Boolean).join(' · ') };
  }
  const p1 = batch.filter((g) => g.severity === 'P1').length;
  const names = batch.slice(0, 3).map((g) => `${g.severity} ${g.name}`);
  return {
    title: `${batch.length} new alerts${p1 > 0 ? ` (${p1} P1)` : ''}`,
    body: `${names.join(', ')}${batch.length > 3 ? `, and ${batch.length - 3} more` : ''}`,
  };
}

function flush(): void {
  timer = null;
  if (pending.length === 0) return;
  const wait = lastShownAt + COOLDOWN_MS - Date.now();
  if (wait > 0) {
    timer = setTimeout(flush, wait);
    return;
  }
  const batch = pending;
  pending = [];
  lastShownAt = Date.now();
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  const { title, body } = summarise(batch);
  const single = batch.length === 1 ? batch[0] : undefined;
  const n = new Notification(title, { body, tag: 'opsdeck-alerts', requireInteraction: batch.some((g) => g.severity === 'P1') });
  n.onclick = () => {
    window.focus();
    window.location.hash = single ? detailHash(single.key) : QUEUE_HASH;
    n.close();
  };
}

function consider(groups: readonly QueueGroup[]): void {
  const candidates = groups.filter((g) => g.notify && g.state === 'firing' && NOTIFY_SEVERITIES.has(g.severity));
  if (!primed) {
    // Whatever fires when the window opens is on screen already; announce only what is new.
    for (const g of candidates) seen.add(identity(g));
    primed = true;
    return;
  }
  for (const g of candidates) {
    const id = identity(g);
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(g);
  }
  if (pending.length > 0 && !timer) timer = setTimeout(flush, GATHER_MS);
}

/** Mount once, anywhere: watches the queue and notifies. Renders nothing. */
export function AlertNotifier() {
  const queue = useApi('alertQueue', {}, { refetchIntervalMs: 15 * SECOND_MS });
  const groups = queue.data?.groups;
  useEffect(() => {
    if (groups) consider(groups);
  }, [groups]);
  return null;
}

/** The permission state, and a way to ask (browsers want a click or key press for that). */
export function useNotificationPermission(): { permission: NotificationPermission | 'unsupported'; request: () => void } {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(() => (notificationsSupported() ? Notification.permission : 'unsupported'));
  const request = useMemo(
    () => () => {
      if (!notificationsSupported()) return;
      void Notification.requestPermission().then(setPermission);
    },
    [],
  );
  return { permission, request };
}
