/**
 * Request parameters and the answers of the camera's `goform` API (seed 002 "Responses from the
 * Device", camera-api-notes.md table): every answer is text lines ending in `\r\n`; set/add/remove
 * answer a status line (`Successful`, `Successful Need Reboot`, `No Privilege`, `<param> Invalid`,
 * `<param> Missing`) with HTTP 200; `get` answers `key=value` lines.
 */

export interface Reply {
  status: number;
  body: string;
}

const line = (text: string, status = 200): Reply => ({ status, body: `${text}\r\n` });

export const successful = (): Reply => line('Successful');
export const successfulNeedReboot = (): Reply => line('Successful Need Reboot');
export const noPrivilege = (): Reply => line('No Privilege');
export const invalid = (param: string): Reply => line(`${param} Invalid`);
export const missing = (param: string): Reply => line(`${param} Missing`);
/** 404: incorrect command format or incorrect data (e.g. an unknown file or module). */
export const notFound = (): Reply => line('404 Not Found', 404);
/** 503: server busy, or a retrieve/set failed. */
export const unavailable = (): Reply => line('503 Service Unavailable', 503);

export type KvLine = readonly [string, string | number];

/** `name=value\r\n` lines. */
export function kv(lines: readonly KvLine[]): Reply {
  return { status: 200, body: lines.map(([k, v]) => `${k}=${v}\r\n`).join('') };
}

/** Query parameters merged with an `application/x-www-form-urlencoded` body (the body wins). */
export class Params {
  private readonly map = new Map<string, string>();

  constructor(query: URLSearchParams, body: Buffer, contentType: string | undefined) {
    for (const [k, v] of query) this.map.set(k, v.trim());
    const text = body.toString('utf8').trim();
    const formish = /x-www-form-urlencoded/i.test(contentType ?? '') || (!contentType && text.includes('='));
    if (text && formish) {
      // The seed's POST example ends its body in "\r\n": split on & and on line breaks.
      for (const part of text.split(/[&\r\n]+/)) {
        if (!part) continue;
        const i = part.indexOf('=');
        const k = decode(i < 0 ? part : part.slice(0, i));
        const v = i < 0 ? '' : decode(part.slice(i + 1));
        if (k) this.map.set(k, v.trim());
      }
    }
  }

  get(name: string): string | undefined {
    return this.map.get(name);
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  /** Parameter names other than `cmd` (and the ones listed). */
  names(...except: string[]): string[] {
    return [...this.map.keys()].filter((k) => k !== 'cmd' && !except.includes(k));
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** An integer parameter checked against `ok`; the param's `Invalid` reply otherwise. */
export function intParam(p: Params, name: string, ok: (n: number) => boolean): number | Reply | undefined {
  const raw = p.get(name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) return invalid(name);
  const n = Number(raw);
  return ok(n) ? n : invalid(name);
}

export const isReply = (v: unknown): v is Reply => typeof v === 'object' && v !== null && 'status' in v && 'body' in v;

export const inRange =
  (lo: number, hi: number) =>
  (n: number): boolean =>
    n >= lo && n <= hi;
export const oneOf =
  (...values: number[]) =>
  (n: number): boolean =>
    values.includes(n);
