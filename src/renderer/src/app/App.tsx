// The app shell: navigation, connectivity banner, the app's clock, keyboard shortcuts, and
// each page inside its own error boundary.
import { Suspense, useEffect, useMemo, useState } from 'react';
import { ErrorBoundary } from '@renderer/components/common/ErrorBoundary';
import { Loading } from '@renderer/components/common/Loader';
import { useApi, usePrefetch, useRefreshAll } from '@renderer/data/api';
import { AlertNotifier } from '@renderer/features/alerts/AlertNotifier';
import { ClockProvider } from '@renderer/lib/clock';
import { usePrefs } from '@renderer/lib/prefs';
import { useShortcuts } from '@renderer/lib/shortcuts';
import { ConnectivityBanner } from './ConnectivityBanner';
import { preloadPage, preloadPages, ROUTES, routeOf } from './routes';
import { ShortcutHelp } from './ShortcutHelp';
import { GLOBAL_SHORTCUTS, globalHandlers } from './shortcuts';
import { SECOND_MS } from '@renderer/lib/time';

export function App() {
  const [route, setRoute] = useState(() => {
    const first = routeOf(window.location.hash);
    // Its chunk loads while the shell waits for `sources`, so the page never suspends behind it.
    preloadPage(first);
    return first;
  });
  const [help, setHelp] = useState(false);
  const prefs = usePrefs();
  const refresh = useRefreshAll();
  const sources = useApi('sources', {}, { refetchIntervalMs: 10 * SECOND_MS });
  // The first page's data is asked for together with `sources`, not after it (see below).
  usePrefetch(ROUTES.find((r) => r.id === route)?.firstCalls);
  const shellReady = sources.data !== undefined;
  useEffect(() => {
    if (!shellReady) return;
    // The other pages' code, once the first screen is up and the network idle.
    const timer = setTimeout(preloadPages, 1_500);
    return () => clearTimeout(timer);
  }, [shellReady]);
  // Follow the demo platform's clock when serve mode runs it shifted (--demo-clock).
  const clockOffsetMs = sources.data?.find((s) => s.kind === 'demo')?.clockOffsetMs ?? 0;

  useEffect(() => {
    const onHash = (): void => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const handlers = useMemo(
    () =>
      globalHandlers({
        toggleTime: prefs.toggleTimeMode,
        toggleTheme: prefs.toggleTheme,
        refresh,
        toggleHelp: () => setHelp((h) => !h),
        // Esc closes the help when it is open; otherwise the page may use it (back from an alert).
        closeHelp: () => (help ? setHelp(false) : false),
      }),
    [prefs.toggleTimeMode, prefs.toggleTheme, refresh, help],
  );
  useShortcuts(GLOBAL_SHORTCUTS, handlers);

  const active = ROUTES.find((r) => r.id === route) ?? ROUTES[0]!;
  const demo = sources.data?.some((s) => s.kind === 'demo');
  return (
    <ClockProvider offsetMs={clockOffsetMs}>
      <div className="shell" data-app-state={sources.data ? 'ready' : 'loading'}>
        <nav className="sidebar" aria-label="Main">
          <div className="brand">
            Opsdeck{demo && <span className="tag tag-demo" title="All data comes from the embedded simulator">DEMO DATA</span>}
          </div>
          {ROUTES.map((r, i) => (
            <a key={r.id} href={`#/${r.id}`} className={r.id === route ? 'nav-link active' : 'nav-link'} aria-current={r.id === route ? 'page' : undefined}>
              <span className="nav-label">{r.label}</span>
              <kbd className="nav-key" aria-hidden>
                {i + 1}
              </kbd>
            </a>
          ))}
          <div className="sidebar-foot">
            <button onClick={prefs.toggleTimeMode} title="Toggle UTC / local time (t)">
              Time: {prefs.timeMode === 'utc' ? 'UTC' : 'Local'}
            </button>
            <button onClick={prefs.toggleTheme} title="Toggle theme (Shift+L)">
              Theme: {prefs.theme === 'dark' ? 'Dark' : 'Light'}
            </button>
            <button onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">
              Shortcuts ?
            </button>
          </div>
        </nav>
        <main className="content">
          <ConnectivityBanner sources={sources.data} error={sources.error} />
          {/* Keyed by the page: leaving a page that failed and coming back tries it afresh. */}
          {sources.data || sources.error ? (
            <ErrorBoundary key={active.id} page={active.label}>
              <Suspense fallback={<section className="page" data-testid="page-loading"><h1>{active.label}</h1><Loading>Loading this page…</Loading></section>}>{active.render()}</Suspense>
            </ErrorBoundary>
          ) : (
            // Until the sources answer, the app's clock (--demo-clock) is unknown: ages and
            // "STALE" computed now would be wrong, so the page waits for that one small call.
            <section className="page" data-testid="page-loading">
              <h1>{active.label}</h1>
              <p className="muted">Loading…</p>
            </section>
          )}
        </main>
        {help && <ShortcutHelp onClose={() => setHelp(false)} />}
        {/* New P1/P2 alerts notify from any page, aggregated and suppressed by silences. */}
        <AlertNotifier />
      </div>
    </ClockProvider>
  );
}
