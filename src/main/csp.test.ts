import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, CSP_DIRECTIVES } from './csp';

describe('the renderer CSP', () => {
  it('is the string serve mode has always sent', () => {
    expect(CSP).toBe("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  });

  it('matches the <meta> policy the Electron window loads, but for frame-ancestors (which a <meta> cannot set)', () => {
    const html = readFileSync(join(__dirname, '..', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta?.split(';').map((d) => d.trim())).toEqual(CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')));
  });
});
