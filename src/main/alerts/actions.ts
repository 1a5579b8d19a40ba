// What people do to alerts (acknowledge, assign, snooze, note…): one journal batch per
// gesture, for exactly the occurrences they saw; resolved and unknown ones are skipped, with why.
import type { AlertActionInput } from '@shared/contract/alerts';
import { MINUTE_MS } from '@shared/lib/timeUnits';
import type { AlarmCache } from '../store/alarms';
import type { AlertJournal } from '../store/alert-journal';

export interface ActionResult {
  at: number;
  batchId: string;
  recorded: number;
  skipped: { occurrenceKey: string; reason: string }[];
}

export function recordAction(alarms: AlarmCache, journal: AlertJournal, input: AlertActionInput, at: number): ActionResult {
  const keys = [...new Set(input.occurrenceKeys)];
  const known = new Map(alarms.occurrencesByKeys(keys).map((o) => [o.key, o]));
  const skipped: { occurrenceKey: string; reason: string }[] = [];
  const targets: string[] = [];
  for (const key of keys) {
    const occ = known.get(key);
    if (!occ) skipped.push({ occurrenceKey: key, reason: 'unknown occurrence: refresh the queue' });
    else if (input.kind !== 'note' && occ.resolvedAt !== null && occ.resolvedAt <= at) {
      skipped.push({ occurrenceKey: key, reason: `already resolved at ${new Date(occ.resolvedAt).toISOString()}` });
    } else targets.push(key);
  }
  if (targets.length === 0) return { at, batchId: '', recorded: 0, skipped };
  const note = 'note' in input && input.note ? input.note : null;
  const rows = targets.map((occurrenceKey) => ({
    occurrenceKey,
    kind: input.kind,
    note,
    assignee: input.kind === 'assign' ? input.assignee || null : null,
    until: input.kind === 'snooze' ? at + input.minutes * MINUTE_MS : null,
  }));
  const { batchId } = journal.recordActions(rows, input.author, at);
  return { at, batchId, recorded: rows.length, skipped };
}
