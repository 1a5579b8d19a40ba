import { useEffect, useState } from 'react';
import { clockNow } from '@renderer/lib/clock';

/** The current time (the app's clock), re-rendered every `everyMs` so ages and timers stay true. */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => clockNow());
  useEffect(() => {
    const id = setInterval(() => setNow(clockNow()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
