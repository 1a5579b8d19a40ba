// Modal dialogs. A plain Dialog (the shortcut help) closes on a click outside; a FormDialog
// works from the keyboard alone: Enter submits, Esc cancels, and keys typed in it belong to
// the form, not to the page's or the app's shortcuts.
import { useEffect, useRef, type FormEvent, type ReactNode, type RefObject } from 'react';

/**
 * Focus moves into the dialog when it opens (to `autoFocus` if a field asks for it, else the
 * dialog itself) and back to what had it when the dialog closes, so keyboard users keep their place.
 */
export function useDialogFocus(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = ref.current;
    if (el && !el.contains(document.activeElement)) el.focus();
    return () => {
      if (before && before.isConnected) before.focus();
    };
  }, [ref]);
}

export function Dialog({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={label} tabIndex={-1} ref={ref} onClick={(e) => e.stopPropagation()}>
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
  const ref = useRef<HTMLFormElement>(null);
  useDialogFocus(ref);
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
        ref={ref}
        tabIndex={-1}
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
