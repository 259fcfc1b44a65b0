/**
 * Placing a call (`calls.dial`) and the one status line that says where the last call went. The dial
 * pad, the recent calls' Redial and the Presence board all go through `placeCall`.
 */
import { create } from 'zustand';
import { invoke } from '../../bridge/api';
import { routeWords, type DialResult, type RouteKey } from './dialing';
import { errorText } from './errors';

export type DialStatus =
  | { kind: 'idle' }
  | { kind: 'placing'; number: string; origin: string }
  | { kind: 'placed'; number: string; origin: string; key: RouteKey; values: Record<string, string>; result: DialResult }
  | { kind: 'failed'; number: string; origin: string; message: string };

interface DialStore {
  status: DialStatus;
  set(status: DialStatus): void;
}

export const useDialStatus = create<DialStore>((set) => ({ status: { kind: 'idle' }, set: (status) => set({ status }) }));

/**
 * Dial `number` through the configured route. `origin` names the place that asked (the dial pad,
 * recent calls, presence) so each shows the status only for its own calls.
 */
export async function placeCall(number: string, origin: string, fallbackError: string): Promise<DialStatus> {
  const { set } = useDialStatus.getState();
  set({ kind: 'placing', number, origin });
  let status: DialStatus;
  try {
    const result = await invoke('calls.dial', { number });
    const words = routeWords(result);
    status = { kind: 'placed', number, origin, key: words.key, values: words.values, result };
  } catch (e) {
    status = { kind: 'failed', number, origin, message: errorText(e, fallbackError) };
  }
  set(status);
  return status;
}
