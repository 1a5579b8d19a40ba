import { MessageChannel } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcChannel, serveRpc, WorkerTimeoutError, WorkerUnavailableError, type Reply } from './rpc';
import { forkNode } from './child';
import { CHILD_STOP_MS, SupervisedWorker, WORKER_YOUNG_GENERATION_MB, type WorkerStatus } from './supervisor';

const FIXTURE = join(__dirname, 'fixtures', 'test-worker.mjs');
const CHILD_FIXTURE = join(__dirname, 'fixtures', 'test-child.mjs');

type TestMethods = {
  echo(x: unknown): unknown;
  fail(x: string): never;
  hang(): void;
  exit(code?: number): void;
  throw(): void;
  emit(e: string): null;
  resourceLimits(): { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number };
};

const started: SupervisedWorker<TestMethods, string, { pid: number }>[] = [];
function supervise(opts: Partial<ConstructorParameters<typeof SupervisedWorker<TestMethods, string, { pid: number }>>[0]> = {}) {
  const w = new SupervisedWorker<TestMethods, string, { pid: number }>({
    name: 'test',
    file: FIXTURE,
    workerData: () => ({}),
    timeoutMs: 2_000,
    restartDelayMs: 20,
    ...opts,
  });
  started.push(w);
  return w;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.stop()));
});

describe('rpc over a message port', () => {
  it('answers calls, reports a thrown error by message, and names an unknown method', async () => {
    const { port1, port2 } = new MessageChannel();
    serveRpc(port1, () => ({
      ready: undefined,
      methods: { add: (a: number, b: number) => a + b, bad: async () => Promise.reject(new Error('no such SLO "x"')) },
    }));
    const channel = new RpcChannel('test', (m) => port2.postMessage(m));
    port2.on('message', (m: Reply | { kind: string }) => {
      if (m.kind === 'reply') channel.settle(m as Reply);
    });
    await expect(channel.call('add', [2, 3], 1_000)).resolves.toBe(5);
    await expect(channel.call('bad', [], 1_000)).rejects.toThrow('no such SLO "x"');
    await expect(channel.call('nope', [], 1_000)).rejects.toThrow('unknown worker method nope');
    port1.close();
  });

  it('a call that gets no answer fails after its timeout, naming the worker and the method', async () => {
    const channel = new RpcChannel('SLO evaluation', () => undefined);
    const t0 = Date.now();
    const err = await channel.call('slos', [], 150).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerTimeoutError);
    expect(String(err)).toContain('the SLO evaluation worker did not answer slos within 150 ms');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(channel.inFlight).toBe(0);
  });
});

describe('supervised worker', () => {
  it('answers, forwards events, and times out a hung call without blocking the next one', async () => {
    const events: string[] = [];
    const w = supervise({ onEvent: (e) => events.push(e) });
    await expect(w.call('echo', { a: 1 })).resolves.toEqual({ a: 1 });
    await w.call('emit', 'changed');
    expect(events).toEqual(['changed']);
    await expect(w.callWithTimeout(200, 'hang')).rejects.toBeInstanceOf(WorkerTimeoutError);
    await expect(w.call('echo', 2)).resolves.toBe(2);
    await expect(w.call('fail', 'why')).rejects.toThrow('failed: why');
  });

  it('a worker that exits mid-call: the call is answered at once with a clear error, the worker restarts, the next call works', async () => {
    const statuses: WorkerStatus[] = [];
    const w = supervise({ onStatus: (s) => statuses.push(s) });
    const first = await w.whenReady();
    const pending = w.call('hang');
    const t0 = Date.now();
    void w.call('exit', 7).catch(() => undefined);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerUnavailableError);
    expect(String(err)).toMatch(/the test worker stopped \(exited with code 7\) while answering; it is being restarted/);
    expect(Date.now() - t0).toBeLessThan(1_000);
    await expect(w.call('echo', 'after')).resolves.toBe('after');
    const second = await w.whenReady();
    expect(second.pid).toBe(first.pid); // same process, a new thread
    expect(w.status()).toMatchObject({ state: 'running', restarts: 1, lastError: 'exited with code 7' });
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['running', 'restarting']));
  });

  it('an uncaught exception in the worker is reported with its message and the worker restarts', async () => {
    const w = supervise();
    await w.whenReady();
    void w.call('throw').catch(() => undefined);
    await expect.poll(() => w.status().lastError, { timeout: 2_000 }).toContain('boom inside the worker');
    await expect(w.call('echo', 1)).resolves.toBe(1);
  });

  it('a terminated thread is restarted too (the test kills it from outside)', async () => {
    const w = supervise();
    await w.whenReady();
    await w.thread?.terminate();
    const t0 = Date.now();
    await expect(w.call('echo', 'back')).resolves.toBe('back');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('a worker that keeps dying is given up on and says so, instead of being retried forever', async () => {
    const w = supervise({ workerData: () => ({ failStart: true }), maxCrashes: 3 });
    await expect.poll(() => w.status().state, { timeout: 5_000 }).toBe('failed');
    expect(w.status()).toMatchObject({ restarts: 2, lastError: 'could not open the store' });
    const err = await w.call('echo', 1).catch((e: unknown) => e);
    expect(String(err)).toMatch(/the test worker kept stopping \(3 times in a row\) and is not restarted any more: could not open the store/);
  });

  it('a call made while the worker starts waits for it, within its timeout', async () => {
    const slow = supervise({ workerData: () => ({ startDelayMs: 300 }) });
    await expect(slow.call('echo', 'ok')).resolves.toBe('ok');
    const never = supervise({ workerData: () => ({ startDelayMs: 5_000 }) });
    await expect(never.callWithTimeout(200, 'echo', 'x')).rejects.toThrow(/the test worker is not ready \(starting\)/);
  });

  it('a worker started at its first call has no thread until something asks it, then answers', async () => {
    const statuses: string[] = [];
    const lazy = supervise({ spawnOnFirstCall: true, onStatus: (st) => statuses.push(st.state) });
    await new Promise((r) => setTimeout(r, 300));
    expect(lazy.thread).toBeNull();
    expect(lazy.status().state).toBe('starting');
    await expect(lazy.call('echo', 'late')).resolves.toBe('late');
    expect(lazy.thread).not.toBeNull();
    expect(statuses).toEqual(['running']);
    // Never asked, stopped: nothing to end, nothing hangs.
    const idle = supervise({ spawnOnFirstCall: true });
    await idle.stop();
    expect(idle.status().state).toBe('stopped');
    await expect(idle.call('echo', 1)).rejects.toBeInstanceOf(WorkerUnavailableError);
  });

  it('a worker with idleExitMs ends its thread once idle that long, and starts again at the next call; a call in flight keeps it', async () => {
    const statuses: string[] = [];
    const w = supervise({ spawnOnFirstCall: true, idleExitMs: 150, onStatus: (st) => statuses.push(st.state) });
    await expect(w.call('echo', 'first')).resolves.toBe('first');
    const firstThread = w.thread;
    expect(firstThread).not.toBeNull();
    await new Promise((r) => setTimeout(r, 400));
    expect(w.thread).toBeNull();
    expect(w.status()).toMatchObject({ state: 'starting', restarts: 0, lastError: null });
    await expect(w.call('echo', 'again')).resolves.toBe('again');
    expect(w.thread).not.toBeNull();
    expect(w.thread).not.toBe(firstThread);
    expect(statuses).toEqual(['running', 'starting', 'running']);
    // A long call is not cut off by the idle timer.
    const slow = w.callWithTimeout(2_000, 'hang').catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 400));
    expect(w.thread).not.toBeNull();
    expect(w.status().state).toBe('running');
    await w.stop();
    expect(String(await slow)).toMatch(/stopped/);
  });

  it('stop() answers pending calls and does not restart', async () => {
    const w = supervise();
    await w.whenReady();
    const pending = w.call('hang');
    await new Promise((r) => setTimeout(r, 20)); // the call is in flight
    const answered = expect(pending).rejects.toThrow('the test worker was stopped');
    await w.stop();
    await answered;
    expect(w.status().state).toBe('stopped');
    await expect(w.call('echo', 1)).rejects.toBeInstanceOf(WorkerUnavailableError);
  });

  it("caps every worker's young generation unless told otherwise, and keeps the old-generation cap it was given (memory.main_rss_mb)", async () => {
    const plain = await supervise().call('resourceLimits');
    expect(plain.maxYoungGenerationSizeMb).toBe(WORKER_YOUNG_GENERATION_MB);
    const capped = await supervise({ resourceLimits: { maxOldGenerationSizeMb: 96 } }).call('resourceLimits');
    expect(capped).toMatchObject({ maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: 96 });
    const own = await supervise({ resourceLimits: { maxYoungGenerationSizeMb: 32 } }).call('resourceLimits');
    expect(own.maxYoungGenerationSizeMb).toBe(32);
  });
});

/** Running, as opposed to gone or a zombie nobody has reaped yet (Linux /proc; elsewhere a signal 0). */
function alive(pid: number): boolean {
  try {
    if (process.platform !== 'linux') return process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('supervised child process (the demo platform runs as one)', () => {
  type ChildMethods = { echo(x: unknown): unknown; hang(): void; heapLimitMb(): number; ignoreSigterm(): null };
  type ChildReady = { pid: number; data: { generation: number } };
  const children: SupervisedWorker<ChildMethods, never, ChildReady>[] = [];
  afterEach(async () => {
    await Promise.all(children.splice(0).map((w) => w.stop()));
  });
  function superviseChild(execArgv: string[] = []) {
    let generation = 0;
    const w = new SupervisedWorker<ChildMethods, never, ChildReady>({
      name: 'test child',
      file: CHILD_FIXTURE,
      workerData: () => ({ generation: ++generation }),
      timeoutMs: 5_000,
      restartDelayMs: 20,
      process: { fork: forkNode, execArgv },
    });
    children.push(w);
    return w;
  }

  it('SIGKILLed mid-call: the call is answered at once with the signal, a new process starts with fresh start-up data, the next call works', async () => {
    const w = superviseChild();
    const first = await w.whenReady();
    expect(first.data.generation).toBe(1);
    expect(w.pid).toBe(first.pid);
    expect(w.thread).toBeNull();
    const pending = w.call('hang');
    process.kill(first.pid, 'SIGKILL');
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerUnavailableError);
    expect(String(err)).toMatch(/the test child worker stopped \(killed by SIGKILL\) while answering; it is being restarted/);
    await expect(w.call('echo', 'after')).resolves.toBe('after');
    const second = await w.whenReady();
    expect(second.pid).not.toBe(first.pid);
    expect(second.data.generation).toBe(2);
    expect(w.status()).toMatchObject({ state: 'running', restarts: 1, lastError: 'killed by SIGKILL' });
  });

  it('its V8 flags reach it: the heap caps are the ones given', async () => {
    const capped = await superviseChild(['--max-old-space-size=64', '--max-semi-space-size=8']).call('heapLimitMb');
    expect(capped).toBe(64 + 3 * 8);
    expect(await superviseChild().call('heapLimitMb')).toBeGreaterThan(capped);
  });

  it('stop() ends the process and answers pending calls; one that ignores SIGTERM is SIGKILLed after CHILD_STOP_MS', async () => {
    const w = superviseChild();
    const { pid } = await w.whenReady();
    const pending = w.call('hang');
    await new Promise((r) => setTimeout(r, 20)); // the call is in flight
    const answered = expect(pending).rejects.toThrow('the test child worker was stopped');
    await w.stop();
    await answered;
    expect(alive(pid)).toBe(false);
    expect(w.pid).toBeNull();

    const stubborn = superviseChild();
    const s = await stubborn.whenReady();
    await stubborn.call('ignoreSigterm');
    const t0 = Date.now();
    await stubborn.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(CHILD_STOP_MS - 50);
    expect(alive(s.pid)).toBe(false);
  }, 15_000);
});
