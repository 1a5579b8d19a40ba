// Label matchers, as in Alertmanager: `label op value` with `=`, `!=`, `=~`, `!~`.
// Used by silences and by maintenance-window scopes.
import { z } from 'zod';
import { compileAnchoredRegex, regexError, type AlertSource, type Severity } from './alerts';

export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const;
export type MatcherOp = (typeof MATCHER_OPS)[number];

const PLAIN_LABELS = ['name', 'service', 'namespace', 'source', 'severity'] as const;
export type MatcherLabel = (typeof PLAIN_LABELS)[number] | `tag:${string}`;

const LABEL_HELP = 'expected name, service, namespace, source, severity or tag:<key>';

function isMatcherLabel(label: string): label is MatcherLabel {
  return (PLAIN_LABELS as readonly string[]).includes(label) || (label.startsWith('tag:') && label.length > 4);
}

const MatcherObject = z
  .object({
    label: z.string().refine(isMatcherLabel, { message: LABEL_HELP }).transform((l) => l as MatcherLabel),
    op: z.enum(MATCHER_OPS),
    value: z.string().max(1000),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.op === '=~' || m.op === '!~') {
      const problem = regexError(m.value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['value'] });
    }
  });

/**
 * A matcher, as an object `{ label, op, value }` or as text `service="payment"`,
 * `severity=~"P1|P2"`, `tag:env!=staging` (quotes optional unless the value has commas or
 * surrounding spaces; inside quotes `\"` is a quote and other backslashes are kept as typed).
 * Regexes are anchored at both ends; a leading `(?i)` ignores case.
 */
export const Matcher = z.preprocess((input, ctx) => {
  if (typeof input !== 'string') return input;
  const parsed = parseMatcherText(input);
  if ('error' in parsed) ctx.issues.push({ code: 'custom', message: parsed.error, input });
  return 'error' in parsed ? input : parsed;
}, MatcherObject);
export type Matcher = z.output<typeof Matcher>;

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

/** What a matcher can look at: an upstream alert plus its resolved severity. */
export interface MatchTarget {
  name: string;
  source?: AlertSource;
  service?: string;
  namespace?: string;
  severity?: Severity;
  tags: Readonly<Record<string, string>>;
}

/** A label the alert lacks reads as '' (Alertmanager semantics), so `service=""` matches "no service". */
export function labelValue(target: MatchTarget, label: MatcherLabel): string {
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

export function matchValue(matcher: Matcher, value: string): boolean {
  switch (matcher.op) {
    case '=': return value === matcher.value;
    case '!=': return value !== matcher.value;
    case '=~': return compileAnchoredRegex(matcher.value).test(value);
    case '!~': return !compileAnchoredRegex(matcher.value).test(value);
  }
}

export function matcherMatches(matcher: Matcher, target: MatchTarget): boolean {
  return matchValue(matcher, labelValue(target, matcher.label));
}

/** True when every matcher matches; an empty list matches everything. */
export function allMatch(matchers: readonly Matcher[], target: MatchTarget): boolean {
  return matchers.every((m) => matcherMatches(m, target));
}

export function formatMatcher(matcher: Matcher): string {
  return `${matcher.label}${matcher.op}${JSON.stringify(matcher.value)}`;
}
