// Start-up timeline for benchmarks: with OPSDECK_TRACE_STARTUP set, each milestone (process
// start, listening, worker ready, first answers) is one stderr line with its wall-clock time,
// from any thread, so a bench can line them up against the moment it spawned the process.
import { threadId } from 'node:worker_threads';

const enabled = Boolean(process.env.OPSDECK_TRACE_STARTUP);

export function traceStartup(label: string): void {
  if (enabled) process.stderr.write(`opsdeck-trace ${Date.now()} t${threadId} ${label}\n`);
}

/** Wraps every method so each call's start and end are traced (the first few only: start-up). */
export function traceMethods<M extends Record<string, (...args: never[]) => unknown>>(name: string, methods: M, firstCalls = 20): M {
  if (!enabled) return methods;
  let calls = 0;
  return Object.fromEntries(
    Object.entries(methods).map(([method, fn]) => [
      method,
      async (...args: never[]) => {
        const traced = calls++ < firstCalls;
        if (traced) traceStartup(`${name}.${method} start`);
        try {
          return await fn(...args);
        } finally {
          if (traced) traceStartup(`${name}.${method} end`);
        }
      },
    ]),
  ) as M;
}
