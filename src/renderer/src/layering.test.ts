// The renderer's folders and what each may import (README, "Renderer layout"). A file in a
// folder no rule names fails too, so a new folder must say where it sits.
// eslint-disable-next-line no-restricted-imports -- this test reads the source tree; it never ships
import { readdirSync, readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- as above
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname);

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

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g)].map((m) => (m[1] ?? m[2])!);
}

describe('renderer layering', () => {
  const all = files(ROOT).map((f) => relative(ROOT, f));

  it('every file sits in a folder with a rule', () => {
    expect(all.filter((f) => layerOf(f) === null)).toEqual([]);
  });

  it('each folder imports only what its rule allows, with @renderer/ or ./ paths (no ../)', () => {
    const problems: string[] = [];
    for (const file of all) {
      const from = layerOf(file)!;
      for (const spec of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
        if (spec.startsWith('../')) problems.push(`${file}: ${spec} (use @renderer/…)`);
        const target = spec.startsWith('@renderer/') ? spec.slice('@renderer/'.length) : spec.startsWith('./') ? join(file, '..', spec) : null;
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
