// YAML documents that remember where every value came from, so a bad SLO file gets an
// error at file:line:column naming the field, not a stack trace.
import { type Document, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';

export type YamlPath = (string | number)[];

/** A problem in a config file, pointing at the value (or key) that caused it. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `slos[2].target`; '' for the whole document. */
  field: string;
  message: string;
}

export function formatIssue(i: ConfigIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.field === '' ? '' : `${i.field}: `}${i.message}`;
}

/** `slos[2].sli.eventRatio.total` from ['slos', 2, 'sli', 'eventRatio', 'total']. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

export interface YamlDoc {
  file: string;
  /** 0-based index of the document in a multi-document file. */
  index: number;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain data. */
  value: unknown;
}

export interface ParsedYamlFile {
  docs: YamlDoc[];
  /** Syntax errors; documents with errors are left out of `docs`. */
  issues: ConfigIssue[];
}

/** Parses every document of a YAML file; syntax errors come back as issues with positions. */
export function parseYamlFile(file: string, text: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const docs: YamlDoc[] = [];
  const issues: ConfigIssue[] = [];
  // An empty stream (comments only) is not an array of documents.
  if (!Array.isArray(all)) return { docs, issues };
  all.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        issues.push({ file, line: pos.line, column: pos.col, field: '', message: `YAML syntax: ${firstLine(e.message)}` });
      }
      return;
    }
    docs.push({ file, index, doc, lineCounter, value: doc.toJS({ maxAliasCount: 100 }) });
  });
  return { docs, issues };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Line and column of the node at `path` (or of the nearest ancestor that exists, for a
 * missing field). With `key`, points at that key inside the mapping (for unknown keys).
 */
export function positionOf(d: YamlDoc, path: readonly PropertyKey[], key?: string): { line: number; column: number } {
  const keys = path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? d.doc.contents : d.doc.getIn(keys.slice(0, n), true);
    if (!isNode(node) || !node.range) continue;
    if (key !== undefined && n === keys.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return toPos(d, pair.key.range[0]);
    }
    // For a missing field, the mapping that should hold it: point at its first key.
    if (n < keys.length && isMap(node)) {
      const first = node.items[0];
      if (first && isScalar(first.key) && first.key.range) return toPos(d, first.key.range[0]);
    }
    if (n < keys.length && isSeq(node) && node.range) return toPos(d, node.range[0]);
    return toPos(d, node.range[0]);
  }
  return { line: 1, column: 1 };
}

function toPos(d: YamlDoc, offset: number): { line: number; column: number } {
  const p = d.lineCounter.linePos(offset);
  return { line: Math.max(1, p.line), column: Math.max(1, p.col) };
}

/** An issue at `path` in `d`; `key` points at a key of the mapping at `path`. */
export function issueAt(d: YamlDoc, path: readonly PropertyKey[], message: string, key?: string): ConfigIssue {
  const pos = positionOf(d, path, key);
  return { file: d.file, line: pos.line, column: pos.column, field: fieldPath(key === undefined ? path : [...path, key]), message };
}
