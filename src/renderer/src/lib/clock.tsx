// The app's "now". Normally the wall clock; with serve mode's --demo-clock the demo platform
// runs in the past, and ages, timers and "now" defaults must follow it, not the laptop.
// The offset flows down through context (set by the shell from the sources query), so no
// module variable is written during render.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { SECOND_MS } from './time';

const ClockOffsetContext = createContext(0);

export function ClockProvider({ offsetMs, children }: { offsetMs: number; children: ReactNode }) {
  return <ClockOffsetContext.Provider value={offsetMs}>{children}</ClockOffsetContext.Provider>;
}

/** A function returning the app's current time, for event handlers and initial state. */
export function useClock(): () => number {
  const offset = useContext(ClockOffsetContext);
  return useCallback(() => Date.now() + offset, [offset]);
}

/** The current time (the app's clock), re-rendered every `everyMs` so ages and timers stay true. */
export function useNow(everyMs = 5 * SECOND_MS): number {
  const offset = useContext(ClockOffsetContext);
  const [wall, setWall] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setWall(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  // The offset applies at once when it changes, not at the next tick.
  return wall + offset;
}
