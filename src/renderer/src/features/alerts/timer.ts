// The response timer as a row shows it: time left, OVERDUE, or how the acknowledgement went.
import type { QueueGroup } from '@shared/contract/alerts';
import { formatDuration } from '@renderer/lib/format';

export function timerText(group: Pick<QueueGroup, 'timer' | 'state' | 'resolvedAt'>, now: number): { text: string; tone: 'ok' | 'warn' | 'bad' | 'muted'; title: string } {
  const t = group.timer;
  if (!t) return { text: group.state === 'resolved' ? 'resolved, not acknowledged' : '—', tone: 'muted', title: '' };
  const title = `Target: ${t.targetLabel} after firing`;
  // Met or missed: acknowledged, so remainingMs is set (dueAt − the acknowledgement).
  if (t.status === 'met') return { text: `acked in time (${formatDuration(t.remainingMs ?? 0)} spare)`, tone: 'ok', title };
  if (t.status === 'missed') return { text: `acked ${formatDuration(-(t.remainingMs ?? 0))} late`, tone: 'warn', title };
  const left = t.dueAt - now;
  // Silenced, in maintenance or snoozed: nobody is being asked to respond right now.
  const held = group.state === 'silenced' || group.state === 'in-maintenance' || group.state === 'snoozed';
  if (held) return { text: left < 0 ? `${formatDuration(-left)} past target` : `${formatDuration(left)} left`, tone: 'muted', title: `${title} (held back: ${group.state})` };
  if (left < 0) return { text: `OVERDUE ${formatDuration(-left)}`, tone: 'bad', title };
  return { text: `${formatDuration(left)} left`, tone: left < t.targetMs / 4 ? 'warn' : 'ok', title };
}
