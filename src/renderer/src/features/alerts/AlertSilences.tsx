// Silences: what is silenced, until when, why and by whom; new ones; ending one early.
import { useState } from 'react';
import { EmptyState } from '@renderer/components/common/EmptyState';
import { LoadError } from '@renderer/components/common/Loader';
import { useApi, useApiMutation } from '@renderer/data/api';
import { SilenceDialog } from './SilenceDialog';
import { formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { SECOND_MS } from '@renderer/lib/time';

export function AlertSilences({ author, setAuthor, onMessage }: { author: string; setAuthor: (a: string) => void; onMessage: (m: string) => void }) {
  const { timeMode } = usePrefs();
  const silences = useApi('alertSilences', {}, { refetchIntervalMs: 30 * SECOND_MS });
  const queue = useApi('alertQueue', {});
  const expire = useApiMutation('expireSilence');
  const [creating, setCreating] = useState(false);
  return (
    <div data-testid="alert-silences">
      <div className="actions">
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New silence
        </button>
        <span className="muted small">Silences stop notifications for matching alerts; the alerts stay in the queue. Stored on this laptop only.</span>
      </div>
      {silences.error && <LoadError>{silences.error.message}</LoadError>}
      {silences.data && silences.data.length === 0 && <EmptyState>No silences yet.</EmptyState>}
      {silences.data && silences.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Status</th>
              <th>Matchers</th>
              <th>From</th>
              <th>Until</th>
              <th className="num">Covers now</th>
              <th>Reason</th>
              <th>By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {silences.data.map((s) => (
              <tr key={s.id} data-testid="silence-row" className={s.status === 'expired' ? 'muted' : ''}>
                <td>
                  <span className={`status ${s.status === 'active' ? 'warn' : 'muted'}`}>{s.status}</span>
                </td>
                <td className="mono wrap">{s.matchersText}</td>
                <td>{formatTime(s.startsAt, timeMode)}</td>
                <td>
                  {formatTime(s.expiredAt !== null && s.expiredAt < s.endsAt ? s.expiredAt : s.endsAt, timeMode)}
                  {s.expiredAt !== null && s.expiredAt < s.endsAt && <div className="small muted">ended early by {s.expiredBy}</div>}
                </td>
                <td className="num">{s.status === 'expired' ? '—' : s.matchingGroups}</td>
                <td className="wrap">{s.reason}</td>
                <td>
                  {s.author}
                  <div className="small muted">{formatTime(s.createdAt, timeMode)}</div>
                </td>
                <td>
                  {s.status !== 'expired' && (
                    <button
                      type="button"
                      disabled={expire.isPending || !author}
                      onClick={() =>
                        expire.mutate(
                          { id: s.id, author },
                          { onSuccess: () => onMessage(`Ended the silence ${s.matchersText}.`), onError: (e) => onMessage(`Could not end the silence: ${e.message}`) },
                        )
                      }
                    >
                      End now
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && (
        <SilenceDialog
          group={null}
          groups={queue.data?.groups ?? []}
          author={author}
          onAuthor={setAuthor}
          onClose={() => setCreating(false)}
          onDone={(m) => {
            setCreating(false);
            onMessage(m);
          }}
        />
      )}
    </div>
  );
}
