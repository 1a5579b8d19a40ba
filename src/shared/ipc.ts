// Channel names and the bridge the preload exposes as `window.opsdeck`.
import type { Answer, Input, Method, PushEvent } from './api';

export const IPC_INVOKE = 'opsdeck:invoke';
export const IPC_PUSH = 'opsdeck:push';
export const IPC_SAVE_PDF = 'opsdeck:save-pdf';

/** What saving the page as PDF did: the user may cancel the save dialog. */
export type SavePdfResult = { saved: true; path: string } | { saved: false };

export interface OpsdeckBridge {
  /** The main side's answer as sent (a delta where the method has one: the renderer's transport merges it). */
  invoke<M extends Method>(method: M, input: Input<M>): Promise<Answer<M>>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: PushEvent) => void): () => void;
  /** Desktop only: the current page, with its print stylesheet, saved as a PDF where the user chooses. */
  savePdf(suggestedName: string): Promise<SavePdfResult>;
}
