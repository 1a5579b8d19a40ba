// Channel names and the bridge the preload exposes as `window.opsdeck`.
import type { Input, Method, Output, PushEvent } from './api';

export const IPC_INVOKE = 'opsdeck:invoke';
export const IPC_PUSH = 'opsdeck:push';

export interface OpsdeckBridge {
  invoke<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: PushEvent) => void): () => void;
}
