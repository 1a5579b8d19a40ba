// The alert queue sent as what changed since the version a client holds (AlertQueueDelta):
// the client merges it into the answer it holds and gets the whole new answer, exactly — the
// same rows in the same order as a full answer at that version. Groups it carries over are the
// very objects it held, so a memoised row does not render again.
import type { AlertQueue, AlertQueueDelta, QueueGroup } from './alerts';

/** A delta that does not fit the answer it is merged into: ask again for the whole queue. */
export class QueueDeltaMismatch extends Error {}

export function isQueueDelta(answer: AlertQueue | AlertQueueDelta): answer is AlertQueueDelta {
  return (answer as { kind?: unknown }).kind === 'delta';
}

/** The answer at `delta.envelope.version`, from the one held at `delta.since`; throws QueueDeltaMismatch when they do not fit. */
export function applyQueueDelta(held: AlertQueue, delta: AlertQueueDelta): AlertQueue {
  if (held.version !== delta.since) throw new QueueDeltaMismatch(`the delta is against version ${delta.since}, the answer held is ${held.version}`);
  const from = held.groups;
  const { rows, order } = delta;
  const carried = new Uint8Array(from.length);
  const placed = new Uint8Array(rows.length);
  const groups: QueueGroup[] = [];
  for (let i = 0; i < order.length; ) {
    const n = order[i]!;
    if (n < 0) {
      const r = -n - 1;
      if (r >= rows.length || placed[r]) throw new QueueDeltaMismatch(`order step ${i}: row ${r} is not in the delta or placed twice`);
      placed[r] = 1;
      groups.push(rows[r]!);
      i += 1;
      continue;
    }
    const length = order[i + 1];
    if (length === undefined || length < 1 || n + length > from.length) throw new QueueDeltaMismatch(`order step ${i}: run ${n}+${String(length)} is outside the ${from.length} groups held`);
    for (let j = n; j < n + length; j++) {
      if (carried[j]) throw new QueueDeltaMismatch(`order step ${i}: group ${j} carried over twice`);
      carried[j] = 1;
      groups.push(from[j]!);
    }
    i += 2;
  }
  if (placed.includes(0)) throw new QueueDeltaMismatch('a row of the delta has no place in the order');
  // Every group held and not carried over is either gone or replaced by a row with its key.
  const replaced = new Set(delta.removed);
  for (const r of rows) replaced.add(r.key);
  for (let j = 0; j < from.length; j++) {
    if (!carried[j] && !replaced.has(from[j]!.key)) throw new QueueDeltaMismatch(`group ${JSON.stringify(from[j]!.key)} is neither carried over, changed nor removed`);
  }
  return { ...delta.envelope, groups };
}
