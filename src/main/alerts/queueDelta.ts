// The alert queue as what changed since a version the client holds (AlertQueueDelta). Rows
// are compared by identity: handlers.ts gives a row of a new version the id of the row with
// the same key in the version before when their JSON is the same (a patched version keeps the
// very row objects a journal write did not touch; a full build re-creates them all, and most
// come out byte-identical since a row carries no figure of the build's `now`). So a version
// kept for deltas is only its keys in order and their ids: no row text, no row objects —
// ~60 KB for 5,000 groups.
import type { AlertQueue, AlertQueueDelta, QueueGroup } from '@shared/contract/alerts';

/** What a version keeps so that a later one can be sent as a delta against it. */
export interface VersionRows {
  version: string;
  /** Group keys in the answer's order. */
  keys: readonly string[];
  /** Each row's identity: equal ids, equal rows (byte for byte). */
  ids: Float64Array;
}

/** Past this share of rows changed, the whole answer is sent instead (it is then hardly larger, and cheaper to merge). */
export const DELTA_MAX_CHANGED_SHARE = 0.5;

/**
 * The answer `current` (its rows with their ids) as a delta against `since`; null when more
 * than DELTA_MAX_CHANGED_SHARE of its rows changed (send the whole answer).
 */
export function queueDelta(since: VersionRows, current: { envelope: Omit<AlertQueue, 'groups'>; rows: readonly QueueGroup[]; ids: ArrayLike<number> }): AlertQueueDelta | null {
  // Not kept with the version (it would be most of its memory): 1-2 ms for 5,000 groups, once per (since, version) pair.
  const positions = new Map<string, number>();
  for (let i = 0; i < since.keys.length; i++) positions.set(since.keys[i]!, i);
  const carried = new Uint8Array(since.keys.length);
  const rows: QueueGroup[] = [];
  const order: number[] = [];
  let runStart = -1;
  let runLength = 0;
  const endRun = (): void => {
    if (runLength > 0) order.push(runStart, runLength);
    runLength = 0;
  };
  const limit = Math.floor(current.rows.length * DELTA_MAX_CHANGED_SHARE);
  for (let j = 0; j < current.rows.length; j++) {
    const row = current.rows[j]!;
    const i = positions.get(row.key);
    if (i !== undefined && since.ids[i] === current.ids[j]) {
      carried[i] = 1;
      if (runLength > 0 && runStart + runLength === i) runLength += 1;
      else {
        endRun();
        runStart = i;
        runLength = 1;
      }
      continue;
    }
    endRun();
    rows.push(row);
    if (rows.length > limit && rows.length > 1) return null;
    order.push(-rows.length);
  }
  endRun();
  const changedKeys = new Set(rows.map((r) => r.key));
  const removed: string[] = [];
  for (let i = 0; i < since.keys.length; i++) if (!carried[i] && !changedKeys.has(since.keys[i]!)) removed.push(since.keys[i]!);
  return { kind: 'delta', since: since.version, envelope: current.envelope, rows, removed, order };
}
