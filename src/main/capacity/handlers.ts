// The capacity API: thin handlers over the service (stored forecasts; nothing fitted here).
import type { ApiContext } from '../api/context';
import type { Handlers } from '../api/dispatch';

export function capacityHandlers(ctx: ApiContext): Pick<Handlers, 'capacity' | 'capacityChart' | 'capacityWhatIf'> {
  return {
    capacity: () => ctx.capacity.list(),
    capacityChart: ({ id }) => ctx.capacity.chart(id),
    capacityWhatIf: ({ id, capacity, limits }) => ctx.capacity.whatIf(id, capacity, limits),
  };
}
