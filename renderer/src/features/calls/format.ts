import type { LineEntity } from '../../../../shared/office';

/** A number as shown: the device's own spelling, trimmed (never reformatted into something else). */
export const displayNumber = (n: string): string => n.trim();

/** Who is on a line: the contact's (or phone's) name, else the number, else `withheld` (the translated "Withheld number"). */
export function callerName(line: Pick<LineEntity, 'remoteName' | 'remoteNumber'>, withheld: string): string {
  return line.remoteName.trim() || displayNumber(line.remoteNumber) || withheld;
}

/** A time as the receptionist reads it: the clock time today, else the date and time. */
export function shortTime(iso: string, lang: string, now = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  const opts: Intl.DateTimeFormatOptions = sameDay ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(lang, opts).format(d);
}
