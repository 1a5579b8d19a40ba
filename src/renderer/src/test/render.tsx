// Renders a component the way the app does (preferences, API, shortcuts, clock) over a fake
// transport, so component tests run in jsdom without a main side.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Input, Method, Output, PushEvent } from '@shared/api';
import { AppProviders } from '@renderer/app/providers';
import { createQueryClient } from '@renderer/data/api';
import type { Transport } from '@renderer/data/transport';
import { ClockProvider } from '@renderer/lib/clock';

export type FakeInvoke = (method: Method, input: unknown) => Promise<unknown>;

export interface FakeTransport extends Transport {
  calls: { method: Method; input: unknown }[];
  push(event: PushEvent): void;
}

export function fakeTransport(invoke: FakeInvoke): FakeTransport {
  const listeners = new Set<(e: PushEvent) => void>();
  const calls: { method: Method; input: unknown }[] = [];
  return {
    kind: 'serve',
    calls,
    invoke<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      calls.push({ method, input });
      return invoke(method, input) as Promise<Output<M>>;
    },
    savePdf: async () => ({ saved: false }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(event) {
      for (const l of listeners) l(event);
    },
  };
}

export function renderWithApp(ui: ReactNode, { transport = fakeTransport(() => new Promise(() => {})), clockOffsetMs = 0 }: { transport?: FakeTransport; clockOffsetMs?: number } = {}): RenderResult & { transport: FakeTransport } {
  const client = createQueryClient();
  client.setDefaultOptions({ ...client.getDefaultOptions(), queries: { ...client.getDefaultOptions().queries, retry: false } });
  const result = render(
    <AppProviders transport={transport} client={client}>
      <ClockProvider offsetMs={clockOffsetMs}>{ui}</ClockProvider>
    </AppProviders>,
  );
  return { ...result, transport };
}
