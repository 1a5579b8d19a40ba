// Declare an incident by hand, or from the alert selected in the queue (prefilled).
import { useEffect, useRef, useState } from 'react';
import { useApi, useApiMutation } from '@renderer/data/api';
import { formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { incidentHash } from './shared';

const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;

export function DeclareIncident({ alertKey }: { alertKey: string | null }) {
  const queue = useApi('alertQueue', {});
  const list = useApi('incidents', {});
  const declare = useApiMutation('declareIncident');
  const { timeMode } = usePrefs();
  const group = alertKey ? queue.data?.groups.find((g) => g.key === alertKey) : undefined;
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>('P2');
  const [services, setServices] = useState('');
  const [commander, setCommander] = useState('');
  const [error, setError] = useState<string | null>(null);
  const filled = useRef(false);
  const titleRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!group || filled.current) return;
    filled.current = true;
    setTitle(group.title);
    setSeverity(group.severity);
    setServices(group.service ?? '');
  }, [group]);
  useEffect(() => titleRef.current?.focus(), []);

  const me = list.data?.me ?? queue.data?.me ?? 'on-call';
  const submit = async (): Promise<void> => {
    setError(null);
    try {
      const r = await declare.mutateAsync({
        title,
        severity,
        services: services.split(',').map((s) => s.trim()).filter(Boolean),
        author: me,
        roles: commander.trim() ? { commander: commander.trim() } : {},
        ...(group ? { fromAlert: { occurrenceKeys: group.occurrenceKeys, name: group.name } } : {}),
      });
      window.location.hash = incidentHash(r.id);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="page" data-testid="declare-page">
      <h1>Declare an incident</h1>
      {alertKey && !group && queue.data && <p className="error">That alert is no longer in the queue; declare by hand or go back.</p>}
      {group && (
        <p className="muted" data-testid="declare-from-alert">
          From the alert <b>{group.name}</b> ({group.severity}, fired {formatTime(group.firedAt, timeMode)}): started and detected are set to when it fired, and the alert is linked.
        </p>
      )}
      <form
        className="inc-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') window.location.hash = '#/incidents';
        }}
      >
        <label>
          Title
          <input ref={titleRef} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required data-testid="declare-title" />
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value as (typeof SEVERITIES)[number])} data-testid="declare-severity">
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Affected services (comma-separated)
          <input value={services} onChange={(e) => setServices(e.target.value)} maxLength={500} placeholder="payment-service, order-service" />
        </label>
        <label>
          Incident commander
          <input value={commander} onChange={(e) => setCommander(e.target.value)} maxLength={200} placeholder="who leads the response" />
        </label>
        <div className="inc-toolbar">
          <button type="submit" disabled={declare.isPending || !title.trim()} data-testid="declare-submit">
            Declare (Enter)
          </button>
          <button type="button" onClick={() => (window.location.hash = '#/incidents')}>
            Cancel (Esc)
          </button>
          <span className="muted small">as {me}</span>
        </div>
        {error && <p className="error" role="alert">{error}</p>}
      </form>
    </div>
  );
}
