// User regexes, compiled the way Alertmanager reads them, on a linear-time engine (re2js, a
// pure-JS port of RE2 — Alertmanager's own syntax): a pattern like `(.+)+!` cannot backtrack
// for seconds on the thread that answers the UI. Pure; the memo is bounded. The renderer
// checks input with the same contract schemas, so it accepts and refuses exactly what main does.
import { RE2JS } from 're2js';

/** A compiled user pattern: `test` answers whether the WHOLE text matches. */
export interface UserPattern {
  test(text: string): boolean;
}

const regexCache = new Map<string, UserPattern>();
const REGEX_CACHE_LIMIT = 1000;

// What RE2 leaves out, named in words a user can act on (its own messages say only
// "invalid escape sequence" or quote a fragment).
const UNSUPPORTED: readonly { test: RegExp; what: string }[] = [
  { test: /(^|[^\\])(\\\\)*\\[1-9]/, what: 'backreferences (\\1, \\2, …)' },
  { test: /(^|[^\\])(\\\\)*\\k</, what: 'named backreferences (\\k<name>)' },
  { test: /\(\?<?[=!]/, what: 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…))' },
];

/**
 * Compile a user regex anchored at both ends, as Alertmanager does: `pay.*` matches
 * "payment" but not "prepay-x". A leading `(?i)` (RE2/Go syntax, which Alertmanager users
 * type) makes it case-insensitive. Throws SyntaxError for an invalid or unsupported pattern.
 */
export function compileAnchoredRegex(source: string): UserPattern {
  const cached = regexCache.get(source);
  if (cached) return cached;
  for (const u of UNSUPPORTED) {
    if (u.test.test(source)) throw new SyntaxError(`${u.what} are not supported: patterns use RE2 syntax, which matches in linear time`);
  }
  let engine: RE2JS;
  try {
    // `(?:…)` keeps an alternation whole; testExact anchors at both ends. `(?i)` at the start
    // is RE2 syntax already and scopes to the group.
    engine = RE2JS.compile(`(?:${source})`);
  } catch (error) {
    throw new SyntaxError((error as Error).message.replace(/^error parsing regexp: /, ''));
  }
  const compiled: UserPattern = { test: (text) => engine.testExact(text) };
  // A bounded memo, not state: the result depends only on `source`.
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(source, compiled);
  return compiled;
}

/** The reason a regex cannot be used, or null when it compiles. */
export function regexError(source: string): string | null {
  try {
    compileAnchoredRegex(source);
    return null;
  } catch (error) {
    return `invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`;
  }
}

/** Glob → anchored pattern: `*` any run of characters, `?` one character, case-sensitive. */
export function globToRegex(glob: string): UserPattern {
  let body = '';
  for (const ch of glob) {
    if (ch === '*') body += '.*';
    else if (ch === '?') body += '.';
    else body += ch.replace(/[\\^$.|+()[\]{}*?]/g, '\\$&');
  }
  return compileAnchoredRegex(body);
}
