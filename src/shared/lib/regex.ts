// User regexes, compiled the way Alertmanager reads them. Pure; the memo is bounded.

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 1000;

/**
 * Compile a user regex anchored at both ends, as Alertmanager does: `pay.*` matches
 * "payment" but not "prepay-x". A leading `(?i)` (RE2/Go syntax, which Alertmanager users
 * type) makes it case-insensitive. Throws SyntaxError for an invalid pattern.
 */
export function compileAnchoredRegex(source: string): RegExp {
  const cached = regexCache.get(source);
  if (cached) return cached;
  const caseInsensitive = source.startsWith('(?i)');
  const body = caseInsensitive ? source.slice(4) : source;
  const compiled = new RegExp(`^(?:${body})$`, caseInsensitive ? 'iu' : 'u');
  // A bounded memo, not state: the result depends only on `source`.
  if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
  regexCache.set(source, compiled);
  return compiled;
}

/** The SyntaxError text for an invalid regex, or null when it compiles. */
export function regexError(source: string): string | null {
  try {
    compileAnchoredRegex(source);
    return null;
  } catch (error) {
    return `invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`;
  }
}

/** Glob → anchored regex: `*` any run of characters, `?` one character, case-sensitive. */
export function globToRegex(glob: string): RegExp {
  let body = '';
  for (const ch of glob) {
    if (ch === '*') body += '.*';
    else if (ch === '?') body += '.';
    else body += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return compileAnchoredRegex(body);
}
