/**
 * Optimistic call control: a click shows the line's next state at once, the command goes to the
 * hub, and a refusal rolls the line back and keeps the device's reason next to it. The banner and
 * the Calls view share this store, so an action taken in one shows in the other.
 */
import { create } from 'zustand';
import type { CallAction } from '../../../../shared/domain';
import type { LineEntity } from '../../../../shared/office';
import { invoke } from '../../bridge/api';
import { controlReducer, emptyControlState, type ControlEvent, type ControlState } from './logic';
import { errorText } from './errors';

interface ControlStore extends ControlState {
  dispatch(ev: ControlEvent): void;
}

export const useCallControl = create<ControlStore>((set) => ({
  ...emptyControlState,
  dispatch: (ev) => set((s) => controlReducer(s, ev)),
}));

/** Send one action for a line (as the UI shows it); resolves true when the device took it. */
export async function sendCallAction(line: LineEntity, action: CallAction, fallbackError: string): Promise<boolean> {
  const { dispatch } = useCallControl.getState();
  const target = { deviceId: line.deviceId, line: line.line };
  dispatch({ type: 'sent', ...target, action, from: line.state, at: Date.now() });
  try {
    await invoke('calls.control', { ...target, action });
    dispatch({ type: 'confirmed', ...target, at: Date.now() });
    return true;
  } catch (e) {
    dispatch({ type: 'refused', ...target, message: errorText(e, fallbackError), since: line.since, at: Date.now() });
    return false;
  }
}

/**
 * Focus hand-over: a button that disappears after its click (Accept in the banner, Hold once held)
 * asks the same line's controls to take the focus, wherever they are shown next. The request only
 * lasts a moment and never takes the focus from another control.
 */
let focusRequest: { id: string; at: number } | null = null;
const FOCUS_REQUEST_MS = 2000;

export function requestLineFocus(id: string): void {
  focusRequest = { id, at: Date.now() };
}

/** True (once) when the line `id` should take the focus now. */
export function takeLineFocus(id: string): boolean {
  if (!focusRequest || focusRequest.id !== id) return false;
  const fresh = Date.now() - focusRequest.at < FOCUS_REQUEST_MS;
  const lost = !document.activeElement || document.activeElement === document.body;
  if (!fresh) focusRequest = null;
  if (!fresh || !lost) return false;
  focusRequest = null;
  return true;
}
