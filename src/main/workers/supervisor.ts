// Supervised worker threads (Beekeeper Studio's habit): a worker that exits or throws is
// restarted with backoff; calls in flight when it dies are answered with a clear error at
// once; a call never waits longer than its timeout; a worker that keeps dying is given up
// on and reported (the Sources/Settings screen shows it) instead of being retried forever.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ChildProcessHandle, ForkProcess } from './child';
import { errorMessage, MEMORY_METHOD, RpcChannel, WorkerUnavailableError, type FromWorker, type Methods, type ThreadMemory } from './rpc';

/**
 * Every supervised worker's young generation, unless its options say otherwise. V8's default
 * (32 MB, 16 MB semi-spaces; the heap limit counts 1.5× that) is sized for one busy thread; a worker that once allocated fast
 * keeps its semi-spaces committed, and the app runs five workers in one process. With 8 MB
 * for all of them, serve mode on the large estate peaked at 480 MB instead of 557 MB
 * (memory.main_rss_mb, same load).
 */
export const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * The young generation of the workers that allocate all the time (sync, demo platform): a
 * backfill call's pages stay alive across its awaits, and in 8 MB they survived scavenge after
 * scavenge (3–4× the scavenges per point stored: a slower backfill). 16 MB is half of V8's
 * default; with it, points stored per 90 s against the uncapped build ranged −12 % … +24 % in
 * paired runs at the same load (noise on this machine), and the peak was 353–378 vs 436–489 MB.
 */
export const BUSY_WORKER_YOUNG_GENERATION_MB = 16;

export type WorkerState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface WorkerStatus {
  name: string;
  state: WorkerState;
  /** Restarts after an unexpected exit since the app started. */
  restarts: number;
  lastError: string | null;
  lastExitAt: number | null;
}

export interface SupervisorOptions<E, R> {
  /** Shown in errors and on Settings: "sync", "SLO evaluation", "demo platform". */
  name: string;
  file: string;
  /** Called at every (re)start, so a restart can carry state (the demo's port, the outage switch). */
  workerData: () => unknown;
  /** Default timeout of a call (each call may pass its own). */
  timeoutMs?: number;
  /** V8 heap limits of the thread (a worker that runs out is restarted like any that exits); the young generation defaults to WORKER_YOUNG_GENERATION_MB. */
  resourceLimits?: ResourceLimits;
  /**
   * Run it as a child process, started by this, instead of a thread: `workerData` then travels
   * as JSON in its argv and `execArgv` carries its heap caps (`resourceLimits` is for threads).
   */
  process?: { fork: ForkProcess; execArgv: string[] };
  onEvent?: (event: E) => void;
  /** After every start, with what the worker's start-up produced and whether it is a restart. */
  onReady?: (value: R, restarted: boolean) => void;
  onStatus?: (status: WorkerStatus) => void;
  /** Backoff between restarts: first delay, doubled per consecutive crash, capped. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /**
   * Start the thread at its first call (or whenReady) instead of at construction. A worker
   * loading its modules takes ~0.5 s of a core; three of them at start-up took it from
   * Chromium loading the first screen and the main thread answering it (ui.first_useful_ms).
   */
  spawnOnFirstCall?: boolean;
  /**
   * With spawnOnFirstCall: end the thread after this long with no call in flight; the next
   * call starts it again. For a worker with rare jobs and nothing kept between them (journal
   * transfer: its start-up check of cache.db, then an import or export now and then) — an idle
   * thread still holds its heap, page cache and stack (~20 MB of memory.main_rss_mb).
   */
  idleExitMs?: number;
  /** Give up after this many crashes within `crashWindowMs`. */
  maxCrashes?: number;
  crashWindowMs?: number;
}

interface ReadyWaiter<R> {
  resolve: (value: R) => void;
  reject: (err: Error) => void;
}

/** A running thread or child process, as the supervisor drives it. */
interface Running {
  post(message: unknown): void;
  terminate(): Promise<void>;
  readonly thread: Worker | null;
  readonly pid: number | null;
}

/** How long a child process stopped on purpose gets to exit after SIGTERM before SIGKILL. */
export const CHILD_STOP_MS = 3_000;

export class SupervisedWorker<M extends Methods, E = never, R = undefined> {
  private worker: Running | null = null;
  private channel: RpcChannel | null = null;
  private readyValue: { value: R } | null = null;
  private waiters: ReadyWaiter<R>[] = [];
  private crashTimes: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private current: WorkerStatus;
  private readonly timeoutMs: number;
  private spawned = false;
  /** Calls made and not yet answered (idleExitMs counts from the last answer). */
  private active = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: SupervisorOptions<E, R>) {
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.current = { name: o.name, state: 'starting', restarts: 0, lastError: null, lastExitAt: null };
    if (!o.spawnOnFirstCall) this.spawn(false);
  }

  /** Resolves with the start-up value once the worker is ready (rejects if it gives up or stops first). */
  whenReady(): Promise<R> {
    if (this.readyValue) return Promise.resolve(this.readyValue.value);
    if (!this.spawned && this.current.state === 'starting') this.spawn(false);
    if (this.current.state === 'failed' || this.current.state === 'stopped') return Promise.reject(this.unavailable());
    return new Promise<R>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async call<K extends keyof M & string>(method: K, ...args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>> {
    return this.callWithTimeout(this.timeoutMs, method, ...args);
  }

  async callWithTimeout<K extends keyof M & string>(timeoutMs: number, method: K, ...args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>> {
    this.active += 1;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      return await this.callOnce(timeoutMs, method, args);
    } finally {
      this.active -= 1;
      if (this.active === 0) this.armIdleExit();
    }
  }

  private async callOnce<K extends keyof M & string>(timeoutMs: number, method: K, args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>> {
    const started = Date.now();
    // A call made while the worker (re)starts waits for it, within the same time budget.
    await withTimeout(this.whenReady(), timeoutMs, () => new WorkerUnavailableError(`the ${this.o.name} worker is not ready (${this.current.state}${this.current.lastError ? `: ${this.current.lastError}` : ''})`));
    const channel = this.channel;
    if (!channel) throw this.unavailable();
    const left = Math.max(1, timeoutMs - (Date.now() - started));
    return (await channel.call(method, args, left)) as Awaited<ReturnType<M[K]>>;
  }

  /** The thread's own heap and off-heap memory (diagnostics); null while it is not running or busy past the timeout. */
  async memory(timeoutMs = 2_000): Promise<ThreadMemory | null> {
    const channel = this.readyValue ? this.channel : null;
    if (!channel) return null;
    return (channel.call(MEMORY_METHOD, [], timeoutMs) as Promise<ThreadMemory>).catch(() => null);
  }

  status(): WorkerStatus {
    return { ...this.current };
  }

  /** The running thread, for tests that kill it (null for a child process: see pid). */
  get thread(): Worker | null {
    return this.worker?.thread ?? null;
  }

  /** The running child process's pid (null for a thread, or while none runs): diagnostics, and tests that kill it. */
  get pid(): number | null {
    return this.worker?.pid ?? null;
  }

  private armIdleExit(): void {
    const idleMs = this.o.idleExitMs;
    if (idleMs === undefined || !this.o.spawnOnFirstCall) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.active > 0 || this.current.state !== 'running' || !this.worker) return;
      // Back to the state before its first call: not running, started again by the next one.
      const w = this.worker;
      this.worker = null;
      this.channel?.failAll(`the ${this.o.name} worker was ended while idle`);
      this.channel = null;
      this.readyValue = null;
      this.spawned = false;
      this.setState('starting');
      void w.terminate();
    }, idleMs);
    this.idleTimer.unref();
  }

  /** Stop for good (app shutdown): no restart; pending calls are answered. */
  async stop(): Promise<void> {
    this.setState('stopped');
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const w = this.worker;
    this.worker = null;
    this.channel?.failAll(`the ${this.o.name} worker was stopped`);
    this.channel = null;
    this.rejectWaiters();
    if (w) await w.terminate();
  }

  private spawn(restarted: boolean): void {
    this.spawned = true;
    let fatal: string | null = null;
    const onMessage = (message: unknown): void => {
      const m = message as FromWorker<E, R>;
      if (m.kind === 'reply') channel.settle(m);
      else if (m.kind === 'event') this.o.onEvent?.(m.event);
      else if (m.kind === 'fatal') fatal = m.message;
      else if (m.kind === 'ready') {
        this.readyValue = { value: m.value };
        this.setState('running');
        for (const w of this.waiters.splice(0)) w.resolve(m.value);
        this.o.onReady?.(m.value, restarted);
      }
    };
    const onError = (err: unknown): void => {
      fatal = errorMessage(err);
    };
    const onExit = (how: string): void => {
      if (this.worker !== worker) return; // stopped on purpose, or already replaced
      const reason = fatal ?? how;
      this.worker = null;
      this.channel = null;
      this.readyValue = null;
      channel.failAll(`the ${this.o.name} worker stopped (${reason}) while answering; it is being restarted — try again`);
      this.crashed(reason);
    };
    const worker = this.o.process ? this.startChild(this.o.process, onMessage, onError, onExit) : this.startThread(onMessage, onError, onExit);
    this.worker = worker;
    this.readyValue = null;
    const channel = new RpcChannel(this.o.name, (m) => worker.post(m));
    this.channel = channel;
  }

  private startThread(onMessage: (m: unknown) => void, onError: (err: unknown) => void, onExit: (how: string) => void): Running {
    const thread = new Worker(this.o.file, { workerData: this.o.workerData(), resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, ...this.o.resourceLimits } });
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', (code) => onExit(`exited with code ${code}`));
    return { post: (m) => thread.postMessage(m), terminate: async () => void (await thread.terminate()), thread, pid: null };
  }

  private startChild(p: { fork: ForkProcess; execArgv: string[] }, onMessage: (m: unknown) => void, onError: (err: unknown) => void, onExit: (how: string) => void): Running {
    const child: ChildProcessHandle = p.fork(this.o.file, { args: [JSON.stringify(this.o.workerData() ?? null)], execArgv: p.execArgv, name: this.o.name });
    let exited = false;
    const gone = new Promise<void>((resolve) =>
      child.onExit((code, signal) => {
        exited = true;
        resolve();
        onExit(signal ? `killed by ${signal}` : `exited with code ${code}`);
      }),
    );
    child.onMessage(onMessage);
    child.onError(onError);
    return {
      post: (m) => child.postMessage(m),
      terminate: async () => {
        if (exited) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_MS);
        await gone;
        clearTimeout(timer);
      },
      thread: null,
      get pid() {
        return exited ? null : (child.pid ?? null);
      },
    };
  }

  private crashed(reason: string): void {
    const now = Date.now();
    const window = this.o.crashWindowMs ?? 10 * 60_000;
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < window), now];
    this.current = { ...this.current, lastError: reason, lastExitAt: now };
    if (this.crashTimes.length >= (this.o.maxCrashes ?? 5)) {
      this.setState('failed');
      this.rejectWaiters();
      return;
    }
    this.setState('restarting');
    const base = this.o.restartDelayMs ?? 250;
    const delay = Math.min(this.o.maxRestartDelayMs ?? 30_000, base * 2 ** (this.crashTimes.length - 1));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.current.state !== 'restarting') return;
      this.current = { ...this.current, restarts: this.current.restarts + 1 };
      this.spawn(true);
    }, delay);
    this.restartTimer.unref();
  }

  private unavailable(): WorkerUnavailableError {
    const why = this.current.lastError ? `: ${this.current.lastError}` : '';
    if (this.current.state === 'failed') {
      return new WorkerUnavailableError(`the ${this.o.name} worker kept stopping (${this.crashTimes.length} times in a row) and is not restarted any more${why}; restart Opsdeck`);
    }
    return new WorkerUnavailableError(`the ${this.o.name} worker is ${this.current.state}${why}`);
  }

  private rejectWaiters(): void {
    const err = this.unavailable();
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  private setState(state: WorkerState): void {
    this.current = { ...this.current, state };
    this.o.onStatus?.(this.status());
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, error: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
