// The parts of a source's sync (alarms, alarm history, metrics, …): each succeeds or fails on
// its own, so the banner names the failing call and says what is still current.
import type { SourceStatus, SyncPartStatus } from '@shared/contract/core';
import { formatAge, formatDuration, formatTime, type TimeMode } from '@renderer/lib/format';

const failingOf = (s: SourceStatus): SyncPartStatus[] => s.parts.filter((p) => p.state === 'failing' || p.state === 'denied');

const joinWords = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/**
 * "DescribeAlarmHistory: HTTP 500 InternalFailure — alarm history not updated since 09:33;
 * metrics and alarms current". Null when no part is failing on its own (then the source's
 * own message says it, e.g. unreachable).
 */
export function partsSentence(s: SourceStatus, timeMode: TimeMode): string | null {
  const failing = failingOf(s);
  const current = s.parts.filter((p) => p.state === 'ok');
  if (failing.length === 0 || current.length === 0) return null;
  const text = failing
    .map((p) => `${p.failedCall ? `${p.failedCall}: ` : ''}${p.lastError ?? 'failing'} — ${p.label} not updated${p.lastSuccessAt ? ` since ${formatTime(p.lastSuccessAt, timeMode)}` : ' yet'}`)
    .join('; ');
  return `${text}; ${joinWords(current.map((p) => p.label))} current`;
}

export function SyncPartsTable({ parts, timeMode, now }: { parts: SyncPartStatus[]; timeMode: TimeMode; now: number }) {
  if (parts.length === 0) return <span className="muted">waiting for the first report of the sync</span>;
  return (
    <table className="grid" data-testid="sync-parts">
      <thead>
        <tr><th scope="col">Part</th><th scope="col">State</th><th scope="col">Last success</th><th scope="col">Problem</th></tr>
      </thead>
      <tbody>
        {parts.map((p) => (
          <tr key={p.id} data-part={p.id} data-state={p.state}>
            <td>{p.label}</td>
            <td className={p.state === 'ok' ? 'ok' : p.state === 'pending' ? 'muted' : 'warn'}>
              {p.runningSince !== null ? 'syncing' : p.state === 'ok' ? 'current' : p.state === 'denied' ? 'access denied' : p.state === 'pending' ? 'not yet' : 'failing'}
            </td>
            <td>{p.lastSuccessAt ? `${formatTime(p.lastSuccessAt, timeMode, true)} (${formatAge(now - p.lastSuccessAt, 'ago')})` : 'never'}</td>
            <td className={p.lastError ? 'warn' : 'muted'}>
              {p.lastError ? `${p.failedCall ? `${p.failedCall}: ` : ''}${p.lastError}` : 'none'}
              {p.lastError && p.nextAttemptAt !== null && ` · next try ${p.nextAttemptAt > now ? `in ${formatDuration(p.nextAttemptAt - now)}` : 'now'}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
