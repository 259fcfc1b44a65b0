import { createHash, randomBytes } from 'node:crypto';
import { tryParseJson } from '../common/http';
import { isRecord } from '../common/shape';
import { parseXml, text } from './xml';

/**
 * The KalliopePBX 4.x per-request signed header (KalliopePBX 4 REST API, X-authenticate header
 * (observed); the vendor's "API Rest" page describes the same construction):
 *
 *   X-authenticate: RestApiUsernameToken Username="<user>", Domain="<tenant>", Digest="<d>",
 *                   Nonce="<hex>", Created="<YYYY-MM-DDThh:mm:ssZ>"
 *   digestPassword = sha256_hex(password + "{" + salt + "}")      (the braces are literal)
 *   Digest         = base64(sha256_raw(Nonce + digestPassword + Username + Domain + Created))
 *
 * The salt is per tenant and anonymous (`GET /rest/salt/<tenantDomain>`). A nonce is hex, at least
 * 8 characters, and is refused when reused within 5 minutes; `Created` more than 5 minutes away
 * from the PBX clock is refused. Pure functions only: nothing here logs or keeps a secret.
 */

/** How far `Created` may be from the PBX clock (KalliopePBX 4 REST API, X-authenticate header (observed)). */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** sha256_hex(password + "{" + salt + "}"). */
export function digestPassword(password: string, salt: string): string {
  return createHash('sha256').update(`${password}{${salt}}`, 'utf8').digest('hex');
}

/** base64(sha256_raw(nonce + digestPassword + username + domain + created)). */
export function signature(nonce: string, digestPw: string, username: string, domain: string, created: string): string {
  return createHash('sha256').update(nonce + digestPw + username + domain + created, 'utf8').digest('base64');
}

/** A fresh nonce: 32 hex characters from the system's random source (never reused). */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** `Created`: UTC, second precision, `YYYY-MM-DDThh:mm:ssZ`. */
export function createdStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A user name or tenant domain that can be written inside the header's quotes. */
export function headerSafe(v: string): boolean {
  // eslint-disable-next-line no-control-regex
  return v.length > 0 && v.length <= 128 && !/["\\\u0000-\u001f\u007f]/.test(v);
}

export interface SignedHeaderInput {
  username: string;
  domain: string;
  /** sha256_hex(password + "{" + salt + "}"), see digestPassword(). */
  digestPassword: string;
  nonce: string;
  created: string;
}

/** The value of the X-authenticate header. */
export function xAuthenticate(h: SignedHeaderInput): string {
  const digest = signature(h.nonce, h.digestPassword, h.username, h.domain, h.created);
  return `RestApiUsernameToken Username="${h.username}", Domain="${h.domain}", Digest="${digest}", Nonce="${h.nonce}", Created="${h.created}"`;
}

/**
 * The salt from `GET /rest/salt/<domain>`: `{"salt":"<hex>"}` (asked with Accept: application/json)
 * or an XML document with a `<salt>` element (the answer without that Accept). Read by content, not
 * by Content-Type. Undefined when the answer carries no usable salt (a 3.x PBX, a login page).
 */
export function parseSalt(body: string): string | undefined {
  const raw = body.replace(/^\uFEFF/, '').trim();
  if (!raw || raw.length > 8192) return undefined;
  let salt: string | undefined;
  const json = tryParseJson(raw);
  if (isRecord(json)) {
    const v = json['salt'] ?? (isRecord(json['data']) ? json['data']['salt'] : undefined);
    if (typeof v === 'string') salt = v;
  } else if (raw.startsWith('<')) {
    const parsed = parseXml(raw);
    if (parsed.ok) salt = findTag(parsed.value, 'salt', 0);
  }
  salt = salt?.trim();
  // A salt is a short printable token; anything else is not one.
  return salt && salt.length <= 512 && /^[\x21-\x7e]+$/.test(salt) ? salt : undefined;
}

function findTag(v: unknown, tag: string, depth: number): string | undefined {
  if (depth > 4 || !isRecord(v)) return undefined;
  for (const [k, val] of Object.entries(v)) {
    if (k.toLowerCase() === tag && (typeof val === 'string' || typeof val === 'number')) return String(val);
  }
  for (const val of Object.values(v)) {
    const found = findTag(val, tag, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const VERSION_RE = /\b\d+\.\d+(?:\.\d+)?(?:[-.+][0-9A-Za-z.]+)?/;

/**
 * The firmware version from `GET /rest/dashboard/firmwareVersion` (JSON asked). The exact shape is
 * not documented: a JSON string, an object with a key naming the version (`version`,
 * `firmwareVersion`, `firmware`, …, possibly under `data`), XML, or plain text are all read.
 */
export function parseFirmwareVersion(body: string): string | undefined {
  const raw = body.replace(/^\uFEFF/, '').trim();
  if (!raw || raw.length > 65536) return undefined;
  const json = tryParseJson(raw);
  const found = json !== undefined ? versionIn(json, 0) : raw.startsWith('<') ? xmlVersion(raw) : VERSION_RE.exec(raw)?.[0];
  return found?.slice(0, 64);
}

function versionIn(v: unknown, depth: number): string | undefined {
  if (typeof v === 'string') return VERSION_RE.exec(v)?.[0];
  if (depth > 3 || !isRecord(v)) return undefined;
  const keys = Object.keys(v).sort((a, b) => rank(a) - rank(b));
  for (const k of keys) {
    if (rank(k) >= 9) continue;
    const found = versionIn(v[k], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Keys that most likely hold the running version first; 9 = not a version key. */
function rank(key: string): number {
  const k = key.toLowerCase();
  if (k === 'firmwareversion' || k === 'version') return 0;
  if (k === 'running' || k === 'current' || k === 'firmware') return 1;
  if (k.includes('version')) return 2;
  if (k === 'data' || k === 'result' || k === 'response') return 3;
  return 9;
}

function xmlVersion(raw: string): string | undefined {
  const parsed = parseXml(raw);
  if (!parsed.ok) return undefined;
  return versionIn(parsed.value, 0) ?? VERSION_RE.exec(text(Object.values(parsed.value)[0]))?.[0];
}

/** "4.x" from "4.6.2-7511"; undefined when there is no leading major number. */
export function generationOf(version: string | undefined): string | undefined {
  const m = /^(\d+)\./.exec(version?.trim() ?? '');
  return m ? `${m[1]}.x` : undefined;
}

/** Why a 4.x PBX refused a signed request, from what it said (status text, JSON message). */
export type SignedRefusal = 'clock' | 'nonce' | 'credentials';

/**
 * Classify a 401 of a signed request. The PBX's wording is not documented, so this reads it
 * loosely, and the HTTP `Date` header (the PBX clock) settles the clock case on its own:
 * more than 5 minutes from ours is a clock problem whatever the body says.
 */
export function classifyRefusal(body: string, pbxDate: string | undefined, now: number): { why: SignedRefusal; skewMs?: number } {
  const pbx = pbxDate ? Date.parse(pbxDate) : NaN;
  const skewMs = Number.isFinite(pbx) ? pbx - now : undefined;
  if (skewMs !== undefined && Math.abs(skewMs) > CLOCK_TOLERANCE_MS) return { why: 'clock', skewMs };
  const said = refusalText(body).toLowerCase();
  const withSkew = skewMs === undefined ? {} : { skewMs };
  if (/\bcreated\b|timestamp|clock|\btime\b|future|too old|(token|nonce|header) (has )?expired/.test(said)) return { why: 'clock', ...withSkew };
  if (/nonce/.test(said) && /used|reuse|replay|already|seen/.test(said)) return { why: 'nonce', ...withSkew };
  return { why: 'credentials', ...withSkew };
}

/**
 * The PBX's own words in a refusal body (JSON message/error/status, or short text), at most 200
 * characters, with long tokens (a digest or nonce the PBX might echo) cut out.
 */
export function refusalText(body: string): string {
  return rawRefusalText(body).replace(/[A-Za-z0-9+/=_-]{20,}/g, '…');
}

function rawRefusalText(body: string): string {
  const raw = body.trim();
  const json = tryParseJson(raw);
  if (isRecord(json)) {
    for (const k of ['message', 'error', 'status', 'detail', 'title', 'reason']) {
      const v = json[k];
      if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 200);
      if (isRecord(v) && typeof v['message'] === 'string') return v['message'].trim().slice(0, 200);
    }
    return '';
  }
  if (typeof json === 'string') return json.slice(0, 200);
  // Short plain text only: an HTML page says nothing useful.
  return raw.startsWith('<') || raw.length > 300 ? '' : raw.slice(0, 200);
}
