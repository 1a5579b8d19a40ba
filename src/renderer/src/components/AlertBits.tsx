// Small pieces the alert screens share: badges, the response timer, who "I" am, durations,
// runbook opening, and field errors from the contract's own zod schemas.
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { LocalState, QueueGroup, Severity } from '../../../shared/contract/alerts';
import { safeHttpUrl } from '../../../shared/lib/safeUrl';
import { formatDuration } from '../format';

export const STATE_LABEL: Record<LocalState, string> = {
  firing: 'Firing',
  acknowledged: 'Acknowledged',
  snoozed: 'Snoozed',
  silenced: 'Silenced',
  'in-maintenance': 'In maintenance',
  resolved: 'Resolved',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

export function StateBadge({ state }: { state: LocalState }) {
  return <span className={`astate astate-${state}`}>{STATE_LABEL[state]}</span>;
}

/** The response timer as the row shows it: time left, OVERDUE, or how the acknowledgement went. */
export function timerText(group: Pick<QueueGroup, 'timer' | 'state' | 'resolvedAt'>, now: number): { text: string; tone: 'ok' | 'warn' | 'bad' | 'muted'; title: string } {
  const t = group.timer;
  if (!t) return { text: group.state === 'resolved' ? 'resolved, not acknowledged' : '—', tone: 'muted', title: '' };
  const title = `Target: ${t.targetLabel} after firing`;
  if (t.status === 'met') return { text: `acked in time (${formatDuration(t.remainingMs)} spare)`, tone: 'ok', title };
  if (t.status === 'missed') return { text: `acked ${formatDuration(-t.remainingMs)} late`, tone: 'warn', title };
  const left = t.dueAt - now;
  // Silenced, in maintenance or snoozed: nobody is being asked to respond right now.
  const held = group.state === 'silenced' || group.state === 'in-maintenance' || group.state === 'snoozed';
  if (held) return { text: left < 0 ? `${formatDuration(-left)} past target` : `${formatDuration(left)} left`, tone: 'muted', title: `${title} (held back: ${group.state})` };
  if (left < 0) return { text: `OVERDUE ${formatDuration(-left)}`, tone: 'bad', title };
  return { text: `${formatDuration(left)} left`, tone: left < t.targetMs / 4 ? 'warn' : 'ok', title };
}

const AUTHOR_KEY = 'opsdeck.author';

/** Who is acting: remembered on this laptop, defaulting to the OS account the main side reports. */
export function useAuthor(fallback: string | undefined): [string, (name: string) => void] {
  const [stored, setStored] = useState<string>(() => localStorage.getItem(AUTHOR_KEY) ?? '');
  useEffect(() => {
    const onStorage = (e: StorageEvent): void => {
      if (e.key === AUTHOR_KEY) setStored(e.newValue ?? '');
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const set = useCallback((name: string) => {
    const trimmed = name.trim();
    if (trimmed) localStorage.setItem(AUTHOR_KEY, trimmed);
    else localStorage.removeItem(AUTHOR_KEY);
    setStored(trimmed);
  }, []);
  return [stored || fallback || '', set];
}

/** "90m", "2h", "1h30m", "1d", or plain minutes → milliseconds; null when unreadable. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (/^\d+$/.test(t)) return Number(t) * 60_000;
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$/.exec(t);
  if (!m || t === '' || (!m[1] && !m[2] && !m[3])) return null;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000;
}

/** Opens an http(s) runbook in the OS browser (Electron routes window.open there); anything else is refused. */
export function openRunbook(url: string | null): string | null {
  const safe = url ? safeHttpUrl(url) : null;
  if (!safe) return url ? `Not opened: ${url} is not an http(s) link.` : 'This alert has no runbook link.';
  window.open(safe, '_blank', 'noopener');
  return null;
}

/** Field → first message, from a zod error's issues (paths joined with dots). */
export function fieldErrors(error: z.ZodError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.map(String).join('.') || '_';
    out[key] ??= issue.message;
  }
  return out;
}

/** The first error under a field prefix, e.g. `matchers` for `matchers.1.value`. */
export function errorUnder(errors: Record<string, string>, prefix: string): string | undefined {
  for (const [k, v] of Object.entries(errors)) if (k === prefix || k.startsWith(`${prefix}.`)) return v;
  return undefined;
}

export function FieldError({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <div className="field-error" role="alert" id={id}>
      {message}
    </div>
  );
}

/**
 * Parses a time typed in a form: "now", a duration after `base` ("2h", "90m"), or a date and
 * time "YYYY-MM-DD HH:MM" read in the display's zone (UTC or this computer's).
 */
export function parseWhen(text: string, base: number, mode: 'utc' | 'local'): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'now' || t === '') return base;
  const d = parseDuration(t.replace(/^in\s+/, '').replace(/^\+/, ''));
  if (d !== null) return base + d;
  const m = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, da, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  return mode === 'utc' ? Date.UTC(y, mo - 1, da, h, mi) : new Date(y, mo - 1, da, h, mi).getTime();
}

export const LOCAL_ONLY_NOTE = 'Acknowledging is local to this laptop: nothing is sent to AWS or to the paging tool.';
