// How the Settings page words a source's sync history. Pure, so it is tested without a browser.
import type { SourceStatus } from '@shared/contract/core';
import { formatAge, formatTime, type TimeMode } from '@renderer/lib/format';

/**
 * When the source last synced in full; "never" only when no part ever succeeded — with one
 * part failing since start-up the others can be current, and "never" beside them reads wrong.
 */
export function lastSuccessText(s: SourceStatus, now: number, timeMode: TimeMode): string {
  const at = (t: number): string => `${formatTime(t, timeMode, true)} (${formatAge(now - t, 'ago')})`;
  if (s.lastSuccessAt) return at(s.lastSuccessAt);
  const parts = s.parts.flatMap((p) => (p.lastSuccessAt === null ? [] : [p.lastSuccessAt]));
  if (parts.length === 0) return 'never';
  return `no full pass yet (a part is failing); ${parts.length} of ${s.parts.length} parts synced, the latest ${at(Math.max(...parts))}`;
}
