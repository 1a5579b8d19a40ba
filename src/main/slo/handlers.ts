// SLO handlers: evaluation runs in ctx.slo (a worker thread in the app), so these only ask.
import type { SloDetail } from '@shared/contract/slos';
import type { sloApi } from '@shared/contract/slos';
import type { Topic } from '@shared/api';
import type { Handlers } from '../api/dispatch';
import { primarySourceId, type ApiContext } from '../api/context';
import { sharedBuild } from '../api/memo';

/** What a detail depends on: the cached data and the SLO definitions. */
const DETAIL_TOPICS: readonly Topic[] = ['metrics', 'slos'];
/**
 * A detail kept this long answers at once (then up to as long again while a fresh one is built):
 * SLO files are re-read by the evaluator without a push, so edits show within this bound.
 */
export const DETAIL_MAX_AGE_MS = 5_000;
/** Details kept at most (one per SLO; unknown ids fail and are not kept). */
const DETAILS_KEPT = 500;

export function sloHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof sloApi> {
  const evaluate = (id: string): Promise<SloDetail> => ctx.slo.detail(primarySourceId(ctx), ctx.sloConfigDir, id, ctx.now());
  const topicVersion = ctx.topicVersion;
  // Opening a detail again (back to the list, the next row, back) reuses the worker's answer
  // while nothing it depends on changed; concurrent asks (a prefetch, then the click) share one.
  const details = new Map<string, ReturnType<typeof sharedBuild<number, SloDetail>>>();
  const detail = (id: string): Promise<SloDetail> => {
    if (!topicVersion) return evaluate(id);
    let shared = details.get(id);
    if (!shared) {
      if (details.size >= DETAILS_KEPT) details.clear();
      shared = sharedBuild({ key: () => topicVersion(DETAIL_TOPICS), now: ctx.now, maxAgeMs: DETAIL_MAX_AGE_MS }, () => evaluate(id));
      details.set(id, shared);
    }
    return shared.get().catch((err: unknown) => {
      details.delete(id);
      throw err;
    });
  };
  return {
    slos: () => ctx.slo.slos(primarySourceId(ctx), ctx.sloConfigDir, ctx.now()),
    sloDetail: ({ id }) => detail(id),
  };
}
