// Test support (not production code): a schema's verdict as the tests read it, with each
// issue's path dotted the way people write it (`matchers[0].value`).
import type { z } from 'zod';

export interface FieldIssue {
  path: string;
  message: string;
}

export function dottedPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The issues `schema` finds in `input`; throws when it finds none (the test expected some). */
export function issuesOf(schema: z.ZodType, input: unknown): FieldIssue[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the schema to refuse the input');
  return result.error.issues.map((i) => ({ path: dottedPath(i.path), message: i.message }));
}
