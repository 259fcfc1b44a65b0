import { IpcCallError } from '../../bridge/api';

/**
 * The words to show for a failed call to main: the contract's message (it already names the device
 * and what to do), else the fallback. Never a stack.
 */
export function errorText(e: unknown, fallback: string): string {
  if (e instanceof IpcCallError) return e.error.message || fallback;
  return fallback;
}
