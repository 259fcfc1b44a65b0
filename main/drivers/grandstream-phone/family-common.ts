/** Small pieces the Grandstream phone family drivers share. */
import type { Line } from '../../../shared/domain';
import type { DialRequest } from '../../core/driver/types';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Freeze parsed lines, so one answer's array can be handed out as is (`===`) while the bytes do not change. */
export function frozenLines(lines: Line[]): Line[] {
  for (const l of lines) Object.freeze(l);
  return Object.freeze(lines) as Line[];
}

/**
 * A dial request checked and converted: the number without spacing, and the 0-based account index
 * of `api-make_call` (the manuals' example `account=0`) from the 1-based number users see.
 */
export function dialNumber(device: string, req: DialRequest): { number: string; index: number } {
  const number = req.number.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9*#]{1,40}$/.test(number)) throw new RangeError(`${device}: "${req.number.slice(0, 40)}" is not a number that can be dialled.`);
  const account = req.account ?? 1;
  if (!Number.isInteger(account) || account < 1 || account > 16) {
    throw new RangeError(`${device}: account ${String(account)} is not a phone account number (1-16, as the account list shows them).`);
  }
  return { number, index: account - 1 };
}
