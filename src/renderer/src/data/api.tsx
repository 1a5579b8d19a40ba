// TanStack Query wiring: the transport in a provider, `changed` push events turned into
// invalidations (rule: invalidation.ts), and a typed hook per API method.
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Input, Method, Output } from '@shared/api';
import { isInvalidatedBy, loadContractTopics } from './invalidation';
import { queryKeys } from './queryKeys';
import { detectTransport, type Transport } from './transport';
import { SECOND_MS } from '@renderer/lib/time';

export { queryKeys } from './queryKeys';

const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('ApiProvider missing');
  return t;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // 'always': the default pauses queries when the laptop is offline — exactly when
      // Opsdeck must keep answering from its local cache.
      queries: { networkMode: 'always', staleTime: 30 * SECOND_MS, retry: 1, refetchOnWindowFocus: false },
      mutations: { networkMode: 'always' },
    },
  });
}

export function ApiProvider({ children, transport, client: given }: { children: ReactNode; transport?: Transport; client?: QueryClient }) {
  const [client] = useState(() => given ?? createQueryClient());
  const [t] = useState<Transport>(() => transport ?? detectTransport());
  useEffect(
    () =>
      t.subscribe((e) => {
        if (e.type !== 'changed') return;
        const changed = new Set<string>(e.topics);
        void loadContractTopics().then((spec) => client.invalidateQueries({ predicate: (q) => isInvalidatedBy(q.queryKey, changed, spec) }));
      }),
    [t, client],
  );
  return (
    <TransportContext.Provider value={t}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </TransportContext.Provider>
  );
}

export function useApi<M extends Method>(method: M, input: Input<M>, options?: { refetchIntervalMs?: number }) {
  const t = useTransport();
  return useQuery<Output<M>, Error>({
    queryKey: queryKeys.call(method, input),
    queryFn: () => t.invoke(method, input),
    placeholderData: (previous) => previous,
    ...(options?.refetchIntervalMs ? { refetchInterval: options.refetchIntervalMs } : {}),
  });
}

/**
 * Starts these calls now, into the same cache entries `useApi` reads, so a component that
 * mounts later finds its answer arriving (or arrived) instead of starting the call then.
 */
export function usePrefetch(calls: readonly { method: Method; input: unknown }[] | undefined): void {
  const t = useTransport();
  const client = useQueryClient();
  const [first] = useState(calls);
  useEffect(() => {
    for (const c of first ?? []) {
      void client.prefetchQuery({ queryKey: queryKeys.call(c.method, c.input as Input<Method>), queryFn: () => t.invoke(c.method, c.input as Input<Method>) });
    }
  }, [first, client, t]);
}

/** Starts one call into the cache `useApi` reads (e.g. on hover: the click that follows finds it under way). */
export function usePrefetcher(): <M extends Method>(method: M, input: Input<M>) => void {
  const t = useTransport();
  const client = useQueryClient();
  return useCallback(<M extends Method>(method: M, input: Input<M>) => void client.prefetchQuery({ queryKey: queryKeys.call(method, input), queryFn: () => t.invoke(method, input) }), [client, t]);
}

/**
 * Prefetches these calls one after another once the page has been idle for `delayMs`: what
 * the user is likely to open next (the top rows of a list) is then answered from the cache.
 * One at a time, so a call the user makes waits behind at most one of them; stops when the
 * page goes.
 */
export function usePrefetchInTurn<M extends Method>(method: M, inputs: readonly Input<M>[], delayMs = 300): void {
  const t = useTransport();
  const client = useQueryClient();
  const key = JSON.stringify(inputs);
  useEffect(() => {
    let stopped = false;
    const list = JSON.parse(key) as Input<M>[];
    const timer = setTimeout(() => {
      void (async () => {
        for (const input of list) {
          if (stopped) return;
          await client.prefetchQuery({ queryKey: queryKeys.call(method, input), queryFn: () => t.invoke(method, input) });
        }
      })();
    }, delayMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, method, delayMs, client, t]);
}

/** Refetch every API query now (the `r` key). */
export function useRefreshAll(): () => void {
  const client = useQueryClient();
  return useCallback(() => void client.invalidateQueries({ queryKey: queryKeys.all }), [client]);
}

export function useApiMutation<M extends Method>(method: M) {
  const t = useTransport();
  const client = useQueryClient();
  return useMutation<Output<M>, Error, Input<M>>({
    mutationFn: (input) => t.invoke(method, input),
    // A write may change any figure on screen; the push events follow for other windows.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.all }),
  });
}
