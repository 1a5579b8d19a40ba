// User preferences that belong to this screen, not to the data: theme and time zone display.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TimeMode } from '@renderer/lib/format';

export type Theme = 'dark' | 'light';

interface Prefs {
  theme: Theme;
  timeMode: TimeMode;
  toggleTheme(): void;
  toggleTimeMode(): void;
}

const PrefsContext = createContext<Prefs | null>(null);

function stored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const v = localStorage.getItem(key);
  return allowed.includes(v as T) ? (v as T) : fallback;
}

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>(() =>
    stored('opsdeck.theme', ['dark', 'light'] as const, window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark'),
  );
  const [timeMode, setTimeMode] = useState<TimeMode>(() => stored('opsdeck.time', ['utc', 'local'] as const, 'utc'));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('opsdeck.theme', theme);
  }, [theme]);
  useEffect(() => localStorage.setItem('opsdeck.time', timeMode), [timeMode]);
  const value = useMemo<Prefs>(
    () => ({
      theme,
      timeMode,
      toggleTheme: () => setTheme((t) => (t === 'dark' ? 'light' : 'dark')),
      toggleTimeMode: () => setTimeMode((m) => (m === 'utc' ? 'local' : 'utc')),
    }),
    [theme, timeMode],
  );
  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): Prefs {
  const p = useContext(PrefsContext);
  if (!p) throw new Error('PrefsProvider missing');
  return p;
}
