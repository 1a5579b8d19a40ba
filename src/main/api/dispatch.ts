// Validates every call against the contract before a handler sees it, and every answer
// before it leaves — the same path for IPC and HTTP. After a successful write it pushes the
// topics the method's spec says it invalidates, so handlers never push by hand.
import { BadInputError, NotFoundError } from '@shared/errors';
import { type Answer, type ApiError, type Method, type ParsedInput, api, invalidatedBy, isMethod } from '@shared/api';
import type { MethodSpec, Topic } from '@shared/contract/spec';
import { preparedOf } from './prepared';

/** Handlers receive the input as validated (defaults applied, text forms parsed). */
export type Handlers = { [M in Method]: (input: ParsedInput<M>) => Answer<M> | Promise<Answer<M>> };

export type CallResult = { ok: true; data: unknown } | ({ ok: false; status: number } & ApiError);

/**
 * Validated forms of frozen answers. A handler that hands out one memoised answer to many
 * requests (the alert queue: 5,000 groups) freezes it, and it is checked once, not per call.
 */
const validatedOnce = new WeakMap<object, unknown>();

function validateOut(schema: { parse: (v: unknown) => unknown }, result: unknown): unknown {
  // Validated by its producer, row by row as they change (prepared.ts).
  if (preparedOf(result)) return result;
  if (result === null || typeof result !== 'object' || !Object.isFrozen(result)) return schema.parse(result);
  if (validatedOnce.has(result)) return validatedOnce.get(result);
  // Frozen too, so the transport may serialise it once (serve.ts).
  const out = Object.freeze(schema.parse(result));
  validatedOnce.set(result, out);
  return out;
}

export async function dispatch(handlers: Handlers, method: string, rawInput: unknown, push: (topics: Topic[]) => void = () => undefined): Promise<CallResult> {
  if (!isMethod(method)) {
    return { ok: false, status: 404, error: { code: 'NOT_FOUND', message: `unknown API method "${method}"` } };
  }
  const spec: MethodSpec = api[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
    return { ok: false, status: 400, error: { code: 'BAD_INPUT', message: `${method}: ${issues}` } };
  }
  let out: unknown;
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    const result = await handler(parsed.data);
    // The write has happened: tell every window even if the answer then fails its schema.
    const topics = invalidatedBy(method);
    if (topics.length > 0) push([...topics]);
    out = validateOut(spec.answer ?? spec.output, result);
  } catch (err) {
    if (err instanceof NotFoundError) return { ok: false, status: 404, error: { code: 'NOT_FOUND', message: err.message } };
    if (err instanceof BadInputError) return { ok: false, status: 400, error: { code: 'BAD_INPUT', message: err.message } };
    if (err instanceof NotFoundError) return { ok: false, status: 404, error: { code: 'NOT_FOUND', message: err.message } };
    return { ok: false, status: 500, error: { code: 'INTERNAL', message: `${method}: ${err instanceof Error ? err.message : String(err)}` } };
  }
  return { ok: true, data: out };
}
