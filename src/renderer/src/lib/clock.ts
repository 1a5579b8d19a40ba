// The app's "now". Normally the wall clock; with serve mode's --demo-clock the demo platform
// runs in the past, and ages, timers and "now" defaults must follow it, not the laptop.
let offsetMs = 0;

export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

export function clockOffset(): number {
  return offsetMs;
}

export function clockNow(): number {
  return Date.now() + offsetMs;
}
