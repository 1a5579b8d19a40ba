// SLO handlers (issue: SLOs and error budgets).
import type { sloApi } from '../../shared/contract/slos';
import type { Handlers } from './dispatch';
import type { ApiContext } from './handlers';

export function sloHandlers(_ctx: ApiContext): Pick<Handlers, keyof typeof sloApi> {
  return {};
}
