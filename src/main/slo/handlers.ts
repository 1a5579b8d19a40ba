// SLO handlers: evaluation runs in ctx.slo (a worker thread in the app), so these only ask.
import type { sloApi } from '@shared/contract/slos';
import type { Handlers } from '../api/dispatch';
import { primarySourceId, type ApiContext } from '../api/context';

export function sloHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof sloApi> {
  return {
    slos: () => ctx.slo.slos(primarySourceId(ctx), ctx.sloConfigDir, ctx.now()),
    sloDetail: ({ id }) => ctx.slo.detail(primarySourceId(ctx), ctx.sloConfigDir, id, ctx.now()),
  };
}
