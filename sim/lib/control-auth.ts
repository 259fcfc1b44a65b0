/**
 * Guarding the simulated office's control API (server side): a per-run bearer token compared in
 * constant time, a Host header that must name the loopback address and port the control server
 * listens on (no DNS rebinding), an Origin that must be absent or the server's own (no requests
 * from other web pages), and a manifest with every secret taken out before it goes over HTTP.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { DeviceKind } from '../../shared/domain';
import type { Manifest } from './types';

/** A fresh random token for one run of the control API (256 bits, base64url). */
export function newControlToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison that does not leak the length either (both sides are hashed first). */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export interface ControlRefusal {
  status: 401 | 403 | 421;
  error: string;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/**
 * Why a control request must be refused, or null when it may go on. Checks, in this order:
 * Host (421), Origin (403), then `Authorization: Bearer <token>` (401).
 */
export function refuseControlRequest(headers: IncomingHttpHeaders, port: number, token: string): ControlRefusal | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (first(headers.host) ?? '').trim().toLowerCase();
  if (!allowedHosts.includes(host)) {
    return {
      status: 421,
      error: `the control API answers only requests addressed to ${allowedHosts.join(' or ')} (Host was ${host === '' ? 'missing' : `"${host}"`}); call it on the URL printed as "control"`,
    };
  }
  const origin = first(headers.origin);
  if (origin !== undefined && !allowedHosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return {
      status: 403,
      error: `the control API refuses requests from web pages of another origin ("${origin}"); call it from a local tool or test, not from a browser page`,
    };
  }
  const auth = (first(headers.authorization) ?? '').trim();
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (!m?.[1]) {
    return {
      status: 401,
      error: 'the control API needs "Authorization: Bearer <token>"; the token is "controlToken" in the manifest file written by npm run sim, in the web harness\'s first JSON line, or RunningOffice.controlToken',
    };
  }
  if (!sameToken(m[1], token)) {
    return {
      status: 401,
      error: 'the control token is wrong: it changes on every run of the simulated office; use the "controlToken" of this run',
    };
  }
  return null;
}

/** Field names that hold secrets: passwords (any kind, e.g. privacyPassword, viewer.password), API secrets, tokens, keys, PINs. */
const SECRET_KEY = /^pass$|pass(word|wd|phrase)|secret|token|credential|api_?key|private_?key|^pin$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function collectSecrets(v: unknown, out: Set<string>, underSecretKey = false): void {
  if (typeof v === 'string') {
    if (underSecretKey && v !== '') out.add(v);
  } else if (Array.isArray(v)) {
    for (const x of v) collectSecrets(x, out, underSecretKey);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) collectSecrets(x, out, underSecretKey || isSecretKey(k));
  }
}

/** Fields that identify a device and are never secrets, even when a password happens to equal one. */
const IDENTITY = new Set(['id', 'kind', 'name', 'url']);

function strip(v: unknown, secrets: ReadonlySet<string>, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => strip(x, secrets)).filter((x) => x !== undefined);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (isSecretKey(k)) continue;
      const s = strip(x, secrets, k);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  // a field that is not named as a secret but holds one (e.g. a user name equal to the password) goes too
  if (typeof v === 'string' && secrets.has(v) && !IDENTITY.has(key)) return undefined;
  return v;
}

/** A manifest entry as the control API serves it: no password, secret or other credential. */
export interface PublicManifestDevice {
  id: string;
  kind: DeviceKind;
  name: string;
  url: string;
  /** Absent only when it equals one of the office's secrets. */
  username?: string;
  extension?: string;
  [extra: string]: unknown;
}

export interface PublicManifest {
  control: string;
  devices: PublicManifestDevice[];
}

/**
 * The manifest as the control API serves it: every secret removed, by field name and by value.
 * The in-process manifest (RunningOffice.manifest) and the 0600 manifest file keep them.
 */
export function publicManifest(m: Manifest): PublicManifest {
  const secrets = new Set<string>();
  collectSecrets(m, secrets);
  return {
    control: m.control,
    devices: m.devices.map((d) => strip(d, secrets) as PublicManifestDevice),
  };
}
