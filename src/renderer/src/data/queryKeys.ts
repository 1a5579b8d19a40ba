// One key factory for every API call. A key is ['api', method, input] and holds no topic
// names: which topics a method depends on is read from the contract (data/invalidation.ts),
// so a method called `slos` or `sources` can never be mistaken for the topic of that name,
// nor can an input value that happens to spell a topic.
import type { Input, Method } from '@shared/api';

export const API_ROOT = 'api';

export const queryKeys = {
  /** Every API query (what `r` refreshes). */
  all: [API_ROOT] as const,
  call: <M extends Method>(method: M, input: Input<M>) => [API_ROOT, method, input] as const,
};
