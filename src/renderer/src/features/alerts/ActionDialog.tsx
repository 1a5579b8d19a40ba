// Acknowledge, un-acknowledge (also ends a snooze), snooze, assign or note one alert group.
// Works from the keyboard alone: the first field has focus, Enter submits, Esc cancels; the
// input is checked with the contract's schema before it is sent.
import { useState } from 'react';
import { AlertActionInput, type AlertActionKind, type QueueGroup } from '@shared/contract/alerts';
import { FieldError } from '@renderer/components/common/FieldError';
import { FormDialog } from '@renderer/components/common/Dialog';
import { useApiMutation } from '@renderer/data/api';
import { useCheckedSubmit } from '@renderer/lib/forms';
import { formatDuration, formatSpan } from '@renderer/lib/format';
import { MINUTE_MS } from '@renderer/lib/time';
import { AuthorField, NoteField, type DialogKind } from './dialogFields';
import { LOCAL_ONLY_NOTE } from './labels';

const TITLES: Record<Exclude<DialogKind, 'silence'>, string> = {
  ack: 'Acknowledge',
  unack: 'Un-acknowledge',
  snooze: 'Snooze',
  assign: 'Assign an owner',
  note: 'Add a note',
};

/** Acknowledge, un-acknowledge (also ends a snooze), snooze, assign or note one alert group. */
export function ActionDialog({
  kind,
  group,
  author: initialAuthor,
  onAuthor,
  onClose,
  onDone,
}: {
  kind: Exclude<DialogKind, 'silence'>;
  group: QueueGroup;
  author: string;
  onAuthor: (a: string) => void;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const mutation = useApiMutation('alertAction');
  const [author, setAuthor] = useState(initialAuthor);
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [assignee, setAssignee] = useState(group.assignee ?? initialAuthor);
  const { errors, serverError, setServerError, submit: checkAndSend, fail } = useCheckedSubmit(AlertActionInput);

  const submit = (): void => {
    const actionKind: AlertActionKind = kind === 'unack' ? (group.state === 'snoozed' ? 'unsnooze' : 'unack') : kind;
    const input =
      actionKind === 'snooze'
        ? { kind: actionKind, occurrenceKeys: group.occurrenceKeys, author, minutes: Number(minutes), ...(note.trim() ? { note } : {}) }
        : actionKind === 'assign'
          ? { kind: actionKind, occurrenceKeys: group.occurrenceKeys, author, assignee: assignee.trim() || null }
          : actionKind === 'note'
            ? { kind: actionKind, occurrenceKeys: group.occurrenceKeys, author, note }
            : actionKind === 'ack' || actionKind === 'unack'
              ? { kind: actionKind, occurrenceKeys: group.occurrenceKeys, author, ...(note.trim() ? { note } : {}) }
              : { kind: actionKind, occurrenceKeys: group.occurrenceKeys, author };
    checkAndSend(input, (valid) => {
      onAuthor(author);
      mutation.mutate(valid, {
        onSuccess: (result) => {
          if (result.recorded === 0) {
            setServerError(`Nothing recorded: ${result.skipped.map((s) => s.reason).join('; ')}`);
            return;
          }
          const what = { ack: 'Acknowledged', unack: 'Un-acknowledged', unsnooze: 'Snooze ended for', snooze: `Snoozed for ${formatDuration(Number(minutes) * MINUTE_MS)}:`, assign: assignee.trim() ? `Assigned to ${assignee.trim()}:` : 'Unassigned', note: 'Note added to' }[actionKind];
          onDone(`${what} ${group.name}${result.skipped.length ? ` (${result.skipped.length} skipped: ${result.skipped[0]?.reason ?? ''})` : ''}`);
        },
        onError: fail,
      });
    });
  };

  const title = kind === 'unack' && group.state === 'snoozed' ? 'End the snooze' : TITLES[kind];
  return (
    <FormDialog
      className="alert-modal"
      title={`${title}: ${group.name}`}
      onClose={onClose}
      onSubmit={submit}
      busy={mutation.isPending}
      submitLabel={title}
      error={serverError}
      testId={`dialog-${kind}`}
      focusSubmit={kind === 'unack'}
    >
      <p className="muted small">
        {group.count > 1 ? `${group.firingCount} firing alerts in this group. ` : ''}
        {kind === 'ack' || kind === 'unack' ? LOCAL_ONLY_NOTE : 'Recorded in this laptop’s journal; works offline.'}
      </p>
      {kind === 'snooze' && (
        <label className="field">
          <span>Minutes</span>
          <div className="chips">
            <input value={minutes} onChange={(e) => setMinutes(e.target.value)} autoFocus inputMode="numeric" name="minutes" aria-invalid={!!errors.minutes} className="narrow" />
            {[15, 30, 60, 240].map((m) => (
              <button type="button" key={m} className={String(m) === minutes ? 'chip on' : 'chip'} onClick={() => setMinutes(String(m))}>
                {formatSpan(m * MINUTE_MS)}
              </button>
            ))}
          </div>
          <span className="muted small">Reminds you when it runs out: the alert fires again.</span>
          <FieldError message={errors.minutes} />
        </label>
      )}
      {kind === 'assign' && (
        <label className="field">
          <span>Owner (empty: nobody)</span>
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} autoFocus name="assignee" aria-invalid={!!errors.assignee} />
          <FieldError message={errors.assignee} />
        </label>
      )}
      {kind !== 'assign' && kind !== 'unack' && (
        <NoteField value={note} onChange={setNote} label={kind === 'note' ? 'Note' : 'Note (optional)'} error={errors.note} autoFocus={kind !== 'snooze'} />
      )}
      <AuthorField author={author} setAuthor={setAuthor} error={errors.author} />
      <FieldError message={errors.occurrenceKeys ?? errors._} />
    </FormDialog>
  );
}

