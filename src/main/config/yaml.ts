// YAML config files validated by a zod schema, with every error pointing at
// file:line:column and the field — bad input is named, never guessed at.
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `sources[0].region`; '(file)' for the whole file. */
  field: string;
  message: string;
}

export function formatIssue(i: ConfigIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.field}: ${i.message}`;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(file)';
}

/** Where in the text a path points: the deepest node that exists along it. */
export function positionOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

export interface ParsedYaml {
  doc: Document;
  counter: LineCounter;
}

export function parseYaml(file: string, text: string): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
        return { file, line: pos.line, column: pos.col, field: '(syntax)', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  return { doc, counter };
}

/** Parses and validates one YAML file; throws ConfigError naming file:line:column and field. */
export function loadYaml<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  const { doc, counter } = parseYaml(file, text);
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data as z.infer<S>;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      file,
      ...positionOf(doc, counter, issue.path),
      field: fieldPath(issue.path),
      message: issue.message,
    })),
  );
}
