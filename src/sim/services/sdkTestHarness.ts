// For the services' tests: a simulator per test with a real SDK client on it (closed after
// each test), and what every such test needs — every page of a paginator, and the error a call
// fails with. Imported by tests only.
import { type Simulator, type SimulatorOptions, startSimulator } from '../server';

export const TEST_SEED = 20251023;
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** `setup()` starts a simulator at `now` and a client on it; `closeAll()` (in afterEach) ends both. */
export function simulatorWithClient<C extends { destroy(): void }>(now: number, makeClient: (endpoint: string) => C) {
  const running: Simulator[] = [];
  const clients: C[] = [];
  return {
    async setup(opts: SimulatorOptions = {}): Promise<{ sim: Simulator; client: C }> {
      const sim = await startSimulator({ seed: TEST_SEED, now: () => now, ...opts });
      running.push(sim);
      const client = makeClient(sim.endpoint);
      clients.push(client);
      return { sim, client };
    },
    async closeAll(): Promise<void> {
      clients.splice(0).forEach((c) => c.destroy());
      await Promise.all(running.splice(0).map((s) => s.close()));
    },
  };
}

/** Every item of every page. */
export async function allPages<T, P>(pages: AsyncIterable<P>, pick: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...(pick(p) ?? []));
  return out;
}

/** The error `p` rejects with; throws when it does not reject. */
export async function failureOf(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}
