// A service error independent of its wire framing: restJson1 and awsQuery services throw
// it, and the protocol module turns it into that protocol's status, headers and body.

export class ServiceError extends Error {
  constructor(
    /** The error code the SDK turns into the error's `name`, e.g. `ResourceNotFoundException`. */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  /** Sender (client) or Receiver (server) fault, as awsQuery names them. */
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/**
 * Opaque paging token: the offset, a fingerprint of the request it continues, and the
 * instant the first page was answered at — later pages are answered as of that instant, so
 * a moving clock never shifts items between pages.
 */
export function encodeToken(offset: number, fingerprint: string, asOfMs: number): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint, t: asOfMs }), 'utf8').toString('base64url');
}

/** Where a token resumes, or null when it is garbled or belongs to another request. */
export function decodeToken(token: string, fingerprint: string): { offset: number; asOfMs: number } | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown; t?: unknown };
    if (parsed.f !== fingerprint || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) return null;
    if (typeof parsed.t !== 'number' || !Number.isFinite(parsed.t)) return null;
    return { offset: parsed.o, asOfMs: parsed.t };
  } catch {
    return null;
  }
}

/** The instant a request is answered as of: the token's, when it continues a listing. */
export function asOfFor(token: string | null, fingerprint: string, nowMs: number): number {
  if (token === null) return nowMs;
  return decodeToken(token, fingerprint)?.asOfMs ?? nowMs;
}
