// Which AWS call failed: every error that leaves an SDK client carrying this middleware is
// tagged with its operation ("DescribeAlarmHistory"), so the source can name the failing call
// instead of a bare "source error 500". Works for any SDK v3 client (CloudWatch, Backup, RDS, …).
import type { InitializeHandler, InitializeHandlerArguments, MetadataBearer, Pluggable, HandlerExecutionContext } from '@smithy/types';

const CALL = Symbol.for('opsdeck.failedCall');

export const nameFailingCall: Pluggable<object, MetadataBearer> = {
  applyToStack(stack) {
    stack.add(
      (next: InitializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: InitializeHandlerArguments<object>) => {
        try {
          return await next(args);
        } catch (err) {
          // Outermost step (wraps the retries): the error the caller sees is the one tagged.
          if (err !== null && typeof err === 'object' && !(CALL in err)) {
            Object.defineProperty(err, CALL, { value: (context.commandName ?? '').replace(/Command$/, '') || null, enumerable: false });
          }
          throw err;
        }
      },
      { step: 'initialize', name: 'opsdeckNameFailingCall', priority: 'high' },
    );
  },
};

/** The AWS operation an error came from, when a client with `nameFailingCall` raised it. */
export function failedCallOf(err: unknown): string | null {
  if (err === null || typeof err !== 'object') return null;
  const v = (err as Record<symbol, unknown>)[CALL];
  return typeof v === 'string' ? v : null;
}
