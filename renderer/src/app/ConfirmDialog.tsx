import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** Label of the confirming button (says what happens, e.g. "Remove Reception phone"). */
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A modal confirmation (native <dialog>: focus is trapped, Esc cancels). The safe choice,
 * Cancel, has the focus when it opens.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    cancel.current?.focus();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <div className="stack">{props.children}</div>
      <div className="form-actions end">
        <button ref={cancel} type="button" className="btn" onClick={props.onCancel} disabled={props.busy}>
          {t('action.cancel')}
        </button>
        <button type="button" className={props.danger ? 'btn btn-danger solid' : 'btn btn-primary'} onClick={props.onConfirm} disabled={props.busy}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
