// Alert-queue handlers (issue: alert queue).
import type { alertApi } from '../../shared/contract/alerts';
import type { Handlers } from './dispatch';
import type { ApiContext } from './handlers';

export function alertHandlers(_ctx: ApiContext): Pick<Handlers, keyof typeof alertApi> {
  return {};
}
