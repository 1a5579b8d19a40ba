// Who is acting: remembered on this laptop, defaulting to the OS account the main side reports.
import { useCallback, useEffect, useState } from 'react';

const AUTHOR_KEY = 'opsdeck.author';

export function useAuthor(fallback: string | undefined): [string, (name: string) => void] {
  const [stored, setStored] = useState<string>(() => localStorage.getItem(AUTHOR_KEY) ?? '');
  useEffect(() => {
    const onStorage = (e: StorageEvent): void => {
      if (e.key === AUTHOR_KEY) setStored(e.newValue ?? '');
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const set = useCallback((name: string) => {
    const trimmed = name.trim();
    if (trimmed) localStorage.setItem(AUTHOR_KEY, trimmed);
    else localStorage.removeItem(AUTHOR_KEY);
    setStored(trimmed);
  }, []);
  return [stored || fallback || '', set];
}
