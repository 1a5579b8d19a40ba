// Occurrences: one ALARM period of one upstream alert, keyed by alert id + the instant it
// entered ALARM. Acknowledgements, snoozes and assignments attach to an occurrence key, so
// a resolved alarm takes its acknowledgement with it and a new firing starts un-acked.
//
// Reconciliation rules (previous occurrences + a fresh upstream snapshot → new list + events):
// - ALARM with a stateSince we already hold open: unchanged (lastSeenAt moves).
// - ALARM with a newer stateSince: a new occurrence ('opened' for the alert's first, else
//   'reopened'). If the old one is still open we missed the OK in between; it is ended at the
//   new stateSince (the latest it can have ended) as SUPERSEDED.
// - OK / INSUFFICIENT_DATA with stateSince ≥ the open occurrence's firedAt: the ALARM period
//   ended then ('resolved'). Leaving ALARM for INSUFFICIENT_DATA counts as the end: the alarm
//   no longer asserts a problem, and the next ALARM is a fresh page.
// - Reports older than what we already know (a lagging account, a replayed page) are ignored,
//   so a stale snapshot can never reopen or re-resolve anything.
// - Rows written at a later clock (a demo run at 19:30, then one at 17:38 on the same data)
//   do not describe `now`: when the fresh report says the alert's current state began at or
//   before `now`, an occurrence that fired after `now` is dropped (it has not happened yet),
//   and one that ended after `now` has not ended yet — it is open again and the report decides.
//   A real clock a little behind the account never meets this: the report's stateSince is then
//   the occurrence's own firedAt or its end, never an earlier instant.
// - An alert absent from the snapshot is left alone by default, because one failed account
//   must not resolve everything. With `missing: 'resolve'` (the caller knows the snapshot
//   is complete) its open occurrence ends at `now` as MISSING; if the alarm comes back with
//   the same stateSince, that occurrence resumes ('reopened') with its acknowledgement.
import { z } from 'zod';
import { EpochMs } from '@shared/contract/primitives';
import type { UpstreamAlert } from './model';

export const OccurrenceEnd = z.enum(['OK', 'INSUFFICIENT_DATA', 'SUPERSEDED', 'MISSING']);
export type OccurrenceEnd = z.infer<typeof OccurrenceEnd>;

export const Occurrence = z.object({
  key: z.string().min(1),
  alertId: z.string().min(1),
  firedAt: EpochMs,
  resolvedAt: EpochMs.nullable(),
  endedBy: OccurrenceEnd.nullable(),
  /** The last reconciliation whose snapshot reported this alert. */
  lastSeenAt: EpochMs,
});
export type Occurrence = z.infer<typeof Occurrence>;

export type OccurrenceEventType = 'opened' | 'reopened' | 'resolved';

export interface OccurrenceEvent {
  type: OccurrenceEventType;
  alertId: string;
  occurrenceKey: string;
  /** When it happened upstream (firedAt, or the instant ALARM ended); `now` for MISSING and resumes. */
  at: number;
}

export interface ReconcileOptions {
  /** What to do with alerts missing from the snapshot; 'keep' unless the snapshot is known complete. */
  missing?: 'keep' | 'resolve';
}

export interface Reconciliation {
  /** Every occurrence, previous and new, ordered by alert id then firedAt. */
  occurrences: Occurrence[];
  /** What changed, in time order. */
  events: OccurrenceEvent[];
}

export type UpstreamState = Pick<UpstreamAlert, 'id' | 'state' | 'stateSince'>;

export function occurrenceKey(alertId: string, firedAt: number): string {
  return `${alertId}@${firedAt}`;
}

export function isOpen(occurrence: Pick<Occurrence, 'resolvedAt'>): boolean {
  return occurrence.resolvedAt === null;
}

/**
 * One occurrence as it stood at `now` (rows a run at a later clock wrote): null when it fired
 * after `now` (it has not happened yet); open again when it ended after `now`. The same object
 * when nothing of it lies past `now`.
 */
export function occurrenceAsOf<T extends Occurrence>(occurrence: T, now: number): T | null {
  if (occurrence.firedAt > now) return null;
  if (occurrence.resolvedAt === null || occurrence.resolvedAt <= now) return occurrence;
  return { ...occurrence, resolvedAt: null, endedBy: null, lastSeenAt: Math.min(occurrence.lastSeenAt, now) };
}

/**
 * What a stored occurrence says at `now`, for a reader without a fresh report (the queue, offline).
 * A row written after `now` — its lastSeenAt is past it: a run at a later --demo-clock left it
 * on the same data — is taken as it stood at `now` (occurrenceAsOf). A row written at or before
 * `now` is taken as it is, even with an instant a little past `now`: that is the account's clock
 * running ahead of ours, and the firing it reports has happened.
 */
export function storedOccurrenceAt<T extends Occurrence>(occurrence: T, now: number): T | null {
  return occurrence.lastSeenAt > now ? occurrenceAsOf(occurrence, now) : occurrence;
}

/** The first instant past `now` at which storedOccurrenceAt changes what the occurrence says; null if none. */
export function nextInstantPast(occurrence: Occurrence, now: number): number | null {
  if (occurrence.lastSeenAt <= now) return null;
  if (occurrence.firedAt > now) return occurrence.firedAt;
  return occurrence.resolvedAt !== null && occurrence.resolvedAt > now ? occurrence.resolvedAt : null;
}

/**
 * An alert's upstream state at `now`, beside its occurrence as the queue reads it then: a state
 * that began after `now` (an alarm table a later clock wrote: "OK since 17:38" read at 17:36) is
 * the occurrence's — ALARM since it fired while it is open, else how and when it ended. The same
 * object otherwise.
 */
export function upstreamStateAt<T extends UpstreamState>(alert: T, occurrence: Occurrence, now: number): T {
  if (alert.stateSince <= now) return alert;
  if (occurrence.resolvedAt === null) return { ...alert, state: 'ALARM', stateSince: occurrence.firedAt };
  return { ...alert, state: occurrence.endedBy === 'INSUFFICIENT_DATA' ? 'INSUFFICIENT_DATA' : 'OK', stateSince: occurrence.resolvedAt };
}

/** An alert's occurrences as they stood at `now` (occurrenceAsOf each). The same array when nothing lies past `now`. */
function rewindTo(list: Occurrence[], now: number): Occurrence[] {
  if (!list.some((o) => occurrenceAsOf(o, now) !== o)) return list;
  return list.flatMap((o) => occurrenceAsOf(o, now) ?? []);
}

export function reconcileOccurrences(
  previous: readonly Occurrence[],
  upstream: readonly UpstreamState[],
  now: number,
  options: ReconcileOptions = {},
): Reconciliation {
  const missing = options.missing ?? 'keep';
  const history = new Map<string, Occurrence[]>();
  for (const occ of previous) {
    const list = history.get(occ.alertId);
    if (list) list.push({ ...occ });
    else history.set(occ.alertId, [{ ...occ }]);
  }
  for (const list of history.values()) list.sort((a, b) => a.firedAt - b.firedAt);

  // One report per alert: the newest, should a snapshot repeat an id.
  const reports = new Map<string, UpstreamState>();
  for (const report of upstream) {
    const seen = reports.get(report.id);
    if (!seen || report.stateSince >= seen.stateSince) reports.set(report.id, report);
  }

  const events: OccurrenceEvent[] = [];
  const end = (occ: Occurrence, at: number, endedBy: OccurrenceEnd) => {
    occ.resolvedAt = at;
    occ.endedBy = endedBy;
    events.push({ type: 'resolved', alertId: occ.alertId, occurrenceKey: occ.key, at });
  };

  const alertIds = new Set([...history.keys(), ...reports.keys()]);
  for (const alertId of alertIds) {
    let list = history.get(alertId) ?? [];
    const report = reports.get(alertId);
    if (report && report.stateSince <= now) {
      const asOfNow = rewindTo(list, now);
      if (asOfNow !== list) history.set(alertId, (list = asOfNow));
    }
    const latest = list[list.length - 1];

    if (!report) {
      if (missing === 'resolve' && latest && isOpen(latest)) end(latest, now, 'MISSING');
      continue;
    }

    if (report.state !== 'ALARM') {
      if (latest && isOpen(latest) && report.stateSince >= latest.firedAt) {
        latest.lastSeenAt = now;
        end(latest, report.stateSince, report.state);
      } else if (latest) {
        latest.lastSeenAt = Math.max(latest.lastSeenAt, now);
      }
      continue;
    }

    if (latest && report.stateSince === latest.firedAt) {
      if (isOpen(latest)) latest.lastSeenAt = now;
      else if (latest.endedBy === 'MISSING') {
        latest.resolvedAt = null;
        latest.endedBy = null;
        latest.lastSeenAt = now;
        events.push({ type: 'reopened', alertId, occurrenceKey: latest.key, at: now });
      }
      // else: we saw this period end; a report still calling it ALARM is stale.
      continue;
    }
    if (latest) {
      const olderThanKnown =
        report.stateSince < latest.firedAt ||
        (latest.resolvedAt !== null && latest.endedBy !== 'MISSING' && report.stateSince < latest.resolvedAt);
      if (olderThanKnown) continue;
      if (isOpen(latest)) end(latest, report.stateSince, 'SUPERSEDED');
    }
    const fresh: Occurrence = {
      key: occurrenceKey(alertId, report.stateSince),
      alertId,
      firedAt: report.stateSince,
      resolvedAt: null,
      endedBy: null,
      lastSeenAt: now,
    };
    events.push({ type: list.length > 0 ? 'reopened' : 'opened', alertId, occurrenceKey: fresh.key, at: fresh.firedAt });
    list.push(fresh);
    history.set(alertId, list);
  }

  const occurrences = [...history.values()].flat().sort((a, b) => (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : a.firedAt - b.firedAt));
  const order: Record<OccurrenceEventType, number> = { resolved: 0, opened: 1, reopened: 1 };
  events.sort((a, b) => a.at - b.at || order[a.type] - order[b.type] || (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0));
  return { occurrences, events };
}
