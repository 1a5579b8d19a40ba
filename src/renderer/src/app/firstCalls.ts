// The first screen's calls, started by the entry before React renders anything: the shell's
// own (`sources`, which gates every page) and the opened page's `firstCalls`, into the cache
// entries `useApi` reads. Started from a component they would wait for the first render,
// its commit and a paint (effects run after those) — time the answers can use instead.
import type { QueryClient } from '@tanstack/react-query';
import type { Input, Method } from '@shared/api';
import { queryKeys } from '@renderer/data/api';
import type { Transport } from '@renderer/data/transport';
import { ROUTES, routeOf } from './routes';

export function startFirstCalls(client: QueryClient, transport: Transport, hash: string): Method[] {
  const route = ROUTES.find((r) => r.id === routeOf(hash));
  const calls = [{ method: 'sources' as Method, input: {} }, ...(route?.firstCalls ?? [])];
  for (const c of calls) {
    const input = c.input as Input<Method>;
    void client.prefetchQuery({ queryKey: queryKeys.call(c.method, input), queryFn: () => transport.invoke(c.method, input) });
  }
  return calls.map((c) => c.method);
}
