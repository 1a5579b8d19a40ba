// The alert queue asked for as what changed since the answer held here: each call sends the
// version it holds (`since`), and a delta answer (5,000 groups: a few rows instead of 1 MB) is
// merged into it (alertsDelta.ts). Callers get the same AlertQueue as a full answer would
// give, and its unchanged groups are the objects they already had, so memoised rows do not
// render again. Over IPC and HTTP alike.
import type { Answer, Input, Method, Output } from '@shared/api';
import type { AlertQueue } from '@shared/contract/alerts';
import { applyQueueDelta, isQueueDelta, QueueDeltaMismatch } from '@shared/contract/alertsDelta';

/** A call as the main side answers it (a delta where the method has one). */
export type RawInvoke = <M extends Method>(method: M, input: Input<M>) => Promise<Answer<M>>;
/** A call as callers see it: the contract's output. */
export type Invoke = <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;

/** Answers held to merge into: calls overlap, and a delta answers the version it was asked against. */
const HELD_ANSWERS = 3;

export function withQueueDeltas(raw: RawInvoke): Invoke {
  const held: AlertQueue[] = [];
  const hold = (q: AlertQueue): AlertQueue => {
    if (!held.includes(q)) {
      held.push(q);
      if (held.length > HELD_ANSWERS) held.shift();
    }
    return q;
  };
  const merged = (base: AlertQueue, delta: Parameters<typeof applyQueueDelta>[1]): AlertQueue => {
    // Nothing changed at all: the answer held, so nothing downstream renders again.
    if (delta.envelope.version === base.version) return base;
    const next = applyQueueDelta(base, delta);
    // Same groups in the same order (time alone moved the envelope): the same array, too.
    const sameGroups = next.groups.length === base.groups.length && next.groups.every((g, i) => g === base.groups[i]);
    return sameGroups ? { ...next, groups: base.groups } : next;
  };
  const queue = async (input: Input<'alertQueue'>): Promise<AlertQueue> => {
    const newest = held.at(-1);
    const answer = await raw('alertQueue', newest ? { ...input, since: newest.version } : input);
    if (!isQueueDelta(answer)) return hold(answer);
    const base = held.find((q) => q.version === answer.since);
    if (base) {
      try {
        return hold(merged(base, answer));
      } catch (err) {
        if (!(err instanceof QueueDeltaMismatch)) throw err;
      }
    }
    // A delta that does not fit what is held (it should not happen): the whole queue, afresh.
    held.length = 0;
    return hold((await raw('alertQueue', input)) as AlertQueue);
  };
  return <M extends Method>(method: M, input: Input<M>): Promise<Output<M>> => {
    // A caller naming its own `since` gets the main side's answer as it is.
    if (method === 'alertQueue' && (input as Input<'alertQueue'> | undefined)?.since === undefined) return queue((input ?? {}) as Input<'alertQueue'>) as Promise<Output<M>>;
    return raw(method, input) as Promise<Output<M>>;
  };
}
