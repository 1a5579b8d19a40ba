// The renderer's folders and what each may import (README, "Renderer layout"). A file in a
// folder no rule names fails too, so a new folder must say where it sits.
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';

/** Every source file of the renderer, as text, keyed by its path under src/renderer/src. */
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob('./**/*.{ts,tsx}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>).map(([k, v]) => [k.slice(2), v]),
);

/** `a/b/../c` → `a/c` (paths here are always relative to src/renderer/src). */
function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/** Layer of a file, by its path under src/renderer/src. */
function layerOf(path: string): string | null {
  if (path === 'main.tsx') return 'entry';
  if (path === 'styles.css') return 'styles';
  // Tests may reach whatever they test.
  if (/\.test\.tsx?$/.test(path)) return 'test';
  const [top, second] = path.split('/');
  if (top === 'features' && second) return `features/${second}`;
  if (top === 'components' && second === 'common') return 'components/common';
  if (top && ['app', 'data', 'lib', 'test'].includes(top)) return top;
  return null;
}

/** What each layer may import from inside the renderer (its own folder always). */
function allowed(from: string, to: string): boolean {
  if (from === to || from === 'test' || from === 'entry') return true;
  if (from === 'app') return to !== 'test';
  if (from === 'lib') return false;
  if (from === 'data') return to === 'lib';
  if (from === 'components/common') return to === 'lib' || to === 'data';
  if (from.startsWith('features/')) return to === 'lib' || to === 'data' || to === 'components/common';
  return false;
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g)].map((m) => (m[1] ?? m[2])!);
}

describe('renderer layering', () => {
  const all = Object.keys(SOURCES);

  it('reads the whole tree', () => {
    expect(all).toContain('app/App.tsx');
    expect(all.length).toBeGreaterThan(40);
  });

  it('every file sits in a folder with a rule', () => {
    expect(all.filter((f) => layerOf(f) === null)).toEqual([]);
  });

  it('each folder imports only what its rule allows, with @renderer/ or ./ paths (no ../)', () => {
    const problems: string[] = [];
    for (const file of all) {
      const from = layerOf(file)!;
      for (const spec of importsOf(SOURCES[file]!)) {
        if (spec.startsWith('../')) problems.push(`${file}: ${spec} (use @renderer/…)`);
        const target = spec.startsWith('@renderer/') ? spec.slice('@renderer/'.length) : spec.startsWith('./') ? normalise(`${file}/../${spec}`) : null;
        if (target === null) continue;
        const to = layerOf(target.endsWith('.css') ? target : `${target}.ts`);
        if (to === null || !allowed(from, to)) problems.push(`${file} (${from}) imports ${spec} (${to ?? 'no layer'})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the rule itself: a feature may not import another feature or the shell', () => {
    expect(allowed('features/overview', 'features/slos')).toBe(false);
    expect(allowed('features/alerts', 'app')).toBe(false);
    expect(allowed('lib', 'data')).toBe(false);
    expect(allowed('app', 'features/alerts')).toBe(true);
  });
});
