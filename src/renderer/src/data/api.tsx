// TanStack Query wiring: one key factory, a provider that turns `changed` push events into
// invalidations, and a typed hook per API method.
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, type Input, type Method, type Output } from '@shared/api';
import { detectTransport, type Transport } from '@renderer/data/transport';

/** Query keys start with the topics the method depends on, so a push invalidates exactly them. */
export const queryKeys = {
  call: <M extends Method>(method: M, input: Input<M>) => ['api', ...api[method].topics, method, input] as const,
};

const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('ApiProvider missing');
  return t;
}

export function ApiProvider({ children, transport }: { children: ReactNode; transport?: Transport }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // 'always': the default pauses queries when the laptop is offline — exactly when
          // Opsdeck must keep answering from its local cache.
          queries: { networkMode: 'always', staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
          mutations: { networkMode: 'always' },
        },
      }),
  );
  const [t] = useState<Transport>(() => transport ?? detectTransport());
  useEffect(
    () =>
      t.subscribe((e) => {
        if (e.type !== 'changed') return;
        // A key lists every topic its method depends on: invalidate when any of them changed.
        const changed = new Set<unknown>(e.topics);
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'api' && q.queryKey.some((part) => changed.has(part)) });
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

export function useApiMutation<M extends Method>(method: M) {
  const t = useTransport();
  const client = useQueryClient();
  return useMutation<Output<M>, Error, Input<M>>({
    mutationFn: (input) => t.invoke(method, input),
    onSettled: () => client.invalidateQueries({ queryKey: ['api'] }),
  });
}
