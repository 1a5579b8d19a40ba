// A silence: matchers, start, end, reason, author; previews what it covers in the queue now.
import { useEffect, useMemo, useRef, useState } from 'react';
import { CreateSilenceInput, MatcherList, type QueueGroup } from '@shared/contract/alerts';
import { allMatch } from '@shared/lib/matchers';
import { FieldError } from '@renderer/components/common/FieldError';
import { FormDialog } from '@renderer/components/common/Dialog';
import { useApiMutation } from '@renderer/data/api';
import { useClock } from '@renderer/lib/clock';
import { errorUnder, useCheckedSubmit } from '@renderer/lib/forms';
import { formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { parseWhen } from '@renderer/lib/time';
import { AuthorField } from './dialogFields';

function quoteValue(value: string): string {
  return JSON.stringify(value);
}

/** Matchers that pick out exactly this group: its name and service. */
export function matchersFor(group: QueueGroup | null): string {
  if (!group) return '';
  const parts = [`name=${quoteValue(group.name)}`];
  if (group.service) parts.push(`service=${quoteValue(group.service)}`);
  return parts.join(', ');
}


/** A silence: matchers, start, end, reason, author; previews what it covers in the queue now. */
export function SilenceDialog({
  group,
  groups,
  author: initialAuthor,
  onAuthor,
  onClose,
  onDone,
}: {
  group: QueueGroup | null;
  groups: readonly QueueGroup[];
  author: string;
  onAuthor: (a: string) => void;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { timeMode } = usePrefs();
  const mutation = useApiMutation('createSilence');
  const [matchers, setMatchers] = useState(() => matchersFor(group));
  const [start, setStart] = useState('now');
  const [end, setEnd] = useState('2h');
  const [reason, setReason] = useState('');
  const [author, setAuthor] = useState(initialAuthor);
  const { errors, serverError, submit: checkAndSend, fail } = useCheckedSubmit(CreateSilenceInput);
  const clock = useClock();
  const [opened] = useState(clock);
  const reasonRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // With matchers prefilled from the selected alert, the reason is what is left to type.
    if (group) reasonRef.current?.focus();
  }, [group]);

  const startsAt = parseWhen(start, opened, timeMode);
  const endsAt = startsAt === null ? null : parseWhen(end, startsAt, timeMode);
  const parsedMatchers = useMemo(() => MatcherList.safeParse(matchers), [matchers]);
  const covered = useMemo(
    () => (parsedMatchers.success && parsedMatchers.data.length > 0 ? groups.filter((g) => g.state !== 'resolved' && allMatch(parsedMatchers.data, g)) : []),
    [groups, parsedMatchers],
  );

  const submit = (): void => {
    const local: Record<string, string> = {};
    if (startsAt === null) local.startsAt = 'start: "now", a duration from now such as 30m, or a date and time YYYY-MM-DD HH:MM';
    if (endsAt === null) local.endsAt = 'end: a duration after the start such as 2h or 1d, or a date and time YYYY-MM-DD HH:MM';
    const input = { matchers, startsAt: startsAt ?? 0, endsAt: endsAt ?? 0, reason, author };
    checkAndSend(
      input,
      (valid) => {
        onAuthor(author);
        mutation.mutate(valid, {
          onSuccess: (s) => onDone(`Silenced ${s.matchersText} until ${formatTime(s.endsAt, timeMode)} (covers ${s.matchingGroups} alert group${s.matchingGroups === 1 ? '' : 's'})`),
          onError: fail,
        });
      },
      local,
    );
  };

  return (
    <FormDialog
      className="alert-modal" title="Silence alerts" onClose={onClose} onSubmit={submit} busy={mutation.isPending} submitLabel="Silence" error={serverError} testId="dialog-silence">
      <p className="muted small">A silence stops notifications for the alerts it matches; they stay in the queue, marked silenced.</p>
      <label className="field">
        <span>Matchers</span>
        <input value={matchers} onChange={(e) => setMatchers(e.target.value)} autoFocus={!group} name="matchers" aria-invalid={!!errorUnder(errors, 'matchers')} placeholder='service="payment-service", severity=~"P1|P2"' />
        <span className="muted small">label = value, != , =~ regex, !~ — labels: name, service, namespace, source, severity, tag:&lt;key&gt;</span>
        <FieldError message={errorUnder(errors, 'matchers')} />
        {parsedMatchers.success && parsedMatchers.data.length > 0 && (
          <span className="small" data-testid="silence-preview">
            Covers {covered.length} alert group{covered.length === 1 ? '' : 's'} in the queue now{covered.length > 0 ? `: ${covered.slice(0, 4).map((g) => g.name).join(', ')}${covered.length > 4 ? ', …' : ''}` : ''}
          </span>
        )}
      </label>
      <div className="field-row">
        <label className="field">
          <span>Start</span>
          <input value={start} onChange={(e) => setStart(e.target.value)} name="start" aria-invalid={!!errors.startsAt} />
          <span className="muted small">{startsAt !== null ? formatTime(startsAt, timeMode) : 'now, 30m, or YYYY-MM-DD HH:MM'}</span>
          <FieldError message={errors.startsAt} />
        </label>
        <label className="field">
          <span>End (after the start)</span>
          <input value={end} onChange={(e) => setEnd(e.target.value)} name="end" aria-invalid={!!errors.endsAt} />
          <span className="muted small">{endsAt !== null ? formatTime(endsAt, timeMode) : '2h, 1d, or YYYY-MM-DD HH:MM'}</span>
          <FieldError message={errors.endsAt} />
        </label>
      </div>
      <label className="field">
        <span>Reason</span>
        <input ref={reasonRef} value={reason} onChange={(e) => setReason(e.target.value)} name="reason" aria-invalid={!!errors.reason} placeholder="why, and where it is tracked" />
        <FieldError message={errors.reason} />
      </label>
      <AuthorField author={author} setAuthor={setAuthor} error={errors.author} />
    </FormDialog>
  );
}
