// Forms check their input with the contract's own zod schema before anything is sent, so an
// error shows at its field and nothing half-done is saved; a refusal from the main side shows
// as the form's error.
import { useCallback, useState } from 'react';
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** Field → first message, from a zod error's issues (paths joined with dots; `_` for the whole input). */
export function fieldErrors(error: z.ZodError | null | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= issue.message;
  }
  return out;
}

/** The first error under a field prefix, e.g. `matchers` for `matchers.1.value`. */
export function errorUnder(errors: FieldErrors, prefix: string): string | undefined {
  for (const [k, v] of Object.entries(errors)) if (k === prefix || k.startsWith(`${prefix}.`)) return v;
  return undefined;
}

export interface CheckedSubmit<S extends z.ZodType> {
  errors: FieldErrors;
  serverError: string | null;
  /**
   * Checks `input` against the schema (plus errors the form found itself, e.g. an unreadable
   * date); shows every problem at its field, or clears them and calls `send` with the input.
   */
  submit(input: z.input<S>, send: (input: z.input<S>) => void, localErrors?: FieldErrors): boolean;
  /** For a mutation's onError: the main side refused. */
  fail(err: Error): void;
  /** A refusal worded by the form itself (e.g. "nothing recorded: …"). */
  setServerError(message: string | null): void;
}

export function useCheckedSubmit<S extends z.ZodType>(schema: S): CheckedSubmit<S> {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const submit = useCallback(
    (input: z.input<S>, send: (input: z.input<S>) => void, localErrors: FieldErrors = {}): boolean => {
      const checked = schema.safeParse(input);
      const all = { ...(checked.success ? {} : fieldErrors(checked.error)), ...localErrors };
      if (Object.keys(all).length > 0) {
        setErrors(all);
        return false;
      }
      setErrors({});
      setServerError(null);
      send(input);
      return true;
    },
    [schema],
  );
  const fail = useCallback((err: Error) => setServerError(err.message), []);
  return { errors, serverError, submit, fail, setServerError };
}
