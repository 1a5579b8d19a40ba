// Diagnostics (`OPSDECK_MEMORY_TRACE=<file>` in serve mode; bench/scale.bench.ts): once a
// second, one JSON line with the process's RSS and every thread's own heap and off-heap
// memory, so a peak of the one process can be attributed to the thread that caused it.
import { appendFileSync } from 'node:fs';
import { threadMemory, type ThreadMemory } from './rpc';

export interface MemorySample {
  /** ms since the epoch */
  at: number;
  rssMb: number;
  /** The UI-facing (main) thread, then each supervised worker by name; null while one is down or busy. */
  threads: Record<string, ThreadMemory | null>;
}

export interface MemorySource {
  readonly workers: ReadonlyMap<string, { memory(timeoutMs?: number): Promise<ThreadMemory | null> }>;
}

export async function sampleMemory(app: MemorySource): Promise<MemorySample> {
  const entries = await Promise.all([...app.workers].map(async ([name, w]) => [name, await w.memory(900)] as const));
  return { at: Date.now(), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20), threads: { main: threadMemory(), ...Object.fromEntries(entries) } };
}

/** Append a sample to `file` every `everyMs` until the returned function is called. */
export function traceMemory(app: MemorySource, file: string, everyMs = 1_000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void sampleMemory(app)
      .then((s) => appendFileSync(file, `${JSON.stringify(s)}\n`))
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
