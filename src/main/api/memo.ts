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

export interface SharedBuildOptions<K> {
  /** What the answer depends on; a different key (compared with Object.is) means rebuild. */
  key: () => K;
  /** The clock the answer is stated against (ms). */
  now: () => number;
  /**
   * An answer this old is rebuilt even if nothing it reads has changed (time alone moves
   * timers, snoozes, silences). Until twice this age the old answer is still served while the
   * rebuild runs in the background; past that, callers wait for the new one.
   */
  maxAgeMs: number;
  /** An instant from which the answer must not be served at all (a snooze ending, say); null: none. */
  validUntil?: (value: unknown) => number | null;
}

/**
 * One build per change, shared: concurrent callers of the same key wait for one in-flight
 * build instead of starting their own, and later callers get its answer until the key
 * changes or it ages out. A failed build is not kept.
 */
export function sharedBuild<K, T>(options: SharedBuildOptions<K>, build: () => Promise<T>): { get: () => Promise<T>; builds: () => number } {
  let current: { key: K; builtAt: number; freshUntil: number; usableUntil: number; value: T } | null = null;
  let inflight: { key: K; promise: Promise<T> } | null = null;
  let builds = 0;
  const start = (key: K): Promise<T> => {
    const startedAt = options.now();
    builds += 1;
    const promise = build().then(
      (value) => {
        if (inflight?.promise === promise) inflight = null;
        const limit = options.validUntil?.(value) ?? null;
        // Kept unless a build started later has already finished.
        if (current === null || current.builtAt <= startedAt) {
          const usableUntil = Math.min(startedAt + 2 * options.maxAgeMs, limit ?? Infinity);
          current = { key, builtAt: startedAt, freshUntil: Math.min(startedAt + options.maxAgeMs, usableUntil), usableUntil, value };
        }
        return value;
      },
      (err: unknown) => {
        if (inflight?.promise === promise) inflight = null;
        throw err;
      },
    );
    inflight = { key, promise };
    return promise;
  };
  return {
    builds: () => builds,
    get: () => {
      const key = options.key();
      const now = options.now();
      if (current !== null && Object.is(current.key, key)) {
        if (now < current.freshUntil && now >= current.builtAt) return Promise.resolve(current.value);
        // Slightly old (time only): answer now, refresh behind it.
        if (now >= current.builtAt && now < current.usableUntil) {
          if (inflight === null) start(key).catch(() => undefined);
          return Promise.resolve(current.value);
        }
      }
      if (inflight !== null && Object.is(inflight.key, key)) return inflight.promise;
      return start(key);
    },
  };
}
