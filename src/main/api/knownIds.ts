// Unknown ids that a feature's handler cannot report as such answer 404 here: an SLO's
// detail is evaluated in a worker (whose errors cross the thread as text only), and which
// sources exist is known only to the composition root.
import { NotFoundError } from '@shared/errors';
import { sloConfig } from '../slo/service';
import type { ApiContext } from './context';
import type { Handlers } from './dispatch';

const listed = (ids: readonly string[]): string => (ids.length === 0 ? 'none' : ids.length > 20 ? `${ids.slice(0, 20).join(', ')}, …` : ids.join(', '));

export function withKnownIds(ctx: ApiContext, handlers: Handlers): Handlers {
  return {
    ...handlers,
    sloDetail: (input) => {
      const known = sloConfig(ctx.sloConfigDir).slos.map((s) => s.id);
      if (!known.includes(input.id)) throw new NotFoundError(`no SLO with id ${JSON.stringify(input.id)} (known: ${listed(known)})`);
      return handlers.sloDetail(input);
    },
    syncNow: (input) => {
      if (input.sourceId !== undefined && !ctx.sourceIds.includes(input.sourceId)) {
        throw new NotFoundError(`no source ${JSON.stringify(input.sourceId)} (configured: ${listed(ctx.sourceIds)})`);
      }
      return handlers.syncNow(input);
    },
  };
}
