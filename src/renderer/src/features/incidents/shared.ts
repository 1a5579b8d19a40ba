// Small helpers shared by the incident pages.
import type { TimeMode } from '@renderer/lib/format';

export const ZOOM_LEVELS_MS = [30 * 86_400_000, 7 * 86_400_000, 86_400_000, 6 * 3_600_000, 3_600_000, 15 * 60_000, 5 * 60_000, 60_000] as const;
export const ZOOM_LABEL = ['30 d', '7 d', '1 d', '6 h', '1 h', '15 min', '5 min', '1 min'];

export const PHASE_CLASS: Record<string, string> = { triage: 'bad', investigating: 'bad', mitigated: 'warn', resolved: 'ok', reviewed: 'muted' };

export function incidentHash(id: string): string {
  return `#/incidents/${encodeURIComponent(id)}`;
}

/** The user's zone (notes carry it, so the timeline can say when the writer saw it). */
export function userZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Value for <input type="datetime-local"> in the chosen zone. */
export function toInputValue(ms: number, mode: TimeMode): string {
  const d = new Date(ms);
  return mode === 'utc'
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromInputValue(v: string, mode: TimeMode): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return null;
  const ms = mode === 'utc' ? Date.parse(`${v}Z`) : new Date(v).getTime();
  return Number.isFinite(ms) ? ms : null;
}

export function download(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}


