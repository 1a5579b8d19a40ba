// A page in its own chunk. Not React.lazy + Suspense: React.lazy suspends on its first render
// even when the module is already here, and React then holds a revealed Suspense boundary back
// until 300 ms after its fallback showed (its reveal throttle) — the 5,000-row queue arrived
// and sat behind "Loading this page…" for ~250 ms. Here the page renders at once when its
// chunk has loaded, and otherwise shows the loading line until a plain state update swaps it in.
import { createElement, useEffect, useState, type ComponentType, type ReactNode } from 'react';

export interface LazyPage {
  /** The page, or `loading` while its chunk is still on the way; a chunk that fails to load throws to the nearest error boundary. */
  Component: ComponentType<{ loading: ReactNode }>;
  /** Starts loading the chunk (once); resolves when the page can render. */
  load: () => Promise<void>;
}

export function lazyPage(importPage: () => Promise<{ default: ComponentType }>): LazyPage {
  let loaded: ComponentType | null = null;
  let pending: Promise<void> | null = null;
  const load = (): Promise<void> => {
    pending ??= importPage().then(
      (m) => {
        loaded = m.default;
      },
      (err: unknown) => {
        // A failed chunk (network gone) is tried afresh on the next visit.
        pending = null;
        throw err;
      },
    );
    return pending;
  };
  function Page({ loading }: { loading: ReactNode }) {
    const [state, setState] = useState<{ page: ComponentType | null; error: unknown }>({ page: loaded, error: null });
    useEffect(() => {
      if (state.page) return;
      let live = true;
      load().then(
        () => live && setState({ page: loaded, error: null }),
        (error: unknown) => live && setState({ page: null, error }),
      );
      return () => {
        live = false;
      };
    }, [state.page]);
    if (state.error) throw state.error;
    return state.page ? createElement(state.page) : loading;
  }
  return { Component: Page, load };
}
