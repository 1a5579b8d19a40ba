// Validates every call against the contract before a handler sees it, and every answer
// before it leaves — the same path for IPC and HTTP.
import { BadInputError, NotFoundError } from '../../shared/errors';
import { type ApiError, type Input, type Method, type Output, api, isMethod } from '../../shared/api';

export type Handlers = { [M in Method]: (input: Input<M>) => Output<M> | Promise<Output<M>> };

export type CallResult = { ok: true; data: unknown } | ({ ok: false; status: number } & ApiError);

export async function dispatch(handlers: Handlers, method: string, rawInput: unknown): Promise<CallResult> {
  if (!isMethod(method)) {
    return { ok: false, status: 404, error: { code: 'NOT_FOUND', message: `unknown API method "${method}"` } };
  }
  const spec = api[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
    return { ok: false, status: 400, error: { code: 'BAD_INPUT', message: `${method}: ${issues}` } };
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    const out = spec.output.parse(await handler(parsed.data));
    return { ok: true, data: out };
  } catch (err) {
    if (err instanceof BadInputError) return { ok: false, status: 400, error: { code: 'BAD_INPUT', message: err.message } };
    if (err instanceof NotFoundError) return { ok: false, status: 404, error: { code: 'NOT_FOUND', message: err.message } };
    return { ok: false, status: 500, error: { code: 'INTERNAL', message: `${method}: ${err instanceof Error ? err.message : String(err)}` } };
  }
}
