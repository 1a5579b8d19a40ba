// Work in steps: a generator that yields between pieces (an alarm, a member, a group, a phase),
// run through at once (drain) or in slices that hand the thread to other calls (runSliced).

/**
 * A build in steps: it yields between pieces of work (a member, a group, a phase), so a caller
 * can hand the thread to other calls between them (buildQueueSliced) or run it through (buildQueue).
 */
export type Steps<T> = Generator<void, T, void>;

export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** How long a slice of a sliced build holds the thread before other calls get it. */
export const BUILD_SLICE_MS = 12;

/** Runs `steps` in slices of about `sliceMs`, letting I/O and other calls run between them. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = BUILD_SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      // setImmediate runs after pending I/O callbacks: a waiting request is answered here.
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
