import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallAction } from '../../../../shared/domain';
import type { LineEntity } from '../../../../shared/office';
import { requestLineFocus, sendCallAction, takeLineFocus } from './controlStore';
import { actionsFor, lineId } from './logic';

const LOOK: Record<CallAction, string> = {
  accept: 'btn btn-good',
  reject: 'btn btn-danger',
  hold: 'btn',
  resume: 'btn btn-primary',
  end: 'btn btn-danger solid',
};

export interface CallButtonsProps {
  /** The line as shown (optimistic state). */
  shown: LineEntity;
  /** The line as the hub reports it (what the command is checked against). */
  real: LineEntity;
  /** Id of the element that says which phone and line the buttons act on. */
  describedBy: string;
  /** Bigger buttons (the incoming banner). */
  large?: boolean;
  /** A command on this line is still travelling: the buttons wait. */
  busy?: boolean;
}

/**
 * Accept / Reject / Hold / Resume / End for one line, only those that make sense for its state.
 * Names are exactly the action words; the description names the phone and line. After a click the
 * focus stays on the line (the next button), never lost to the page.
 */
export function CallButtons({ shown, real, describedBy, large, busy }: CallButtonsProps) {
  const { t } = useTranslation('calls');
  const box = useRef<HTMLDivElement>(null);
  const actions = actionsFor(shown.state);
  const id = lineId(shown.deviceId, shown.line);

  useLayoutEffect(() => {
    const first = box.current?.querySelector<HTMLButtonElement>('button');
    if (first && takeLineFocus(id)) first.focus();
  }, [shown.state, id]);

  if (actions.length === 0) return null;
  return (
    <div className={large ? 'call-buttons large' : 'call-buttons'} ref={box} role="group" aria-label={t('line.actions')} aria-describedby={describedBy}>
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          className={`${LOOK[a]} call-btn call-btn-${a}${large ? '' : ' btn-sm'}`}
          aria-describedby={describedBy}
          aria-disabled={busy ? true : undefined}
          onClick={() => {
            if (busy) return;
            if (box.current?.contains(document.activeElement)) requestLineFocus(id);
            void sendCallAction(real, a, t('error.control'));
          }}
        >
          {t(`action.${a}`)}
        </button>
      ))}
    </div>
  );
}
