// The triage dialogs: acknowledge, snooze, assign, note, silence. Each is a small form that
// works from the keyboard alone: the first field has focus, Enter submits (Shift+Enter is a
// new line in a note), Esc cancels. Input is checked with the contract's own schemas before
// it is sent, so an error shows at its field and nothing half-done is saved.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  AlertActionInput,
  CreateSilenceInput,
  MatcherList,
  type AlertActionKind,
  type QueueGroup,
} from '../../../shared/contract/alerts';
import { matchValue } from '../../../shared/lib/matchers';
import { useApiMutation } from '../api';
import { formatTime } from '../format';
import { usePrefs } from '../prefs';
import { FieldError, LOCAL_ONLY_NOTE, errorUnder, fieldErrors, parseWhen } from './AlertBits';
import { clockNow } from '../clock';

export type DialogKind = 'ack' | 'unack' | 'snooze' | 'assign' | 'note' | 'silence';

interface ModalProps {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  busy: boolean;
  submitLabel: string;
  error: string | null;
  children: ReactNode;
  testId: string;
  /** A confirmation with nothing to type: Enter on the focused button confirms. */
  focusSubmit?: boolean;
}

function AlertModal({ title, onClose, onSubmit, busy, submitLabel, error, children, testId, focusSubmit }: ModalProps) {
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <form
        className="modal alert-modal"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={submit}
        onKeyDown={(e) => {
          // Keys typed here belong to the form, not to the page's or the app's shortcuts.
          e.stopPropagation();
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      >
        <h2>{title}</h2>
        {children}
        {error && (
          <div className="field-error" role="alert" data-testid="dialog-error">
            {error}
          </div>
        )}
        <div className="modal-actions">
          <button type="submit" className="primary" disabled={busy} autoFocus={focusSubmit}>
            {busy ? 'Saving…' : submitLabel} <kbd>Enter</kbd>
          </button>
          <button type="button" onClick={onClose}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}

function AuthorField({ author, setAuthor, error }: { author: string; setAuthor: (a: string) => void; error: string | undefined }) {
  return (
    <label className="field">
      <span>As</span>
      <input value={author} onChange={(e) => setAuthor(e.target.value)} aria-invalid={!!error} name="author" autoComplete="off" />
      <FieldError message={error} />
    </label>
  );
}

/** A note field: Enter submits the form, Shift+Enter starts a new line. */
function NoteField({ value, onChange, label, error, autoFocus }: { value: string; onChange: (v: string) => void; label: string; error: string | undefined; autoFocus?: boolean }) {
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        value={value}
        rows={3}
        autoFocus={autoFocus}
        name="note"
        aria-invalid={!!error}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <FieldError message={error} />
    </label>
  );
}

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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);

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
    const checked = AlertActionInput.safeParse(input);
    if (!checked.success) {
      setErrors(fieldErrors(checked.error));
      return;
    }
    setErrors({});
    setServerError(null);
    onAuthor(author);
    mutation.mutate(input as Parameters<typeof mutation.mutate>[0], {
      onSuccess: (result) => {
        if (result.recorded === 0) {
          setServerError(`Nothing recorded: ${result.skipped.map((s) => s.reason).join('; ')}`);
          return;
        }
        const what = { ack: 'Acknowledged', unack: 'Un-acknowledged', unsnooze: 'Snooze ended for', snooze: `Snoozed for ${minutes} min:`, assign: assignee.trim() ? `Assigned to ${assignee.trim()}:` : 'Unassigned', note: 'Note added to' }[actionKind];
        onDone(`${what} ${group.name}${result.skipped.length ? ` (${result.skipped.length} skipped: ${result.skipped[0]?.reason ?? ''})` : ''}`);
      },
      onError: (err) => setServerError(err.message),
    });
  };

  const title = kind === 'unack' && group.state === 'snoozed' ? 'End the snooze' : TITLES[kind];
  return (
    <AlertModal
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
                {m < 60 ? `${m} min` : `${m / 60} h`}
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
    </AlertModal>
  );
}

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

/** Whether a group's primary alert matches every matcher (what the silence will cover). */
function groupMatches(group: QueueGroup, matchers: { label: string; op: '=' | '!=' | '=~' | '!~'; value: string }[]): boolean {
  const valueOf = (label: string): string => {
    if (label.startsWith('tag:')) return group.tags[label.slice(4)] ?? '';
    switch (label) {
      case 'name': return group.name;
      case 'service': return group.service ?? '';
      case 'namespace': return group.namespace ?? '';
      case 'source': return group.source;
      case 'severity': return group.severity;
      default: return '';
    }
  };
  try {
    return matchers.every((m) => matchValue(m, valueOf(m.label)));
  } catch {
    return false;
  }
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [opened] = useState(() => clockNow());
  const reasonRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // With matchers prefilled from the selected alert, the reason is what is left to type.
    if (group) reasonRef.current?.focus();
  }, [group]);

  const startsAt = parseWhen(start, opened, timeMode);
  const endsAt = startsAt === null ? null : parseWhen(end, startsAt, timeMode);
  const parsedMatchers = useMemo(() => MatcherList.safeParse(matchers), [matchers]);
  const covered = useMemo(
    () => (parsedMatchers.success && parsedMatchers.data.length > 0 ? groups.filter((g) => g.state !== 'resolved' && groupMatches(g, parsedMatchers.data)) : []),
    [groups, parsedMatchers],
  );

  const submit = (): void => {
    const local: Record<string, string> = {};
    if (startsAt === null) local.startsAt = 'start: "now", a duration from now such as 30m, or a date and time YYYY-MM-DD HH:MM';
    if (endsAt === null) local.endsAt = 'end: a duration after the start such as 2h or 1d, or a date and time YYYY-MM-DD HH:MM';
    const input = { matchers, startsAt: startsAt ?? 0, endsAt: endsAt ?? 0, reason, author };
    const checked = CreateSilenceInput.safeParse(input);
    const all = { ...(checked.success ? {} : fieldErrors(checked.error)), ...local };
    if (Object.keys(all).length > 0) {
      setErrors(all);
      return;
    }
    setErrors({});
    setServerError(null);
    onAuthor(author);
    mutation.mutate(input, {
      onSuccess: (s) => onDone(`Silenced ${s.matchersText} until ${formatTime(s.endsAt, timeMode)} (covers ${s.matchingGroups} alert group${s.matchingGroups === 1 ? '' : 's'})`),
      onError: (err) => setServerError(err.message),
    });
  };

  return (
    <AlertModal title="Silence alerts" onClose={onClose} onSubmit={submit} busy={mutation.isPending} submitLabel="Silence" error={serverError} testId="dialog-silence">
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
    </AlertModal>
  );
}
