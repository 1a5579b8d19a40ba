// The incident timeline: typed, sourced entries merged from what the cache and the journal
// hold, in time order, with the same event seen by two sources shown once, connectivity
// gaps always shown, and a reviewer's pins, notes, hides and corrections laid over the
// entries without changing them (each mark is its own journal row; the original is kept).

export const ENTRY_KINDS = ['alarm', 'slo-burn', 'slo-budget', 'change', 'backup', 'gap', 'action', 'note', 'status', 'milestone', 'role'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface RawEntry {
  /**
   * Identity of the event, the same whoever reports it: e.g. `alarm:<name>@<ms>:<state>` or
   * `change:<CloudTrail EventId>`. Entries with equal keys are one event.
   */
  key: string;
  kind: EntryKind;
  /** Where it came from: `cloudwatch:demo`, `cloudtrail:demo`, `journal`, `bundle`, `opsdeck`. */
  source: string;
  at: number;
  /** Spans (gaps, burn alerts) end here; null while still going on. */
  endAt?: number | null;
  title: string;
  detail?: string | null;
  /** Zone the time was recorded in (upstream services report UTC). */
  zone: string;
  severity?: 'info' | 'warning' | 'critical';
  /** The subject (alarm name, resource, SLO id) for near-duplicate detection. */
  subject?: string;
  actor?: string | null;
}

export type MarkKind = 'pin' | 'unpin' | 'annotate' | 'hide' | 'unhide' | 'correct';

export interface Mark {
  id: string;
  entryKey: string;
  kind: MarkKind;
  author: string;
  createdAt: number;
  body: string | null;
  /** For corrections: the corrected time (null keeps the time). */
  correctedAt: number | null;
}

export interface TimelineEntry extends Omit<RawEntry, 'endAt' | 'detail' | 'severity' | 'subject' | 'actor'> {
  endAt: number | null;
  detail: string | null;
  severity: 'info' | 'warning' | 'critical';
  actor: string | null;
  /** Every source that reported this event (more than one after a merge). */
  sources: string[];
  pinned: boolean;
  hidden: boolean;
  annotations: { id: string; author: string; at: number; body: string }[];
  /** Set when a reviewer corrected the entry: what it said before. */
  original: { at: number; title: string } | null;
  correctedBy: string | null;
}

/** Two reports of one event by different sources may differ by clock skew up to this. */
export const NEAR_DUPLICATE_MS = 1_000;

const KIND_ORDER: Record<EntryKind, number> = { gap: 0, change: 1, backup: 2, alarm: 3, 'slo-burn': 4, 'slo-budget': 5, milestone: 6, role: 7, action: 8, status: 9, note: 10 };

function fresh(e: RawEntry): TimelineEntry {
  return {
    key: e.key,
    kind: e.kind,
    source: e.source,
    at: e.at,
    endAt: e.endAt ?? null,
    title: e.title,
    detail: e.detail ?? null,
    zone: e.zone,
    severity: e.severity ?? 'info',
    actor: e.actor ?? null,
    sources: [e.source],
    pinned: false,
    hidden: false,
    annotations: [],
    original: null,
    correctedBy: null,
  };
}

function absorb(into: TimelineEntry, other: RawEntry): void {
  if (!into.sources.includes(other.source)) into.sources.push(other.source);
  // Keep the earliest report and the longest known span; fill what the first one lacked.
  if (other.at < into.at) into.at = other.at;
  if (other.endAt !== undefined && other.endAt !== null) into.endAt = into.endAt === null ? other.endAt : Math.max(into.endAt, other.endAt);
  if (into.detail === null && other.detail) into.detail = other.detail;
  if (into.actor === null && other.actor) into.actor = other.actor;
}

/**
 * Merges entries from every source into one ordered timeline. Exact key matches are one
 * event; so are same-kind entries about the same subject with the same title from different
 * sources within NEAR_DUPLICATE_MS (one alarm change seen via two accounts, or a bundle's
 * copy next to the local cache). Gaps are never merged away nor hidden.
 */
export function mergeTimeline(inputs: readonly RawEntry[], marks: readonly Mark[] = []): TimelineEntry[] {
  const byKey = new Map<string, TimelineEntry>();
  const near = new Map<string, TimelineEntry[]>();
  const sorted = [...inputs].sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    const same = byKey.get(e.key);
    if (same) {
      absorb(same, e);
      continue;
    }
    if (e.kind !== 'gap' && e.subject) {
      const nearKey = `${e.kind}\u0000${e.subject}\u0000${e.title}`;
      const candidates = near.get(nearKey) ?? [];
      const match = candidates.find((c) => !c.sources.includes(e.source) && Math.abs(c.at - e.at) <= NEAR_DUPLICATE_MS);
      if (match) {
        absorb(match, e);
        byKey.set(e.key, match);
        continue;
      }
      const entry = fresh(e);
      candidates.push(entry);
      near.set(nearKey, candidates);
      byKey.set(e.key, entry);
      continue;
    }
    byKey.set(e.key, fresh(e));
  }
  const entries = [...new Set(byKey.values())];
  applyMarks(entries, marks);
  return entries.sort(compareEntries);
}

export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.key.localeCompare(b.key);
}

/** Marks in write order; the newest pin/unpin and hide/unhide win; corrections stack. */
function applyMarks(entries: TimelineEntry[], marks: readonly Mark[]): void {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  for (const m of [...marks].sort((a, b) => a.createdAt - b.createdAt)) {
    const e = byKey.get(m.entryKey);
    if (!e) continue;
    switch (m.kind) {
      case 'pin':
        e.pinned = true;
        break;
      case 'unpin':
        e.pinned = false;
        break;
      case 'hide':
        // What Opsdeck could not see stays on the timeline: a hidden gap would hide doubt.
        if (e.kind !== 'gap') e.hidden = true;
        break;
      case 'unhide':
        e.hidden = false;
        break;
      case 'annotate':
        if (m.body) e.annotations.push({ id: m.id, author: m.author, at: m.createdAt, body: m.body });
        break;
      case 'correct':
        if (!e.original) e.original = { at: e.at, title: e.title };
        if (m.correctedAt !== null) e.at = m.correctedAt;
        if (m.body) e.title = m.body;
        e.correctedBy = m.author;
        break;
    }
  }
}

export interface Gap {
  start: number;
  end: number;
  reason: string;
}

/**
 * Connectivity gaps from the times at which any sampled series has a datapoint: a stretch
 * longer than `maxStepMs` without one is time Opsdeck has no data for. The window's edges
 * count too (no data since the last point, or before the first).
 */
export function dataGaps(pointTimes: readonly number[], from: number, to: number, maxStepMs: number, dataEndsAt: number | null): Gap[] {
  const gaps: Gap[] = [];
  const times = [...pointTimes].filter((t) => t >= from && t < to).sort((a, b) => a - b);
  const horizon = Math.min(to, dataEndsAt ?? to);
  if (times.length === 0) {
    gaps.push({ start: from, end: to, reason: 'no cached datapoints in this window' });
    return gaps;
  }
  if (times[0]! - from > maxStepMs) gaps.push({ start: from, end: times[0]!, reason: 'no cached datapoints before this' });
  for (let i = 1; i < times.length; i++) {
    const prev = times[i - 1]!;
    const cur = times[i]!;
    if (cur - prev > maxStepMs) gaps.push({ start: prev, end: cur, reason: `no datapoints for ${Math.round((cur - prev) / 60_000)} min` });
  }
  const last = times[times.length - 1]!;
  if (horizon - last > maxStepMs) gaps.push({ start: last, end: horizon, reason: 'no cached datapoints after this' });
  // Data always lags a minute or two behind; only a longer silence is a gap.
  if (dataEndsAt !== null && to - dataEndsAt > maxStepMs) gaps.push({ start: dataEndsAt, end: to, reason: 'no data since the last successful sync' });
  return mergeGaps(gaps);
}

function mergeGaps(gaps: Gap[]): Gap[] {
  const out: Gap[] = [];
  for (const g of [...gaps].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && g.start <= last.end) {
      last.end = Math.max(last.end, g.end);
      if (!last.reason.includes(g.reason)) last.reason = `${last.reason}; ${g.reason}`;
    } else out.push({ ...g });
  }
  return out;
}

export function gapEntries(gaps: readonly Gap[], sourceId: string): RawEntry[] {
  return gaps.map((g) => ({
    key: `gap:${sourceId}:${g.start}`,
    kind: 'gap' as const,
    source: 'opsdeck',
    at: g.start,
    endAt: g.end,
    title: `No data from ${sourceId} for ${Math.max(1, Math.round((g.end - g.start) / 60_000))} min`,
    detail: g.reason,
    zone: 'UTC',
    severity: 'warning' as const,
  }));
}

/** Entries in [from, to) for a zoomed view; spans that overlap the window are kept. */
export function windowed(entries: readonly TimelineEntry[], from: number, to: number): TimelineEntry[] {
  return entries.filter((e) => (e.endAt !== null ? e.endAt >= from && e.at < to : e.at >= from && e.at < to));
}

/** Zoom levels from 30 days to 1 minute. */
export const ZOOM_LEVELS_MS = [30 * 86_400_000, 7 * 86_400_000, 86_400_000, 6 * 3_600_000, 3_600_000, 15 * 60_000, 5 * 60_000, 60_000] as const;
