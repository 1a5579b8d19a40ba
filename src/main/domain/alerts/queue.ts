// The local side of the alert queue: what people did (journal actions) plus silences and
// maintenance, folded into one effective state per occurrence; and the queue order.
//
// Effective state, first that applies wins:
//   resolved        the occurrence's ALARM period ended
//   silenced        an active silence matches (shown: the one lasting longest)
//   in-maintenance  an active maintenance window covers the alert
//   snoozed         snoozed and the snooze has not run out
//   acknowledged    acknowledged (and not un-acknowledged since)
//   firing          otherwise
// Journal actions count only for their own occurrence key, only once they have happened
// (at ≤ now) and only up to the end of the ALARM period. ack/unack/snooze/unsnooze replace
// one another in time order: a snooze that runs out returns the alert to firing, even if it
// had been acknowledged before (like PagerDuty), so snoozing is "remind me", not "done".
// `notify` is true only in the firing state: silences, maintenance and snoozes suppress
// notifications, acknowledgement ends them, resolution has nothing to notify.
import { z } from 'zod';
import type { Severity } from '@shared/contract/alerts';
import { EpochMs } from '@shared/contract/primitives';
import type { MatchTarget } from '@shared/lib/matchers';
import { severityRank, type UpstreamAlert } from './model';
import { type Occurrence } from './occurrences';
import { DEFAULT_BUSINESS_ZONE, responseTimer } from './timers';
import type { QueueGroup, ScheduledMaintenance, Silence } from '@shared/contract/alerts';
import { activeMaintenanceFor } from './maintenance';
import { matchingSilences } from './silences';

const actionBase = {
  occurrenceKey: z.string().min(1),
  at: EpochMs,
  author: z.string().trim().min(1, 'author is required'),
};

export const JournalAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ack'), ...actionBase }).strict(),
  z.object({ kind: z.literal('unack'), ...actionBase }).strict(),
  z.object({ kind: z.literal('assign'), ...actionBase, assignee: z.string().trim().min(1).nullable() }).strict(),
  z
    .object({ kind: z.literal('snooze'), ...actionBase, until: EpochMs })
    .strict()
    .superRefine((a, ctx) => {
      if (a.until <= a.at) ctx.addIssue({ code: 'custom', message: 'until must be after at', path: ['until'] });
    }),
  z.object({ kind: z.literal('unsnooze'), ...actionBase }).strict(),
]);
export type JournalAction = z.output<typeof JournalAction>;

export type LocalState = 'firing' | 'acknowledged' | 'snoozed' | 'silenced' | 'in-maintenance' | 'resolved';

export type Suppression =
  | { kind: 'silence'; silenceId: string; until: number }
  | { kind: 'maintenance'; maintenanceId: string; title: string; until: number }
  | { kind: 'snooze'; by: string; until: number };

export interface AlertStatus {
  occurrenceKey: string;
  state: LocalState;
  /** Current acknowledgement (null after an unack or a snooze). */
  acknowledgement: { by: string; at: number } | null;
  /** First acknowledgement in this occurrence: what the response timer measures. */
  firstAcknowledgedAt: number | null;
  snoozedUntil: number | null;
  assignee: string | null;
  /** The silence shown for state 'silenced'. */
  silenceId: string | null;
  /** The maintenance shown for state 'in-maintenance'. */
  maintenance: { id: string; title: string; endsAt: number } | null;
  resolvedAt: number | null;
  /** Every suppression in force, silences first. */
  suppressedBy: Suppression[];
  /** Whether a notification for this occurrence may go out now. */
  notify: boolean;
}

export interface EffectiveStateInput {
  alert: UpstreamAlert & { severity?: Severity };
  occurrence: Pick<Occurrence, 'key' | 'resolvedAt'>;
  /** May include actions for other occurrences; they are ignored. */
  actions: readonly JournalAction[];
  silences: readonly Silence[];
  maintenance: readonly ScheduledMaintenance[];
  now: number;
}

type Responder = { kind: 'none' } | { kind: 'ack'; by: string; at: number } | { kind: 'snooze'; by: string; until: number };

export function effectiveAlertState(input: EffectiveStateInput): AlertStatus {
  const { alert, occurrence, now } = input;
  const endedAt = occurrence.resolvedAt;
  const relevant = input.actions
    .map((action, index) => ({ action, index }))
    .filter(({ action }) => action.occurrenceKey === occurrence.key && action.at <= now && (endedAt === null || action.at <= endedAt))
    .sort((a, b) => a.action.at - b.action.at || a.index - b.index)
    .map(({ action }) => action);

  let responder: Responder = { kind: 'none' };
  let firstAcknowledgedAt: number | null = null;
  let assignee: string | null = null;
  for (const action of relevant) {
    switch (action.kind) {
      case 'ack':
        if (responder.kind !== 'ack') responder = { kind: 'ack', by: action.author, at: action.at };
        firstAcknowledgedAt ??= action.at;
        break;
      case 'unack':
        if (responder.kind === 'ack') responder = { kind: 'none' };
        break;
      case 'snooze':
        responder = { kind: 'snooze', by: action.author, until: action.until };
        break;
      case 'unsnooze':
        if (responder.kind === 'snooze') responder = { kind: 'none' };
        break;
      case 'assign':
        assignee = action.assignee;
        break;
    }
  }
  if (responder.kind === 'snooze' && responder.until <= now) responder = { kind: 'none' };

  const target: MatchTarget = alert;
  const silences = endedAt === null ? matchingSilences(input.silences, target, now) : [];
  const maintenance = endedAt === null ? activeMaintenanceFor(input.maintenance, target, now) : [];
  const suppressedBy: Suppression[] = [
    ...silences.map((s): Suppression => ({ kind: 'silence', silenceId: s.id, until: s.endsAt })),
    ...maintenance.map((m): Suppression => ({ kind: 'maintenance', maintenanceId: m.maintenance.id, title: m.maintenance.title, until: m.window.endsAt })),
    ...(endedAt === null && responder.kind === 'snooze' ? [{ kind: 'snooze', by: responder.by, until: responder.until } as const] : []),
  ];

  const firstSilence = silences[0];
  const firstMaintenance = maintenance[0];
  let state: LocalState;
  if (endedAt !== null) state = 'resolved';
  else if (firstSilence) state = 'silenced';
  else if (firstMaintenance) state = 'in-maintenance';
  else if (responder.kind === 'snooze') state = 'snoozed';
  else if (responder.kind === 'ack') state = 'acknowledged';
  else state = 'firing';

  return {
    occurrenceKey: occurrence.key,
    state,
    acknowledgement: responder.kind === 'ack' ? { by: responder.by, at: responder.at } : null,
    firstAcknowledgedAt,
    snoozedUntil: responder.kind === 'snooze' ? responder.until : null,
    assignee,
    silenceId: firstSilence?.id ?? null,
    maintenance: firstMaintenance
      ? { id: firstMaintenance.maintenance.id, title: firstMaintenance.maintenance.title, endsAt: firstMaintenance.window.endsAt }
      : null,
    resolvedAt: endedAt,
    suppressedBy,
    notify: state === 'firing',
  };
}

// ---------------------------------------------------------------------------------------
// Queue order
//
// 1. Needs a human: firing and acknowledged; then held back: snoozed, silenced,
//    in-maintenance; then resolved. A silenced P1 must not sit above a firing P2.
// 2. Severity, P1 first.
// 3. Overdue (unacknowledged past its response target) first.
// 4. Unacknowledged before acknowledged: the top of the queue is what someone must act on.
// 5. Oldest first (firedAt ascending): the longest-waiting alert is the most at risk.
// 6. Occurrence key, so the order is total and stable between renders.

export interface QueueItem {
  occurrenceKey: string;
  severity: Severity;
  firedAt: number;
  state: LocalState;
  /** First acknowledgement of the occurrence, for the response timer. */
  firstAcknowledgedAt: number | null;
  /** The response timer's due time when already computed (the row's timer): not worked out again per sort. */
  dueAt?: number;
}

const STATE_BUCKET: Record<LocalState, number> = {
  firing: 0,
  acknowledged: 0,
  snoozed: 1,
  silenced: 1,
  'in-maintenance': 1,
  resolved: 2,
};

export function sortAlertQueue<T extends QueueItem>(items: readonly T[], now: number, businessZone: string = DEFAULT_BUSINESS_ZONE, holidays: readonly string[] = []): T[] {
  const decorated = items.map((item) => {
    const unacked = item.state !== 'acknowledged';
    const overdue =
      item.state === 'firing' &&
      (item.dueAt === undefined ? responseTimer(item.severity, item.firedAt, item.firstAcknowledgedAt, now, businessZone, holidays).overdue : item.firstAcknowledgedAt === null && item.dueAt - now < 0);
    return { item, overdue, unacked };
  });
  decorated.sort(
    (a, b) =>
      STATE_BUCKET[a.item.state] - STATE_BUCKET[b.item.state] ||
      severityRank(a.item.severity) - severityRank(b.item.severity) ||
      Number(b.overdue) - Number(a.overdue) ||
      Number(b.unacked) - Number(a.unacked) ||
      a.item.firedAt - b.item.firedAt ||
      (a.item.occurrenceKey < b.item.occurrenceKey ? -1 : a.item.occurrenceKey > b.item.occurrenceKey ? 1 : 0),
  );
  return decorated.map((d) => d.item);
}

/**
 * Queue rows (or what holds them) in queue order, from the rows' own fields: the row's timer is
 * responseTimer(severity, firedAt) already (timerOf), so its dueAt spares the sort a
 * business-hours walk per row. `firstAcknowledgedAt`: the primary member's first
 * acknowledgement (null: none yet). A build and a kept answer brought up to the clock
 * (queueRowsAt) order their rows through this one function.
 */
export function sortQueueRows<T>(items: readonly T[], rowOf: (item: T) => QueueGroup, firstAcknowledgedAtOf: (item: T) => number | null, now: number): T[] {
  const byKey = new Map(items.map((item) => [rowOf(item).key, item]));
  const order = sortAlertQueue(
    items.map((item) => {
      const row = rowOf(item);
      return { occurrenceKey: row.key, severity: row.severity, firedAt: row.firedAt, state: row.state, firstAcknowledgedAt: firstAcknowledgedAtOf(item), ...(row.timer ? { dueAt: row.timer.dueAt } : {}) };
    }),
    now,
  );
  return order.map((item) => byKey.get(item.occurrenceKey)!);
}

/** A response timer still counting at the build (unacknowledged) that has run out by `now` (responseTimer: due − now < 0). */
const ranOut = (row: QueueGroup, now: number): boolean => row.timer?.status === 'running' && row.timer.dueAt < now;

/** The first instant after `at` at which a row's response timer runs out (its status and maybe the order change); null when none is counting. */
export function nextTimerDueAt(rows: readonly QueueGroup[], at: number): number | null {
  let next = Infinity;
  for (const row of rows) if (row.timer?.status === 'running' && !ranOut(row, at) && row.timer.dueAt < next) next = row.timer.dueAt;
  return next === Infinity ? null : next;
}

/**
 * Rows built at an earlier instant as a build at `now` shows them, nothing but time having
 * moved: a response timer past due is overdue, and the order puts it first within its
 * severity (sortQueueRows). Null when no timer ran out. Lets a kept answer stay what a build
 * would answer as timers run out.
 */
export function queueRowsAt(rows: readonly QueueGroup[], now: number): QueueGroup[] | null {
  if (!rows.some((row) => ranOut(row, now))) return null;
  const retimed = rows.map((row) => (ranOut(row, now) ? { ...row, timer: { ...row.timer!, status: 'overdue' as const } } : row));
  // Running or overdue: not acknowledged yet; met or missed: acknowledged (the instant does not matter once dueAt is given).
  const acknowledgedAt = (row: QueueGroup): number | null =>
    row.timer === null || row.timer.status === 'running' || row.timer.status === 'overdue' ? null : row.timer.dueAt - (row.timer.remainingMs ?? 0);
  return sortQueueRows(retimed, (row) => row, acknowledgedAt, now);
}
