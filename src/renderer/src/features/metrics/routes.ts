// The Metrics page's address: #/metrics/<family>?range=24h, or ?from=<ISO>&to=<ISO> for a
// custom (zoomed or stepped) range, so a serve-mode link reproduces the view.
import { MAX_RANGE_MS, MIN_RANGE_MS, PRESET_MS, RangePreset, type MetricFamily } from '@shared/contract/metrics';

export type FamilyView = MetricFamily | 'all';
export type ViewRange = { kind: 'preset'; preset: RangePreset } | { kind: 'custom'; from: number; to: number };

export interface MetricsView {
  family: FamilyView;
  range: ViewRange;
  /** Why the address's range could not be used (the default is shown instead). */
  problem: string | null;
}

export const FAMILIES: readonly { id: FamilyView; label: string }[] = [
  { id: 'business', label: 'Business' },
  { id: 'application', label: 'Application' },
  { id: 'infrastructure', label: 'Infrastructure' },
  { id: 'all', label: 'All' },
];

export const PRESETS = RangePreset.options;
export const DEFAULT_RANGE: ViewRange = { kind: 'preset', preset: '24h' };

/** "2026-10-26T16:00:00Z" — what a custom range looks like in the address (readable, exact to the second). */
function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseInstant(text: string | null): number | null {
  if (text === null || text === '') return null;
  if (/^\d{10,}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function viewOf(hash: string): MetricsView {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const segment = path.split('/')[1] ?? '';
  const family = (FAMILIES.find((f) => f.id === segment)?.id ?? 'business') as FamilyView;
  const params = new URLSearchParams(query);
  const preset = params.get('range');
  if (preset !== null) {
    const parsed = RangePreset.safeParse(preset);
    if (parsed.success) return { family, range: { kind: 'preset', preset: parsed.data }, problem: null };
    return { family, range: DEFAULT_RANGE, problem: `range=${preset} is not one of ${PRESETS.join(', ')}; showing the last 24 h` };
  }
  if (params.has('from') || params.has('to')) {
    const from = parseInstant(params.get('from'));
    const to = parseInstant(params.get('to'));
    if (from === null || to === null) return { family, range: DEFAULT_RANGE, problem: 'the address needs both from= and to= as ISO times (2026-10-26T16:00:00Z); showing the last 24 h' };
    if (to - from < MIN_RANGE_MS || to - from > MAX_RANGE_MS) return { family, range: DEFAULT_RANGE, problem: 'the range must be between 5 minutes and 455 days long; showing the last 24 h' };
    return { family, range: { kind: 'custom', from, to }, problem: null };
  }
  return { family, range: DEFAULT_RANGE, problem: null };
}

export function hashOf(family: FamilyView, range: ViewRange): string {
  const q = range.kind === 'preset' ? `range=${range.preset}` : `from=${iso(range.from)}&to=${iso(range.to)}`;
  return `#/metrics/${family}?${q}`;
}

/** [from, to] of a view range at `now`. */
export function boundsOf(range: ViewRange, now: number): { from: number; to: number } {
  return range.kind === 'preset' ? { from: now - PRESET_MS[range.preset], to: now } : { from: range.from, to: range.to };
}

/**
 * `[` (−1) and `]` (+1): the window moves by its own length. Forward stops at now, and a
 * window that arrives at now with a preset's length becomes that preset again (it follows the clock).
 */
export function stepRange(range: ViewRange, direction: -1 | 1, now: number): ViewRange {
  const { from, to } = boundsOf(range, now);
  const span = to - from;
  if (direction === 1 && to >= now) return range;
  const nextTo = Math.min(now, to + direction * span);
  if (nextTo >= now) {
    const preset = PRESETS.find((p) => PRESET_MS[p] === span);
    if (preset) return { kind: 'preset', preset };
  }
  return { kind: 'custom', from: nextTo - span, to: nextTo };
}

/** A dragged selection on a chart, as a range (at least 5 minutes: a click is not a zoom). */
export function zoomRange(a: number, b: number): ViewRange | null {
  const from = Math.round(Math.min(a, b) / 1000) * 1000;
  const to = Math.round(Math.max(a, b) / 1000) * 1000;
  return to - from >= MIN_RANGE_MS ? { kind: 'custom', from, to } : null;
}
