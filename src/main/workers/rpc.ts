// One request/response protocol for every worker thread (sync, SLO evaluation, demo
// platform, journal transfer, forecasts): typed methods, a timeout on every call, events
// from the worker, and a `ready` message carrying what the worker's start-up produced.
import { getHeapStatistics } from 'node:v8';
import { BadInputError, NotFoundError } from '@shared/errors';

/** The methods a worker serves: name → async function of structured-cloneable arguments. */
export type Methods = Record<string, (...args: never[]) => unknown>;

export type Call<M extends Methods> = { [K in keyof M]: { kind: 'call'; id: number; method: K; args: Parameters<M[K]> } }[keyof M];
export type Reply = { kind: 'reply'; id: number; ok: true; value: unknown } | { kind: 'reply'; id: number; ok: false; message: string; name?: string };
export type FromWorker<E, R> = Reply | { kind: 'event'; event: E } | { kind: 'ready'; value: R } | { kind: 'fatal'; message: string };

/**
 * One thread's memory, as that thread sees it. RSS is the process's (shared by every thread),
 * so a thread's share is attributed from its own V8 heap plus the off-heap memory its isolate
 * holds (external: Buffers, wasm; arrayBuffers is part of external).
 */
export interface ThreadMemory {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** V8's limit for this isolate's heap (a worker's resourceLimits show here). */
  heapLimitMb: number;
  mallocedMb: number;
}

/** The reserved method every worker answers (serveRpc), whatever its own methods are. */
export const MEMORY_METHOD = '__memory';

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

export function threadMemory(): ThreadMemory {
  const m = process.memoryUsage();
  const h = getHeapStatistics();
  return { heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers), heapLimitMb: mb(h.heap_size_limit), mallocedMb: mb(h.malloced_memory) };
}

/** A call that got no answer in time: the worker is busy or hung; the caller decides. */
export class WorkerTimeoutError extends Error {}
/** The worker died (or is not running) while the call was pending. */
export class WorkerUnavailableError extends Error {}

/** The errors the API answers as 4xx keep their class across the thread (404, not 500). */
function revive(reply: { message: string; name?: string }): Error {
  if (reply.name === 'NotFoundError') return new NotFoundError(reply.message);
  if (reply.name === 'BadInputError') return new BadInputError(reply.message);
  return new Error(reply.message);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Where a worker reads calls and posts replies: a thread's parentPort, or a child process's IPC channel (child.ts). */
export interface RpcPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

/**
 * Worker side: answer calls with `methods` once `init` has produced them. `init` may be
 * async (open a store, start a server); its failure is reported as `fatal` and the thread
 * exits, so the supervisor sees it.
 */
export function serveRpc<M extends Methods, E = never, R = undefined>(
  port: RpcPort | null,
  init: (emit: (event: E) => void) => Promise<{ methods: M; ready: R }> | { methods: M; ready: R },
): void {
  if (!port) throw new Error('this module must run in a worker thread');
  const post = (m: FromWorker<E, R>): void => port.postMessage(m);
  const emit = (event: E): void => post({ kind: 'event', event });
  Promise.resolve()
    .then(() => init(emit))
    .then(({ methods, ready }) => {
      port.on('message', (message) => {
        const m = message as Call<M> | undefined;
        if (m?.kind !== 'call') return;
        const fn = m.method === MEMORY_METHOD ? threadMemory : (methods[m.method] as ((...args: unknown[]) => unknown) | undefined);
        if (!fn) {
          post({ kind: 'reply', id: m.id, ok: false, message: `unknown worker method ${String(m.method)}` });
          return;
        }
        Promise.resolve()
          .then(() => fn(...(m.args as unknown[])))
          .then(
            (value) => post({ kind: 'reply', id: m.id, ok: true, value }),
            (err: unknown) => post({ kind: 'reply', id: m.id, ok: false, message: errorMessage(err), ...(err instanceof Error ? { name: err.name } : {}) }),
          );
      });
      post({ kind: 'ready', value: ready });
    })
    .catch((err: unknown) => {
      post({ kind: 'fatal', message: errorMessage(err) });
      // Let the message flush, then end the thread so the supervisor restarts it.
      setTimeout(() => process.exit(1), 50);
    });
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Host side of one worker instance: pending calls by id, each with its own timeout. */
export class RpcChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly name: string,
    private readonly post: (message: unknown) => void,
  ) {}

  call(method: string, args: unknown[], timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new WorkerTimeoutError(`the ${this.name} worker did not answer ${method} within ${formatSeconds(timeoutMs)}`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.post({ kind: 'call', id, method, args });
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new WorkerUnavailableError(`the ${this.name} worker could not take ${method}: ${errorMessage(err)}`));
      }
    });
  }

  /** Settle a reply from the worker; unknown ids (timed out already) are ignored. */
  settle(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(revive(reply));
  }

  /** Answer every pending call with `message` (the worker died): none is left waiting. */
  failAll(message: string): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new WorkerUnavailableError(message));
    }
    this.pending.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
