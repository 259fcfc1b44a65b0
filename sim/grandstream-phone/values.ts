/**
 * Stored values of api-values.get / api-values.post (seed 000/001 "Return Values Request",
 * "Post Values Request"), plus the formatting helpers of api-get_time and api-get_line_status.
 */
import type { CallState, LineSlot } from './calls';
import type { LineStyle, PhoneAccountSeed, ResolvedOptions } from './options';

/** Values that are never returned: P2 admin password, P196 user password, P34 account 1 SIP password. */
export const SECRET_KEYS = new Set(['2', '196', '34']);
/** Values api-values.get returns without a session ("None (limited return)"). */
export const PUBLIC_KEYS = new Set(['vendor_name', 'vendor_fullname', 'phone_model', 'prog_version', 'hw_rev']);

/** Account 1 as P-values (Grandstream numbering: P3 display name, P35 SIP user id, P47 SIP server, P270 account name). */
const ACCOUNT1_KEYS = { '3': 'name', '35': 'sipId', '47': 'server', '270': 'name' } as const;

export class ValueStore {
  private extra: Map<string, string> | null = null;

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly accounts: () => PhoneAccountSeed[],
  ) {}

  private fixed(key: string): string | undefined {
    const o = this.opts;
    switch (key) {
      // The names of the manuals' example answer ("Return Values Request").
      case 'vendor_name':
        return 'Grandstream';
      case 'vendor_fullname':
        return 'Grandstream Networks, Inc.';
      case 'hw_rev':
        return 'V2.2A';
      case 'tp_fw_version':
        return '22';
      // "68" is the firmware version in the example answer ("68": "11.16.8.20"); "7033" another version there.
      case '68':
        return o.firmware;
      case '7033':
        return '1.0.1.7';
      default:
        break;
    }
    // Names the manuals never list: only the 'extended' variant (sibling firmware) knows them.
    if (o.valueNames !== 'extended') return undefined;
    switch (key) {
      case 'phone_model':
        return o.model;
      case 'prog_version':
        return o.firmware;
      case 'mac':
        return o.mac;
      default:
        return undefined;
    }
  }

  /** One value by its request name (with or without a leading P for numeric names); undefined when unknown. */
  get(name: string): string | undefined {
    const key = /^[Pp]\d+$/.test(name) ? name.slice(1) : name;
    if (SECRET_KEYS.has(key)) return undefined;
    const stored = this.extra?.get(key);
    if (stored !== undefined) return stored;
    if (key in ACCOUNT1_KEYS) {
      const a = this.accounts()[0];
      const field = ACCOUNT1_KEYS[key as keyof typeof ACCOUNT1_KEYS];
      return a ? (field === 'name' ? (a.name ?? a.sipId) : a[field]) : '';
    }
    const f = this.fixed(key);
    if (f !== undefined) return f;
    // Any other P-number reads as an empty string, like "1561" in the seed example.
    if (/^\d+$/.test(key)) return '';
    return undefined;
  }

  /** Store P-values (keys without P). Account 1 keys update the account. */
  set(key: string, value: string): void {
    if (key in ACCOUNT1_KEYS) {
      const a = this.accounts()[0];
      if (a) {
        const field = ACCOUNT1_KEYS[key as keyof typeof ACCOUNT1_KEYS];
        if (field === 'name') a.name = value;
        else a[field] = value;
        return;
      }
    }
    (this.extra ??= new Map()).set(key, value);
  }

  reset(): void {
    this.extra = null;
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.extra ?? []);
  }
}

const NUMERIC: Record<CallState, string> = { idle: '0', ringing: '2', calling: '3', connected: '4', held: '5', failed: '8' };
const WORDS: Record<CallState, string> = { idle: 'idle', ringing: 'ringing', calling: 'calling', connected: 'connected', held: 'onhold', failed: 'failed' };

/** A line object of api-get_line_status in the configured style (field notes: codes or words; name/number or remotename/remotenumber). */
export function renderLine(s: LineSlot, style: LineStyle, active: boolean): Record<string, string | number> {
  const acct = s.account < 0 ? '' : String(s.account);
  if (style === 'words') {
    return { line: s.line, state: WORDS[s.state], acct, remotename: s.remoteName, remotenumber: s.remoteNumber, active: active ? 1 : 0 };
  }
  return { line: s.line, state: NUMERIC[s.state], acct, name: s.remoteName, number: s.remoteNumber, active: active ? 1 : 0 };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** api-get_time, shaped like the seed example: {"date":"Tue 08/30/2016","time":" 11:30AM","uptime":" 21 days, 1 hour, 50 minutes, 23seconds"}. */
export function renderTime(now: number, bootAt: number): { date: string; time: string; uptime: string } {
  const d = new Date(now);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const h24 = d.getHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const up = Math.max(0, Math.floor((now - bootAt) / 1000));
  const days = Math.floor(up / 86400);
  const hours = Math.floor((up % 86400) / 3600);
  const minutes = Math.floor((up % 3600) / 60);
  const seconds = up % 60;
  return {
    date: `${DAYS[d.getDay()]} ${p2(d.getMonth() + 1)}/${p2(d.getDate())}/${d.getFullYear()}`,
    time: ` ${h12}:${p2(d.getMinutes())}${h24 < 12 ? 'AM' : 'PM'}`,
    uptime: ` ${plural(days, 'day')}, ${plural(hours, 'hour')}, ${plural(minutes, 'minute')}, ${seconds}seconds`,
  };
}
