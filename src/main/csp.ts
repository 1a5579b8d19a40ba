// The Content-Security-Policy of the renderer, in one place: serve mode sends it as a header;
// the Electron window gets it from the <meta> tag in src/renderer/index.html, which must say
// the same minus frame-ancestors (a <meta> CSP cannot carry it) — csp.test.ts checks that.
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
] as const;

export const CSP = CSP_DIRECTIVES.join('; ');
