// Fields the triage dialogs share: who is acting, and a note (Enter submits, Shift+Enter is a new line).
import { FieldError } from '@renderer/components/common/FieldError';

export type DialogKind = 'ack' | 'unack' | 'snooze' | 'assign' | 'note' | 'silence';

export function AuthorField({ author, setAuthor, error }: { author: string; setAuthor: (a: string) => void; error: string | undefined }) {
  return (
    <label className="field">
      <span>As</span>
      <input value={author} onChange={(e) => setAuthor(e.target.value)} aria-invalid={!!error} name="author" autoComplete="off" />
      <FieldError message={error} />
    </label>
  );
}

export function NoteField({ value, onChange, label, error, autoFocus }: { value: string; onChange: (v: string) => void; label: string; error: string | undefined; autoFocus?: boolean }) {
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
