// How the renderer reaches the main side: the Electron preload bridge when present,
// otherwise serve mode's HTTP API + Server-Sent Events. Same build for both.
import type { Answer, Input, Method, PushEvent } from '@shared/api';
import type { OpsdeckBridge } from '@shared/ipc';
import { PACKED_ANSWERS, PACKED_MEDIA_TYPE } from '@shared/contract/alertsWire';
import { withQueueDeltas, type Invoke } from './queueDeltas';

declare global {
  interface Window {
    opsdeck?: OpsdeckBridge;
  }
}

/** The bridge as callers use it: answers in the contract's output shape (deltas merged, queueDeltas.ts). */
export type Transport = Omit<OpsdeckBridge, 'invoke'> & { kind: 'desktop' | 'serve'; invoke: Invoke };

const TOKEN_KEY = 'opsdeck.token';

/** The serve-mode token arrives once in the URL; keep it for reloads of this tab only. */
function serveToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Out of the address bar (and so out of screenshots, screen shares and history) at once.
    const clean = new URL(window.location.href);
    clean.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', clean.pathname + clean.search + clean.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function httpTransport(): Transport {
  const token = serveToken();
  // Answers that came with an ETag, by call: asked again, the server answers 304 while its
  // version is unchanged, and the one held here is used without downloading and parsing it
  // again. Not the alert queue: it is asked for as a delta against the answer queueDeltas.ts holds.
  const held = new Map<string, { etag: string; body: unknown }>();
  const raw = async <M extends Method>(method: M, input: Input<M>): Promise<Answer<M>> => {
    const payload = JSON.stringify(input ?? {});
    const key = `${method} ${payload}`;
    const revalidates = method !== 'alertQueue';
    const known = revalidates ? held.get(key) : undefined;
    const res = await fetch(`/api/call/${method}`, {
      method: 'POST',
      // Packed where the method has that form (the alert queue: a fifth of the bytes), unpacked here.
      headers: { 'content-type': 'application/json', accept: `${PACKED_MEDIA_TYPE}, application/json`, authorization: `Bearer ${token}`, ...(known ? { 'if-none-match': known.etag } : {}) },
      body: payload,
    });
    if (res.status === 304 && known) return known.body as Answer<M>;
    const read = (await res.json()) as unknown;
    const unpack = res.ok && (res.headers.get('content-type') ?? '').startsWith(PACKED_MEDIA_TYPE) ? PACKED_ANSWERS[method] : undefined;
    const body = (unpack ? unpack(read) : read) as { error?: { code: string; message: string } };
    if (!res.ok) throw new ApiCallError(body.error?.message ?? `HTTP ${res.status}`, body.error?.code ?? 'INTERNAL');
    const etag = res.headers.get('etag');
    if (etag && revalidates) held.set(key, { etag, body });
    else held.delete(key);
    return body as Answer<M>;
  };
  return {
    kind: 'serve',
    invoke: withQueueDeltas(raw),
    subscribe(listener) {
      const source = new EventSource('/api/events');
      source.onmessage = (m: MessageEvent<string>) => listener(JSON.parse(m.data) as PushEvent);
      return () => source.close();
    },
    // In a browser the print dialog is where "Save as PDF" lives; nothing is saved by us.
    async savePdf() {
      window.print();
      return { saved: false };
    },
  };
}

export function detectTransport(): Transport {
  const bridge = window.opsdeck;
  if (bridge) return { kind: 'desktop', invoke: withQueueDeltas(bridge.invoke.bind(bridge)), subscribe: bridge.subscribe.bind(bridge), savePdf: bridge.savePdf.bind(bridge) };
  return httpTransport();
}
