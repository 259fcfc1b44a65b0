/**
 * A modal on the native <dialog>: focus stays inside, Esc closes (unless `busy`), the title names it.
 * Shared by the contacts and cameras features.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

export function Modal(props: { title: string; onClose(): void; busy?: boolean; wide?: boolean; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose, busy } = props;
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      if (!busyRef.current) closeRef.current();
    };
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('cancel', onCancel);
      if (d.open) d.close();
    };
  }, []);
  return (
    <dialog ref={ref} className={`ct-modal${props.wide ? ' ct-modal-wide' : ''}${props.className ? ` ${props.className}` : ''}`} aria-labelledby={titleId}>
      <h2 id={titleId} className="ct-modal-title">
        {props.title}
      </h2>
      {props.children}
    </dialog>
  );
}
