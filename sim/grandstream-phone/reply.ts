/** Request/reply types and helpers shared by the endpoint modules. */
import type { Session } from './auth';
import type { PhoneCore } from './core';

export interface PhoneRequest {
  params: URLSearchParams;
  session: Session | undefined;
  /** A valid `passcode` was given and passcodeAuth is on. */
  passcode: boolean;
  now: number;
  /** Cookie path: the device root (a farm prefix or '/'). */
  cookiePath: string;
}

export interface Reply {
  status: number;
  kind: 'json' | 'text' | 'xml' | 'html';
  body: unknown;
  headers?: Record<string, string | string[]>;
  /** Runs after the response is written (used by REBOOT/RESET). */
  after?: () => void;
}

/** open: no auth; limited: session optional; status: phone status; session: needs a session; token: session or passcode. */
export type Access = 'open' | 'limited' | 'status' | 'session' | 'token';
export interface Route {
  access: Access;
  handle(core: PhoneCore, req: PhoneRequest): Reply;
}

export const ok = (body: unknown = ''): Reply => ({ status: 200, kind: 'json', body: { response: 'success', body } });
export const fail = (body: unknown, status = 200): Reply => ({ status, kind: 'json', body: { response: 'error', body } });
export const UNAUTHORIZED: Reply = fail('unauthorized', 401);
export const FORBIDDEN: Reply = fail('forbidden', 403);

/** A bare HTML page with a status line, as the embedded web server sends for 401/403/404/411. */
export function htmlStatus(status: number, title: string): Reply {
  return { status, kind: 'html', body: `<html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1></body></html>\n` };
}

/** First present parameter among the given spellings (seed tables capitalise some names: Username, Secret, Line, Id). */
export function param(p: URLSearchParams, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = p.get(n);
    if (v !== null) return v;
  }
  return undefined;
}

