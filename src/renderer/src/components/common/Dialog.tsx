// Modal dialogs. A plain Dialog (the shortcut help) closes on a click outside; a FormDialog
// works from the keyboard alone: Enter submits, Esc cancels, and keys typed in it belong to
// the form, not to the page's or the app's shortcuts.
import type { FormEvent, ReactNode } from 'react';

export function Dialog({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label={label} onClick={(e) => e.stopPropagation()}>
        {children}
      </div>
    </div>
  );
}

export interface FormDialogProps {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  busy: boolean;
  submitLabel: string;
  error: string | null;
  children: ReactNode;
  testId: string;
  className?: string;
  /** A confirmation with nothing to type: Enter on the focused button confirms. */
  focusSubmit?: boolean;
}

export function FormDialog({ title, onClose, onSubmit, busy, submitLabel, error, children, testId, className, focusSubmit }: FormDialogProps) {
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!busy) onSubmit();
  };
  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <form
        className={className ? `modal ${className}` : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={submit}
        onKeyDown={(e) => {
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
