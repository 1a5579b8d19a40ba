// Label matchers, as in Alertmanager: `label op value` with `=`, `!=`, `=~`, `!~`. The text
// grammar, evaluation and the one label lookup every matcher, silence, maintenance scope and
// grouping uses. Pure; the zod schema built on this lives in contract/alerts.ts.
import { compileAnchoredRegex } from './regex';

export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const;
export type MatcherOp = (typeof MATCHER_OPS)[number];

export const PLAIN_LABELS = ['name', 'service', 'namespace', 'source', 'severity'] as const;
export type MatcherLabel = (typeof PLAIN_LABELS)[number] | `tag:${string}`;

export const LABEL_HELP = 'expected name, service, namespace, source, severity or tag:<key>';

export function isMatcherLabel(label: string): label is MatcherLabel {
  return (PLAIN_LABELS as readonly string[]).includes(label) || (label.startsWith('tag:') && label.length > 4);
}

/** A matcher once read: what the schema produces. */
export interface MatcherParts {
  label: MatcherLabel;
  op: MatcherOp;
  value: string;
}

const MATCHER_TEXT = /^\s*([A-Za-z_][\w]*(?::[^\s=!~"]+)?)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Parse `label op value`; returns `{ error }` with a readable reason instead of throwing. */
export function parseMatcherText(text: string): { label: string; op: MatcherOp; value: string } | { error: string } {
  const m = MATCHER_TEXT.exec(text);
  if (!m) return { error: `cannot read matcher ${JSON.stringify(text)}: expected label, an operator (=, !=, =~, !~) and a value, e.g. service="payment"` };
  const label = m[1]!;
  const op = m[2] as MatcherOp;
  const raw = m[3]!;
  if (!isMatcherLabel(label)) return { error: `unknown matcher label ${JSON.stringify(label)}: ${LABEL_HELP}` };
  let value = raw;
  if (raw.startsWith('"')) {
    const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
    if (!quoted) return { error: `badly quoted value in matcher ${JSON.stringify(text)}: expected "…" with \\" for a quote inside` };
    // Only \" is an escape; other backslashes stay as typed so regexes like P\d survive.
    value = quoted[1]!.replace(/\\"/g, '"');
  }
  return { label, op, value };
}

/**
 * Split a matcher list such as `{service="payment", severity=~"P1|P2"}` (braces optional)
 * at commas outside quotes.
 */
export function splitMatcherList(text: string): string[] {
  let body = text.trim();
  if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && quoted && i + 1 < body.length) {
      current += ch + body[i + 1]!;
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function matchValue(matcher: Pick<MatcherParts, 'op' | 'value'>, value: string): boolean {
  switch (matcher.op) {
    case '=': return value === matcher.value;
    case '!=': return value !== matcher.value;
    case '=~': return compileAnchoredRegex(matcher.value).test(value);
    case '!~': return !compileAnchoredRegex(matcher.value).test(value);
  }
}

export function formatMatcher(matcher: MatcherParts): string {
  return `${matcher.label}${matcher.op}${JSON.stringify(matcher.value)}`;
}

/**
 * What a matcher (or a grouping field) can look at: an upstream alert with its resolved
 * severity, or a queue row (where a missing service is null).
 */
export interface MatchTarget {
  name: string;
  source?: string | null;
  service?: string | null;
  namespace?: string | null;
  severity?: string | null;
  tags: Readonly<Record<string, string>>;
}

/**
 * The value of `label` (a matcher label or a group-by field) on the target. A label the
 * alert lacks reads as '' (Alertmanager semantics), so `service=""` matches "no service".
 */
export function labelValue(target: MatchTarget, label: string): string {
  if (label.startsWith('tag:')) return target.tags[label.slice(4)] ?? '';
  switch (label) {
    case 'name': return target.name;
    case 'source': return target.source ?? '';
    case 'service': return target.service ?? '';
    case 'namespace': return target.namespace ?? '';
    case 'severity': return target.severity ?? '';
    default: return '';
  }
}

export function matcherMatches(matcher: Pick<MatcherParts, 'op' | 'value'> & { label: string }, target: MatchTarget): boolean {
  return matchValue(matcher, labelValue(target, matcher.label));
}

/** True when every matcher matches; an empty list matches everything. */
export function allMatch(matchers: readonly (Pick<MatcherParts, 'op' | 'value'> & { label: string })[], target: MatchTarget): boolean {
  return matchers.every((m) => matcherMatches(m, target));
}
