// The series colours as the stylesheets define them (metrics.css, styles.css), checked as a
// user sees them: every pair on one chart told apart (OKLab distance), each line readable
// against the chart's background in both themes (WCAG AA 4.5:1, so its legend could be drawn
// in it), and none mistaken for the red of a target line or an alarm mark.
import { describe, expect, it } from 'vitest';
import { SERIES_COLOURS } from './MetricChart';

// Node's fs by a name the renderer's typecheck (DOM types only) does not resolve; the test runs in Node.
const fsModule: string = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync: (path: URL, encoding: 'utf8') => string };
const css = (rel: string): string => readFileSync(new URL(rel, import.meta.url), 'utf8');
const METRICS = css('./metrics.css');
const STYLES = css('../../styles.css');

/** The custom properties of the `:root[data-theme='<theme>']` block of a stylesheet. */
function vars(sheet: string, theme: 'dark' | 'light'): Record<string, string> {
  const out: Record<string, string> = {};
  const block = new RegExp(`:root\\[data-theme='${theme}'\\]\\s*\\{([^}]*)\\}`).exec(sheet);
  for (const m of block?.[1]?.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g) ?? []) out[m[1]!] = m[2]!.toLowerCase();
  return out;
}

const channels = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
const linear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** OKLab (Björn Ottosson, 2020): Euclidean distance there tracks how different two colours look. */
function oklab(hex: string): [number, number, number] {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}
const distance = (a: string, b: string): number => {
  const p = oklab(a);
  const q = oklab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};
const luminance = (hex: string): number => {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe.each(['dark', 'light'] as const)('series colours, %s theme', (theme) => {
  const page = vars(STYLES, theme);
  const palette = Array.from({ length: SERIES_COLOURS }, (_, i) => vars(METRICS, theme)[`series-${i}`]);

  it(`defines all ${SERIES_COLOURS} colours`, () => {
    expect(palette.every((c) => c !== undefined)).toBe(true);
  });

  it('every pair on one chart is told apart (OKLab distance ≥ 0.14)', () => {
    const close: string[] = [];
    for (let i = 0; i < palette.length; i++)
      for (let j = i + 1; j < palette.length; j++) {
        const d = distance(palette[i]!, palette[j]!);
        if (d < 0.14) close.push(`series-${i} ${palette[i]} ~ series-${j} ${palette[j]}: ${d.toFixed(3)}`);
      }
    expect(close).toEqual([]);
  });

  it('each colour reads at AA (4.5:1) on the panel, a row and the page', () => {
    const backgrounds = [page.panel!, page['panel-2']!, page.bg!];
    expect(backgrounds.every(Boolean)).toBe(true);
    const weak = palette.flatMap((c, i) => backgrounds.filter((bg) => contrast(c!, bg) < 4.5).map((bg) => `series-${i} ${c} on ${bg}: ${contrast(c!, bg).toFixed(2)}`));
    expect(weak).toEqual([]);
  });

  it('no series looks like the red of a target line or an alarm mark', () => {
    expect(palette.filter((c) => distance(c!, page.bad!) < 0.12)).toEqual([]);
  });
});

describe('the check itself', () => {
  it('finds the two greens the audit saw as one (#5fd19b, #2ec4b6) too close', () => {
    expect(distance('#5fd19b', '#2ec4b6')).toBeLessThan(0.14);
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
  });
});
