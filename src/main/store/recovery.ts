// Run-time damage: a read or write that fails with SQLITE_CORRUPT/NOTADB sends the app down
// the same path as a damaged file found at start-up, then the call is tried once more on the
// fresh store — so the acknowledgement or note that hit the damage is written, not lost.
import { isCorruption } from './db';
import { recoverJournal, type JournalStore } from './journal';

export interface RecoveryTargets {
  journal(): JournalStore;
  /** The damaged journal was moved aside; use this fresh, salvaged one from now on. */
  replaceJournal(fresh: JournalStore): void;
  /** The journal is healthy, so the damage is in cache.db: quarantine and rebuild it. */
  rebuildCache(reason: string): Promise<void>;
  now(): number;
}

export interface Recovery {
  /** Runs `fn`; on damage, recovers the damaged store and runs `fn` once more. */
  run<T>(fn: () => T | Promise<T>): Promise<T>;
  /** Recovers after damage reported from elsewhere (a worker); resolves when done. */
  recover(reason: string): Promise<void>;
}

export function createRecovery(t: RecoveryTargets): Recovery {
  let inFlight: Promise<void> | null = null;
  const recover = (reason: string): Promise<void> => {
    inFlight ??= (async () => {
      const fresh = recoverJournal(t.journal(), t.now);
      if (fresh) t.replaceJournal(fresh);
      else await t.rebuildCache(reason);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  return {
    recover,
    run: async <T>(fn: () => T | Promise<T>): Promise<T> => {
      // A call arriving mid-recovery waits for the fresh store instead of hitting the old one.
      if (inFlight) await inFlight;
      try {
        return await fn();
      } catch (err) {
        if (!isCorruption(err)) throw err;
        await recover(err instanceof Error ? err.message : String(err));
        return await fn();
      }
    },
  };
}
