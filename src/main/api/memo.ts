// Answers that depend only on the cache are computed once per cache version: the sync
// bumps the version with every write it announces, so a memoised answer is never stale,
// and ten windows polling during a backfill cost one computation, not ten.
export function memoByVersion<T>(version: () => number, compute: () => T): () => T {
  let cached: { version: number; value: T } | null = null;
  return () => {
    const v = version();
    if (cached?.version !== v) {
      const entry = { version: v, value: compute() };
      cached = entry;
      // A failed asynchronous answer is not kept: the next call tries again.
      if (entry.value instanceof Promise) {
        entry.value.catch(() => {
          if (cached === entry) cached = null;
        });
      }
    }
    return cached.value;
  };
}
