// A page in its own chunk, like React.lazy, except that once its chunk has loaded it renders
// at once. React.lazy suspends on its first render even when the module is already here, and
// React then holds the revealed page back for up to 300 ms after the fallback showed (its
// Suspense reveal throttle): the queue's rows arrived and sat behind "Loading this page…".
import { createElement, use, type ComponentType } from 'react';

export interface LazyPage {
  /** Renders the page; suspends (to the nearest Suspense) only while its chunk is still loading. */
  Component: ComponentType;
  /** Starts loading the chunk (once); resolves when the page can render without suspending. */
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
  function Page() {
    if (loaded) return createElement(loaded);
    use(load());
    return loaded ? createElement(loaded) : null;
  }
  return { Component: Page, load };
}
