// Maintenance windows: the seeds' monthly Sunday 02:00–04:00 New York window built in, plus
// plans people add. Alerts inside a window stay visible as in-maintenance and do not notify.
// The next windows are listed in the rule's own zone, so a DST change can be checked by eye.
import { useState, type FormEvent } from 'react';
import { MaintenanceSpec, type MaintenanceOut } from '@shared/contract/alerts';
import { EmptyState } from '@renderer/components/common/EmptyState';
import { FieldError } from '@renderer/components/common/FieldError';
import { LoadError } from '@renderer/components/common/Loader';
import { useApi, useApiMutation } from '@renderer/data/api';
import { errorUnder, useCheckedSubmit } from '@renderer/lib/forms';
import { formatLocalClock, formatLocalDateTime, formatLocalOffset, formatTime, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { MINUTE_MS } from '@renderer/lib/time';

function Windows({ plan, timeMode }: { plan: MaintenanceOut; timeMode: TimeMode }) {
  if (plan.retiredAt !== null) return <span className="muted">retired by {plan.retiredBy}</span>;
  return (
    <ul className="plain-list small">
      {plan.active && (
        <li className="warn">
          <strong>in force now</strong> until {formatLocalClock(plan.active.localEnd)} {plan.zone} ({formatTime(plan.active.endsAt, timeMode)})
        </li>
      )}
      {plan.upcoming.map((w) => (
        <li key={w.startsAt}>
          {formatLocalDateTime(w.localStart)} – {formatLocalClock(w.localEnd)} <span className="muted">{formatLocalOffset(w.localStart)}</span>{' '}
          <span className="muted nowrap">({formatTime(w.startsAt, timeMode)})</span>
        </li>
      ))}
      {plan.upcoming.length === 0 && !plan.active && <li className="muted">no further windows</li>}
    </ul>
  );
}

export function AlertMaintenance({ author, onMessage }: { author: string; onMessage: (m: string) => void }) {
  const { timeMode } = usePrefs();
  const plans = useApi('maintenancePlans', {}, { refetchIntervalMs: MINUTE_MS });
  const create = useApiMutation('createMaintenance');
  const retire = useApiMutation('retireMaintenance');
  const [title, setTitle] = useState('');
  const [rule, setRule] = useState('');
  const [matchers, setMatchers] = useState('');
  const { errors, serverError, submit: checkAndSend, fail } = useCheckedSubmit(MaintenanceSpec);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    checkAndSend({ title, rule, matchers, author }, (valid) =>
      create.mutate(valid, {
        onSuccess: (p) => {
          setTitle('');
          setRule('');
          setMatchers('');
          onMessage(`Added maintenance “${p.title}”: ${p.ruleText}.`);
        },
        onError: fail,
      }),
    );
  };

  return (
    <div data-testid="alert-maintenance">
      <p className="muted small">Alerts inside a window stay in the queue as “in maintenance” and send no notification.</p>
      {plans.error && !plans.data && <LoadError>{`Could not read the maintenance plans: ${plans.error.message}`}</LoadError>}
      {plans.data?.length === 0 && <EmptyState>No maintenance plans.</EmptyState>}
      <table className="grid">
        <thead>
          <tr>
            <th>Plan</th>
            <th>Rule</th>
            <th>Covers</th>
            <th>Next windows (local to the rule’s zone)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {plans.data?.map((p) => (
            <tr key={p.id} data-testid="maintenance-row" className={p.retiredAt !== null ? 'muted' : ''}>
              <td>
                {p.title}
                <div className="small muted">{p.builtIn ? 'from the seeds' : `by ${p.author ?? '?'}`}</div>
              </td>
              <td className="mono">{p.ruleText}</td>
              <td className="mono wrap">{p.matchersText}</td>
              <td>
                <Windows plan={p} timeMode={timeMode} />
              </td>
              <td>
                {p.retiredAt === null && (
                  <button
                    type="button"
                    disabled={retire.isPending || !author}
                    onClick={() => retire.mutate({ id: p.id, author }, { onSuccess: () => onMessage(`Retired maintenance “${p.title}”.`), onError: (err) => onMessage(err.message) })}
                  >
                    Retire
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Add a window</h2>
      <form className="alert-form" onSubmit={submit} data-testid="maintenance-form">
        <label className="field">
          <span>Title</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} name="title" aria-invalid={!!errors.title} placeholder="Search reindex" />
          <FieldError message={errors.title} />
        </label>
        <label className="field">
          <span>When</span>
          <input value={rule} onChange={(e) => setRule(e.target.value)} name="rule" aria-invalid={!!errorUnder(errors, 'rule')} placeholder="monthly first Sunday 02:00-04:00 America/New_York" />
          <span className="muted small">
            monthly [first|second|third|fourth|last] &lt;weekday&gt; HH:MM-HH:MM [zone] · weekly Sat,Sun 23:00-01:00 [zone] · once 2026-12-24 22:00-23:30 [zone] — zone
            defaults to America/New_York; daylight saving is handled.
          </span>
          <FieldError message={errorUnder(errors, 'rule')} />
        </label>
        <label className="field">
          <span>Covers (matchers; empty = every alert)</span>
          <input value={matchers} onChange={(e) => setMatchers(e.target.value)} name="matchers" aria-invalid={!!errorUnder(errors, 'matchers')} placeholder='service="search-service"' />
          <FieldError message={errorUnder(errors, 'matchers')} />
        </label>
        <FieldError message={errors.author ?? serverError ?? undefined} />
        <button type="submit" className="primary" disabled={create.isPending}>
          Add window
        </button>
      </form>
    </div>
  );
}
