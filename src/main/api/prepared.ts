// Answers a handler has validated and serialises itself, piece by piece: the alert queue's
// 5,000 rows are checked against the contract and turned into JSON once each, when a row is
// new, so an acknowledgement that changes one row costs one row, not 5 MB of checks and
// JSON.stringify. dispatch() passes such an answer through as it is; serve mode sends its
// bytes (computed once per answer, shared by every request) with its ETag, and answers
// 304 to a client that already holds that version.
export interface PreparedAnswer {
  /** Names this version of the answer; a client sending it back in If-None-Match gets 304. */
  etag: string;
  /** The answer as JSON, computed on first use and kept. */
  bytes: () => Buffer;
  /**
   * The same answer in a packed form (contract/alertsWire.ts) for clients that ask for it in
   * Accept, computed on first use and kept; absent when the method has none.
   */
  packed?: () => Buffer;
}

const prepared = new WeakMap<object, PreparedAnswer>();

/**
 * Marks `answer` (frozen here) as validated against its method's output schema by its
 * producer, serialised by `serialise`. The producer answers for both being what the schema
 * would give.
 */
export function prepareAnswer<T extends object>(answer: T, etag: string, serialise: () => string, pack?: () => string): Readonly<T> {
  let bytes: Buffer | null = null;
  let packedBytes: Buffer | null = null;
  const frozen = Object.freeze(answer);
  prepared.set(frozen, {
    etag,
    bytes: () => {
      bytes ??= Buffer.from(serialise());
      return bytes;
    },
    ...(pack
      ? {
          packed: () => {
            packedBytes ??= Buffer.from(pack());
            return packedBytes;
          },
        }
      : {}),
  });
  return frozen;
}

export function preparedOf(value: unknown): PreparedAnswer | undefined {
  return value !== null && typeof value === 'object' ? prepared.get(value) : undefined;
}
