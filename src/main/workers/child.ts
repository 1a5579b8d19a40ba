// A supervised worker run as a child process instead of a thread (the demo platform: the
// cloud's stand-in, absent with a real account, keeps its heap, GC and CPU out of the app's
// process). The same RPC wire protocol (rpc.ts) goes over the process's IPC channel.
import { fork } from 'node:child_process';
import type { RpcPort } from './rpc';

/** A started child process, whatever started it (Node's fork in serve mode, Electron's utilityProcess in the desktop app). */
export interface ChildProcessHandle {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Once, when it has exited: its code, or the signal that ended it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  onError(listener: (err: Error) => void): void;
  kill(signal: NodeJS.Signals): void;
}

export interface ForkOptions {
  /** The child's argv after the entry file (its start-up data travels here). */
  args: string[];
  /** V8/Node flags of the child (its heap caps); nothing else is inherited. */
  execArgv: string[];
  /** Shown in process lists. */
  name: string;
}

export type ForkProcess = (file: string, o: ForkOptions) => ChildProcessHandle;

/**
 * Node's fork: this process's own binary (Node in serve mode; Electron's with
 * ELECTRON_RUN_AS_NODE if ever used from the shell), structured-clone IPC like a worker's messages.
 */
export const forkNode: ForkProcess = (file, o) => {
  const child = fork(file, o.args, {
    execPath: process.execPath,
    execArgv: o.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (m) => {
      // A channel closing under a send reports through 'error' and then 'exit': the supervisor answers the call there.
      if (child.connected) child.send(m as never, () => undefined);
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.once('exit', l),
    onError: (l) => child.on('error', l),
    kill: (signal) => {
      child.kill(signal);
    },
  };
};

/** How often a child checks that the app's process is still its parent (see parentChannel). */
export const PARENT_CHECK_MS = 1_000;

/**
 * Child side: the channel to the app's process, for serveRpc. The child never outlives the app:
 * Node's IPC channel closes when the parent dies, even SIGKILLed ('disconnect' → exit); and,
 * for a parent whose channel gives no such event (Electron's utility process), a parent gone
 * is seen as the child being re-parented (ppid changes, POSIX).
 */
export function parentChannel(): RpcPort {
  const parentPid = process.ppid;
  const orphanCheck = setInterval(() => {
    if (process.ppid !== parentPid) process.exit(0);
  }, PARENT_CHECK_MS);
  orphanCheck.unref();
  // Ctrl-C in a terminal reaches the whole process group: the app stops this child itself, in order.
  process.on('SIGINT', () => undefined);
  const electronPort = (process as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void } }).parentPort;
  if (electronPort) {
    return { postMessage: (m) => electronPort.postMessage(m), on: (_e, l) => void electronPort.on('message', (e) => l(e.data)) };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('this module must run in a child process with an IPC channel (forked by the app)');
  process.on('disconnect', () => process.exit(0));
  return {
    postMessage: (m) => {
      if (process.connected) send(m as never);
    },
    on: (_e, l) => void process.on('message', l),
  };
}
